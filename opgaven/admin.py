from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from basis.beheer import BeheerAdmin, BeheerFormset, BeheerInline, VeiligAutocomplete
from opgaven.models import (
    Activiteit,
    Doel,
    Doelgroep,
    GerelateerdProgramma,
    OpgaveGerelateerdProgramma,
    OpgavePartner,
    Partner,
    Programma,
    Thema,
)


@admin.register(Programma)
class ProgrammaAdmin(BeheerAdmin):
    list_display = ["titel", "eerste_jaar", "laatste_jaar"]
    search_fields = ["titel"]


class BoomFormset(BeheerFormset):
    """The one-level tree over all rows of one submit: each row's clean() checks it
    against the database, but two rows changed together (A under B, C under A) must
    also hold together."""

    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        ouders: dict[int, int | None] = dict(
            self.model._base_manager.filter(opgave=self.instance)
            .order_by()
            .values_list("pk", "bovenliggend_id")
        )
        nieuwe_ouders: list[int] = []
        for formulier in self.forms:
            gegevens = getattr(formulier, "cleaned_data", None) or {}
            if not gegevens:
                continue
            if gegevens.get("DELETE"):
                ouders.pop(formulier.instance.pk, None)
                continue
            ouder = gegevens.get("bovenliggend")
            if formulier.instance.pk is None:
                if ouder is not None:
                    nieuwe_ouders.append(ouder.pk)
            else:
                ouders[formulier.instance.pk] = ouder.pk if ouder is not None else None
        met_kinderen = {ouder for ouder in [*ouders.values(), *nieuwe_ouders] if ouder}
        for pk, ouder in ouders.items():
            if ouder is not None and (ouders.get(ouder) is not None or pk in met_kinderen):
                raise ValidationError(
                    _(
                        "Onderliggende punten hebben één niveau: een onderliggend punt kan "
                        "zelf geen onderliggende punten hebben. Pas de rijen samen aan."
                    )
                )
        for ouder in nieuwe_ouders:
            if ouders.get(ouder) is not None:
                raise ValidationError(
                    _("Een nieuw punt kan alleen onder een hoofdpunt van deze opgave vallen.")
                )


class DoelInline(BeheerInline, admin.TabularInline):
    model = Doel
    formset = BoomFormset
    fields = ["volgorde", "tekst", "bovenliggend"]
    extra = 0


class DoelgroepInline(BeheerInline, admin.TabularInline):
    model = Doelgroep
    formset = BoomFormset
    fields = ["volgorde", "tekst", "bovenliggend"]
    extra = 0


class OpgavePartnerInline(BeheerInline, VeiligAutocomplete, admin.TabularInline):
    model = OpgavePartner
    fields = ["volgorde", "partner"]
    autocomplete_fields = ["partner"]
    extra = 0


class OpgaveGerelateerdProgrammaInline(BeheerInline, VeiligAutocomplete, admin.TabularInline):
    model = OpgaveGerelateerdProgramma
    fields = ["volgorde", "programma"]
    autocomplete_fields = ["programma"]
    extra = 0


class ThemaInline(BeheerInline, admin.TabularInline):
    model = Thema
    fields = ["volgorde", "naam"]
    extra = 0


class ActiviteitInline(BeheerInline, admin.TabularInline):
    model = Activiteit
    formset = BoomFormset
    fields = ["volgorde", "thema", "omschrijving", "bovenliggend", "status"]
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("thema", "bovenliggend")


class OpgaveAdmin(BeheerAdmin):
    """Registered in portaal.admin, which adds the inlines of the other apps."""

    list_display = ["nummer", "titel", "programma"]
    list_display_links = ["nummer", "titel"]
    list_filter = ["programma"]
    list_select_related = ["programma"]
    search_fields = ["titel", "omschrijving"]
    inlines = [
        DoelInline,
        DoelgroepInline,
        OpgavePartnerInline,
        OpgaveGerelateerdProgrammaInline,
        ThemaInline,
        ActiviteitInline,
    ]


class OpgaveOnderdeelAdmin(VeiligAutocomplete, BeheerAdmin):
    """Shared set-up for the things that belong to one opgave."""

    list_filter = [("opgave__programma", admin.RelatedOnlyFieldListFilter), "opgave"]
    list_select_related = ["opgave"]
    autocomplete_fields = ["opgave"]

    @admin.display(description=_("opgave"), ordering="opgave__nummer")
    def opgave_nummer(self, obj):
        return obj.opgave.nummer


class OpsommingspuntAdmin(OpgaveOnderdeelAdmin):
    list_display = ["tekst", "opgave_nummer", "bovenliggend", "volgorde"]
    list_select_related = ["opgave", "bovenliggend"]
    search_fields = ["tekst"]
    ordering = ["opgave__programma", "opgave__nummer", "volgorde"]


admin.site.register(Doel, OpsommingspuntAdmin)
admin.site.register(Doelgroep, OpsommingspuntAdmin)


@admin.register(Thema)
class ThemaAdmin(OpgaveOnderdeelAdmin):
    list_display = ["naam", "opgave_nummer", "volgorde"]
    search_fields = ["naam"]
    ordering = ["opgave__programma", "opgave__nummer", "volgorde"]


@admin.register(Activiteit)
class ActiviteitAdmin(OpgaveOnderdeelAdmin):
    list_display = ["omschrijving", "opgave_nummer", "thema", "status", "volgorde"]
    list_select_related = ["opgave", "thema"]
    list_filter = [
        *OpgaveOnderdeelAdmin.list_filter,
        ("thema", admin.RelatedOnlyFieldListFilter),
        "status",
    ]
    search_fields = ["omschrijving"]
    autocomplete_fields = ["opgave", "thema", "bovenliggend"]
    ordering = ["opgave__programma", "opgave__nummer", "volgorde"]


class GedeeldeNaamAdmin(BeheerAdmin):
    """Partners and related programmes: one record, linked to several opgaven."""

    list_display = ["naam", "aantal_opgaven"]
    search_fields = ["naam"]
    list_filter = ["opgaven"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_aantal_opgaven=Count("opgaven"))

    @admin.display(description=_("aantal opgaven"), ordering="_aantal_opgaven")
    def aantal_opgaven(self, obj):
        return obj._aantal_opgaven


admin.site.register(Partner, GedeeldeNaamAdmin)
admin.site.register(GerelateerdProgramma, GedeeldeNaamAdmin)
