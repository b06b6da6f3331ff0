from django import forms
from django.utils.translation import gettext_lazy as _

from basis.versies import VersieFormulier
from opgaven.models import (
    Activiteit,
    Doel,
    Doelgroep,
    GerelateerdProgramma,
    Opgave,
    Partner,
)


class OpgaveFormulier(VersieFormulier):
    class Meta:
        model = Opgave
        fields = ["titel", "omschrijving"]
        widgets = {"omschrijving": forms.Textarea(attrs={"rows": 14})}


class _OnderdeelFormulier(VersieFormulier):
    """An item of one opgave; choices are limited to that opgave."""

    def __init__(self, *args, opgave: Opgave, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.opgave = opgave
        if "bovenliggend" in self.fields:
            hoofdpunten = type(self.instance).objects.filter(opgave=opgave, bovenliggend=None)
            if self.instance.pk:
                hoofdpunten = hoofdpunten.exclude(pk=self.instance.pk)
            self.fields["bovenliggend"].queryset = hoofdpunten
            self.fields["bovenliggend"].empty_label = _("(geen: een hoofdpunt)")


class DoelFormulier(_OnderdeelFormulier):
    class Meta:
        model = Doel
        fields = ["tekst", "bovenliggend"]
        widgets = {"tekst": forms.Textarea(attrs={"rows": 3})}


class DoelgroepFormulier(_OnderdeelFormulier):
    class Meta:
        model = Doelgroep
        fields = ["tekst", "bovenliggend"]
        widgets = {"tekst": forms.Textarea(attrs={"rows": 3})}


class ActiviteitFormulier(_OnderdeelFormulier):
    class Meta:
        model = Activiteit
        fields = [
            "omschrijving",
            "thema",
            "bovenliggend",
            "status",
            "geplande_start",
            "gepland_einde",
        ]
        widgets = {
            "omschrijving": forms.Textarea(attrs={"rows": 4}),
            "geplande_start": forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
            "gepland_einde": forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        }
        labels = {"bovenliggend": _("Deelactiviteit van")}

    def __init__(self, *args, opgave: Opgave, **kwargs):
        super().__init__(*args, opgave=opgave, **kwargs)
        self.fields["thema"].queryset = opgave.themas.all()
        self.fields["thema"].empty_label = _("(geen thema)")
        # Older forms and scripts post no status: then it stays as it is.
        self.fields["status"].required = False

    def clean_status(self) -> str:
        return self.cleaned_data.get("status") or self.instance.status


class KoppelFormulier(forms.Form):
    """Link an existing partner/programme, or type the name of a new one."""

    bestaand = forms.ModelChoiceField(queryset=Partner.objects.none(), required=False)
    nieuwe_naam = forms.CharField(label=_("Of een nieuwe naam"), max_length=200, required=False)

    def __init__(
        self, *args, doelmodel: type[Partner] | type[GerelateerdProgramma], opgave, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.fields["bestaand"].queryset = doelmodel.objects.exclude(opgaven=opgave)
        self.fields["bestaand"].label = _("Kies een bestaande")
        self.fields["bestaand"].empty_label = _("(kies)")

    def clean(self):
        gegevens = super().clean()
        if not gegevens.get("bestaand") and not (gegevens.get("nieuwe_naam") or "").strip():
            raise forms.ValidationError(_("Kies een bestaande of vul een nieuwe naam in."))
        if gegevens.get("bestaand") and (gegevens.get("nieuwe_naam") or "").strip():
            raise forms.ValidationError(
                _("Kies een bestaande óf vul een nieuwe naam in, niet allebei.")
            )
        return gegevens
