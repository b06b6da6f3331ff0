from datetime import date
from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from basis.velden import beperk_datums, programmavenster
from opgaven.models import Opgave, Programma
from opgaven.openbaar import KEUZELIJST, ProgrammaFilterSet
from resultaten.models import Resultaat, Status, Voortgangsupdate

GEEN_UPDATE = "geen_update"


class ResultaatFilter(ProgrammaFilterSet):
    """Adds the status of each result's latest update (annotated `laatste_status`)."""

    status = django_filters.ChoiceFilter(
        label=_("Laatste status"),
        empty_label=_("Alle statussen"),
        choices=[*Status.choices, (GEEN_UPDATE, _("nog geen update"))],
        method="filter_status",
        widget=KEUZELIJST,
    )

    class Meta:
        model = Resultaat
        fields = ("opgave", "status", "partner", "tekst")

    def filter_status(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if value == GEEN_UPDATE:
            return queryset.filter(laatste_status__isnull=True)
        return queryset.filter(laatste_status=value)


class VoortgangFilter(django_filters.FilterSet):
    """Opgave, status and peildatum; with a peildatum only each item's latest update by then."""

    opgave = django_filters.ModelChoiceFilter(
        label=_("Opgave"),
        empty_label=_("Alle opgaven"),
        queryset=Opgave.objects.none(),
        widget=KEUZELIJST,
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        empty_label=_("Alle statussen"),
        choices=Status.choices,
        widget=KEUZELIJST,
    )
    peildatum = django_filters.DateFilter(
        label=_("Stand op peildatum"),
        method="filter_peildatum",
        widget=forms.DateInput(
            attrs={"type": "date", "class": "utrecht-textbox utrecht-textbox--html-input"}
        ),
        help_text=_("Toont per resultaat en activiteit de laatste update op of voor deze datum."),
    )

    class Meta:
        model = Voortgangsupdate
        fields = ("opgave", "status", "peildatum")

    def __init__(self, *args: Any, programma: Programma, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["opgave"].queryset = Opgave.objects.van_programma(programma)
        # A peildatum far from the programme is a message at the filter, never a query.
        beperk_datums(self.form, programmavenster(programma.eerste_jaar, programma.laatste_jaar))

    def filter_peildatum(self, queryset: QuerySet, name: str, value: date | None) -> QuerySet:
        if value is None:
            return queryset
        return queryset.filter(
            pk__in=Voortgangsupdate.objects.laatste_per_onderdeel(peildatum=value).values("pk")
        )
