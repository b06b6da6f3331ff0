"""Readable change history from django-simple-history, in a bounded number of queries.

Each app names its history tables as querysets ("bronnen"); `nieuwste_wijzigingen()`
finds the newest records over all of them in one query and reads only the tables
those records are in (`wijzigingen()`: three queries per table).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db import connections, models
from django.db.models import F, IntegerField, OuterRef, Subquery, Value
from django.utils.translation import gettext_lazy as _

from basis.opmaak import getal

SOORTEN = {"+": _("toegevoegd"), "~": _("gewijzigd"), "-": _("verwijderd")}
# Bookkeeping fields nobody needs to read in a history.
NIET_TONEN = {"versie", "id"}


@dataclass
class Veldwijziging:
    veld: str
    oud: str
    nieuw: str


@dataclass
class Wijziging:
    tijdstip: datetime
    gebruiker: str
    soort: str
    onderwerp: str
    omschrijving: str
    velden: list[Veldwijziging] = field(default_factory=list)
    reden: str = ""
    history_id: int = 0


def _tekst(waarde: Any) -> str:
    if waarde is None or waarde == "":
        return "—"
    if isinstance(waarde, Decimal):
        return getal(waarde)
    return str(waarde)


def weergavenaam(gebruiker: Any) -> str:
    """How a user is named in a change: the full name, else the username."""
    return gebruiker.get_full_name() or gebruiker.get_username()


def veldwaarde(veld: models.Field, waarde: Any) -> str:
    """A field's value as a change shows it: a choice by its label, an amount in Dutch
    notation, nothing as '—'. A foreign key stays its id here; wijzigingen() names it."""
    if veld.choices:
        waarde = dict(veld.flatchoices).get(waarde, waarde)
    return _tekst(waarde)


def wijzigingen(
    historie: models.QuerySet, *, limiet: int, voor: datetime | None = None
) -> list[Wijziging]:
    """The latest `limiet` changes in a historical queryset, newest first.

    Three queries per call whatever the size: the records with the id of their
    predecessor, the predecessors, and the objects their foreign keys point at.
    """
    model = historie.model
    if voor is not None:
        historie = historie.filter(history_date__lt=voor)
    vorige = (
        model.objects.filter(id=OuterRef("id"), history_date__lt=OuterRef("history_date"))
        .order_by("-history_date", "-history_id")
        .values("history_id")[:1]
    )
    records = list(
        historie.select_related("history_user")
        .annotate(vorige_id=Subquery(vorige))
        .order_by("-history_date", "-history_id")[:limiet]
    )
    vorigen = model.objects.in_bulk([r.vorige_id for r in records if r.vorige_id])

    velden = [
        f
        for f in model.instance_type._meta.concrete_fields
        if f.name not in NIET_TONEN and f.editable
    ]
    relaties = [f for f in velden if f.is_relation]
    paren = [(r, vorigen.get(r.vorige_id)) for r in records]
    objecten = _verwezen_objecten(relaties, paren)

    def weergave(veld: models.Field, record: Any) -> str:
        waarde = getattr(record, veld.attname)
        if veld.is_relation and waarde is not None:
            obj = objecten.get((veld.related_model, waarde))
            return str(obj) if obj is not None else f"#{waarde} ({_('verwijderd')})"
        return veldwaarde(veld, waarde)

    def beschrijving(record: Any) -> str:
        instance = record.instance
        for veld in relaties:
            waarde = getattr(record, veld.attname)
            if waarde is None:
                continue
            obj = objecten.get((veld.related_model, waarde))
            if obj is None:
                # str() would query for an object that is gone.
                return f"{model.instance_type._meta.verbose_name} #{record.id}"
            veld.set_cached_value(instance, obj)
        return str(instance)

    uitkomst = []
    for record, oud in paren:
        veldwijzigingen = []
        if record.history_type == "~" and oud is not None:
            for veld in velden:
                if getattr(record, veld.attname) != getattr(oud, veld.attname):
                    veldwijzigingen.append(
                        Veldwijziging(
                            str(veld.verbose_name), weergave(veld, oud), weergave(veld, record)
                        )
                    )
            if not veldwijzigingen:
                continue
        gebruiker = record.history_user
        uitkomst.append(
            Wijziging(
                tijdstip=record.history_date,
                gebruiker=weergavenaam(gebruiker) if gebruiker else str(_("systeem")),
                soort=str(SOORTEN.get(record.history_type, record.history_type)),
                onderwerp=str(model.instance_type._meta.verbose_name),
                omschrijving=beschrijving(record),
                velden=veldwijzigingen,
                reden=record.history_change_reason or "",
                history_id=record.history_id,
            )
        )
    return uitkomst


def _verwezen_objecten(relaties: list[models.Field], paren: list) -> dict[tuple, models.Model]:
    """One query per referenced model, following its own foreign keys as well."""
    gezocht: dict[type[models.Model], set[Any]] = defaultdict(set)
    for record, oud in paren:
        for veld in relaties:
            for r in (record, oud):
                if r is not None and getattr(r, veld.attname) is not None:
                    gezocht[veld.related_model].add(getattr(r, veld.attname))
    objecten: dict[tuple, models.Model] = {}
    for gerelateerd, ids in gezocht.items():
        for pk, obj in gerelateerd._base_manager.select_related().in_bulk(ids).items():
            objecten[(gerelateerd, pk)] = obj
    return objecten


def samenvoegen(*lijsten: list[Wijziging], limiet: int) -> list[Wijziging]:
    alles = [w for lijst in lijsten for w in lijst]
    alles.sort(key=lambda w: (w.tijdstip, w.history_id), reverse=True)
    return alles[:limiet]


def nieuwste_wijzigingen(
    bronnen: list[models.QuerySet], *, limiet: int, voor: datetime | None = None
) -> list[Wijziging]:
    """The newest `limiet` readable changes over all history querysets `bronnen`.

    One query (a UNION ALL over every table, newest first) finds which records they
    are; then only the tables among them are read, with `wijzigingen()`. The number of
    queries is bounded by the number of tables the newest changes are in, not by the
    number of tables or rows. A record that shows no change (a save that changed only
    the version) is left out, and the next records are read in its place (at most
    RONDES times).
    """
    if not bronnen:
        return []
    gevonden: list[Wijziging] = []
    for ronde in range(RONDES):
        vanaf = ronde * limiet
        kop = _nieuwste_records(bronnen, vanaf=vanaf, aantal=limiet, voor=voor)
        per_bron: dict[int, list[int]] = defaultdict(list)
        for bron, history_id in kop:
            per_bron[bron].append(history_id)
        for bron, ids in per_bron.items():
            gevonden.extend(wijzigingen(bronnen[bron].filter(history_id__in=ids), limiet=len(ids)))
        if len(gevonden) >= limiet or len(kop) < limiet:
            break
    return samenvoegen(gevonden, limiet=limiet)


RONDES = 3


def _nieuwste_records(
    bronnen: list[models.QuerySet], *, vanaf: int, aantal: int, voor: datetime | None
) -> list[tuple[int, int]]:
    """(index of the source, history_id) of the newest records, in one total order."""
    delen = []
    for index, bron in enumerate(bronnen):
        if voor is not None:
            bron = bron.filter(history_date__lt=voor)
        deel = (
            bron.order_by()
            .annotate(
                k_bron=Value(index, output_field=IntegerField()),
                k_id=F("history_id"),
                k_datum=F("history_date"),
            )
            .values_list("k_bron", "k_id", "k_datum")
        )
        if connections[bron.db].features.supports_slicing_ordering_in_compound:
            # Each table's newest first, down its history_date index, and no further
            # than the page needs: the union no longer reads every record of the
            # programme to sort them (PostgreSQL; SQLite has no ORDER BY per part).
            deel = deel.order_by("-history_date", "-history_id")[: vanaf + aantal]
        delen.append(deel)
    samen = delen[0].union(*delen[1:], all=True) if len(delen) > 1 else delen[0]
    nieuwste = samen.order_by("-k_datum", "-k_id", "-k_bron")[vanaf : vanaf + aantal]
    return [(bron, history_id) for bron, history_id, _ in nieuwste]
