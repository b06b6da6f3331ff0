"""Filters for the list of activities; the results list reuses the shared parts."""

from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from opgaven.models import Activiteit, ActiviteitStatus, Opgave, Partner, Programma, Thema

# NL Design System (utrecht) classes on the inputs.
KEUZELIJST = forms.Select(attrs={"class": "utrecht-select utrecht-select--html-select"})
ZOEKVELD = forms.TextInput(
    attrs={"type": "search", "class": "utrecht-textbox utrecht-textbox--html-input"}
)


class ThemaKeuzeveld(django_filters.fields.ModelChoiceField):
    def label_from_instance(self, obj: Thema) -> str:
        return _("%(naam)s (opgave %(nummer)s)") % {"naam": obj.naam, "nummer": obj.opgave.nummer}


class ThemaFilter(django_filters.ModelChoiceFilter):
    field_class = ThemaKeuzeveld


class ProgrammaFilterSet(django_filters.FilterSet):
    """Opgave, partner and free text, with choices from one programme only."""

    opgave = django_filters.ModelChoiceFilter(
        label=_("Opgave"),
        empty_label=_("Alle opgaven"),
        queryset=Opgave.objects.none(),
        widget=KEUZELIJST,
    )
    partner = django_filters.ModelChoiceFilter(
        field_name="opgave__partners",
        label=_("Partner"),
        empty_label=_("Alle partners"),
        queryset=Partner.objects.none(),
        widget=KEUZELIJST,
        help_text=_("Toont alles van de opgaven waaraan deze partner gekoppeld is."),
    )
    tekst = django_filters.CharFilter(
        field_name="omschrijving",
        lookup_expr="icontains",
        label=_("Zoeken in omschrijving"),
        widget=ZOEKVELD,
    )

    def __init__(self, *args: Any, programma: Programma, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["opgave"].queryset = Opgave.objects.van_programma(programma)
        self.filters["partner"].queryset = Partner.objects.filter(
            koppelingen__opgave__programma=programma
        ).distinct()


class ActiviteitFilter(ProgrammaFilterSet):
    thema = ThemaFilter(
        label=_("Thema"),
        empty_label=_("Alle thema's"),
        queryset=Thema.objects.none(),
        widget=KEUZELIJST,
    )

    status = django_filters.ChoiceFilter(
        label=_("Status"),
        empty_label=_("Alle statussen"),
        choices=ActiviteitStatus.choices,
        widget=KEUZELIJST,
    )

    class Meta:
        model = Activiteit
        fields = ("opgave", "thema", "status", "partner", "tekst")

    def __init__(self, *args: Any, programma: Programma, **kwargs: Any) -> None:
        super().__init__(*args, programma=programma, **kwargs)
        themas: QuerySet[Thema] = Thema.objects.filter(opgave__programma=programma)
        self.filters["thema"].queryset = themas.select_related("opgave").order_by(
            "opgave__nummer", "volgorde", "pk"
        )
