import json
import os
import re
import tempfile
import time
from pathlib import Path

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from import_export.admin import ImportMixin
from import_export.formats.base_formats import CSV, XLSX
from import_export.forms import ConfirmImportForm, ImportForm
from import_export.tmp_storages import TempFolderStorage
from tablib import Dataset

from basis import werkboek
from basis.beheer import BeheerAdmin, BeheerInline, VeiligAutocomplete, redenveld, vraag_reden
from basis.beheerweergave import bedragkolom
from basis.opmaak import bedrag, euro
from basis.velden import BedragField
from budget import resources, services
from budget.models import (
    Begrotingsbedrag,
    Begrotingsregel,
    Begrotingswijziging,
    Cofinanciering,
    Financieringsbron,
    Grootboekkoppeling,
    Realisatie,
    Wijzigingsstatus,
)
from budget.templatetags.begroting import uitputting

BEDRAG_INVOER = {models.DecimalField: {"form_class": BedragField}}


class BegrotingImportFormulier(ImportForm):
    """Only Excel (.xlsx) and CSV, at most 5 MB; and why, for the history."""

    reden = redenveld(_("Reden van deze import"))

    def clean_import_file(self):
        return werkboek.controleer_upload(self.cleaned_data["import_file"])


class BevestigImportFormulier(ConfirmImportForm):
    """The preview's confirmation carries the reason given with the file, and the state
    of each row the preview would change (BegrotingResource). Anything else than what
    the preview wrote is refused, never an error page."""

    reden = forms.CharField(widget=forms.HiddenInput, max_length=100)
    versies = forms.CharField(widget=forms.HiddenInput, required=False, max_length=2_000_000)

    def clean_import_file_name(self) -> str:
        naam = self.cleaned_data["import_file_name"]
        if not Importbestand.is_naam(naam):
            raise forms.ValidationError(_("Lees het bestand opnieuw in."))
        return naam

    def clean_format(self) -> str:
        formaat = self.cleaned_data["format"]
        if formaat not in {str(i) for i in range(len(IMPORTFORMATEN))}:
            raise forms.ValidationError(_("Lees het bestand opnieuw in."))
        return formaat

    def clean_versies(self) -> dict[str, str]:
        try:
            versies = json.loads(self.cleaned_data["versies"] or "{}")
        except (ValueError, RecursionError):
            versies = None
        if not isinstance(versies, dict) or not all(isinstance(v, str) for v in versies.values()):
            raise forms.ValidationError(_("Lees het bestand opnieuw in."))
        return versies


class KoersCSV(CSV):
    """CSV as Dutch Excel writes it: UTF-8 or Windows-1252, ';' or ',', blank lines.

    Kept as bytes between preview and confirmation; basis.werkboek decodes it."""

    def is_binary(self) -> bool:
        return True

    def get_read_mode(self) -> str:
        return "rb"

    def create_dataset(self, in_stream, **kwargs) -> Dataset:
        return _dataset(in_stream, werkboek.CSV)


class KoersXLSX(XLSX):
    """The first sheet, read streaming; empty (even formatted) rows are skipped."""

    def create_dataset(self, in_stream, **kwargs) -> Dataset:
        return _dataset(in_stream, werkboek.XLSX)


def _dataset(inhoud: bytes, formaat: str) -> Dataset:
    kop, rijen = werkboek.lees_tabel(inhoud, formaat)
    return Dataset(*rijen, headers=kop)


IMPORTFORMATEN = [KoersXLSX, KoersCSV]
VOORBEELDEN = "koers_importvoorbeelden"  # session key: the uploads this user previewed
IMPORTMAP = Path(tempfile.gettempdir()) / "koersportaal-import"
BEWAARTIJD = 60 * 60  # seconds an unconfirmed upload is kept


class Importbestand(TempFolderStorage):
    """An upload waiting between preview and confirmation, in a folder of its own.

    Only a bare file name is accepted from the confirmation form; what is older than
    BEWAARTIJD is removed on every import (abandoned previews)."""

    def get_full_path(self) -> str:
        return str(IMPORTMAP / Path(self.name).name)

    def _open(self, mode="r"):
        if self.name:
            return open(self.get_full_path(), mode, encoding=self.encoding)
        IMPORTMAP.mkdir(parents=True, exist_ok=True)
        # TempFolderStorage.save writes through it and closes it.
        bestand = tempfile.NamedTemporaryFile(delete=False, dir=IMPORTMAP, prefix="import-")  # noqa: SIM115
        self.name = Path(bestand.name).name
        return bestand

    def remove(self) -> None:
        Path(self.get_full_path()).unlink(missing_ok=True)

    @staticmethod
    def is_naam(naam: str) -> bool:
        """Whether `naam` is a name this storage gives an upload (never a path)."""
        return bool(re.fullmatch(r"import-[A-Za-z0-9_]{1,64}", naam or ""))

    @classmethod
    def neem(cls, naam: str) -> str | None:
        """Claim the upload `naam` for one confirmation: an atomic rename, so of two
        confirmations (a double click) only one gets it. Returns the claimed name, or
        None when it is gone (confirmed already, or removed after BEWAARTIJD)."""
        if not cls.is_naam(naam):
            return None
        genomen = f"{naam}_bevestigd"
        try:
            os.rename(IMPORTMAP / naam, IMPORTMAP / genomen)
        except FileNotFoundError:
            return None
        return genomen


def ruim_importbestanden_op(ouder_dan: float = BEWAARTIJD) -> int:
    """Remove uploads older than `ouder_dan` seconds; returns how many."""
    grens = time.time() - ouder_dan
    weg = 0
    for pad in IMPORTMAP.glob("import-*") if IMPORTMAP.exists() else []:
        try:
            if pad.stat().st_mtime < grens:
                pad.unlink()
                weg += 1
        except FileNotFoundError:
            pass
    return weg


class BegrotingImport(ImportMixin):
    """Import with a preview; a file with any bad row imports nothing.

    Messages are Dutch and per row, never a traceback; the upload is removed after
    the confirmation, at once when the preview has errors, and after an hour at the
    latest when the preview is abandoned."""

    import_formats = IMPORTFORMATEN
    import_form_class = BegrotingImportFormulier
    confirm_form_class = BevestigImportFormulier
    tmp_storage_class = Importbestand
    import_error_display = ("message",)

    def get_import_resource_kwargs(self, request, **kwargs):
        # The preview's resource fills this with the versions of the rows it would
        # change; the confirmation form carries them back (BegrotingResource).
        kwargs = super().get_import_resource_kwargs(request, **kwargs)
        kwargs["geziene_versies"] = request.__dict__.setdefault("_koers_versies", {})
        return kwargs

    def get_confirm_form_initial(self, request, import_form):
        initial = super().get_confirm_form_initial(request, import_form)
        if import_form is not None:
            initial["reden"] = import_form.cleaned_data["reden"]
            initial["versies"] = json.dumps(getattr(request, "_koers_versies", {}))
        return initial

    def has_import_permission(self, request) -> bool:
        # import-export allows every staff user by default: an import adds and changes.
        opts = self.opts
        return request.user.has_perm(
            f"{opts.app_label}.add_{opts.model_name}"
        ) and request.user.has_perm(f"{opts.app_label}.change_{opts.model_name}")

    def process_import(self, request, **kwargs):
        # The confirmation imports its upload once, and only for whoever made the
        # preview: it claims the file first, so a second click, a preview left open too
        # long or someone else's file name gets a message, not an import or an error.
        if not self.has_import_permission(request):
            raise PermissionDenied
        bevestiging = self.create_confirm_form(request)
        eigen = request.session.get(VOORBEELDEN, [])
        genomen = (
            Importbestand.neem(bevestiging.cleaned_data["import_file_name"])
            if bevestiging.is_valid() and bevestiging.cleaned_data["import_file_name"] in eigen
            else None
        )
        if genomen is None:
            messages.error(
                request,
                _(
                    "Dit voorbeeld is al bevestigd of verlopen; er is niets (nogmaals) "
                    "geïmporteerd. Lees het bestand opnieuw in."
                ),
            )
            return HttpResponseRedirect(self._importpagina())
        request.session[VOORBEELDEN] = [
            naam for naam in eigen if naam != bevestiging.cleaned_data["import_file_name"]
        ]
        request.POST = request.POST.copy()
        request.POST["import_file_name"] = genomen
        try:
            return super().process_import(request, **kwargs)
        except werkboek.Leesfout as fout:  # a format that is not the file's
            messages.error(request, str(fout))
            messages.error(request, _("Er is niets geïmporteerd."))
            return HttpResponseRedirect(self._importpagina())
        finally:
            Importbestand(name=genomen).remove()

    def _importpagina(self) -> str:
        return reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_import")

    def process_dataset(self, dataset, form, request, **kwargs):
        # All or nothing at the confirmation too: a row refused now (changed since the
        # preview) undoes the rows before it.
        kwargs["rollback_on_validation_errors"] = True
        return super().process_dataset(dataset, form, request, **kwargs)

    def process_result(self, result, request):
        if not (result.has_errors() or result.has_validation_errors()):
            return super().process_result(result, request)
        for rij in result.invalid_rows:
            for melding in rij.error.messages:
                messages.error(
                    request, _("Rij %(rij)s: %(melding)s") % {"rij": rij.number, "melding": melding}
                )
        for nummer, _fouten in result.row_errors():  # never a traceback on the page
            messages.error(request, _("Rij %(rij)s kon niet worden opgeslagen.") % {"rij": nummer})
        messages.error(request, _("Er is niets geïmporteerd."))
        return HttpResponseRedirect(self._importpagina())

    def add_data_read_fail_error_to_form(self, form, e) -> None:
        if isinstance(e, werkboek.Leesfout):
            form.add_error("import_file", str(e))
        else:
            form.add_error(
                "import_file",
                _("Dit bestand is niet te lezen; kies een Excel-bestand (.xlsx) of een CSV."),
            )

    def import_action(self, request, **kwargs):
        ruim_importbestanden_op()
        response = super().import_action(request, **kwargs)
        context = getattr(response, "context_data", None) or {}
        # import-export notes the stored name on the upload itself.
        naam = getattr(request.FILES.get("import_file"), "tmp_storage_name", None)
        if naam and not context.get("confirm_form"):
            Importbestand(name=naam).remove()
        elif naam:  # the preview's upload is this user's to confirm (process_import)
            request.session[VOORBEELDEN] = [*request.session.get(VOORBEELDEN, [])[-9:], naam]
        return response


class BegrotingsbedragInline(BeheerInline, admin.TabularInline):
    model = Begrotingsbedrag
    fields = ["jaar", "bedrag"]
    formfield_overrides = BEDRAG_INVOER
    extra = 0


class BegrotingsregelInline(BeheerInline, admin.TabularInline):
    """Shown on the opgave's page; amounts are edited on the line's own page."""

    model = Begrotingsregel
    fields = ["volgorde", "omschrijving"]
    show_change_link = True
    extra = 0


@admin.register(Begrotingsregel)
class BegrotingsregelAdmin(BegrotingImport, VeiligAutocomplete, BeheerAdmin):
    resource_classes = [resources.BegrotingsregelResource]
    list_display = ["omschrijving", "opgave", "bedragen_per_jaar"]
    list_filter = ["opgave__programma", "opgave"]
    list_select_related = ["opgave"]
    search_fields = ["omschrijving", "opgave__titel"]
    autocomplete_fields = ["opgave"]
    ordering = ["opgave__programma", "opgave__nummer", "volgorde"]
    inlines = [BegrotingsbedragInline]
    readonly_fields = ["uitvoering"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("bedragen")

    @admin.display(description=_("uitvoering per jaar"))
    def uitvoering(self, obj: Begrotingsregel) -> str:
        """The same figures as /begroting/, from the same query method."""
        if obj.pk is None:
            return "-"
        return format_html_join(
            "",
            "<p>{}: {} {} · {} {} · {} {} · {} {} · {} {} · {} {} · {} {}</p>",
            (
                (
                    jaar,
                    _("primitief"),
                    bedrag(b.primitief),
                    _("wijzigingen"),
                    bedrag(b.wijzigingen),
                    _("actueel"),
                    bedrag(b.actueel),
                    _("concept"),
                    bedrag(b.concept),
                    _("verplicht"),
                    bedrag(b.verplicht),
                    _("besteed"),
                    bedrag(b.besteed),
                    _("uitputting"),
                    uitputting(b.uitputting),
                )
                for jaar, b in Begrotingsregel.objects.per_jaar(obj)
            ),
        )

    @admin.display(description=_("primitieve begroting"))
    def bedragen_per_jaar(self, obj: Begrotingsregel) -> str:
        return " · ".join(f"{b.jaar}: {euro(b.bedrag)}" for b in obj.bedragen.all())


class JaarregelAdmin(BegrotingImport, VeiligAutocomplete, BeheerAdmin):
    """Shared columns of the yearly entries of a line."""

    list_select_related = ["regel__opgave"]
    search_fields = ["regel__omschrijving"]
    autocomplete_fields = ["regel"]
    formfield_overrides = BEDRAG_INVOER

    @admin.display(description=_("begrotingsregel"), ordering="regel__omschrijving")
    def regel_omschrijving(self, obj) -> str:
        return obj.regel.omschrijving

    @admin.display(description=_("opgave"), ordering="regel__opgave__nummer")
    def opgave(self, obj) -> str:
        return str(obj.regel.opgave)


@admin.register(Begrotingsbedrag)
class BegrotingsbedragAdmin(JaarregelAdmin):
    resource_classes = [resources.BegrotingsbedragResource]
    list_display = ["regel_omschrijving", "opgave", "jaar", bedragkolom("bedrag", _("bedrag"))]
    list_filter = ["jaar", "regel__opgave__programma", "regel__opgave"]
    ordering = ["regel__opgave__programma", "regel__opgave__nummer", "regel__volgorde", "jaar"]


@admin.register(Begrotingswijziging)
class BegrotingswijzigingAdmin(JaarregelAdmin):
    resource_classes = [resources.BegrotingswijzigingResource]
    list_display = [
        "kenmerk",
        "regel_omschrijving",
        "opgave",
        "jaar",
        bedragkolom("bedrag", _("bedrag")),
        "status",
        "orgaan",
        "besluitdatum",
    ]
    list_filter = ["status", "jaar", "orgaan", "regel__opgave"]
    search_fields = ["kenmerk", "motivering", "regel__omschrijving"]
    ordering = ["regel__opgave__nummer", "regel__volgorde", "jaar", "besluitdatum"]
    actions = ["vaststellen"]

    @admin.action(description=_("Geselecteerde wijzigingen vaststellen"))
    def vaststellen(self, request, queryset):
        """Decide the selected concept amendments, after asking why."""

        def uitvoeren(reden: str) -> None:
            aantal = 0
            for wijziging in queryset.filter(status=Wijzigingsstatus.CONCEPT):
                try:
                    services.stel_wijziging_vast(
                        wijziging=wijziging, gebruiker=request.user, reden=reden
                    )
                except (services.AlVastgesteld, ValidationError):
                    continue  # a colleague decided it at the same moment
                aantal += 1
            self.message_user(
                request,
                ngettext(
                    "%(aantal)d wijziging vastgesteld.",
                    "%(aantal)d wijzigingen vastgesteld.",
                    aantal,
                )
                % {"aantal": aantal},
                messages.SUCCESS,
            )

        return vraag_reden(
            self, request, queryset, titel=_("Wijzigingen vaststellen"), uitvoeren=uitvoeren
        )


@admin.register(Realisatie)
class RealisatieAdmin(JaarregelAdmin):
    resource_classes = [resources.RealisatieResource]
    list_display = [
        "datum",
        "regel_omschrijving",
        "opgave",
        "jaar",
        "omschrijving",
        bedragkolom("verplicht", _("verplicht")),
        bedragkolom("besteed", _("besteed")),
    ]
    list_filter = ["jaar", "regel__opgave"]
    search_fields = ["omschrijving", "regel__omschrijving"]
    ordering = ["regel__opgave__nummer", "regel__volgorde", "jaar", "datum"]


class GrootboekFormulier(forms.Form):
    bestand = forms.FileField(label=_("Grootboekextract (.xlsx of .csv)"))

    def clean_bestand(self):
        return werkboek.controleer_upload(self.cleaned_data["bestand"])


@admin.register(Grootboekkoppeling)
class GrootboekkoppelingAdmin(VeiligAutocomplete, BeheerAdmin):
    """The mapping from the financial system to budget lines; and reading an extract."""

    list_display = ["kostenplaats", "grootboekrekening", "regel"]
    search_fields = ["kostenplaats", "grootboekrekening", "regel__omschrijving"]
    list_select_related = ["regel__opgave"]
    autocomplete_fields = ["regel"]

    def get_urls(self):
        eigen = [
            path(
                "inlezen/",
                self.admin_site.admin_view(self.inlezen),
                name="budget_grootboekkoppeling_inlezen",
            )
        ]
        return eigen + super().get_urls()

    def inlezen(self, request: HttpRequest) -> HttpResponse:
        if not self.has_change_permission(request) or not request.user.has_perm(
            "budget.add_realisatie"
        ):
            raise PermissionDenied
        form = GrootboekFormulier(request.POST or None, request.FILES or None)
        uitkomst = None
        if request.method == "POST" and form.is_valid():
            bestand = form.cleaned_data["bestand"]
            try:
                uitkomst = services.lees_grootboek_in(
                    inhoud=bestand.read(),
                    formaat=werkboek.formaat_van(bestand.name),
                    gebruiker=request.user,
                    bestandsnaam=bestand.name,
                )
            except werkboek.Leesfout as fout:
                form.add_error("bestand", str(fout))
            except ValidationError as fout:
                for melding in fout.messages:
                    form.add_error(None, melding)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Grootboekextract inlezen"),
            "opts": self.model._meta,
            "form": form,
            "uitkomst": uitkomst,
        }
        return TemplateResponse(request, "admin/koers/grootboek.html", context)


@admin.register(Financieringsbron)
class FinancieringsbronAdmin(BeheerAdmin):
    list_display = ["naam", "volgorde"]
    search_fields = ["naam"]


@admin.register(Cofinanciering)
class CofinancieringAdmin(VeiligAutocomplete, BeheerAdmin):
    list_display = [
        "bron",
        "opgave",
        "regel",
        "jaar",
        bedragkolom("verwacht", _("verwacht")),
        bedragkolom("toegekend", _("toegekend")),
    ]
    list_filter = ["bron", "jaar", "opgave"]
    list_select_related = ["bron", "opgave", "regel__opgave"]
    autocomplete_fields = ["opgave", "regel"]
    formfield_overrides = BEDRAG_INVOER
