"""Admin pieces every app's ModelAdmins share: safe autocompletes, and BeheerAdmin,
through which every change in the admin is checked against its version, explained
with a reason and kept undoable."""

import json
import re

from django import forms
from django.contrib import messages
from django.contrib.admin import helpers
from django.contrib.admin.actions import delete_selected
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models.deletion import ProtectedError, RestrictedError
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from basis.services import (
    Verwijderconflict,
    controleer_vingerafdruk,
    heeft_verwijderde_afhankelijken,
    herstel_verwijdering,
    open_verwijdering,
    verwijder_alle_herstelbaar,
    verwijderoverzicht,
)
from basis.versies import (
    Versiebeheerd,
    Versieconflict,
    bewaar_object,
    controleer_versie,
    getoonde_versie,
)


class VeiligeAutocompleteSelect(AutocompleteSelect):
    """Django's autocomplete widget re-renders a posted value with a query; a value
    that is not a valid key (' ', '999…9') would make that query fail with a 500
    instead of showing the form error. Only valid keys are looked up."""

    def optgroups(self, name, value, attr=None):
        geldig = [v for v in value if str(v).isascii() and str(v).isdigit() and int(v) < 2**63]
        return super().optgroups(name, geldig, attr)


class VeiligAutocomplete:
    """Mixin for ModelAdmins and inlines that use autocomplete_fields."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = VeiligeAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class AlleenLezenAdmin:
    """Mixin for the ModelAdmin of records that are facts (a deletion, a frozen report):
    shown to whom `mag_inzien` admits, never added, changed or deleted in the admin."""

    def mag_inzien(self, request) -> bool:
        raise NotImplementedError

    def has_module_permission(self, request) -> bool:
        return self.mag_inzien(request)

    def has_view_permission(self, request, obj=None) -> bool:
        return self.mag_inzien(request)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


# --- Every admin change checked and explained ---------------------------------------

REDEN_HULP = _(
    "Verplicht. Komt in de historie en op de pagina Wijzigingen van de opgave, "
    "bijvoorbeeld 'Correctie typefout Voorjaarsnota'."
)


# simple-history keeps a reason in 100 characters.
REDEN_LENGTE = 100


def redenveld(label: str | None = None) -> forms.CharField:
    return forms.CharField(
        label=label or _("Reden van deze wijziging"),
        max_length=REDEN_LENGTE,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60, "maxlength": REDEN_LENGTE}),
        help_text=REDEN_HULP,
    )


def gegeven_reden(request) -> str:
    """The reason posted from a confirmation page (admin/koers/_reden.html), as the
    history keeps it; '' when none was given."""
    return (request.POST.get("reden") or "").strip()[:REDEN_LENGTE]


def _heeft_versie(instance: models.Model) -> bool:
    """Whether the object is versioned and has a row (not new)."""
    return instance.pk is not None and isinstance(instance, Versiebeheerd)


def _opgeslagen_versie(instance: models.Model) -> int | None:
    """The version the row has now, or None when the object has no row (new, or deleted
    and being restored)."""
    if not _heeft_versie(instance):
        return None
    # Without ordering: a join from Meta.ordering would read the opgave row as well.
    rijen = type(instance)._base_manager.filter(pk=instance.pk).order_by()
    return rijen.values_list("versie", flat=True).first()


def _controleer_versie(form: forms.ModelForm) -> None:
    """Refuse a form opened at an older version than the row has now, keeping the input
    and explaining what changed; a second save then overwrites deliberately. The row
    stays locked for the rest of the admin's transaction, through the save."""
    if not _heeft_versie(form.instance):
        return
    geopend = form.cleaned_data.get("geopende_versie")
    try:
        controleer_versie(
            model=type(form.instance),
            pk=form.instance.pk,
            verwachte_versie=geopend,
            velden=form.changed_data,
        )
    except Versieconflict as conflict:
        form.data = form.data.copy()
        form.data[form.add_prefix("geopende_versie")] = str(conflict.huidig.versie)
        if geopend is None:
            form.add_error(None, _("Dit formulier mist zijn versie; laad de pagina opnieuw."))
            return
        wat = "; ".join(f"{w.veld}: {w.oud} → {w.nieuw}" for w in conflict.wijzigingen)
        form.add_error(
            None,
            _(
                "%(wie)s heeft dit gewijzigd nadat u het opende%(wat)s. Uw invoer is niet "
                "opgeslagen en staat nog in het formulier; sla opnieuw op om te overschrijven."
            )
            % {"wie": conflict.door or _("Iemand anders"), "wat": f" ({wat})" if wat else ""},
        )


def _vergelijk_met_getoonde(form: forms.ModelForm) -> None:
    """Fields saved without a new version (the order) count as changed only when this
    user changed them, measured against what the form showed, not against the row (a
    reorder may have moved it since); bewaar_object then keeps the stored value."""
    for naam in getattr(form.instance, "VELDEN_ZONDER_VERSIE", ()):
        if naam in form.fields:
            form.fields[naam].show_hidden_initial = True


class BeheerFormulier(forms.ModelForm):
    """An admin change form: the version the beheerder opened, and a reason."""

    geopende_versie = forms.IntegerField(widget=forms.HiddenInput, required=False)
    reden = redenveld()

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            # From the row, not the instance: a revert form holds an old state.
            self.initial["geopende_versie"] = _opgeslagen_versie(self.instance)
        _vergelijk_met_getoonde(self)

    def clean(self):
        gegevens = super().clean()
        _controleer_versie(self)
        return gegevens


class InlineBeheerFormulier(forms.ModelForm):
    """An inline row: the version it was opened at; the reason is its parent form's."""

    geopende_versie = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # What deleting this row would take along, as shown (basis.services.vingerafdruk).
    vingerafdruk = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound and isinstance(self.instance, Versiebeheerd) and self.instance.pk:
            self.initial["geopende_versie"] = self.instance.versie
        if not self.is_bound and self.instance.pk:
            self.initial["vingerafdruk"] = verwijderoverzicht(self.instance).vingerafdruk
        _vergelijk_met_getoonde(self)

    def clean(self):
        gegevens = super().clean()
        if self.instance.pk is not None and self.has_changed():
            _controleer_versie(self)
        return gegevens


class BeheerFormset(BaseInlineFormSet):
    """Inline rows marked for deletion are checked too: Django skips a deleted row's own
    clean(), so a row changed by someone else after the page was opened would otherwise
    be deleted unseen."""

    def clean(self) -> None:
        super().clean()
        for rij in self.deleted_forms:
            if rij.instance.pk is None:
                continue
            try:  # what goes along, as the page showed it (checked before any deletion)
                controleer_vingerafdruk(
                    obj=rij.instance,
                    verwacht=(getattr(rij, "cleaned_data", None) or {}).get("vingerafdruk", ""),
                )
            except Verwijderconflict:
                raise ValidationError(
                    _(
                        "%(wat)s, of wat ermee weg zou gaan, is gewijzigd nadat u deze pagina "
                        "opende; er is niets verwijderd. Laad de pagina opnieuw en kijk of "
                        "het nog weg moet."
                    )
                    % {"wat": rij.instance}
                ) from None
            except (ProtectedError, RestrictedError):
                continue  # Django's own check refuses it with what stops it
            if not _heeft_versie(rij.instance):
                continue
            try:
                controleer_versie(
                    model=type(rij.instance),
                    pk=rij.instance.pk,
                    verwachte_versie=(getattr(rij, "cleaned_data", None) or {}).get(
                        "geopende_versie"
                    ),
                )
            except Versieconflict:
                raise ValidationError(
                    _(
                        "%(wat)s is gewijzigd nadat u deze pagina opende; het is niet "
                        "verwijderd. Laad de pagina opnieuw en kijk of het nog weg moet."
                    )
                    % {"wat": rij.instance}
                ) from None


class BeheerInline:
    """Mixin for inlines: rows carry their version, changes and deletions go through the
    same services as the parent (with the parent's reason)."""

    form = InlineBeheerFormulier
    formset = BeheerFormset

    def get_fields(self, request, obj=None):
        velden = list(super().get_fields(request, obj))  # type: ignore[misc]
        return [*velden, *(v for v in ("geopende_versie", "vingerafdruk") if v not in velden)]


# Dutch nouns that take "het"; Django's messages say "de" for every model.
HET_WOORDEN = ("bedrag", "resultaat", "thema", "doel", "programma", "moment")


def lidwoord(model: type[models.Model]) -> str:
    """The model's article: a `lidwoord` attribute on the model, else from its name."""
    expliciet = getattr(model, "lidwoord", None)
    if expliciet:
        return expliciet
    naam = str(model._meta.verbose_name).lower()
    return "het" if naam.endswith(HET_WOORDEN) else "de"


def met_lidwoord(bericht: str, model: type[models.Model]) -> str:
    """`bericht` with "de <naam>" as "het <naam>" where the model takes "het"."""
    if lidwoord(model) != "het":
        return bericht
    naam = re.escape(str(model._meta.verbose_name))
    tekst = re.sub(
        rf"\b([Dd])e ({naam})\b",
        lambda m: ("Het" if m.group(1) == "D" else "het") + " " + m.group(2),
        str(bericht),
    )
    return mark_safe(tekst) if isinstance(bericht, SafeString) else tekst


class BeheerAdmin(SimpleHistoryAdmin):
    """Base of every ModelAdmin of the portal's data. Every path that changes data asks
    a reason and goes through the same services as the portal:

    - change and add: basis.versies.bewaar_object, refused when somebody saved after the
      form was opened (also for inline rows);
    - delete, one or selected, and inline rows marked for deletion:
      basis.services.verwijder_herstelbaar, which keeps everything for a restore;
    - revert from the history: the same check; for a deleted item it restores the
      whole deletion (basis.services.herstel_verwijdering).
    """

    form = BeheerFormulier
    delete_confirmation_template = "admin/koers/verwijderen.html"
    delete_selected_confirmation_template = "admin/koers/verwijder_selectie.html"

    def message_user(self, request, message, *args, **kwargs):
        # "Het begrotingsbedrag … is gewijzigd", not Django's "De begrotingsbedrag".
        super().message_user(request, met_lidwoord(message, self.model), *args, **kwargs)

    def get_actions(self, request):
        acties = super().get_actions(request)
        if "delete_selected" in acties:
            acties["delete_selected"] = (
                verwijder_selectie,
                "delete_selected",
                _("Geselecteerde %(verbose_name_plural)s verwijderen"),
            )
        return acties

    def save_model(self, request, obj, form, change):
        try:
            bewaar_object(
                obj=obj,
                verwachte_versie=form.cleaned_data.get("geopende_versie") if change else None,
                gebruiker=request.user,
                reden=form.cleaned_data["reden"],
                velden=form.changed_data,
            )
        except Versieconflict as conflict:
            # A safety net: the form's check keeps the row locked until this save.
            raise VersieconflictNaCheck from conflict

    def save_formset(self, request, form, formset, change):
        reden = form.cleaned_data["reden"]
        formset.save(commit=False)
        # Checked in BeheerFormset.clean, under the admin's transaction.
        verwijder_alle_herstelbaar(
            objecten=list(formset.deleted_objects), gebruiker=request.user, reden=reden
        )
        for rij in formset.saved_forms:
            bewaar_object(
                obj=rij.instance,
                verwachte_versie=rij.cleaned_data.get("geopende_versie"),
                gebruiker=request.user,
                reden=reden,
                velden=rij.changed_data,
            )
        formset.save_m2m()

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except VersieconflictNaCheck:
            messages.error(request, _("Iemand anders sloeg dit net op; er is niets opgeslagen."))
            return HttpResponseRedirect(request.path)

    def delete_view(self, request, object_id, extra_context=None):
        if request.method == "POST" and request.POST.get("post"):
            reden = gegeven_reden(request)
            if not reden:
                messages.error(request, _("Geef een reden voor het verwijderen."))
                return HttpResponseRedirect(request.path)
            request._koers_reden = reden  # type: ignore[attr-defined]
            # What the confirmation listed; delete_model deletes that, or nothing.
            request._koers_vingerafdrukken = {  # type: ignore[attr-defined]
                str(object_id): request.POST.get("vingerafdruk", "")
            }
        try:
            response = super().delete_view(request, object_id, extra_context)
        except Verwijderconflict as conflict:
            messages.error(request, conflict.messages[0])
            return HttpResponseRedirect(request.path)
        obj = getattr(response, "context_data", {}).get("object")
        if obj is not None:
            response.context_data["vingerafdruk"] = verwijderoverzicht(obj).vingerafdruk
        return response

    def delete_model(self, request, obj):
        self.delete_queryset(request, [obj])

    def delete_queryset(self, request, queryset):
        verwijder_alle_herstelbaar(
            objecten=list(queryset),
            gebruiker=request.user,
            reden=request._koers_reden,
            verwachte_vingerafdrukken=getattr(request, "_koers_vingerafdrukken", None),
        )

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if not self.model._base_manager.filter(pk=object_id).exists():
            # A deleted item comes back whole, with what went along, or not at all.
            verwijdering = open_verwijdering(self.model._meta.label_lower, object_id)
            if verwijdering is not None:
                reden = gegeven_reden(request)
                if request.method == "POST" and reden:
                    return herstel_in_beheer(request, verwijdering, reden)
                return HttpResponseRedirect(
                    reverse("admin:basis_verwijdering_herstellen", args=[verwijdering.pk])
                )
            if heeft_verwijderde_afhankelijken(self.model, object_id):
                messages.error(
                    request,
                    _(
                        "Dit is verwijderd samen met onderdelen die er niet los bij bewaard "
                        "zijn (van vóór het overzicht Verwijderingen). Alleen dit object "
                        "terugzetten zou het half terugbrengen; zet de onderdelen eerst "
                        "terug via hun eigen historie."
                    ),
                )
                return HttpResponseRedirect(
                    reverse(
                        f"admin:{self.model._meta.app_label}_{self.model._meta.model_name}"
                        "_changelist"
                    )
                )
        with transaction.atomic():
            return super().history_form_view(request, object_id, version_id, extra_context)


class VersieconflictNaCheck(Exception):
    pass


def herstel_in_beheer(request, verwijdering, reden: str) -> HttpResponseRedirect:
    """Restore a whole deletion and say so; a refusal is a message, never an error page."""
    try:
        aantal = herstel_verwijdering(
            verwijdering=verwijdering, gebruiker=request.user, reden=reden
        )
    except ValidationError as fout:
        messages.error(request, " ".join(fout.messages))
        return HttpResponseRedirect(request.path)
    messages.success(
        request,
        ngettext(
            "%(wat)s is hersteld, met %(aantal)d object.",
            "%(wat)s is hersteld, met %(aantal)d objecten.",
            aantal,
        )
        % {"wat": verwijdering, "aantal": aantal},
    )
    label = verwijdering.model.replace(".", "_")
    return HttpResponseRedirect(reverse(f"admin:{label}_change", args=[verwijdering.object_id]))


def _vingerafdrukken(gepost: str | None) -> dict[str, str]:
    """{pk: vingerafdruk} from the confirmation; {} (nothing matches) when it is missing
    or not such a mapping."""
    if not gepost or len(gepost) > 100_000:
        return {}
    try:
        waarde = json.loads(gepost)
    except (ValueError, RecursionError):
        return {}
    if not isinstance(waarde, dict):
        return {}
    return {str(k): v for k, v in waarde.items() if isinstance(v, str)}


def verwijder_selectie(modeladmin, request, queryset):
    """Django's "delete selected", with a reason: its confirmation asks one, and the
    deletion goes through basis.services.verwijder_herstelbaar (kept for a restore),
    of exactly what the confirmation listed, or nothing."""
    if request.POST.get("post"):
        reden = gegeven_reden(request)
        if not reden:
            messages.error(request, _("Geef een reden voor het verwijderen."))
            request.POST = request.POST.copy()
            del request.POST["post"]  # show the confirmation again
        else:
            request._koers_reden = reden
            request._koers_vingerafdrukken = _vingerafdrukken(request.POST.get("vingerafdrukken"))
    try:
        with transaction.atomic():  # its log entries go with a refused deletion
            response = delete_selected(modeladmin, request, queryset)
    except Verwijderconflict as conflict:
        messages.error(request, conflict.messages[0])
        request.POST = request.POST.copy()
        del request.POST["post"]  # show the confirmation again, as it is now
        response = delete_selected(modeladmin, request, queryset)
    if isinstance(response, TemplateResponse) and response.context_data is not None:
        response.context_data["vingerafdrukken"] = json.dumps(
            {str(obj.pk): verwijderoverzicht(obj).vingerafdruk for obj in queryset}
        )
    return response


class SelectieVerdwenen(Exception):
    """An object the reason page showed was deleted before the action ran."""


def _controleer_getoonde_versies(queryset, gepost) -> None:
    """Raise Versieconflict when an object of the selection changed after the reason page
    showed it (its version travels as `versie_<pk>`), SelectieVerdwenen when one is gone;
    locks the rows until the action ends."""
    getoond = {naam.removeprefix("versie_") for naam in gepost if naam.startswith("versie_")}
    if weg := getoond - {str(obj.pk) for obj in queryset}:
        raise SelectieVerdwenen(
            ngettext(
                "Een van de geselecteerde objecten is verwijderd nadat deze pagina werd "
                "geopend. Er is niets uitgevoerd; kies opnieuw.",
                "%(aantal)d van de geselecteerde objecten zijn verwijderd nadat deze pagina "
                "werd geopend. Er is niets uitgevoerd; kies opnieuw.",
                len(weg),
            )
            % {"aantal": len(weg)}
        )
    for obj in queryset:
        if isinstance(obj, Versiebeheerd):
            controleer_versie(
                model=type(obj),
                pk=obj.pk,
                verwachte_versie=getoonde_versie(gepost, f"versie_{obj.pk}"),
                velden=[v.name for v in obj._meta.concrete_fields if v.editable],
            )


def vraag_reden(modeladmin, request, queryset, *, titel: str, uitvoeren) -> HttpResponse | None:
    """An admin action that changes data asks a reason on a page of its own first, which
    lists the selection; `uitvoeren(reden)` runs once one is given, on what that page
    showed: an object changed since stops the whole action (one transaction)."""
    reden = gegeven_reden(request)
    if request.POST.get("reden_gegeven") and reden:
        try:
            with transaction.atomic():
                _controleer_getoonde_versies(queryset, request.POST)
                uitvoeren(reden)
            return None
        except Versieconflict as conflict:
            messages.error(request, conflict.melding())
        except SelectieVerdwenen as verdwenen:
            messages.error(request, str(verdwenen))
    elif request.POST.get("reden_gegeven"):
        messages.error(request, _("Geef een reden."))
    return TemplateResponse(
        request,
        "admin/koers/reden_actie.html",
        {
            **modeladmin.admin_site.each_context(request),
            "title": titel,
            "opts": modeladmin.model._meta,
            "objecten": queryset,
            "actie": request.POST.get("action"),
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        },
    )
