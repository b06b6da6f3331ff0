"""The beheerders' overview of deletions, from which they restore one as a whole."""

from django.contrib import admin
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from basis.beheer import herstel_in_beheer, redenveld
from basis.models import Verwijdering
from basis.rechten import rechten_van


@admin.register(Verwijdering)
class VerwijderingAdmin(admin.ModelAdmin):
    """Read-only: a deletion is a fact. The only action is restoring it, with a reason."""

    list_display = [
        "onderwerp",
        "soort",
        "aantal_objecten",
        "reden",
        "verwijderd_door",
        "verwijderd_op",
        "status",
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

    def has_module_permission(self, request) -> bool:
        return rechten_van(request.user).mag_verwijderingen_herstellen()

    def has_view_permission(self, request, obj=None) -> bool:
        return self.has_module_permission(request)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

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
        if not self.has_module_permission(request):
            return HttpResponseRedirect(reverse("admin:index"))
        verwijdering = get_object_or_404(Verwijdering, pk=pk)
        if request.method == "POST":
            reden = (request.POST.get("reden") or "").strip()
            if reden:
                return herstel_in_beheer(request, verwijdering, reden[:100])
        return TemplateResponse(
            request,
            "admin/koers/herstellen.html",
            {
                **self.admin_site.each_context(request),
                "title": _("%(wat)s terugzetten") % {"wat": verwijdering},
                "opts": self.model._meta,
                "verwijdering": verwijdering,
                "redenveld": redenveld(),
                "fout": request.method == "POST",
            },
        )
