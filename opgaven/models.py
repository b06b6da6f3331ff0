from collections.abc import Iterable
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, F, FilteredRelation, OuterRef, Prefetch, Q, Subquery, Window
from django.db.models.functions import Coalesce, Lower, RowNumber
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from basis.velden import binnen_datumvenster, vereis_zichtbare_tekst
from basis.versies import Versiebeheerd


class ProgrammaQuerySet(models.QuerySet["Programma"]):
    def actueel(self, vandaag: date | None = None) -> "Programma | None":
        """The programme running this year, else the most recent one before it."""
        jaar = (vandaag or timezone.localdate()).year
        return (
            self.filter(eerste_jaar__lte=jaar).order_by("-eerste_jaar").first()
            or self.order_by("eerste_jaar").first()
        )


class Programma(Versiebeheerd):
    """An uitvoeringsprogramma for a period of years, e.g. 2026-2027."""

    titel = models.CharField(_("titel"), max_length=200, validators=[vereis_zichtbare_tekst])
    eerste_jaar = models.PositiveSmallIntegerField(
        _("eerste jaar"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    laatste_jaar = models.PositiveSmallIntegerField(
        _("laatste jaar"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    opzet = models.TextField(_("opzet"), blank=True)
    actualiteiten = models.TextField(_("actualiteiten"), blank=True)
    cofinanciering = models.TextField(_("cofinanciering"), blank=True)
    tot_slot = models.TextField(_("tot slot"), blank=True)
    begroting_voetnoot = models.TextField(
        _("voetnoot bij de begroting"),
        blank=True,
        help_text=_("Bijvoorbeeld de opmerking over begrotingswijzigingen onder Tabel 1."),
    )

    objects = ProgrammaQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("programma")
        verbose_name_plural = _("programma's")
        ordering = ["-eerste_jaar"]
        constraints = [
            models.UniqueConstraint(fields=["eerste_jaar"], name="programma_uniek_eerste_jaar"),
            models.CheckConstraint(
                condition=models.Q(laatste_jaar__gte=models.F("eerste_jaar")),
                name="programma_laatste_jaar_na_eerste",
                violation_error_message=_("Het laatste jaar ligt voor het eerste jaar."),
            ),
        ]

    def __str__(self) -> str:
        return self.titel

    @property
    def jaren(self) -> list[int]:
        return list(range(self.eerste_jaar, self.laatste_jaar + 1))

    @property
    def periode(self) -> str:
        return f"{self.eerste_jaar}-{self.laatste_jaar}"


def eerste_per_opgave(rijen: models.QuerySet, limiet: int) -> models.QuerySet:
    """The first `limiet` rows of every opgave by (volgorde, pk), with a window function;
    for any model with an `opgave` and a `volgorde` (lines, results, ...)."""
    rijnummer = Window(
        RowNumber(), partition_by=[F("opgave_id")], order_by=[F("volgorde").asc(), F("pk").asc()]
    )
    return rijen.annotate(rijnummer=rijnummer).filter(rijnummer__lte=limiet)


def aantallen_per_opgave(rijen: models.QuerySet) -> dict[int, int]:
    """The number of rows per opgave id, in one aggregate query."""
    return dict(rijen.order_by().values_list("opgave").annotate(aantal=Count("pk")))


def zonder_update(rijen: models.QuerySet, *, na: date, tot: date) -> models.QuerySet:
    """The rows without a progress update with a peildatum after `na` up to and including
    `tot`: what is still missing for the peildatum `tot`. One anti-join on the reverse
    relation `voortgangsupdates` (results and activities both have it)."""
    return rijen.alias(
        update_in_periode=FilteredRelation(
            "voortgangsupdates",
            condition=Q(voortgangsupdates__peildatum__gt=na, voortgangsupdates__peildatum__lte=tot),
        )
    ).filter(update_in_periode__isnull=True)


def _aantal(model: type[models.Model]) -> Coalesce:
    """The number of an opgave's top-level items of `model`, as a subquery."""
    rijen = (
        model._default_manager.filter(opgave=OuterRef("pk"), bovenliggend=None)
        .order_by()
        .values("opgave")
        .annotate(aantal=Count("pk"))
        .values("aantal")
    )
    return Coalesce(Subquery(rijen), 0)


class OpgaveQuerySet(models.QuerySet["Opgave"]):
    def van_programma(self, programma: Programma) -> "OpgaveQuerySet":
        return self.filter(programma=programma)

    def met_inhoud(self, *, limiet: int | None = None) -> "OpgaveQuerySet":
        """Everything the opgaven app knows of an opgave, in document order.

        With `limiet`, only the first `limiet` doelen, doelgroepen and main activities
        are loaded (a window function per list, no extra query), and their numbers
        are annotated as aantal_hoofddoelen, aantal_hoofddoelgroepen and
        aantal_hoofdactiviteiten: a page stays as fast with a thousand of them.
        """
        opgaven = self.met_doelen_en_activiteiten(limiet=limiet).prefetch_related(
            _met_onderliggende("doelgroepen", Doelgroep, limiet),
            Prefetch(
                "partnerkoppelingen",
                queryset=OpgavePartner.objects.select_related("partner"),
            ),
            Prefetch(
                "programmakoppelingen",
                queryset=OpgaveGerelateerdProgramma.objects.select_related("programma"),
            ),
        )
        if limiet is None:
            return opgaven
        return opgaven.annotate(aantal_hoofddoelgroepen=_aantal(Doelgroep))

    def met_doelen_en_activiteiten(self, *, limiet: int | None = None) -> "OpgaveQuerySet":
        """What a report shows of an opgave: its doelen and its activities by thema.

        As met_inhoud (which adds doelgroepen, partners and related programmes), with
        aantal_hoofddoelen and aantal_hoofdactiviteiten annotated when `limiet` is set.
        """
        opgaven = self.select_related("programma").prefetch_related(
            _met_onderliggende("doelen", Doel, limiet),
            Prefetch("themas", queryset=Thema.objects.all()),
            _met_onderliggende("activiteiten", Activiteit, limiet),
        )
        if limiet is None:
            return opgaven
        return opgaven.annotate(
            aantal_hoofddoelen=_aantal(Doel), aantal_hoofdactiviteiten=_aantal(Activiteit)
        )


def _met_onderliggende(relatie: str, model: type[models.Model], limiet: int | None) -> Prefetch:
    """An opgave's top-level `relatie` with their sub-items, as opgave.hoofd<relatie>;
    with `limiet` the first `limiet` per opgave (Django slices a prefetch with a window)."""
    hoofden = model._default_manager.filter(bovenliggend=None).prefetch_related("onderliggende")
    return Prefetch(
        relatie,
        queryset=hoofden if limiet is None else hoofden[:limiet],
        to_attr=f"hoofd{relatie}",
    )


class Opgave(Versiebeheerd):
    programma = models.ForeignKey(
        Programma,
        verbose_name=_("programma"),
        on_delete=models.PROTECT,
        related_name="opgaven",
    )
    nummer = models.PositiveSmallIntegerField(
        _("nummer"), validators=[MinValueValidator(1), MaxValueValidator(99)]
    )
    titel = models.CharField(_("titel"), max_length=200, validators=[vereis_zichtbare_tekst])
    tabeltitel = models.CharField(
        _("titel in Tabel 1"),
        max_length=200,
        blank=True,
        help_text=_(
            "Alleen invullen als Tabel 1 (de begroting) de opgave anders noemt dan haar kop. "
            "Leeg: de titel."
        ),
    )
    gerelateerde_na_resultaten = models.BooleanField(
        _("gerelateerde projecten en programma's na de resultaten"),
        default=False,
        help_text=_(
            "Aan als het programmadocument deze sectie pas na de resultaten noemt; "
            "anders staat zij na de doelen."
        ),
    )
    omschrijving = models.TextField(
        _("wat is de opgave"),
        blank=True,
        help_text=_(
            "Alinea's scheiden met een witregel. Regels die beginnen met '1.', '2.', … "
            "worden als genummerde lijst getoond."
        ),
    )
    partners = models.ManyToManyField(
        "Partner",
        verbose_name=_("partners"),
        through="OpgavePartner",
        related_name="opgaven",
        blank=True,
    )
    gerelateerde_programmas = models.ManyToManyField(
        "GerelateerdProgramma",
        verbose_name=_("gerelateerde projecten en programma's"),
        through="OpgaveGerelateerdProgramma",
        related_name="opgaven",
        blank=True,
    )
    beleidsmedewerkers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("beleidsmedewerkers"),
        related_name="toegewezen_opgaven",
        blank=True,
        help_text=_("Zij mogen deze opgave bijwerken."),
    )

    objects = OpgaveQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("opgave")
        verbose_name_plural = _("opgaven")
        ordering = ["programma", "nummer"]
        constraints = [
            models.UniqueConstraint(
                fields=["programma", "nummer"],
                name="opgave_uniek_nummer_per_programma",
                violation_error_message=_("Dit programma heeft al een opgave met dit nummer."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.nummer}. {self.titel}"

    @property
    def titel_in_tabel(self) -> str:
        """How Tabel 1 names the opgave: its own wording there, else the title."""
        return self.tabeltitel.strip() or self.titel

    def thema_met_activiteiten(
        self, activiteiten: Iterable["Activiteit"] | None = None
    ) -> list[tuple["Thema | None", list["Activiteit"]]]:
        """Activities grouped by theme, in document order (needs met_inhoud() or
        met_doelen_en_activiteiten()).

        By default all main activities; a page that shows part of them passes that part.
        """
        if activiteiten is None:
            activiteiten = self.hoofdactiviteiten  # type: ignore[attr-defined]
        groepen: dict[int | None, list[Activiteit]] = {}
        for activiteit in activiteiten:
            groepen.setdefault(activiteit.thema_id, []).append(activiteit)
        resultaat: list[tuple[Thema | None, list[Activiteit]]] = []
        if None in groepen:
            resultaat.append((None, groepen[None]))
        resultaat.extend(
            (thema, groepen[thema.pk]) for thema in self.themas.all() if thema.pk in groepen
        )
        return resultaat


def niet_onder_zichzelf(naam: str) -> models.CheckConstraint:
    """The part of the one-level tree one row can check: it is not its own parent.

    The rest (the parent is a main item, an item with sub-items has no parent) spans
    rows, which a CheckConstraint cannot: controleer_boom() checks it for every path
    that full_cleans, and on PostgreSQL a trigger (migration 0005) for every write.
    """
    return models.CheckConstraint(
        condition=models.Q(bovenliggend__isnull=True) | ~models.Q(bovenliggend=F("pk")),
        name=f"{naam}_niet_onder_zichzelf",
        violation_error_message=_("Een punt kan niet onder zichzelf vallen."),
    )


class Opsommingspunt(Versiebeheerd):
    """A list item of an opgave that can hold one level of sub-items."""

    opgave = models.ForeignKey(Opgave, verbose_name=_("opgave"), on_delete=models.CASCADE)
    bovenliggend = models.ForeignKey(
        "self",
        verbose_name=_("valt onder"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="onderliggende",
    )
    tekst = models.TextField(_("tekst"), validators=[vereis_zichtbare_tekst])
    volgorde = models.PositiveIntegerField(_("volgorde"), default=0)

    class Meta(Versiebeheerd.Meta):
        abstract = True
        ordering = ["volgorde", "pk"]
        constraints = [niet_onder_zichzelf("%(class)s")]

    def __str__(self) -> str:
        return self.tekst

    def clean(self) -> None:
        super().clean()
        controleer_boom(self)


def controleer_boom(punt: "Opsommingspunt | Activiteit") -> None:
    """The one-level tree of doelen, doelgroepen and activities, for create, edit and move:
    a sub-item hangs under a main item of the same opgave, not under itself, and an item
    with sub-items stays a main item (else its sub-items would vanish from every page).

    Reads the parent and the sub-items from the database, not from possibly stale objects.
    """
    model = type(punt)
    onderliggende = model._base_manager.filter(bovenliggend_id=punt.pk) if punt.pk else None
    if onderliggende is not None and onderliggende.exclude(opgave_id=punt.opgave_id).exists():
        # Not tied to the field "opgave": a form without it would fail on that name.
        raise ValidationError(
            _(
                "Dit punt heeft onderliggende punten bij zijn huidige opgave; verplaats of "
                "verwijder die eerst."
            )
        )
    if punt.bovenliggend_id is None:
        return
    if punt.bovenliggend_id == punt.pk:
        raise ValidationError({"bovenliggend": _("Een punt kan niet onder zichzelf vallen.")})
    ouder = (
        model._base_manager.filter(pk=punt.bovenliggend_id)
        .values("opgave_id", "bovenliggend_id")
        .first()
    )
    if ouder is None:
        return  # the foreign key check reports a parent that no longer exists
    if ouder["opgave_id"] != punt.opgave_id:
        raise ValidationError(
            {"bovenliggend": _("Het bovenliggende punt hoort bij een andere opgave.")}
        )
    if ouder["bovenliggend_id"] is not None:
        raise ValidationError(
            {
                "bovenliggend": _(
                    "Kies een hoofdpunt: alleen één niveau van onderliggende punten is mogelijk."
                )
            }
        )
    if onderliggende is not None and onderliggende.exists():
        raise ValidationError(
            {
                "bovenliggend": _(
                    "Dit punt heeft zelf onderliggende punten en blijft daarom een hoofdpunt; "
                    "verplaats eerst de onderliggende punten."
                )
            }
        )


class Doel(Opsommingspunt):
    history = HistoricalRecords()

    class Meta(Opsommingspunt.Meta):
        verbose_name = _("doel")
        verbose_name_plural = _("doelen")
        default_related_name = "doelen"


class Doelgroep(Opsommingspunt):
    history = HistoricalRecords()

    class Meta(Opsommingspunt.Meta):
        verbose_name = _("doelgroep")
        verbose_name_plural = _("doelgroepen")
        default_related_name = "doelgroepen"


class Partner(Versiebeheerd):
    """An organisation the programme works with; shared between opgaven."""

    naam = models.CharField(_("naam"), max_length=200, validators=[vereis_zichtbare_tekst])

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["naam"]
        constraints = [
            models.UniqueConstraint(
                Lower("naam"),
                name="partner_uniek_naam",
                violation_error_message=_("Er bestaat al een partner met deze naam."),
            ),
        ]

    def __str__(self) -> str:
        return self.naam


class OpgavePartner(Versiebeheerd):
    opgave = models.ForeignKey(
        Opgave,
        verbose_name=_("opgave"),
        on_delete=models.CASCADE,
        related_name="partnerkoppelingen",
    )
    partner = models.ForeignKey(
        Partner,
        verbose_name=_("partner"),
        on_delete=models.PROTECT,
        related_name="koppelingen",
    )
    volgorde = models.PositiveIntegerField(_("volgorde"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("partner van een opgave")
        verbose_name_plural = _("partners van opgaven")
        ordering = ["opgave", "volgorde", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["opgave", "partner"],
                name="opgavepartner_uniek",
                violation_error_message=_("Deze partner is al aan de opgave gekoppeld."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.partner} ({_('opgave')} {self.opgave.nummer})"


class GerelateerdProgramma(Versiebeheerd):
    """A related project or programme; shared between opgaven."""

    naam = models.CharField(_("naam"), max_length=300, validators=[vereis_zichtbare_tekst])

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("gerelateerd project of programma")
        verbose_name_plural = _("gerelateerde projecten en programma's")
        ordering = ["naam"]
        constraints = [
            models.UniqueConstraint(
                Lower("naam"),
                name="gerelateerdprogramma_uniek_naam",
                violation_error_message=_("Er bestaat al een programma met deze naam."),
            ),
        ]

    def __str__(self) -> str:
        return self.naam


class OpgaveGerelateerdProgramma(Versiebeheerd):
    opgave = models.ForeignKey(
        Opgave,
        verbose_name=_("opgave"),
        on_delete=models.CASCADE,
        related_name="programmakoppelingen",
    )
    programma = models.ForeignKey(
        GerelateerdProgramma,
        verbose_name=_("gerelateerd programma"),
        on_delete=models.PROTECT,
        related_name="koppelingen",
    )
    volgorde = models.PositiveIntegerField(_("volgorde"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("gerelateerd programma van een opgave")
        verbose_name_plural = _("gerelateerde programma's van opgaven")
        ordering = ["opgave", "volgorde", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["opgave", "programma"],
                name="opgavegerelateerdprogramma_uniek",
                violation_error_message=_("Dit programma is al aan de opgave gekoppeld."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programma} ({_('opgave')} {self.opgave.nummer})"


class Thema(Versiebeheerd):
    """A heading under which an opgave groups its activities."""

    opgave = models.ForeignKey(
        Opgave, verbose_name=_("opgave"), on_delete=models.CASCADE, related_name="themas"
    )
    naam = models.CharField(_("naam"), max_length=300, validators=[vereis_zichtbare_tekst])
    volgorde = models.PositiveIntegerField(_("volgorde"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("thema")
        verbose_name_plural = _("thema's")
        ordering = ["opgave", "volgorde", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["opgave", "naam"],
                name="thema_uniek_naam_per_opgave",
                violation_error_message=_("Deze opgave heeft al een thema met deze naam."),
            ),
        ]

    def __str__(self) -> str:
        return self.naam


class ActiviteitStatus(models.TextChoices):
    NIET_GESTART = "niet_gestart", _("niet gestart")
    LOPEND = "lopend", _("lopend")
    AFGEROND = "afgerond", _("afgerond")
    VERVALLEN = "vervallen", _("vervallen")


class ActiviteitQuerySet(models.QuerySet["Activiteit"]):
    # Document order within an opgave: each sub-activity right under its main
    # activity. Needs the annotations of in_documentvolgorde().
    VOLGORDE_BINNEN_OPGAVE = (
        "hoofdvolgorde",
        "hoofd_pk",
        models.F("bovenliggend").asc(nulls_first=True),
        "volgorde",
        "pk",
    )

    def van_programma(self, programma: Programma) -> "ActiviteitQuerySet":
        return self.filter(opgave__programma=programma)

    def in_documentvolgorde(self) -> "ActiviteitQuerySet":
        """Opgave by opgave as in the document, each sub-activity under its main one."""
        return self.annotate(
            hoofdvolgorde=Coalesce("bovenliggend__volgorde", "volgorde"),
            hoofd_pk=Coalesce("bovenliggend_id", "pk"),
        ).order_by("opgave__nummer", *self.VOLGORDE_BINNEN_OPGAVE)

    def nog_open(self) -> "ActiviteitQuerySet":
        """Activities that still report progress: not finished, not cancelled."""
        return self.exclude(status__in=[ActiviteitStatus.AFGEROND, ActiviteitStatus.VERVALLEN])

    def zonder_update(self, *, na: date, tot: date) -> "ActiviteitQuerySet":
        """Activities without an update for the peildatum `tot` (one after `na`)."""
        return zonder_update(self, na=na, tot=tot)

    def aantallen_per_status(self, programma: Programma) -> dict[tuple[int, str], int]:
        """Activities per (opgave id, status), in one aggregate query."""
        return {
            (opgave, status): aantal
            for opgave, status, aantal in self.van_programma(programma)
            .order_by()
            .values_list("opgave", "status")
            .annotate(aantal=Count("pk"))
        }


class Activiteit(Versiebeheerd):
    opgave = models.ForeignKey(
        Opgave, verbose_name=_("opgave"), on_delete=models.CASCADE, related_name="activiteiten"
    )
    thema = models.ForeignKey(
        Thema,
        verbose_name=_("thema"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activiteiten",
    )
    bovenliggend = models.ForeignKey(
        "self",
        verbose_name=_("valt onder"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="onderliggende",
    )
    omschrijving = models.TextField(_("omschrijving"), validators=[vereis_zichtbare_tekst])
    volgorde = models.PositiveIntegerField(_("volgorde"), default=0)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ActiviteitStatus.choices,
        default=ActiviteitStatus.NIET_GESTART,
    )
    geplande_start = models.DateField(
        _("geplande start"), null=True, blank=True, validators=[binnen_datumvenster]
    )
    gepland_einde = models.DateField(
        _("gepland einde"), null=True, blank=True, validators=[binnen_datumvenster]
    )

    objects = ActiviteitQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("activiteit")
        verbose_name_plural = _("activiteiten")
        ordering = ["opgave", "volgorde", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(geplande_start__isnull=True)
                | models.Q(gepland_einde__isnull=True)
                | models.Q(gepland_einde__gte=models.F("geplande_start")),
                name="activiteit_start_voor_einde",
                violation_error_message=_("Het geplande einde ligt voor de geplande start."),
            ),
            niet_onder_zichzelf("activiteit"),
        ]

    def __str__(self) -> str:
        return self.omschrijving

    def clean(self) -> None:
        super().clean()
        if self.thema_id is not None and self.thema.opgave_id != self.opgave_id:
            raise ValidationError({"thema": _("Dit thema hoort bij een andere opgave.")})
        controleer_boom(self)
        if self.geplande_start and self.gepland_einde and self.gepland_einde < self.geplande_start:
            raise ValidationError(
                {"gepland_einde": _("Het geplande einde ligt voor de geplande start.")}
            )
