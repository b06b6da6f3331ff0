from dataclasses import dataclass, field, fields
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from opgaven.models import Opgave, Programma, aantallen_per_opgave, eerste_per_opgave

NUL = Decimal("0")


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


def uitvoeringssommen(
    groep: tuple[str, ...], jaren: list[int], **regelfilters: object
) -> dict[tuple, Uitvoeringsbedragen]:
    """Every column of Uitvoeringsbedragen per `groep` and year, in one query.

    `groep` is a path from a yearly row to what is summed ("regel", "regel__opgave",
    or nothing for all rows); `regelfilters` select the lines ("opgave__programma",
    "pk__in"). The query is a UNION ALL of one GROUP BY per source table (amounts,
    amendments, realisations): each fills its own columns and 0 in the others, so no
    join multiplies rows. Keys are (*groep values, jaar); a missing key means 0.
    """
    nul = Value(NUL, output_field=GELD)
    filters = {f"regel__{veld}": waarde for veld, waarde in regelfilters.items()}

    def per_bron(model: type[models.Model], **kolommen: models.Expression) -> models.QuerySet:
        return (
            model._default_manager.filter(jaar__in=jaren, **filters)
            .order_by()
            .values(*groep, "jaar")
            .annotate(**{kolom: kolommen.get(kolom, nul) for kolom in BRONKOLOMMEN})
        )

    rijen = per_bron(Begrotingsbedrag, primitief=_som("bedrag")).union(
        per_bron(
            Begrotingswijziging,
            wijzigingen=_som("bedrag", status=Wijzigingsstatus.VASTGESTELD),
            concept=_som("bedrag", status=Wijzigingsstatus.CONCEPT),
        ),
        per_bron(Realisatie, verplicht=_som("verplicht"), besteed=_som("besteed")),
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


def _eerste_per_opgave(regels: models.QuerySet, limiet: int | None) -> models.QuerySet:
    """The first `limiet` lines of every opgave, or all of them."""
    return regels if limiet is None else eerste_per_opgave(regels, limiet)


def _aantallen_per_opgave(regels: models.QuerySet, limiet: int | None) -> dict[int, int]:
    """Lines per opgave, counted only when a page shows part of them (one query)."""
    return {} if limiet is None else aantallen_per_opgave(regels)


class BegrotingsregelQuerySet(models.QuerySet["Begrotingsregel"]):
    def uitvoering(
        self,
        programma: Programma,
        jaar: int,
        opgave: Opgave | None = None,
        *,
        limiet: int | None = None,
    ) -> Uitvoeringstabel:
        """The execution of the budget in one year; see uitvoering_per_jaar."""
        return self.uitvoering_per_jaar(programma, [jaar], opgave, limiet=limiet)[0]

    def uitvoering_per_jaar(
        self,
        programma: Programma,
        jaren: list[int],
        opgave: Opgave | None = None,
        *,
        limiet: int | None = None,
    ) -> list[Uitvoeringstabel]:
        """The execution of the budget for each of `jaren`, summed in the database.

        Four queries whatever the size and the number of years: the lines, then
        the sums per line, per opgave and of the programme (uitvoeringssommen). For
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
        per_regel = uitvoeringssommen(
            ("regel",), jaren, **(filters if limiet is None else {"pk__in": [r.pk for r in regels]})
        )
        per_opgave = uitvoeringssommen(("regel__opgave",), jaren, **filters)
        if opgave is None:
            totalen = uitvoeringssommen((), jaren, **filters)
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
        self, opgaven: list[Opgave], jaren: list[int]
    ) -> list[Uitvoeringstabel]:
        """Per year the execution of each of `opgaven` and of them together, without lines.

        For summaries: two queries (the subtotals, the total), one for a single opgave.
        Every opgave gets a group, also one without budget lines (all zero).
        """
        per_opgave = uitvoeringssommen(("regel__opgave",), jaren, opgave__in=opgaven)
        if len(opgaven) == 1:
            totalen = {(jaar,): per_opgave.get((opgaven[0].pk, jaar)) for jaar in jaren}
        else:
            totalen = uitvoeringssommen((), jaren, opgave__in=opgaven)
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
        sommen = uitvoeringssommen(("regel",), jaren, pk=regel.pk)
        return [(jaar, sommen.get((regel.pk, jaar), Uitvoeringsbedragen())) for jaar in jaren]

    def met_bedragen(self, jaren: list[int]) -> "BegrotingsregelQuerySet":
        """Annotate bedrag_<jaar> for every year; a missing year sums to 0."""
        return self.select_related("opgave").annotate(
            **{
                f"bedrag_{jaar}": models.functions.Coalesce(
                    Sum("bedragen__bedrag", filter=Q(bedragen__jaar=jaar)),
                    NUL,
                    output_field=models.DecimalField(max_digits=14, decimal_places=2),
                )
                for jaar in jaren
            }
        )

    def per_opgave(self, programma: Programma) -> Budgetoverzicht:
        """Tabel 1's subtotals per opgave and its totals, without the lines (two queries).

        For summaries such as the dashboard, which show no line at all.
        """
        jaren = programma.jaren
        bedragen = Begrotingsbedrag.objects.filter(
            regel__opgave__programma=programma, jaar__in=jaren
        )
        per_opgave: dict[int, dict[int, Decimal]] = {}
        for rij in bedragen.values("regel__opgave", "jaar").annotate(totaal=Sum("bedrag")):
            per_opgave.setdefault(rij["regel__opgave"], {})[rij["jaar"]] = rij["totaal"]
        totalen = {
            rij["jaar"]: rij["totaal"]
            for rij in bedragen.values("jaar").annotate(totaal=Sum("bedrag"))
        }
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
        bedragen = Begrotingsbedrag.objects.filter(
            regel__opgave__programma=programma, jaar__in=jaren
        )
        if opgave is not None:
            regels = regels.filter(opgave=opgave)
            bedragen = bedragen.filter(regel__opgave=opgave)

        subtotalen: dict[tuple[int, int], Decimal] = {
            (rij["regel__opgave"], rij["jaar"]): rij["totaal"]
            for rij in bedragen.values("regel__opgave", "jaar").annotate(totaal=Sum("bedrag"))
        }
        if opgave is None:
            totalen = {
                rij["jaar"]: rij["totaal"]
                for rij in bedragen.values("jaar").annotate(totaal=Sum("bedrag"))
            }
        else:  # one opgave's subtotals are its totals
            totalen = {jaar: subtotalen.get((opgave.pk, jaar), NUL) for jaar in jaren}

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


class Begrotingsregel(models.Model):
    """A budget line of an opgave (a row of Tabel 1)."""

    opgave = models.ForeignKey(
        Opgave,
        verbose_name=_("opgave"),
        on_delete=models.PROTECT,
        related_name="begrotingsregels",
    )
    omschrijving = models.CharField(_("omschrijving"), max_length=200)
    volgorde = models.PositiveIntegerField(_("volgorde"), default=0)

    objects = BegrotingsregelQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("begrotingsregel")
        verbose_name_plural = _("begrotingsregels")
        ordering = ["opgave__programma", "opgave__nummer", "volgorde", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["opgave", "omschrijving"],
                name="begrotingsregel_uniek_per_opgave",
                violation_error_message=_(
                    "Deze opgave heeft al een begrotingsregel met deze naam."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.omschrijving} ({_('opgave')} {self.opgave.nummer})"


class Begrotingsbedrag(models.Model):
    """The primitive budget of a line for one year."""

    regel = models.ForeignKey(
        Begrotingsregel,
        verbose_name=_("begrotingsregel"),
        on_delete=models.CASCADE,
        related_name="bedragen",
    )
    jaar = models.PositiveSmallIntegerField(_("jaar"))
    bedrag = models.DecimalField(
        _("bedrag (€)"),
        max_digits=14,
        decimal_places=2,
        default=NUL,
        help_text=_("Een '-' in Tabel 1 is een bedrag van 0."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("begrotingsbedrag")
        verbose_name_plural = _("begrotingsbedragen")
        ordering = ["regel", "jaar"]
        constraints = [
            models.UniqueConstraint(
                fields=["regel", "jaar"],
                name="begrotingsbedrag_uniek_per_jaar",
                violation_error_message=_("Deze regel heeft voor dit jaar al een bedrag."),
            ),
            models.CheckConstraint(
                condition=Q(bedrag__gte=0),
                name="begrotingsbedrag_niet_negatief",
                violation_error_message=_("Een begrotingsbedrag kan niet negatief zijn."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.regel.omschrijving} {self.jaar}"

    def clean(self) -> None:
        super().clean()
        if self.regel_id is None or self.jaar is None:
            return
        programma = self.regel.opgave.programma
        if self.jaar not in programma.jaren:
            raise ValidationError(
                {
                    "jaar": _("Het jaar moet binnen de programmaperiode %(periode)s liggen.")
                    % {"periode": programma.periode}
                }
            )


BEDRAG = {"max_digits": 14, "decimal_places": 2}


class Wijzigingsstatus(models.TextChoices):
    CONCEPT = "concept", _("concept")
    VASTGESTELD = "vastgesteld", _("vastgesteld")


class Besluitorgaan(models.TextChoices):
    GS = "GS", _("Gedeputeerde Staten")
    PS = "PS", _("Provinciale Staten")


class BinnenProgrammaperiode(models.Model):
    """A yearly entry of a budget line; the year must lie in the programme's period."""

    class Meta:
        abstract = True

    def clean(self) -> None:
        super().clean()
        regel_id = getattr(self, "regel_id", None)
        if regel_id is None or self.jaar is None:  # type: ignore[attr-defined]
            return
        programma = self.regel.opgave.programma  # type: ignore[attr-defined]
        if self.jaar not in programma.jaren:  # type: ignore[attr-defined]
            raise ValidationError(
                {
                    "jaar": _("Het jaar moet binnen de programmaperiode %(periode)s liggen.")
                    % {"periode": programma.periode}
                }
            )


class Begrotingswijziging(BinnenProgrammaperiode):
    """A change to the budget of a line for one year (Voorjaarsnota, GS-besluit, ...).

    Only vastgestelde wijzigingen count in the actuele begroting; a concept is a proposal.
    """

    regel = models.ForeignKey(
        Begrotingsregel,
        verbose_name=_("begrotingsregel"),
        on_delete=models.PROTECT,
        related_name="wijzigingen",
    )
    jaar = models.PositiveSmallIntegerField(_("jaar"))
    bedrag = models.DecimalField(
        _("bedrag (€)"),
        **BEDRAG,
        help_text=_("Positief voor een verhoging, negatief (bijv. -25.000) voor een verlaging."),
    )
    kenmerk = models.CharField(
        _("kenmerk"),
        max_length=200,
        help_text=_("Bijvoorbeeld 'Voorjaarsnota 2026' of het nummer van een GS-besluit."),
    )
    besluitdatum = models.DateField(_("besluitdatum"), null=True, blank=True)
    orgaan = models.CharField(
        _("besluitorgaan"), max_length=2, choices=Besluitorgaan.choices, default=Besluitorgaan.GS
    )
    motivering = models.TextField(
        _("motivering"), help_text=_("Waarom het budget verandert, zoals in het besluit.")
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=Wijzigingsstatus.choices,
        default=Wijzigingsstatus.CONCEPT,
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("begrotingswijziging")
        verbose_name_plural = _("begrotingswijzigingen")
        ordering = ["regel", "jaar", "besluitdatum", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="vastgesteld") | Q(besluitdatum__isnull=False),
                name="begrotingswijziging_vastgesteld_heeft_besluitdatum",
                violation_error_message=_("Een vastgestelde wijziging heeft een besluitdatum."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kenmerk}: {self.regel.omschrijving} {self.jaar}"

    @property
    def is_vastgesteld(self) -> bool:
        return self.status == Wijzigingsstatus.VASTGESTELD


class Realisatie(BinnenProgrammaperiode):
    """Committed (verplicht) and spent (besteed) money on a line, as a dated entry."""

    regel = models.ForeignKey(
        Begrotingsregel,
        verbose_name=_("begrotingsregel"),
        on_delete=models.PROTECT,
        related_name="realisaties",
    )
    jaar = models.PositiveSmallIntegerField(_("jaar"))
    datum = models.DateField(_("datum"))
    verplicht = models.DecimalField(
        _("verplicht (€)"),
        **BEDRAG,
        default=NUL,
        help_text=_("Aangegane verplichtingen, zoals een verleende subsidie of opdracht."),
    )
    besteed = models.DecimalField(
        _("besteed (€)"), **BEDRAG, default=NUL, help_text=_("Werkelijk uitgegeven.")
    )
    omschrijving = models.CharField(_("omschrijving"), max_length=200)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("realisatie")
        verbose_name_plural = _("realisaties")
        ordering = ["regel", "jaar", "datum", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(verplicht__gte=0) & Q(besteed__gte=0),
                name="realisatie_niet_negatief",
                violation_error_message=_("Verplicht en besteed kunnen niet negatief zijn."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.regel.omschrijving} {self.datum:%d-%m-%Y}"


class Financieringsbron(models.Model):
    """A source of co-funding: EFRO, JTF, a Regio Deal, a ministry, private partners."""

    naam = models.CharField(_("naam"), max_length=200, unique=True)
    volgorde = models.PositiveIntegerField(_("volgorde"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("financieringsbron")
        verbose_name_plural = _("financieringsbronnen")
        ordering = ["volgorde", "naam"]

    def __str__(self) -> str:
        return self.naam


@dataclass
class Cofinancieringsoverzicht:
    rijen: list["Cofinanciering"]
    per_bron: list[dict]
    per_jaar: list[dict]


class CofinancieringQuerySet(models.QuerySet["Cofinanciering"]):
    def overzicht(self, programma: Programma) -> Cofinancieringsoverzicht:
        """Every entry of a programme, and the totals per source and per year (three queries)."""
        van_programma = self.filter(opgave__programma=programma)
        totalen = {"verwacht": Sum("verwacht"), "toegekend": Sum("toegekend")}
        return Cofinancieringsoverzicht(
            rijen=list(
                van_programma.select_related("bron", "opgave", "regel").order_by(
                    "opgave__nummer", "jaar", "bron__volgorde", "pk"
                )
            ),
            per_bron=list(
                van_programma.values("bron__naam", "jaar")
                .annotate(**totalen)
                .order_by("bron__volgorde", "bron__naam", "jaar")
            ),
            per_jaar=list(van_programma.values("jaar").annotate(**totalen).order_by("jaar")),
        )


class Cofinanciering(models.Model):
    """Money expected and granted from a source, for an opgave (optionally one line) and year."""

    bron = models.ForeignKey(
        Financieringsbron,
        verbose_name=_("financieringsbron"),
        on_delete=models.PROTECT,
        related_name="cofinancieringen",
    )
    opgave = models.ForeignKey(
        Opgave,
        verbose_name=_("opgave"),
        on_delete=models.PROTECT,
        related_name="cofinancieringen",
    )
    regel = models.ForeignKey(
        Begrotingsregel,
        verbose_name=_("begrotingsregel"),
        on_delete=models.PROTECT,
        related_name="cofinancieringen",
        null=True,
        blank=True,
        help_text=_("Leeg als het bedrag voor de opgave als geheel is."),
    )
    jaar = models.PositiveSmallIntegerField(_("jaar"))
    verwacht = models.DecimalField(_("verwacht (€)"), **BEDRAG, default=NUL)
    toegekend = models.DecimalField(_("toegekend (€)"), **BEDRAG, default=NUL)
    toelichting = models.TextField(_("toelichting"), blank=True)

    objects = CofinancieringQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cofinanciering")
        verbose_name_plural = _("cofinancieringen")
        ordering = ["opgave__nummer", "jaar", "bron__volgorde", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(verwacht__gte=0) & Q(toegekend__gte=0),
                name="cofinanciering_niet_negatief",
                violation_error_message=_("Bedragen van cofinanciering kunnen niet negatief zijn."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.bron} — {_('opgave')} {self.opgave.nummer} {self.jaar}"

    def clean(self) -> None:
        super().clean()
        andere_opgave = self.regel_id is not None and self.regel.opgave_id != self.opgave_id
        if andere_opgave and self.opgave_id is not None:
            raise ValidationError({"regel": _("De begrotingsregel hoort niet bij deze opgave.")})
        if self.opgave_id is not None and self.jaar is not None:
            programma = self.opgave.programma
            if self.jaar not in programma.jaren:
                raise ValidationError(
                    {
                        "jaar": _("Het jaar moet binnen de programmaperiode %(periode)s liggen.")
                        % {"periode": programma.periode}
                    }
                )
