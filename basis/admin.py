"""The beheerders' overview of deletions, from which they restore one as a whole."""

from django.contrib import admin
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from basis.beheer import AlleenLezenAdmin, gegeven_reden, herstel_in_beheer
from basis.models import Verwijdering
from basis.rechten import rechten_van


@admin.register(Verwijdering)
class VerwijderingAdmin(AlleenLezenAdmin, admin.ModelAdmin):
    """Read-only: a deletion is a fact. The only action is restoring it, with a reason."""

    # What a beheerder decides on first (what, whether restored, when), the reason last.
    list_display = [
        "onderwerp",
        "status",
        "verwijderd_op",
        "verwijderd_door",
        "soort",
        "aantal_objecten",
        "reden",
    ]
    list_filter = ["soort", ("hersteld_op", admin.EmptyFieldListFilter)]
    search_fields = ["onderwerp", "reden"]
    date_hierarchy = "verwijderd_op"
    list_select_related = ["verwijderd_door", "hersteld_door"]
    exclude = ["inhoud", "objecten"]
    readonly_fields = [
        "soort",
        "onderwerp",
        "reden",
        "verwijderd_door",
        "verwijderd_op",
        "hersteld_door",
        "hersteld_op",
        "wat_meeging",
        "herstellen",
    ]

    def mag_inzien(self, request) -> bool:
        return rechten_van(request.user).mag_verwijderingen_herstellen()

    @admin.display(description=_("objecten"))
    def aantal_objecten(self, obj: Verwijdering) -> int:
        return obj.aantal

    @admin.display(description=_("status"))
    def status(self, obj: Verwijdering) -> str:
        return _("hersteld") if obj.is_hersteld else _("verwijderd")

    @admin.display(description=_("wat meeging"))
    def wat_meeging(self, obj: Verwijdering) -> str:
        return format_html(
            "<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((o[2],) for o in obj.objecten))
        )

    @admin.display(description=_("herstellen"))
    def herstellen(self, obj: Verwijdering) -> str:
        if obj.is_hersteld:
            return "-"
        return format_html(
            '<a class="button" href="{}">{}</a>',
            reverse("admin:basis_verwijdering_herstellen", args=[obj.pk]),
            _("Alles in één keer terugzetten"),
        )

    def get_urls(self):
        return [
            path(
                "<int:pk>/herstellen/",
                self.admin_site.admin_view(self.herstel_view),
                name="basis_verwijdering_herstellen",
            ),
            *super().get_urls(),
        ]

    def herstel_view(self, request, pk: int):
        if not self.mag_inzien(request):
            return HttpResponseRedirect(reverse("admin:index"))
        verwijdering = get_object_or_404(Verwijdering, pk=pk)
        if request.method == "POST":
            reden = gegeven_reden(request)
            if reden:
                return herstel_in_beheer(request, verwijdering, reden)
        return TemplateResponse(
            request,
            "admin/koers/herstellen.html",
            {
                **self.admin_site.each_context(request),
                "title": _("%(wat)s terugzetten") % {"wat": verwijdering},
                "opts": self.model._meta,
                "verwijdering": verwijdering,
                "fout": request.method == "POST",
            },
        )
