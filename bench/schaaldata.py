"""Scale data for benchmarks: the programme's items multiplied, and whole extra programmes.

Pages show the current programme, so copies inside it are what makes them
heavier; extra programmes (earlier periods) make every query that filters on
the programme work for its rows. Every created object gets its history row, as
real edits would, and budget amounts and activity statuses also get a change,
so the history pages have something to compare.

Everything is written with bulk inserts: a fixed number of queries per kind of
object, whatever the factor.
"""

import copy
import itertools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import models, transaction
from django.db.models import Max, Min
from django.utils import timezone

from budget.models import (
    Begrotingsbedrag,
    Begrotingsregel,
    Begrotingswijziging,
    Cofinanciering,
    Realisatie,
)
from opgaven.models import (
    Activiteit,
    ActiviteitStatus,
    Doel,
    Doelgroep,
    Opgave,
    OpgaveGerelateerdProgramma,
    OpgavePartner,
    Programma,
    Thema,
)
from resultaten.models import Indicator, Indicatorwaarde, Resultaat, Voortgangsupdate

BATCH = 1000
REDEN = "Schaaldata voor benchmarks"
HISTORIE = "historische rijen"

# (old key, copy number) -> new key, per model.
Kaart = dict[type[models.Model], dict[tuple[int, int], int]]
# The values an object had before its (fake) change, or None for no change.
Eerder = Callable[[models.Model], dict[str, object] | None]


def _eerder_bedrag(bedrag: models.Model) -> dict[str, object]:
    # Always different from now, never negative: the history then shows a change.
    vorig = bedrag.bedrag + max(bedrag.bedrag / 10, Decimal(1000))  # type: ignore[attr-defined]
    return {"bedrag": vorig.quantize(Decimal("1"))}


def _eerder_status(activiteit: models.Model) -> dict[str, object] | None:
    if activiteit.status == ActiviteitStatus.NIET_GESTART:  # type: ignore[attr-defined]
        return None
    return {"status": ActiviteitStatus.NIET_GESTART}


# Which copies get a change in their history, with its reason.
WIJZIGINGEN: dict[type[models.Model], tuple[Eerder, str]] = {
    Begrotingsbedrag: (_eerder_bedrag, "Bedrag bijgesteld (schaaldata)"),
    Activiteit: (_eerder_status, "Status bijgewerkt (schaaldata)"),
}


def _velden(obj: models.Model) -> dict[str, object]:
    """The stored values of an object, without its key."""
    return {
        f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields if not f.primary_key
    }


def _verschuif(datum: date | None, jaren: int) -> date | None:
    if datum is None or not jaren:
        return datum
    try:
        return datum.replace(year=datum.year + jaren)
    except ValueError:  # 29 February in a year without one
        return datum.replace(year=datum.year + jaren, day=28)


@dataclass
class _Bron:
    """The items of one programme, read once (a query per kind)."""

    programma: Programma
    opgaven: list[Opgave]
    themas: list[Thema]
    partnerkoppelingen: list[OpgavePartner]
    programmakoppelingen: list[OpgaveGerelateerdProgramma]
    doelen: list[Doel]
    doelgroepen: list[Doelgroep]
    activiteiten: list[Activiteit]
    resultaten: list[Resultaat]
    indicatoren: list[Indicator]
    regels: list[Begrotingsregel]
    bedragen: list[Begrotingsbedrag]
    wijzigingen: list[Begrotingswijziging]
    realisaties: list[Realisatie]
    cofinancieringen: list[Cofinanciering]
    updates: list[Voortgangsupdate]
    waarden: list[Indicatorwaarde]

    @classmethod
    def lees(cls, programma: Programma) -> "_Bron":
        def van(model: type[models.Model], pad: str) -> list:
            return list(model._default_manager.filter(**{pad: programma}).order_by("pk"))

        return cls(
            programma=programma,
            opgaven=van(Opgave, "programma"),
            themas=van(Thema, "opgave__programma"),
            partnerkoppelingen=van(OpgavePartner, "opgave__programma"),
            programmakoppelingen=van(OpgaveGerelateerdProgramma, "opgave__programma"),
            doelen=van(Doel, "opgave__programma"),
            doelgroepen=van(Doelgroep, "opgave__programma"),
            activiteiten=van(Activiteit, "opgave__programma"),
            resultaten=van(Resultaat, "opgave__programma"),
            indicatoren=van(Indicator, "resultaat__opgave__programma"),
            regels=van(Begrotingsregel, "opgave__programma"),
            bedragen=van(Begrotingsbedrag, "regel__opgave__programma"),
            wijzigingen=van(Begrotingswijziging, "regel__opgave__programma"),
            realisaties=van(Realisatie, "regel__opgave__programma"),
            cofinancieringen=van(Cofinanciering, "opgave__programma"),
            updates=van(Voortgangsupdate, "opgave__programma"),
            waarden=van(Indicatorwaarde, "update__opgave__programma"),
        )


@dataclass
class _Kopieren:
    """One way of copying a programme's items, `sleutels` times.

    `ernaast`: the copies sit next to their originals in the same opgaven, so
    their names are marked and they come after them. Otherwise they go into new
    opgaven of new programmes, `jaren(s)` years earlier or later.
    """

    sleutels: range
    ernaast: bool
    tijdstip: "Klok"
    aantallen: dict[str, int]
    jaren: Callable[[int], int] = lambda s: 0
    # A model missing from the map is not copied: its keys stay (same opgave, thema, partner).
    kaart: Kaart = field(default_factory=dict)

    def id(self, model: type[models.Model], oud: int | None, s: int) -> int | None:
        if oud is None or model not in self.kaart:
            return oud
        return self.kaart[model][(oud, s)]

    def naam(self, tekst: str, s: int) -> str:
        return f"{tekst} (schaal {s})" if self.ernaast else tekst

    def volgorde(self, volgorde: int, s: int) -> int:
        return volgorde + 1000 * s if self.ernaast else volgorde

    def jaar(self, jaar: int, s: int) -> int:
        return jaar + self.jaren(s)

    def datum(self, datum: date | None, s: int) -> date | None:
        return _verschuif(datum, self.jaren(s))

    def maak(
        self,
        model: type[models.Model],
        bronnen: Iterable[models.Model],
        aanpassen: Callable[[models.Model, int], dict[str, object]],
    ) -> None:
        """Copy every source for every key, with its history, and remember the new keys."""
        bronnen = list(bronnen)
        paren = [(b.pk, s) for s in self.sleutels for b in bronnen]
        nieuw = [model(**{**_velden(b), **aanpassen(b, s)}) for s in self.sleutels for b in bronnen]
        nieuw = _bewaar(model, nieuw, tijdstip=self.tijdstip, aantallen=self.aantallen)
        self.kaart.setdefault(model, {}).update(
            {paar: obj.pk for paar, obj in zip(paren, nieuw, strict=True)}
        )

    def onderdelen(self, bron: _Bron) -> None:
        """Everything that hangs under the opgaven; parents before their children."""
        for model, punten in ((Doel, bron.doelen), (Doelgroep, bron.doelgroepen)):
            self._boom(
                model,
                punten,
                lambda p, s: {
                    "opgave_id": self.id(Opgave, p.opgave_id, s),
                    "tekst": self.naam(p.tekst, s),
                    "volgorde": self.volgorde(p.volgorde, s),
                },
            )
        self._boom(
            Activiteit,
            bron.activiteiten,
            lambda a, s: {
                "opgave_id": self.id(Opgave, a.opgave_id, s),
                "thema_id": self.id(Thema, a.thema_id, s),
                "omschrijving": self.naam(a.omschrijving, s),
                "volgorde": self.volgorde(a.volgorde, s),
                "geplande_start": self.datum(a.geplande_start, s),
                "gepland_einde": self.datum(a.gepland_einde, s),
            },
        )
        self.maak(
            Resultaat,
            bron.resultaten,
            lambda r, s: {
                "opgave_id": self.id(Opgave, r.opgave_id, s),
                "omschrijving": self.naam(r.omschrijving, s),
                "volgorde": self.volgorde(r.volgorde, s),
            },
        )
        self.maak(
            Indicator,
            bron.indicatoren,
            lambda i, s: {"resultaat_id": self.id(Resultaat, i.resultaat_id, s)},
        )
        self.maak(
            Begrotingsregel,
            bron.regels,
            lambda r, s: {
                "opgave_id": self.id(Opgave, r.opgave_id, s),
                "omschrijving": self.naam(r.omschrijving, s),
                "volgorde": self.volgorde(r.volgorde, s),
            },
        )
        per_regel = lambda b, s: {  # noqa: E731
            "regel_id": self.id(Begrotingsregel, b.regel_id, s),
            "jaar": self.jaar(b.jaar, s),
        }
        self.maak(Begrotingsbedrag, bron.bedragen, per_regel)
        self.maak(
            Begrotingswijziging,
            bron.wijzigingen,
            lambda w, s: {**per_regel(w, s), "besluitdatum": self.datum(w.besluitdatum, s)},
        )
        self.maak(
            Realisatie,
            bron.realisaties,
            # A ledger row's key is unique: a copy is not from the ledger.
            lambda r, s: {**per_regel(r, s), "datum": self.datum(r.datum, s), "bronsleutel": None},
        )
        self.maak(
            Cofinanciering,
            bron.cofinancieringen,
            lambda c, s: {
                "opgave_id": self.id(Opgave, c.opgave_id, s),
                "regel_id": self.id(Begrotingsregel, c.regel_id, s),
                "jaar": self.jaar(c.jaar, s),
            },
        )
        self.maak(
            Voortgangsupdate,
            bron.updates,
            lambda u, s: {
                "opgave_id": self.id(Opgave, u.opgave_id, s),
                "resultaat_id": self.id(Resultaat, u.resultaat_id, s),
                "activiteit_id": self.id(Activiteit, u.activiteit_id, s),
                "peildatum": self.datum(u.peildatum, s),
            },
        )
        self.maak(
            Indicatorwaarde,
            bron.waarden,
            lambda w, s: {
                "update_id": self.id(Voortgangsupdate, w.update_id, s),
                "indicator_id": self.id(Indicator, w.indicator_id, s),
            },
        )

    def _boom(
        self,
        model: type[models.Model],
        bronnen: list,
        aanpassen: Callable[[models.Model, int], dict[str, object]],
    ) -> None:
        """Items with one level of sub-items: the main ones first, so the subs find them."""
        self.maak(model, [b for b in bronnen if b.bovenliggend_id is None], aanpassen)
        self.maak(
            model,
            [b for b in bronnen if b.bovenliggend_id is not None],
            lambda b, s: {
                **aanpassen(b, s),
                "bovenliggend_id": self.id(model, b.bovenliggend_id, s),
            },
        )


def _bewaar(
    model: type[models.Model],
    objecten: list[models.Model],
    *,
    tijdstip: "Klok",
    aantallen: dict[str, int],
) -> list[models.Model]:
    """Insert in batches with a '+' history row each, and a '~' row for a changed one."""
    if not objecten:
        return []
    objecten = model._default_manager.bulk_create(objecten, batch_size=BATCH)
    if objecten[0].pk is None:
        # SQLite >= 3.35 and PostgreSQL return keys; reading them back would cost a query each.
        raise RuntimeError("De database geeft geen sleutels terug na een bulk-insert.")
    eerder, reden = WIJZIGINGEN.get(model, (lambda obj: None, ""))
    aangemaakt, gewijzigd = [], []
    for obj in objecten:
        vorig = eerder(obj)
        if vorig:
            # The history says it was created with other values and changed to these.
            schaduw = copy.copy(obj)
            for naam, waarde in vorig.items():
                setattr(schaduw, naam, waarde)
            schaduw._history_date = tijdstip.volgende()  # type: ignore[attr-defined]
            # After its creation, so the history pages find that as its predecessor.
            obj._history_date = tijdstip.volgende()  # type: ignore[attr-defined]
            aangemaakt.append(schaduw)
            gewijzigd.append(obj)
        else:
            obj._history_date = tijdstip.volgende()  # type: ignore[attr-defined]
            aangemaakt.append(obj)
    historie = model.history  # type: ignore[attr-defined]
    rijen = historie.bulk_history_create(aangemaakt, batch_size=BATCH, default_change_reason=REDEN)
    rijen += historie.bulk_history_create(
        gewijzigd, batch_size=BATCH, update=True, default_change_reason=reden
    )
    soort = str(model._meta.verbose_name_plural)
    aantallen[soort] = aantallen.get(soort, 0) + len(objecten)
    aantallen[HISTORIE] = aantallen.get(HISTORIE, 0) + len(rijen)
    return objecten


class Klok:
    """History times for scale data: one microsecond apart from the start on.

    Real edits never share a timestamp; thousands of rows with one time would make
    the history queries behave as no real database does.
    """

    def __init__(self, begin: datetime) -> None:
        self._tijden = (begin + timedelta(microseconds=n) for n in itertools.count())

    def volgende(self) -> datetime:
        return next(self._tijden)


def _eerste_jaren(programma: Programma, aantal: int) -> list[int]:
    """First years for `aantal` extra programmes that never become the current one.

    Programma.objects.actueel() takes the latest programme that has started, or
    the earliest one when none has: copies go before every programme in the
    first case and after every programme in the second.
    """
    lengte = programma.laatste_jaar - programma.eerste_jaar + 1
    grenzen = Programma.objects.aggregate(
        eerste=Min("eerste_jaar"), laatste=Max("laatste_jaar"), laatste_start=Max("eerste_jaar")
    )
    if Programma.objects.filter(eerste_jaar__lte=timezone.localdate().year).exists():
        jaren = [grenzen["eerste"] - lengte * i for i in range(1, aantal + 1)]
    else:
        begin = max(grenzen["laatste"], grenzen["laatste_start"]) + 1
        jaren = [begin + lengte * i for i in range(aantal)]
    if jaren and not 2000 <= min(jaren) <= max(jaren) + lengte - 1 <= 2100:
        raise ValueError(f"Geen ruimte voor {aantal} extra programma's tussen 2000 en 2100.")
    return jaren


def _programmas(
    bron: _Bron, aantal: int, *, tijdstip: "Klok", aantallen: dict[str, int]
) -> list[Programma]:
    """`aantal` whole copies of the programme, each in a period of its own."""
    origineel = bron.programma
    eerste_jaren = _eerste_jaren(origineel, aantal)
    verschuiving = {s: eerste_jaren[s - 1] - origineel.eerste_jaar for s in range(1, aantal + 1)}
    kopie = _Kopieren(
        sleutels=range(1, aantal + 1),
        ernaast=False,
        tijdstip=tijdstip,
        aantallen=aantallen,
        jaren=verschuiving.__getitem__,
    )

    def periode(s: int) -> str:
        return f"{origineel.eerste_jaar + kopie.jaren(s)}-{origineel.laatste_jaar + kopie.jaren(s)}"

    kopie.maak(
        Programma,
        [origineel],
        lambda p, s: {
            "titel": f"{p.titel.replace(p.periode, periode(s))} (schaal)"
            if p.periode in p.titel
            else f"{p.titel} {periode(s)} (schaal)",
            "eerste_jaar": kopie.jaar(p.eerste_jaar, s),
            "laatste_jaar": kopie.jaar(p.laatste_jaar, s),
        },
    )
    kopie.maak(
        Opgave, bron.opgaven, lambda o, s: {"programma_id": kopie.id(Programma, o.programma_id, s)}
    )
    per_opgave = lambda x, s: {"opgave_id": kopie.id(Opgave, x.opgave_id, s)}  # noqa: E731
    kopie.maak(Thema, bron.themas, per_opgave)
    kopie.maak(OpgavePartner, bron.partnerkoppelingen, per_opgave)
    kopie.maak(OpgaveGerelateerdProgramma, bron.programmakoppelingen, per_opgave)
    kopie.onderdelen(bron)
    nieuw = kopie.kaart[Programma]
    return list(Programma.objects.filter(pk__in=[nieuw[(origineel.pk, s)] for s in kopie.sleutels]))


@transaction.atomic
def maak_schaaldata(*, programma: Programma, factor: int, programmas: int = 0) -> dict[str, int]:
    """Add (factor - 1) copies of the programme's items inside it, and `programmas` extra
    programmes that are whole copies of it as it was (in earlier or later periods).

    Returns the number of created objects per kind (plural verbose name), and the
    number of history rows.
    """
    if factor < 1 or programmas < 0:
        raise ValueError("factor >= 1 and programmas >= 0")
    tijdstip = Klok(timezone.now())
    aantallen: dict[str, int] = {}
    actueel = Programma.objects.actueel()
    bron = _Bron.lees(programma)

    # The extra programmes first: they copy the programme as it was, not its scaled self.
    _programmas(bron, programmas, tijdstip=tijdstip, aantallen=aantallen)
    if Programma.objects.actueel() != actueel:
        raise RuntimeError("Een extra programma zou het actuele programma worden.")

    _Kopieren(
        sleutels=range(1, factor), ernaast=True, tijdstip=tijdstip, aantallen=aantallen
    ).onderdelen(bron)
    # The history rows last, after the kinds they belong to.
    return {soort: n for soort, n in aantallen.items() if soort != HISTORIE} | {
        HISTORIE: aantallen.get(HISTORIE, 0)
    }


class Command(BaseCommand):
    help = (
        "Vermenigvuldigt de gegevens van het actuele programma en voegt desgewenst hele "
        "programma's toe (voor benchmarks). Alleen met DEBUG aan of --ik-weet-het-zeker, "
        "nooit per ongeluk in productie."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--factor",
            type=int,
            default=100,
            help="Zoveel keer de onderdelen van het actuele programma (1 = niets erbij).",
        )
        parser.add_argument(
            "--programmas",
            type=int,
            default=0,
            help="Zoveel extra programma's als kopie van het actuele, in eerdere perioden.",
        )
        parser.add_argument("--ik-weet-het-zeker", action="store_true")

    def handle(
        self, *args, factor: int, programmas: int, ik_weet_het_zeker: bool, **options
    ) -> None:
        if not settings.DEBUG and not ik_weet_het_zeker:
            raise CommandError("Schaaldata alleen met DEBUG=true of --ik-weet-het-zeker.")
        if factor < 1 or programmas < 0:
            raise CommandError("--factor moet minstens 1 zijn en --programmas minstens 0.")
        if factor == 1 and programmas == 0:
            raise CommandError("Niets te doen: --factor moet minstens 2 zijn of --programmas 1.")
        programma = Programma.objects.actueel()
        if programma is None:
            raise CommandError("Er is nog geen programma geladen (manage.py laad_programma).")
        try:
            aantallen = maak_schaaldata(programma=programma, factor=factor, programmas=programmas)
        except ValueError as fout:
            raise CommandError(str(fout)) from fout
        self.stdout.write(
            self.style.SUCCESS(
                ", ".join(f"{aantal} {wat}" for wat, aantal in aantallen.items()) + " toegevoegd."
            )
        )


if __name__ == "__main__":
    # python -m bench.schaaldata --factor 100 --programmas 9 (with the project's settings).
    import os
    import sys

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "koers.settings")
    django.setup()
    Command().run_from_argv(["bench.schaaldata", "maak_schaaldata", *sys.argv[1:]])
