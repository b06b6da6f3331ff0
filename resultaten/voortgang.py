"""Roll-up of progress: per opgave and for the programme, at a peildatum.

Results and activities counted per status and the indicators' realisation against
their target. Four or five queries whatever the amount of data (see `rollup`), each
reading only the opgaven asked for.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from basis.lijsten import Ingekort
from opgaven.models import Activiteit, ActiviteitStatus, Opgave, Programma
from resultaten.models import Indicator, Resultaat, Status, Voortgangsupdate

GEEN_UPDATE = "geen_update"
RESULTAATSTATUSSEN = [*Status.choices, (GEEN_UPDATE, _("nog geen update"))]


@dataclass
class Telling:
    """Counts per status, in the order of `keuzes` ((value, label) pairs)."""

    keuzes: list[tuple[str, str]]
    aantallen: dict[str, int] = field(default_factory=dict)

    @property
    def rijen(self) -> list[tuple[str, str, int]]:
        return [(waarde, label, self.aantallen.get(waarde, 0)) for waarde, label in self.keuzes]

    @property
    def totaal(self) -> int:
        return sum(self.aantallen.values())

    def tel_op(self, andere: "Telling") -> None:
        for waarde, aantal in andere.aantallen.items():
            self.aantallen[waarde] = self.aantallen.get(waarde, 0) + aantal


@dataclass
class Voortgang:
    """The progress of one opgave, or of the programme (opgave None)."""

    opgave: Opgave | None
    resultaten: Telling
    activiteiten: Telling
    indicatoren: list[Indicator]
    # The number of indicators when `indicatoren` holds only the first ones.
    aantal_indicatoren: int | None = None

    # Pages list this many indicators and link to the rest; a report lists them all.
    GETOOND = 10

    @property
    def getoonde_indicatoren(self) -> Ingekort[Indicator]:
        totaal = (
            len(self.indicatoren) if self.aantal_indicatoren is None else self.aantal_indicatoren
        )
        return Ingekort(self.indicatoren[: self.GETOOND], totaal)


@dataclass
class Rollup:
    peildatum: date
    opgaven: list[Voortgang]
    programma: Voortgang

    def van(self, opgave: Opgave) -> Voortgang:
        return next(v for v in self.opgaven if v.opgave is not None and v.opgave.pk == opgave.pk)


def rollup(
    programma: Programma,
    opgaven: list[Opgave],
    *,
    peildatum: date,
    indicatoren: int | None = None,
) -> Rollup:
    """The progress of `opgaven` (of `programma`) and of them together, in four queries
    however many results, activities, indicators or updates, each reading only the rows
    of `opgaven`:

    1. activities per opgave and status,
    2. results and indicators per opgave,
    3. results per opgave and status of their latest update on or before peildatum,
    4. the indicators with their realised value at peildatum (a subquery per row).

    With `indicatoren` (a page shows the first Voortgang.GETOOND), query 4 reads only
    the first that many of every opgave; query 2 has their number.
    """
    activiteiten = Activiteit.objects.filter(opgave__in=opgaven).aantallen_per_status(programma)
    resultaten = Resultaat.objects.filter(opgave__in=opgaven).aantallen_per_opgave(programma)
    per_status = {
        (opgave, status): aantal
        for opgave, status, aantal in Voortgangsupdate.objects.laatste_per_resultaat(
            peildatum=peildatum, opgaven=opgaven
        )
        .order_by()
        .values_list("opgave", "status")
        .annotate(aantal=Count("pk"))
    }
    van_opgaven = Indicator.objects.van_opgaven(opgaven)
    gekozen = van_opgaven if indicatoren is None else van_opgaven.eerste_per_opgave(indicatoren)
    per_opgave: dict[int, list[Indicator]] = {}
    for indicator in (
        gekozen.met_realisatie(peildatum=peildatum)
        .select_related("resultaat")
        .in_documentvolgorde()
    ):
        per_opgave.setdefault(indicator.resultaat.opgave_id, []).append(indicator)

    def aantal_indicatoren(opgave_pk: int) -> int | None:
        return None if indicatoren is None else resultaten.get(opgave_pk, (0, 0))[1]

    rijen = []
    for opgave in opgaven:
        uitkomst = {s: per_status.get((opgave.pk, s), 0) for s in Status.values}
        uitkomst[GEEN_UPDATE] = resultaten.get(opgave.pk, (0, 0))[0] - sum(uitkomst.values())
        rijen.append(
            Voortgang(
                opgave=opgave,
                resultaten=Telling(RESULTAATSTATUSSEN, uitkomst),
                activiteiten=Telling(
                    ActiviteitStatus.choices,
                    {s: activiteiten.get((opgave.pk, s), 0) for s in ActiviteitStatus.values},
                ),
                indicatoren=per_opgave.get(opgave.pk, []),
                aantal_indicatoren=aantal_indicatoren(opgave.pk),
            )
        )
    geheel = Voortgang(
        opgave=None,
        resultaten=Telling(RESULTAATSTATUSSEN),
        activiteiten=Telling(ActiviteitStatus.choices),
        indicatoren=[i for rij in rijen for i in rij.indicatoren],
        aantal_indicatoren=(
            None if indicatoren is None else sum(n for _, n in resultaten.values())
        ),
    )
    for rij in rijen:
        geheel.resultaten.tel_op(rij.resultaten)
        geheel.activiteiten.tel_op(rij.activiteiten)
    return Rollup(peildatum=peildatum, opgaven=rijen, programma=geheel)
