from django import forms
from django.db.models import Model, QuerySet
from django.utils.html import format_html
from django.utils.translation import gettext as gettext_nu
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

# The button that asks for a search instead of a save (its value: the field searched).
ZOEKKNOP = "zoek"
# A choice among more than this many shows this many options and a search field.
ZOEKGRENS = 25


class Zoekinvoer(forms.TextInput):
    """A search field with its own button: the button posts the whole form (nothing the
    user typed is lost) with zoek=<choice field>, and the page comes back with the list
    of that field narrowed to what matches, at that field (formaction #<its id>)."""

    input_type = "search"

    def __init__(self, *, keuzeveld: str, doel_id: str, attrs=None):
        super().__init__(attrs)
        self.keuzeveld, self.doel_id = keuzeveld, doel_id

    def render(self, name, value, attrs=None, renderer=None):
        # Always empty (the help text names the last search): a search text left in
        # the field would turn Enter in a date field into another search.
        invoer = super().render(name, None, attrs, renderer)
        return format_html(
            '<div class="koers-zoekkeuze">{}<button type="submit" name="{}" value="{}" '
            'formaction="#{}" formnovalidate class="utrecht-button '
            'utrecht-button--secondary-action">{}</button></div>',
            invoer,
            ZOEKKNOP,
            self.keuzeveld,
            self.doel_id,
            gettext_nu("Zoeken"),
        )


class Zoekkeuzes:
    """Choices among many without a list that grows with the data.

    `zoekvelden` maps a ModelChoiceField to the text column its search reads. Once its
    queryset has more than ZOEKGRENS rows, the select shows ZOEKGRENS of them (the
    current choice always among them) and a search field follows it; a search is a
    post of the whole form with the search button (`zoekt`), which the view renders
    again instead of saving. Validation still checks the whole queryset, so every rule
    of the field stays as it was. Four queries at most per field, whatever the rows.
    """

    zoekvelden: dict[str, str] = {}
    fields: dict[str, forms.Field]
    data: dict
    is_bound: bool

    @property
    def zoekt(self) -> bool:
        """This post asks for a search, not a save: the search button with a search text.

        The search button comes first in the form, so Enter in any one-line field
        (a date) posts it too; without a search text that is the usual save.
        """
        if not self.is_bound:
            return False
        veld = self.data.get(ZOEKKNOP)
        return veld in self.zoekvelden and bool((self.data.get(f"{veld}_zoek") or "").strip())

    _zoekbaar = False

    def maak_zoekbaar(self, *, getoond: bool = False) -> None:
        """Narrow the long selects and add their search fields (once).

        A post that saves needs none of it (validation reads the whole queryset), so
        then it waits until the view shows the form again (`getoond=True`).
        """
        if self._zoekbaar or (self.is_bound and not self.zoekt and not getoond):
            return
        self._zoekbaar = True
        for naam, tekstveld in self.zoekvelden.items():
            veld = self.fields[naam]
            assert isinstance(veld, forms.ModelChoiceField)
            alle = veld.queryset
            totaal = alle.count()
            if totaal <= ZOEKGRENS:
                continue
            zoeknaam = f"{naam}_zoek"
            term = (self.data.get(zoeknaam) or "").strip() if self.zoekt else ""
            gevonden = alle.filter(**{f"{tekstveld}__icontains": term}) if term else alle
            getoond = list(gevonden[:ZOEKGRENS])
            huidig = self._huidige_keuze(naam, alle, getoond)
            veld.widget.choices = [
                ("", veld.empty_label),
                *((o.pk, veld.label_from_instance(o)) for o in [*huidig, *getoond]),
            ]
            aantal = len(getoond) if len(getoond) < ZOEKGRENS else gevonden.count()
            if term:
                uitleg = gettext_nu(
                    "Gevonden voor '%(term)s': %(aantal)s. De keuzelijst toont er hoogstens "
                    "%(grens)s; er is nog niets opgeslagen."
                ) % {"term": term, "aantal": aantal, "grens": ZOEKGRENS}
            else:
                uitleg = gettext_nu(
                    "De keuzelijst toont de eerste %(grens)s van %(totaal)s. Zoek op een deel "
                    "van de tekst om een andere te vinden."
                ) % {"grens": ZOEKGRENS, "totaal": totaal}
            zoekveld = forms.CharField(
                label=gettext_nu("Zoek in '%(veld)s'") % {"veld": veld.label},
                required=False,
                help_text=uitleg,
                widget=Zoekinvoer(keuzeveld=naam, doel_id=f"id_{naam}"),
            )
            # Right after its select, in the same order for every reader.
            velden = list(self.fields.items())
            plek = [n for n, _v in velden].index(naam) + 1
            self.fields = dict([*velden[:plek], (zoeknaam, zoekveld), *velden[plek:]])

    def _huidige_keuze(self, naam: str, alle: QuerySet, getoond: list[Model]) -> list[Model]:
        """The chosen row (posted or saved) if the shown ones lack it: one query."""
        waarde = self[naam].value()  # type: ignore[index]
        if waarde in (None, "") or any(str(o.pk) == str(waarde) for o in getoond):
            return []
        try:
            return list(alle.filter(pk=waarde)[:1])
        except (ValueError, TypeError):
            return []

    def zonder_fouten(self) -> None:
        """A search shows the form as typed, without the errors of an unfinished form."""
        self._errors = forms.utils.ErrorDict()  # type: ignore[attr-defined]


class OpgaveFormulier(VersieFormulier):
    class Meta:
        model = Opgave
        fields = ["titel", "omschrijving"]
        formfield_callback = formulierveld
        widgets = {"omschrijving": forms.Textarea(attrs={"rows": 14})}


class _OnderdeelFormulier(Zoekkeuzes, VersieFormulier):
    """An item of one opgave; choices are limited to that opgave, dates to its programme;
    the parent is chosen with a search once there are many (Zoekkeuzes)."""

    def __init__(self, *args, opgave: Opgave, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.opgave = opgave
        programma = opgave.programma
        beperk_datums(self, programmavenster(programma.eerste_jaar, programma.laatste_jaar))
        if "bovenliggend" in self.fields:
            self._beperk_bovenliggend(opgave)
            self.maak_zoekbaar()

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
    zoekvelden = {"bovenliggend": "tekst"}

    class Meta:
        model = Doel
        fields = ["tekst", "bovenliggend"]
        formfield_callback = formulierveld
        widgets = {"tekst": forms.Textarea(attrs={"rows": 3})}


class DoelgroepFormulier(_OnderdeelFormulier):
    zoekvelden = {"bovenliggend": "tekst"}

    class Meta:
        model = Doelgroep
        fields = ["tekst", "bovenliggend"]
        formfield_callback = formulierveld
        widgets = {"tekst": forms.Textarea(attrs={"rows": 3})}


class ActiviteitFormulier(_OnderdeelFormulier):
    zoekvelden = {"bovenliggend": "omschrijving"}

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


class KoppelFormulier(Zoekkeuzes, forms.Form):
    """Link an existing partner/programme (with a search once there are many), or type
    the name of a new one."""

    zoekvelden = {"bestaand": "naam"}

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
        self.maak_zoekbaar()

    def clean(self):
        gegevens = super().clean()
        if not gegevens.get("bestaand") and not (gegevens.get("nieuwe_naam") or "").strip():
            raise forms.ValidationError(_("Kies een bestaande of vul een nieuwe naam in."))
        if gegevens.get("bestaand") and (gegevens.get("nieuwe_naam") or "").strip():
            raise forms.ValidationError(
                _("Kies een bestaande óf vul een nieuwe naam in, niet allebei.")
            )
        return gegevens
