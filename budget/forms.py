"""Portal forms for the budget; amounts in Dutch notation through basis.velden.BedragField."""

from django import forms
from django.utils.translation import gettext_lazy as _

from basis.velden import BedragField
from budget.models import Besluitorgaan
from opgaven.models import Programma


class DatumInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class JaarFormulier(forms.Form):
    """A form with a year field limited to the programme's period."""

    def __init__(self, *args, programma: Programma, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["jaar"] = forms.TypedChoiceField(
            label=_("Jaar"),
            choices=[(jaar, str(jaar)) for jaar in programma.jaren],
            coerce=int,
        )
        self.order_fields(self.field_order or ["jaar"])


class WijzigingFormulier(JaarFormulier):
    bedrag = BedragField(
        label=_("Bedrag (€)"),
        help_text=_("Positief voor een verhoging, negatief (bijv. -25.000) voor een verlaging."),
    )
    kenmerk = forms.CharField(
        label=_("Kenmerk"),
        max_length=200,
        help_text=_("Bijvoorbeeld 'Voorjaarsnota 2026' of het nummer van een GS-besluit."),
    )
    orgaan = forms.ChoiceField(label=_("Besluitorgaan"), choices=Besluitorgaan.choices)
    reden = forms.CharField(label=_("Reden"), widget=forms.Textarea(attrs={"rows": 3}))


class NieuweRegelFormulier(WijzigingFormulier):
    omschrijving = forms.CharField(label=_("Omschrijving van de nieuwe regel"), max_length=200)

    field_order = ["omschrijving", "jaar"]


class RealisatieFormulier(JaarFormulier):
    datum = forms.DateField(label=_("Datum"), widget=DatumInput())
    omschrijving = forms.CharField(
        label=_("Omschrijving"),
        max_length=200,
        help_text=_("Bijvoorbeeld de beschikking, factuur of opdracht."),
    )
    verplicht = BedragField(label=_("Verplicht (€)"), required=False, min_value=0)
    besteed = BedragField(label=_("Besteed (€)"), required=False, min_value=0)

    def clean(self):
        gegevens = super().clean()
        leeg = not (gegevens.get("verplicht") or gegevens.get("besteed"))
        if leeg and not self.errors:
            raise forms.ValidationError(_("Vul een bedrag in bij verplicht of besteed."))
        return gegevens
