"""Read models of the budget: Tabel 1 and its execution, summed in the database.

`Begrotingsregel.objects` is a BegrotingsregelQuerySet: `tabel()` gives Tabel 1
(lines, subtotals per opgave, totals), `uitvoering*()` the execution per year
(primitief, vastgestelde and concept-wijzigingen, actueel, verplicht, besteed,
uitputting) per line, opgave or programme. Amounts are Decimal euros; every sum is
a database aggregate, never a Python loop over amounts.
"""

from dataclasses import dataclass, field, fields
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from opgaven.models import Opgave, Programma, aantallen_per_opgave, eerste_per_opgave

if TYPE_CHECKING:
    from budget.models import Begrotingsregel


NUL = Decimal("0")


class Wijzigingsstatus(models.TextChoices):
    """Here, not in budget.models, because only vastgestelde amendments count in the sums."""

    CONCEPT = "concept", _("concept")
    VASTGESTELD = "vastgesteld", _("vastgesteld")


@dataclass
class Tabelregel:
    regel: "Begrotingsregel"
    bedragen: list[Decimal]


class Regelgroep:
    """An opgave's lines in a table: those shown, and how many there are in all."""

    regels: list
    aantal_regels: int | None  # all of the opgave's lines, when not all are shown

    @property
    def aantal(self) -> int:
        return len(self.regels) if self.aantal_regels is None else self.aantal_regels

    @property
    def meer(self) -> int:
        return self.aantal - len(self.regels)


@dataclass
class Tabelgroep(Regelgroep):
    opgave: Opgave
    regels: list[Tabelregel] = field(default_factory=list)
    subtotalen: list[Decimal] = field(default_factory=list)
    aantal_regels: int | None = None  # all of the opgave's lines, when not all are shown


@dataclass
class Begrotingstabel:
    """Tabel 1: budget lines grouped by opgave with per-year subtotals and totals."""

    jaren: list[int]
    groepen: list[Tabelgroep]
    totalen: list[Decimal]


@dataclass
class Budgetoverzicht:
    """Tabel 1 without its lines: per opgave (by pk) the subtotal per year, and the totals."""

    jaren: list[int]
    subtotalen: dict[int, list[Decimal]]
    totalen: list[Decimal]

    @classmethod
    def van_tabel(cls, tabel: Begrotingstabel) -> "Budgetoverzicht":
        return cls(
            jaren=tabel.jaren,
            subtotalen={groep.opgave.pk: groep.subtotalen for groep in tabel.groepen},
            totalen=tabel.totalen,
        )


@dataclass
class Uitvoeringsbedragen:
    """One year of a line, opgave or programme: planned, now, and spent."""

    primitief: Decimal = NUL
    wijzigingen: Decimal = NUL
    concept: Decimal = NUL
    verplicht: Decimal = NUL
    besteed: Decimal = NUL

    @property
    def actueel(self) -> Decimal:
        """The primitieve begroting plus the vastgestelde wijzigingen (concepts do not count)."""
        return self.primitief + self.wijzigingen

    @property
    def uitputting(self) -> Decimal | None:
        """Besteed as a percentage of actueel, one decimal; None when actueel is 0."""
        if not self.actueel:
            return None
        return (self.besteed * 100 / self.actueel).quantize(Decimal("0.1"))


@dataclass
class Uitvoeringsregel:
    regel: "Begrotingsregel"
    bedragen: Uitvoeringsbedragen


@dataclass
class Uitvoeringsgroep(Regelgroep):
    opgave: Opgave
    subtotaal: Uitvoeringsbedragen
    regels: list[Uitvoeringsregel] = field(default_factory=list)
    aantal_regels: int | None = None  # all of the opgave's lines, when not all are shown


@dataclass
class Uitvoeringstabel:
    """Per line for one year: primitief, wijzigingen, actueel, verplicht, besteed."""

    jaar: int
    groepen: list[Uitvoeringsgroep]
    totaal: Uitvoeringsbedragen


# The columns summed in the database (the fields); actueel follows from two of them.
BRONKOLOMMEN = tuple(veld.name for veld in fields(Uitvoeringsbedragen))
UITVOERING_KOLOMMEN = (*BRONKOLOMMEN, "actueel")
GELD = models.DecimalField(max_digits=14, decimal_places=2)


def _som(veld: str, **alleen: object) -> Coalesce:
    return Coalesce(Sum(veld, filter=Q(**alleen) if alleen else None), NUL, output_field=GELD)


def _eerste_per_opgave(regels: models.QuerySet, limiet: int | None) -> models.QuerySet:
    """The first `limiet` lines of every opgave, or all of them."""
    return regels if limiet is None else eerste_per_opgave(regels, limiet)


def _aantallen_per_opgave(regels: models.QuerySet, limiet: int | None) -> dict[int, int]:
    """Lines per opgave, counted only when a page shows part of them (one query)."""
    return {} if limiet is None else aantallen_per_opgave(regels)


def _bron(regelmodel: type[models.Model], naam: str) -> models.QuerySet:
    """The yearly rows of a line by their relation's name ("bedragen", "wijzigingen", ...)."""
    return getattr(regelmodel, naam).rel.related_model._default_manager.all()


class BegrotingsregelQuerySet(models.QuerySet["Begrotingsregel"]):
    def _uitvoeringssommen(
        self,
        groep: tuple[str, ...],
        jaren: list[int],
        *,
        peildatum: date | None = None,
        **regelfilters: object,
    ) -> dict[tuple, Uitvoeringsbedragen]:
        """Every column of Uitvoeringsbedragen per `groep` and year, in one query.

        With `peildatum` the sums are the state on that day: a vastgestelde amendment
        counts when decided on or before it (one decided later not at all), a realisation
        when dated on or before it; concepts carry no date and count as they are now.
        Without it, today's state.

        `groep` is a path from a yearly row to what is summed ("regel", "regel__opgave",
        or nothing for all rows); `regelfilters` select the lines ("opgave__programma",
        "pk__in"). The query is a UNION ALL of one GROUP BY per source table (amounts,
        amendments, realisations): each fills its own columns and 0 in the others, so no
        join multiplies rows. Keys are (*groep values, jaar); a missing key means 0.
        """
        nul = Value(NUL, output_field=GELD)
        filters = {f"regel__{veld}": waarde for veld, waarde in regelfilters.items()}

        def per_bron(bron: models.Manager | models.QuerySet, **kolommen: object) -> models.QuerySet:
            return (
                bron.filter(jaar__in=jaren, **filters)
                .order_by()
                .values(*groep, "jaar")
                .annotate(**{kolom: kolommen.get(kolom, nul) for kolom in BRONKOLOMMEN})
            )

        wijzigingen = _bron(self.model, "wijzigingen")
        realisaties = _bron(self.model, "realisaties")
        if peildatum is not None:
            wijzigingen = wijzigingen.exclude(besluitdatum__gt=peildatum)
            realisaties = realisaties.filter(datum__lte=peildatum)
        rijen = per_bron(_bron(self.model, "bedragen"), primitief=_som("bedrag")).union(
            per_bron(
                wijzigingen,
                wijzigingen=_som("bedrag", status=Wijzigingsstatus.VASTGESTELD),
                concept=_som("bedrag", status=Wijzigingsstatus.CONCEPT),
            ),
            per_bron(realisaties, verplicht=_som("verplicht"), besteed=_som("besteed")),
            all=True,
        )
        sommen: dict[tuple, Uitvoeringsbedragen] = {}
        for rij in rijen:
            sleutel = (*(rij[veld] for veld in groep), rij["jaar"])
            # Each source fills columns no other source has: taking the non-zero one
            # combines the three rows of a key without adding anything up.
            bedragen = sommen.setdefault(sleutel, Uitvoeringsbedragen())
            for kolom in BRONKOLOMMEN:
                if rij[kolom]:
                    setattr(bedragen, kolom, rij[kolom])
        return sommen

    def uitvoering(
        self,
        programma: Programma,
        jaar: int,
        opgave: Opgave | None = None,
        *,
        limiet: int | None = None,
        peildatum: date | None = None,
    ) -> Uitvoeringstabel:
        """The execution of the budget in one year; see uitvoering_per_jaar."""
        return self.uitvoering_per_jaar(
            programma, [jaar], opgave, limiet=limiet, peildatum=peildatum
        )[0]

    def uitvoering_per_jaar(
        self,
        programma: Programma,
        jaren: list[int],
        opgave: Opgave | None = None,
        *,
        limiet: int | None = None,
        peildatum: date | None = None,
    ) -> list[Uitvoeringstabel]:
        """The execution of the budget for each of `jaren`, summed in the database.

        With `peildatum` the state on that day (see _uitvoeringssommen), else today's.

        Four queries whatever the size and the number of years: the lines, then
        the sums per line, per opgave and of the programme (_uitvoeringssommen). For
        one opgave three: its subtotal is its total. With `limiet` only the first
        `limiet` lines of each opgave are read and summed, and one more query counts
        them all; subtotals and totals are always of every line.
        """
        filters: dict[str, object] = {"opgave__programma": programma}
        if opgave is not None:
            filters["opgave"] = opgave
        alle_regels = self.filter(**filters)
        regels = list(
            _eerste_per_opgave(alle_regels.select_related("opgave"), limiet).order_by(
                "opgave__nummer", "volgorde", "pk"
            )
        )
        aantallen = _aantallen_per_opgave(alle_regels, limiet)
        # Without a limit the lines are the filter's; with one, the few that were read.
        per_regel = self._uitvoeringssommen(
            ("regel",),
            jaren,
            peildatum=peildatum,
            **(filters if limiet is None else {"pk__in": [r.pk for r in regels]}),
        )
        per_opgave = self._uitvoeringssommen(
            ("regel__opgave",), jaren, peildatum=peildatum, **filters
        )
        if opgave is None:
            totalen = self._uitvoeringssommen((), jaren, peildatum=peildatum, **filters)
        else:
            totalen = {
                (jaar,): per_opgave.get((opgave.pk, jaar), Uitvoeringsbedragen()) for jaar in jaren
            }

        tabellen = []
        for jaar in jaren:
            groepen: dict[int, Uitvoeringsgroep] = {}
            for regel in regels:
                groep = groepen.get(regel.opgave_id)
                if groep is None:
                    groep = groepen[regel.opgave_id] = Uitvoeringsgroep(
                        opgave=regel.opgave,
                        subtotaal=per_opgave.get((regel.opgave_id, jaar), Uitvoeringsbedragen()),
                        aantal_regels=aantallen.get(regel.opgave_id),
                    )
                bedragen = per_regel.get((regel.pk, jaar), Uitvoeringsbedragen())
                groep.regels.append(Uitvoeringsregel(regel, bedragen))
            tabellen.append(
                Uitvoeringstabel(
                    jaar=jaar,
                    groepen=list(groepen.values()),
                    totaal=totalen.get((jaar,), Uitvoeringsbedragen()),
                )
            )
        return tabellen

    def uitvoering_per_opgave(
        self, opgaven: list[Opgave], jaren: list[int], *, peildatum: date | None = None
    ) -> list[Uitvoeringstabel]:
        """Per year the execution of each of `opgaven` and of them together, without lines.

        For summaries: two queries (the subtotals, the total), one for a single opgave.
        Every opgave gets a group, also one without budget lines (all zero). With
        `peildatum` the state on that day (see _uitvoeringssommen), else today's.
        """
        per_opgave = self._uitvoeringssommen(
            ("regel__opgave",), jaren, peildatum=peildatum, opgave__in=opgaven
        )
        if len(opgaven) == 1:
            totalen = {(jaar,): per_opgave.get((opgaven[0].pk, jaar)) for jaar in jaren}
        else:
            totalen = self._uitvoeringssommen((), jaren, peildatum=peildatum, opgave__in=opgaven)
        return [
            Uitvoeringstabel(
                jaar=jaar,
                groepen=[
                    Uitvoeringsgroep(
                        opgave=opgave,
                        subtotaal=per_opgave.get((opgave.pk, jaar), Uitvoeringsbedragen()),
                    )
                    for opgave in opgaven
                ],
                totaal=totalen.get((jaar,)) or Uitvoeringsbedragen(),
            )
            for jaar in jaren
        ]

    def per_jaar(self, regel: "Begrotingsregel") -> list[tuple[int, Uitvoeringsbedragen]]:
        """One line's execution for every year of its programme (one query)."""
        jaren = regel.opgave.programma.jaren
        sommen = self._uitvoeringssommen(("regel",), jaren, pk=regel.pk)
        return [(jaar, sommen.get((regel.pk, jaar), Uitvoeringsbedragen())) for jaar in jaren]

    def met_bedragen(self, jaren: list[int]) -> "BegrotingsregelQuerySet":
        """Annotate bedrag_<jaar> for every year; a missing year sums to 0."""
        return self.select_related("opgave").annotate(
            **{f"bedrag_{jaar}": _som("bedragen__bedrag", bedragen__jaar=jaar) for jaar in jaren}
        )

    def _primitieve_sommen(
        self, programma: Programma, opgave: Opgave | None = None
    ) -> tuple[dict[tuple[int, int], Decimal], dict[int, Decimal]]:
        """Tabel 1's sums: per (opgave pk, year) and per year. Two queries; one for one
        opgave, whose subtotals are its totals."""
        bedragen = _bron(self.model, "bedragen").filter(
            regel__opgave__programma=programma, jaar__in=programma.jaren
        )
        if opgave is not None:
            bedragen = bedragen.filter(regel__opgave=opgave)
        subtotalen = {
            (rij["regel__opgave"], rij["jaar"]): rij["totaal"]
            for rij in bedragen.values("regel__opgave", "jaar").annotate(totaal=Sum("bedrag"))
        }
        if opgave is not None:
            return subtotalen, {
                jaar: subtotalen.get((opgave.pk, jaar), NUL) for jaar in programma.jaren
            }
        totalen = {
            rij["jaar"]: rij["totaal"]
            for rij in bedragen.values("jaar").annotate(totaal=Sum("bedrag"))
        }
        return subtotalen, totalen

    def per_opgave(self, programma: Programma) -> Budgetoverzicht:
        """Tabel 1's subtotals per opgave and its totals, without the lines (two queries).

        For summaries such as the dashboard, which show no line at all.
        """
        jaren = programma.jaren
        subtotalen, totalen = self._primitieve_sommen(programma)
        per_opgave: dict[int, dict[int, Decimal]] = {}
        for (opgave, jaar), totaal in subtotalen.items():
            per_opgave.setdefault(opgave, {})[jaar] = totaal
        return Budgetoverzicht(
            jaren=jaren,
            subtotalen={
                opgave: [per_jaar.get(jaar, NUL) for jaar in jaren]
                for opgave, per_jaar in per_opgave.items()
            },
            totalen=[totalen.get(jaar, NUL) for jaar in jaren],
        )

    def tabel(
        self, programma: Programma, opgave: Opgave | None = None, *, limiet: int | None = None
    ) -> Begrotingstabel:
        """Tabel 1 for a programme, or one opgave's part of it.

        Three queries whatever the size: the lines with their yearly amounts,
        the subtotals per opgave and year, and the totals per year (not for one
        opgave, whose subtotals are its totals). With `limiet`
        only the first `limiet` lines of each opgave, and a fourth query counts them
        all; subtotals and totals are always of every line.
        """
        jaren = programma.jaren
        regels = self.filter(opgave__programma=programma)
        if opgave is not None:
            regels = regels.filter(opgave=opgave)
        subtotalen, totalen = self._primitieve_sommen(programma, opgave)

        aantallen = _aantallen_per_opgave(regels, limiet)
        groepen: dict[int, Tabelgroep] = {}
        for regel in _eerste_per_opgave(regels.met_bedragen(jaren), limiet).order_by(
            "opgave__nummer", "volgorde", "pk"
        ):
            groep = groepen.get(regel.opgave_id)
            if groep is None:
                groep = groepen[regel.opgave_id] = Tabelgroep(
                    opgave=regel.opgave,
                    subtotalen=[subtotalen.get((regel.opgave_id, jaar), NUL) for jaar in jaren],
                    aantal_regels=aantallen.get(regel.opgave_id),
                )
            groep.regels.append(
                Tabelregel(
                    regel=regel, bedragen=[getattr(regel, f"bedrag_{jaar}") for jaar in jaren]
                )
            )
        return Begrotingstabel(
            jaren=jaren,
            groepen=list(groepen.values()),
            totalen=[totalen.get(jaar, NUL) for jaar in jaren],
        )
