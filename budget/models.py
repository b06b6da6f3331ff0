from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q, Sum
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from basis.velden import binnen_datumvenster, vereis_zichtbare_tekst
from basis.versies import Versiebeheerd
from budget.tabel import NUL, BegrotingsregelQuerySet, Wijzigingsstatus
from opgaven.models import Opgave, Programma


class Begrotingsregel(Versiebeheerd):
    """A budget line of an opgave (a row of Tabel 1)."""

    opgave = models.ForeignKey(
        Opgave,
        verbose_name=_("opgave"),
        on_delete=models.PROTECT,
        related_name="begrotingsregels",
    )
    omschrijving = models.CharField(
        _("omschrijving"), max_length=200, validators=[vereis_zichtbare_tekst]
    )
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


def _controleer_jaar(jaar: int, programma: Programma) -> None:
    if jaar not in programma.jaren:
        raise ValidationError(
            {
                "jaar": _("Het jaar moet binnen de programmaperiode %(periode)s liggen.")
                % {"periode": programma.periode}
            }
        )


class BinnenProgrammaperiode(Versiebeheerd):
    """A yearly entry of a budget line; the year must lie in the programme's period."""

    class Meta:
        abstract = True

    def clean(self) -> None:
        super().clean()
        jaar = getattr(self, "jaar", None)
        if getattr(self, "regel_id", None) is not None and jaar is not None:
            _controleer_jaar(jaar, self.regel.opgave.programma)  # type: ignore[attr-defined]


class Begrotingsbedrag(BinnenProgrammaperiode):
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


BEDRAG = {"max_digits": 14, "decimal_places": 2}


class Besluitorgaan(models.TextChoices):
    GS = "GS", _("Gedeputeerde Staten")
    PS = "PS", _("Provinciale Staten")


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
        validators=[vereis_zichtbare_tekst],
    )
    besluitdatum = models.DateField(
        _("besluitdatum"), null=True, blank=True, validators=[binnen_datumvenster]
    )
    orgaan = models.CharField(
        _("besluitorgaan"), max_length=2, choices=Besluitorgaan.choices, default=Besluitorgaan.GS
    )
    motivering = models.TextField(
        _("motivering"),
        help_text=_("Waarom het budget verandert, zoals in het besluit."),
        validators=[vereis_zichtbare_tekst],
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
    datum = models.DateField(_("datum"), validators=[binnen_datumvenster])
    verplicht = models.DecimalField(
        _("verplicht (€)"),
        **BEDRAG,
        default=NUL,
        help_text=_("Aangegane verplichtingen, zoals een verleende subsidie of opdracht."),
    )
    besteed = models.DecimalField(
        _("besteed (€)"), **BEDRAG, default=NUL, help_text=_("Werkelijk uitgegeven.")
    )
    omschrijving = models.CharField(
        _("omschrijving"), max_length=200, validators=[vereis_zichtbare_tekst]
    )
    bronsleutel = models.CharField(
        _("sleutel in het grootboek"),
        max_length=100,
        null=True,
        blank=True,
        unique=True,
        editable=False,
        help_text=_(
            "Bij een regel uit een grootboekextract: zo wordt hij nooit twee keer ingelezen."
        ),
    )

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


class Grootboekkoppeling(Versiebeheerd):
    """Which budget line a cost centre and/or ledger account of the financial system books to.

    A mapping with both wins over one with only a cost centre, which wins over one with
    only an account."""

    kostenplaats = models.CharField(_("kostenplaats"), max_length=40, blank=True)
    grootboekrekening = models.CharField(_("grootboekrekening"), max_length=40, blank=True)
    regel = models.ForeignKey(
        Begrotingsregel,
        verbose_name=_("begrotingsregel"),
        on_delete=models.PROTECT,
        related_name="grootboekkoppelingen",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("grootboekkoppeling")
        verbose_name_plural = _("grootboekkoppelingen")
        ordering = ["kostenplaats", "grootboekrekening"]
        constraints = [
            models.UniqueConstraint(
                fields=["kostenplaats", "grootboekrekening"],
                name="grootboekkoppeling_uniek",
                violation_error_message=_(
                    "Voor deze kostenplaats en grootboekrekening is al een koppeling."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(kostenplaats="", grootboekrekening=""),
                name="grootboekkoppeling_niet_leeg",
                violation_error_message=_("Vul een kostenplaats of een grootboekrekening in."),
            ),
        ]

    def __str__(self) -> str:
        bron = " / ".join(d for d in (self.kostenplaats, self.grootboekrekening) if d)
        return f"{bron} → {self.regel.omschrijving}"


class Financieringsbron(Versiebeheerd):
    """A source of co-funding: EFRO, JTF, a Regio Deal, a ministry, private partners."""

    naam = models.CharField(
        _("naam"), max_length=200, unique=True, validators=[vereis_zichtbare_tekst]
    )
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


class Cofinanciering(Versiebeheerd):
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
            _controleer_jaar(self.jaar, self.opgave.programma)
