"""Portal forms for the budget. Each field is built from the model field it fills
(basis.velden.veld_voor): amounts in Dutch notation with the column's digits, texts
that need something visible, dates near the programme."""

from django import forms
from django.utils.translation import gettext_lazy as _

from basis.velden import beperk_datums, programmavenster, veld_voor
from budget.models import Begrotingsregel, Begrotingswijziging, Besluitorgaan, Realisatie
from opgaven.models import Programma


class DatumInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class JaarFormulier(forms.Form):
    """A form with a year field limited to the programme's period, dates near it."""

    def __init__(self, *args, programma: Programma, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        beperk_datums(self, programmavenster(programma.eerste_jaar, programma.laatste_jaar))
        self.fields["jaar"] = forms.TypedChoiceField(
            label=_("Jaar"),
            choices=[(jaar, str(jaar)) for jaar in programma.jaren],
            coerce=int,
        )
        self.order_fields(self.field_order or ["jaar"])


class WijzigingFormulier(JaarFormulier):
    bedrag = veld_voor(
        Begrotingswijziging,
        "bedrag",
        label=_("Bedrag (€)"),
        help_text=_("Positief voor een verhoging, negatief (bijv. -25.000) voor een verlaging."),
    )
    kenmerk = veld_voor(
        Begrotingswijziging,
        "kenmerk",
        label=_("Kenmerk"),
        help_text=_("Bijvoorbeeld 'Voorjaarsnota 2026' of het nummer van een GS-besluit."),
    )
    orgaan = forms.ChoiceField(label=_("Besluitorgaan"), choices=Besluitorgaan.choices)
    reden = veld_voor(
        Begrotingswijziging,
        "motivering",
        label=_("Reden"),
        help_text="",
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class NieuweRegelFormulier(WijzigingFormulier):
    omschrijving = veld_voor(
        Begrotingsregel, "omschrijving", label=_("Omschrijving van de nieuwe regel")
    )

    field_order = ["omschrijving", "jaar"]


class RealisatieFormulier(JaarFormulier):
    datum = veld_voor(Realisatie, "datum", label=_("Datum"), widget=DatumInput())
    omschrijving = veld_voor(
        Realisatie,
        "omschrijving",
        label=_("Omschrijving"),
        help_text=_("Bijvoorbeeld de beschikking, factuur of opdracht."),
    )
    # Not negative: the model's CheckConstraint realisatie_niet_negatief.
    verplicht = veld_voor(
        Realisatie, "verplicht", label=_("Verplicht (€)"), help_text="", required=False, min_value=0
    )
    besteed = veld_voor(
        Realisatie, "besteed", label=_("Besteed (€)"), help_text="", required=False, min_value=0
    )

    def clean(self):
        gegevens = super().clean()
        leeg = not (gegevens.get("verplicht") or gegevens.get("besteed"))
        if leeg and not self.errors:
            raise forms.ValidationError(_("Vul een bedrag in bij verplicht of besteed."))
        return gegevens
