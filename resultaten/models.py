from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import connection, models
from django.db.models import Count, F, OuterRef, Prefetch, Q, Subquery, Window
from django.db.models.functions import RowNumber
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from basis.opmaak import getal
from basis.velden import binnen_datumvenster, vereis_zichtbare_tekst, zichtbare_tekst
from basis.versies import Versiebeheerd
from opgaven.models import (
    Activiteit,
    Opgave,
    Programma,
    eerste_per_opgave,
    zonder_update,
)


class Streefperiode(models.TextChoices):
    PER_JAAR = "jaar", _("per jaar")
    PROGRAMMAPERIODE = "periode", _("in de programmaperiode")


class ResultaatQuerySet(models.QuerySet["Resultaat"]):
    DOCUMENTVOLGORDE = ("opgave__nummer", "volgorde", "pk")

    def van_opgave(self, opgave: Opgave) -> "ResultaatQuerySet":
        return self.filter(opgave=opgave).order_by("volgorde", "pk")

    def van_programma(self, programma: Programma) -> "ResultaatQuerySet":
        return self.filter(opgave__programma=programma)

    def in_documentvolgorde(self) -> "ResultaatQuerySet":
        return self.order_by(*self.DOCUMENTVOLGORDE)

    def met_indicatoren(self) -> "ResultaatQuerySet":
        return self.prefetch_related("indicatoren")

    def eerste_per_opgave(self, limiet: int) -> "ResultaatQuerySet":
        """The first `limiet` results of every opgave in document order."""
        return eerste_per_opgave(self, limiet)

    def met_eerste_streefdoel(self) -> "ResultaatQuerySet":
        """Annotates the first indicator's target (waarde, eenheid, periode) for lists."""
        eerste = Indicator.objects.filter(resultaat=OuterRef("pk")).order_by("volgorde", "pk")
        return self.annotate(
            streefwaarde=Subquery(eerste.values("streefwaarde")[:1]),
            eenheid=Subquery(eerste.values("eenheid")[:1]),
            streefperiode=Subquery(eerste.values("streefperiode")[:1]),
        )

    def aantallen_per_opgave(self, programma: Programma) -> dict[int, tuple[int, int]]:
        """(results, their indicators) per opgave id, in one aggregate query."""
        return {
            opgave: (resultaten, indicatoren)
            for opgave, resultaten, indicatoren in self.van_programma(programma)
            .order_by()
            .values_list("opgave")
            .annotate(Count("pk", distinct=True), Count("indicatoren"))
        }

    def zonder_update(self, *, na: date, tot: date) -> "ResultaatQuerySet":
        """Results without an update for the peildatum `tot` (one after `na`)."""
        return zonder_update(self, na=na, tot=tot)


class Resultaat(Versiebeheerd):
    """An intended result of an opgave, optionally with a quantified target."""

    opgave = models.ForeignKey(
        Opgave, verbose_name=_("opgave"), on_delete=models.CASCADE, related_name="resultaten"
    )
    omschrijving = models.TextField(_("omschrijving"), validators=[vereis_zichtbare_tekst])
    volgorde = models.PositiveIntegerField(_("volgorde"), default=0)

    objects = ResultaatQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("resultaat")
        verbose_name_plural = _("resultaten")
        ordering = ["opgave", "volgorde", "pk"]

    def __str__(self) -> str:
        return self.omschrijving

    @property
    def is_gekwantificeerd(self) -> bool:
        """Whether the result has an indicator (uses prefetched `indicatoren`)."""
        return bool(self.indicatoren.all())

    @property
    def streefdoel(self) -> str:
        """The targets in words, e.g. '550 IBDO-trajecten per jaar' (prefetch indicatoren)."""
        return "; ".join(indicator.streefdoel for indicator in self.indicatoren.all())


# Opgave by opgave, result by result, as the document lists them.
DOCUMENTVOLGORDE_INDICATOREN = (
    "resultaat__opgave__nummer",
    "resultaat__volgorde",
    "resultaat_id",
    "volgorde",
    "pk",
)


class IndicatorQuerySet(models.QuerySet["Indicator"]):
    def van_programma(self, programma: Programma) -> "IndicatorQuerySet":
        return self.filter(resultaat__opgave__programma=programma)

    def van_opgaven(self, opgaven: Iterable[Opgave]) -> "IndicatorQuerySet":
        return self.filter(resultaat__opgave__in=[opgave.pk for opgave in opgaven])

    def in_documentvolgorde(self) -> "IndicatorQuerySet":
        return self.order_by(*DOCUMENTVOLGORDE_INDICATOREN)

    def eerste_per_opgave(self, limiet: int) -> "IndicatorQuerySet":
        """The first `limiet` indicators of every opgave in document order: the rows of
        a ROW_NUMBER window, as a subquery by primary key, so that annotations added
        afterwards (met_realisatie) are computed for these rows only."""
        rang = Window(
            RowNumber(),
            partition_by=[F("resultaat__opgave_id")],
            order_by=[F(veld).asc() for veld in DOCUMENTVOLGORDE_INDICATOREN[1:]],
        )
        eerste = self.annotate(rang=rang).filter(rang__lte=limiet).values("pk")
        return self.model.objects.filter(pk__in=eerste)

    def met_realisatie(self, *, peildatum: date) -> "IndicatorQuerySet":
        """Annotates `gerealiseerd`: the value of the latest update on or before peildatum.

        One query however many indicators: a correlated subquery per row.
        """
        laatste = (
            Indicatorwaarde.objects.filter(
                indicator=OuterRef("pk"), update__peildatum__lte=peildatum
            )
            .order_by("-update__peildatum", "-update__pk")
            .values("waarde")[:1]
        )
        return self.annotate(gerealiseerd=Subquery(laatste))


class Indicator(Versiebeheerd):
    """A measurable indicator of a result: a unit, a baseline and a target."""

    resultaat = models.ForeignKey(
        Resultaat,
        verbose_name=_("resultaat"),
        on_delete=models.CASCADE,
        related_name="indicatoren",
    )
    naam = models.CharField(_("naam"), max_length=200, validators=[vereis_zichtbare_tekst])
    eenheid = models.CharField(_("eenheid"), max_length=100, validators=[vereis_zichtbare_tekst])
    nulwaarde = models.DecimalField(
        _("nulwaarde"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("De beginstand (baseline); leeg als die niet bekend is."),
    )
    streefwaarde = models.DecimalField(
        _("streefwaarde"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )
    streefperiode = models.CharField(
        _("geldt"), max_length=10, choices=Streefperiode.choices, default=Streefperiode.PER_JAAR
    )
    volgorde = models.PositiveIntegerField(_("volgorde"), default=0)

    objects = IndicatorQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicatoren")
        ordering = ["resultaat", "volgorde", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(streefwaarde__gte=0),
                name="indicator_streefwaarde_niet_negatief",
                violation_error_message=_("Een streefwaarde kan niet negatief zijn."),
            ),
        ]

    def __str__(self) -> str:
        return self.naam

    @property
    def streefdoel(self) -> str:
        """The target in words, e.g. '550 IBDO-trajecten per jaar'."""
        return streefdoel(self.streefwaarde, self.eenheid, self.streefperiode)

    @property
    def percentage(self) -> int | None:
        """Realisation against target in whole percent (needs met_realisatie())."""
        gerealiseerd = getattr(self, "gerealiseerd", None)
        if gerealiseerd is None or not self.streefwaarde:
            return None
        return int(gerealiseerd * 100 / self.streefwaarde)

    @property
    def balk(self) -> int:
        """The percentage capped at 100, for a bar."""
        return min(self.percentage or 0, 100)


def streefdoel(waarde: Decimal | None, eenheid: str, periode: str) -> str:
    if waarde is None:
        return ""
    return f"{getal(waarde)} {eenheid} {Streefperiode(periode).label}"


class Status(models.TextChoices):
    OP_KOERS = "op_koers", _("op koers")
    AANDACHT_NODIG = "aandacht_nodig", _("aandacht nodig")
    RISICO = "risico", _("risico")


# A status that needs an explanation and a measure.
ZORGELIJK = (Status.AANDACHT_NODIG, Status.RISICO)


class VoortgangsupdateQuerySet(models.QuerySet["Voortgangsupdate"]):
    def van_programma(self, programma: Programma) -> "VoortgangsupdateQuerySet":
        return self.filter(opgave__programma=programma)

    def _laatste(
        self, veld: str, peildatum: date, opgaven: Iterable[Opgave] | None
    ) -> "VoortgangsupdateQuerySet":
        """The newest update per `veld` (result or activity) on or before `peildatum`, as
        one subquery that walks the index voortgang_laatste_<veld> once: DISTINCT ON on
        PostgreSQL, a ROW_NUMBER window elsewhere (instead of a correlated subquery per
        update row). With `opgaven`, the subquery reads only their updates."""
        kandidaten = Voortgangsupdate.objects.filter(
            **{f"{veld}__isnull": False, "peildatum__lte": peildatum}
        )
        if opgaven is not None:
            kandidaten = kandidaten.filter(opgave__in=[opgave.pk for opgave in opgaven])
        if connection.vendor == "postgresql":
            # By the column, not the relation: ordering by a relation uses its Meta.ordering.
            kolom = f"{veld}_id"
            nieuwste = kandidaten.order_by(kolom, "-peildatum", "-pk").distinct(kolom)
        else:
            rang = Window(
                RowNumber(),
                partition_by=[F(veld)],
                order_by=[F("peildatum").desc(), F("pk").desc()],
            )
            nieuwste = kandidaten.annotate(rang=rang).filter(rang=1)
        return self.filter(pk__in=nieuwste.values("pk"))

    def laatste_per_resultaat(
        self, *, peildatum: date, opgaven: Iterable[Opgave] | None = None
    ) -> "VoortgangsupdateQuerySet":
        """Per result, its latest update on or before `peildatum` (one query, a subquery);
        only of the results of `opgaven` if given.

        Later updates on the same peildatum win over earlier ones (highest pk).
        """
        return self._laatste("resultaat", peildatum, opgaven)

    def laatste_per_activiteit(
        self, *, peildatum: date, opgaven: Iterable[Opgave] | None = None
    ) -> "VoortgangsupdateQuerySet":
        """Per activity, its latest update on or before `peildatum` (one query); only of
        the activities of `opgaven` if given."""
        return self._laatste("activiteit", peildatum, opgaven)

    def laatste_per_onderdeel(self, *, peildatum: date) -> "VoortgangsupdateQuerySet":
        """The latest update of every result and every activity on or before `peildatum`."""
        return self.filter(
            Q(pk__in=self.model.objects.laatste_per_resultaat(peildatum=peildatum).values("pk"))
            | Q(pk__in=self.model.objects.laatste_per_activiteit(peildatum=peildatum).values("pk"))
        )

    def zorgelijk(self, *, peildatum: date) -> "VoortgangsupdateQuerySet":
        """The latest update of every result and activity on or before `peildatum` whose
        status asks for attention (ZORGELIJK), opgave by opgave, newest first."""
        return (
            self.laatste_per_onderdeel(peildatum=peildatum)
            .filter(status__in=ZORGELIJK)
            .select_related("opgave", "resultaat", "activiteit")
            .order_by("opgave__nummer", "-peildatum", "pk")
        )

    def met_onderdeel(self) -> "VoortgangsupdateQuerySet":
        return self.select_related("opgave", "resultaat", "activiteit").prefetch_related(
            Prefetch("waarden", queryset=Indicatorwaarde.objects.select_related("indicator"))
        )


class Voortgangsupdate(models.Model):
    """The progress of one result or activity at a peildatum. Never changed afterwards."""

    opgave = models.ForeignKey(
        Opgave,
        verbose_name=_("opgave"),
        on_delete=models.PROTECT,
        related_name="voortgangsupdates",
        editable=False,
    )
    resultaat = models.ForeignKey(
        Resultaat,
        verbose_name=_("resultaat"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="voortgangsupdates",
    )
    activiteit = models.ForeignKey(
        Activiteit,
        verbose_name=_("activiteit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="voortgangsupdates",
    )
    peildatum = models.DateField(_("peildatum"), validators=[binnen_datumvenster])
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    toelichting = models.TextField(_("toelichting"), blank=True)
    verklaring = models.TextField(
        _("verklaring"),
        blank=True,
        help_text=_("Verplicht bij 'aandacht nodig' en 'risico': wat is er aan de hand?"),
    )
    maatregel = models.TextField(
        _("maatregel"),
        blank=True,
        help_text=_("Verplicht bij 'aandacht nodig' en 'risico': wat doen we eraan?"),
    )
    is_demo = models.BooleanField(
        _("demogegevens"),
        default=False,
        help_text=_("Aangemaakt door laad_demovoortgang, niet door een gebruiker."),
    )
    ingevoerd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ingevoerd door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    ingevoerd_op = models.DateTimeField(_("ingevoerd op"), auto_now_add=True)

    objects = VoortgangsupdateQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("voortgangsupdate")
        verbose_name_plural = _("voortgangsupdates")
        ordering = ["-peildatum", "-pk"]
        indexes = [
            # The order "latest update per result/activity" ranks in (VoortgangsupdateQuerySet._laatste).
            models.Index(
                "resultaat",
                F("peildatum").desc(),
                F("id").desc(),
                name="voortgang_laatste_resultaat",
                condition=Q(resultaat__isnull=False),
            ),
            models.Index(
                "activiteit",
                F("peildatum").desc(),
                F("id").desc(),
                name="voortgang_laatste_activiteit",
                condition=Q(activiteit__isnull=False),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(resultaat__isnull=False, activiteit__isnull=True)
                    | Q(resultaat__isnull=True, activiteit__isnull=False)
                ),
                name="voortgangsupdate_resultaat_of_activiteit",
                violation_error_message=_("Een update hoort bij één resultaat óf één activiteit."),
            ),
            models.CheckConstraint(
                condition=Q(status=Status.OP_KOERS) | (~Q(verklaring="") & ~Q(maatregel="")),
                name="voortgangsupdate_verklaring_en_maatregel",
                violation_error_message=_(
                    "Bij 'aandacht nodig' en 'risico' zijn een verklaring en een maatregel "
                    "verplicht."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.onderdeel} ({self.peildatum:%d-%m-%Y}: {self.get_status_display()})"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise ValueError("Voortgangsupdates are append-only; record a new one instead.")
        onderdeel = self.onderdeel
        if onderdeel is not None:
            self.opgave_id = onderdeel.opgave_id
        super().save(*args, **kwargs)

    @property
    def onderdeel(self) -> "Resultaat | Activiteit | None":
        return self.resultaat or self.activiteit

    def clean(self) -> None:
        super().clean()
        if self.status in ZORGELIJK:
            fouten = {}
            if not zichtbare_tekst(self.verklaring):
                fouten["verklaring"] = _("Geef een verklaring bij deze status.")
            if not zichtbare_tekst(self.maatregel):
                fouten["maatregel"] = _("Beschrijf de maatregel bij deze status.")
            if fouten:
                raise ValidationError(fouten)


class Indicatorwaarde(models.Model):
    """The realised value of an indicator, reported in a progress update."""

    update = models.ForeignKey(
        Voortgangsupdate,
        verbose_name=_("voortgangsupdate"),
        on_delete=models.CASCADE,
        related_name="waarden",
    )
    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indicator"),
        on_delete=models.PROTECT,
        related_name="waarden",
    )
    waarde = models.DecimalField(
        _("gerealiseerd"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("gerealiseerde waarde")
        verbose_name_plural = _("gerealiseerde waarden")
        ordering = ["update", "indicator__volgorde", "indicator"]
        constraints = [
            models.UniqueConstraint(
                fields=["update", "indicator"],
                name="indicatorwaarde_uniek_per_update",
                violation_error_message=_("Deze update heeft al een waarde voor deze indicator."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.naam}: {getal(self.waarde)}"
