from django import forms
from django.utils.translation import gettext_lazy as _

from basis.velden import TekstField, beperk_datums, formulierveld, programmavenster
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
        formfield_callback = formulierveld
        widgets = {"omschrijving": forms.Textarea(attrs={"rows": 14})}


class _OnderdeelFormulier(VersieFormulier):
    """An item of one opgave; choices are limited to that opgave, dates to its programme."""

    def __init__(self, *args, opgave: Opgave, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.opgave = opgave
        programma = opgave.programma
        beperk_datums(self, programmavenster(programma.eerste_jaar, programma.laatste_jaar))
        if "bovenliggend" in self.fields:
            self._beperk_bovenliggend(opgave)

    def _beperk_bovenliggend(self, opgave: Opgave) -> None:
        """The one-level tree (controleer_boom): a parent is another main item of this
        opgave; an item with sub-items stays a main item, so it gets no choice at all."""
        veld = self.fields["bovenliggend"]
        veld.empty_label = _("(geen: een hoofdpunt)")
        model = type(self.instance)
        if self.instance.pk and model.objects.filter(bovenliggend=self.instance.pk).exists():
            uitleg = _("Dit punt heeft onderliggende punten en blijft daarom een hoofdpunt.")
            veld.queryset = model.objects.none()
            veld.help_text = uitleg
            # A form opened before the sub-items existed may still post a parent.
            veld.error_messages = {**veld.error_messages, "invalid_choice": uitleg}
            return
        hoofdpunten = model.objects.filter(opgave=opgave, bovenliggend=None)
        if self.instance.pk:
            hoofdpunten = hoofdpunten.exclude(pk=self.instance.pk)
        veld.queryset = hoofdpunten


class DoelFormulier(_OnderdeelFormulier):
    class Meta:
        model = Doel
        fields = ["tekst", "bovenliggend"]
        formfield_callback = formulierveld
        widgets = {"tekst": forms.Textarea(attrs={"rows": 3})}


class DoelgroepFormulier(_OnderdeelFormulier):
    class Meta:
        model = Doelgroep
        fields = ["tekst", "bovenliggend"]
        formfield_callback = formulierveld
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
        formfield_callback = formulierveld

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

    def __init__(
        self, *args, doelmodel: type[Partner] | type[GerelateerdProgramma], opgave, **kwargs
    ):
        super().__init__(*args, **kwargs)
        # As long as the name the model stores; invisible characters alone are no name.
        self.fields["nieuwe_naam"] = TekstField(
            label=_("Of een nieuwe naam"),
            max_length=doelmodel._meta.get_field("naam").max_length,
            required=False,
        )
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
