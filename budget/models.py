from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q, Sum
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from opgaven.models import Opgave, Programma

NUL = Decimal("0")


@dataclass
class Tabelregel:
    regel: "Begrotingsregel"
    bedragen: list[Decimal]


@dataclass
class Tabelgroep:
    opgave: Opgave
    regels: list[Tabelregel] = field(default_factory=list)
    subtotalen: list[Decimal] = field(default_factory=list)


@dataclass
class Begrotingstabel:
    """Tabel 1: budget lines grouped by opgave with per-year subtotals and totals."""

    jaren: list[int]
    groepen: list[Tabelgroep]
    totalen: list[Decimal]


class BegrotingsregelQuerySet(models.QuerySet["Begrotingsregel"]):
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

    def tabel(self, programma: Programma, opgave: Opgave | None = None) -> Begrotingstabel:
        """Tabel 1 for a programme, or one opgave's part of it.

        Three queries whatever the size: the lines with their yearly amounts,
        the subtotals per opgave and year, and the totals per year.
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
        totalen = {
            rij["jaar"]: rij["totaal"]
            for rij in bedragen.values("jaar").annotate(totaal=Sum("bedrag"))
        }

        groepen: dict[int, Tabelgroep] = {}
        for regel in regels.met_bedragen(jaren).order_by("opgave__nummer", "volgorde", "pk"):
            groep = groepen.get(regel.opgave_id)
            if groep is None:
                groep = groepen[regel.opgave_id] = Tabelgroep(
                    opgave=regel.opgave,
                    subtotalen=[subtotalen.get((regel.opgave_id, jaar), NUL) for jaar in jaren],
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
