from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from basis.velden import (
    bedragveld,
    beperk_datums,
    formulierveld,
    programmavenster,
    zichtbare_tekst,
)
from basis.versies import VersieFormulier
from opgaven.models import Opgave, Programma
from resultaten.models import (
    ZORGELIJK,
    Indicator,
    Indicatorwaarde,
    Resultaat,
    Status,
    Voortgangsupdate,
)

DATUMVELD = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


class ResultaatFormulier(VersieFormulier):
    class Meta:
        model = Resultaat
        fields = ["omschrijving"]
        widgets = {"omschrijving": forms.Textarea(attrs={"rows": 3})}
        formfield_callback = formulierveld

    def __init__(self, *args, opgave: Opgave, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.opgave = opgave


class IndicatorFormulier(VersieFormulier):
    """One indicator of a result: name, unit, baseline and target."""

    # Digits and bounds from the model's columns; required is checked in clean().
    nulwaarde = bedragveld(
        Indicator._meta.get_field("nulwaarde"),
        label=_("Nulwaarde"),
        required=False,
        help_text=_("De beginstand, bijvoorbeeld 0. Laat leeg als die niet bekend is."),
    )
    streefwaarde = bedragveld(
        Indicator._meta.get_field("streefwaarde"),
        label=_("Streefwaarde"),
        required=False,
        help_text=_("Bijvoorbeeld 550."),
    )

    class Meta:
        model = Indicator
        fields = ["naam", "eenheid", "nulwaarde", "streefwaarde", "streefperiode"]
        help_texts = {
            "eenheid": _("Bijvoorbeeld IBDO-trajecten."),
            "naam": _("Waar telt u? Bijvoorbeeld IBDO-trajecten met ondernemers."),
        }
        formfield_callback = formulierveld

    def __init__(self, *args, resultaat: Resultaat, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.resultaat = resultaat
        self.fields["eenheid"].required = False
        self.fields["naam"].required = False

    def clean(self):
        gegevens = super().clean()
        if gegevens.get("streefwaarde") is None and "streefwaarde" not in self.errors:
            self.add_error("streefwaarde", _("Vul een streefwaarde in."))
        eenheid = (gegevens.get("eenheid") or "").strip()
        if not eenheid:
            self.add_error("eenheid", _("Vul de eenheid van de streefwaarde in."))
        elif not (gegevens.get("naam") or "").strip():
            gegevens["naam"] = eenheid
            self.instance.naam = eenheid
        return gegevens


class VoortgangFormulier(forms.ModelForm):
    """A new progress update of a result (with a value per indicator) or an activity."""

    class Meta:
        model = Voortgangsupdate
        fields = ["peildatum", "status", "toelichting", "verklaring", "maatregel"]
        widgets = {
            "peildatum": DATUMVELD,
            "status": forms.RadioSelect,
            "toelichting": forms.Textarea(attrs={"rows": 4}),
            "verklaring": forms.Textarea(attrs={"rows": 3}),
            "maatregel": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"toelichting": _("Wat is er bereikt en wat is de stand van zaken?")}
        formfield_callback = formulierveld

    def __init__(self, *args, programma: Programma, indicatoren: list[Indicator] = (), **kwargs):
        super().__init__(*args, **kwargs)
        beperk_datums(self, programmavenster(programma.eerste_jaar, programma.laatste_jaar))
        # Three real choices; the model field has no default, which would add "---------".
        self.fields["status"].choices = Status.choices
        self.indicatoren = list(indicatoren)
        waarde = Indicatorwaarde._meta.get_field("waarde")
        for indicator in self.indicatoren:
            self.fields[self._veld(indicator)] = bedragveld(
                waarde,
                label=_("%(naam)s: gerealiseerd") % {"naam": indicator.naam},
                required=False,
                help_text=_("Stand op de peildatum, in %(eenheid)s (streefdoel: %(doel)s).")
                % {"eenheid": indicator.eenheid, "doel": indicator.streefdoel},
            )

    @staticmethod
    def _veld(indicator: Indicator) -> str:
        return f"indicator_{indicator.pk}"

    def waarden(self) -> dict[Indicator, Decimal]:
        """The realised value per indicator the user filled in."""
        return {
            indicator: self.cleaned_data[self._veld(indicator)]
            for indicator in self.indicatoren
            if self.cleaned_data.get(self._veld(indicator)) is not None
        }

    def clean(self):
        gegevens = super().clean()
        if gegevens.get("status") in ZORGELIJK:
            # Only visible text counts: a zero-width space explains nothing.
            if not zichtbare_tekst(gegevens.get("verklaring") or ""):
                self.add_error("verklaring", _("Geef een verklaring bij deze status."))
            if not zichtbare_tekst(gegevens.get("maatregel") or ""):
                self.add_error("maatregel", _("Beschrijf de maatregel bij deze status."))
        return gegevens

    def _post_clean(self):
        # The model's checks (that need the result or activity, set by the
        # service) run there; here only the fields are validated.
        pass
