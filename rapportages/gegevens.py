"""The data of a voortgangsrapportage: what a report contains, read in a fixed number of queries.

Every figure comes from the apps' query methods, the same ones the web pages use:
rapportages.samenvatting.overzicht (budget per opgave and counts), Tabel 1
(Begrotingsregel.objects.tabel), the execution per year (Begrotingsregel.objects.uitvoering_*),
the progress roll-up (resultaten.voortgang.rollup) and the opgave content
(Opgave.objects.met_doelen_en_activiteiten). Nothing here computes a figure of its own.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date

from django.db import connections, router, transaction
from django.utils.translation import gettext as _

from basis.lijsten import OP_PAGINA, Ingekort, ingekort
from budget.models import Begrotingsregel
from budget.openbaar import Begrotingstabel, Tabelgroep, Uitvoeringsbedragen, Uitvoeringstabel
from opgaven.models import Opgave, Programma
from rapportages.models import PCMoment
from rapportages.samenvatting import Overzicht, overzicht
from resultaten.models import Resultaat, Status, Voortgangsupdate
from resultaten.openbaar import Rollup, Voortgang, rollup

# A report lists per opgave at most this many doelen, main activities, results and
# budget lines, and says how many more there are: a PDF of thousands of pages takes
# minutes to lay out and nobody reads it. The snapshot always holds everything.
IN_RAPPORT = OP_PAGINA

# An opgave's status in the summary: the most worrying status of its results' latest
# updates at the peildatum, first match wins; else the roll-up's "nog geen update".
OPGAVESTATUSSEN = [Status.RISICO, Status.AANDACHT_NODIG, Status.OP_KOERS]


@dataclass
class Opgavedeel:
    """Everything the report shows of one opgave."""

    opgave: Opgave
    resultaten: list[Resultaat]  # with .laatste_update and .indicatorstand
    begroting: Tabelgroep | None
    voortgang: Voortgang

    @property
    def status(self) -> tuple[str, str]:
        """(value, label) of the most worrying status among the results at peildatum."""
        telling = self.voortgang.resultaten
        for status in OPGAVESTATUSSEN:
            if telling.aantallen.get(status):
                return status.value, str(status.label)
        # The roll-up's one choice that is no Status: results without an update yet.
        return next((w, str(label)) for w, label in telling.keuzes if w not in Status.values)

    # Each list holds everything (for a snapshot) or its first IN_RAPPORT, with the
    # number of all of them from the query that read it (verzamel's `limiet`).

    @property
    def getoonde_doelen(self) -> Ingekort:
        return ingekort(self.opgave, "hoofddoelen", IN_RAPPORT)

    @property
    def getoonde_activiteiten(self) -> Ingekort:
        return ingekort(self.opgave, "hoofdactiviteiten", IN_RAPPORT)

    @property
    def activiteiten_per_thema(self) -> list:
        return self.opgave.thema_met_activiteiten(self.getoonde_activiteiten.items)

    @property
    def getoonde_resultaten(self) -> Ingekort:
        return Ingekort(self.resultaten[:IN_RAPPORT], self.voortgang.resultaten.totaal)

    @property
    def getoonde_regels(self) -> Ingekort:
        regels = self.begroting.regels if self.begroting else []
        return Ingekort(regels[:IN_RAPPORT], self.begroting.aantal if self.begroting else 0)


@dataclass
class Rapportgegevens:
    programma: Programma
    opgave: Opgave | None  # None: the whole programme
    peildatum: date
    moment: str
    overzicht: Overzicht
    uitvoering: list[Uitvoeringstabel]  # one per year, per opgave (what the PDF shows)
    tabel: Begrotingstabel
    voortgang: Rollup
    delen: list[Opgavedeel]
    volledig: bool  # every item of every list, not only what the PDF shows
    # For a snapshot (volledig): the execution per line and year.
    regeluitvoering: list[Uitvoeringstabel] = field(default_factory=list)

    @property
    def titel(self) -> str:
        if self.opgave is None:
            return _("Voortgangsrapportage %(programma)s") % {"programma": self.programma.titel}
        return _("Voortgangsrapportage opgave %(nummer)s. %(titel)s") % {
            "nummer": self.opgave.nummer,
            "titel": self.opgave.titel,
        }

    @property
    def statusrijen(self) -> list[tuple[Opgavedeel, tuple[str, str], Uitvoeringsbedragen]]:
        """Per opgave: its part, its status and its execution in the first year."""
        eerste = {groep.opgave.pk: groep.subtotaal for groep in self.uitvoering[0].groepen}
        return [(deel, deel.status, eerste[deel.opgave.pk]) for deel in self.delen]

    @property
    def moment_label(self) -> str:
        return PCMoment(self.moment).label if self.moment else ""


@contextmanager
def _een_leesmoment() -> Iterator[None]:
    """Every query of a report reads the same committed state of the database.

    The figures of one report come from several queries (the summary's status per opgave
    from the roll-up, the execution per opgave and, for a snapshot, per line for the CSV
    attachment). Read at different moments, a save in between would make a frozen PDF
    disagree with its own attachment. One transaction gives one snapshot: SQLite's read
    transaction holds it; PostgreSQL needs REPEATABLE READ for it (READ COMMITTED takes a
    new one per statement). Inside a caller's transaction that caller decides.
    """
    verbinding = connections[router.db_for_read(Opgave)]
    if verbinding.in_atomic_block:
        yield
        return
    with transaction.atomic(using=verbinding.alias):
        if verbinding.vendor == "postgresql":
            with verbinding.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


@_een_leesmoment()
def verzamel(
    programma: Programma,
    *,
    peildatum: date,
    opgave: Opgave | None = None,
    moment: str = "",
    limiet: int | None = IN_RAPPORT,
) -> Rapportgegevens:
    """All data of a report, in a fixed number of queries whatever the amount of data,
    all of one moment (_een_leesmoment).

    With `limiet` (the PDF) only the first `limiet` doelen, main activities,
    results and budget lines of each opgave are read, with their numbers;
    None reads everything, for a snapshot. Totals and counts are always of everything.

    The programme (or one opgave) report reads, in this order:
      1-6   the opgaven with what the report shows of them
            (Opgave.objects.met_doelen_en_activiteiten: the opgaven and 5 prefetches:
            doelen, subdoelen, thema's, activiteiten, deelactiviteiten),
      7-10  resultaten.voortgang.rollup (four),
      11-14 Tabel 1 (Begrotingsregel.objects.tabel: subtotals, totals, lines counted,
            lines; for one opgave no totals, they are its subtotals);
            rapportages.samenvatting.overzicht takes its budget from it and its opgaven
            and counts from the roll-up, without a query,
      15-16 the execution per opgave for both years at once
            (Begrotingsregel.objects.uitvoering_per_opgave: subtotals and total; one
            query in an opgave report, where the opgave's subtotal is its total),
      17    the results (their indicators, with the realised value, are the roll-up's),
      18    the latest update of each of those results at peildatum.
    Without `limiet` (a snapshot) Tabel 1 needs no count, and the execution is read
    per line as well (uitvoering_per_jaar, four queries).
    """
    opgaven_qs = (
        Opgave.objects.met_doelen_en_activiteiten(limiet=limiet)
        .filter(programma=programma)
        .order_by("nummer")
    )
    if opgave is not None:
        opgaven_qs = opgaven_qs.filter(pk=opgave.pk)
    opgaven = list(opgaven_qs)
    voortgang = rollup(programma, opgaven, peildatum=peildatum)
    # Tabel 1 of the report (the programme or one opgave) also gives the summary its budget.
    tabel = Begrotingsregel.objects.tabel(programma, opgave, limiet=limiet)
    # For one opgave the roll-up and the table hold only that opgave: so does the summary.
    geheel = overzicht(programma, tabel=tabel, voortgang=voortgang)
    # The PDF shows the execution per opgave; only a snapshot holds it per line.
    # Amendments and realisations as they stood on the peildatum, whenever this is rendered.
    uitvoering = Begrotingsregel.objects.uitvoering_per_opgave(
        opgaven, programma.jaren, peildatum=peildatum
    )
    regeluitvoering = (
        Begrotingsregel.objects.uitvoering_per_jaar(
            programma, programma.jaren, opgave, peildatum=peildatum
        )
        if limiet is None
        else []
    )

    resultaten_qs = Resultaat.objects.van_programma(programma)
    if opgave is not None:
        resultaten_qs = resultaten_qs.filter(opgave=opgave)
    if limiet is not None:
        resultaten_qs = resultaten_qs.eerste_per_opgave(limiet)
    resultaten = list(resultaten_qs.in_documentvolgorde())
    # The few shown by id; all of them as a subquery (no parameter per result).
    getoond = resultaten_qs.values("pk") if limiet is None else [r.pk for r in resultaten]
    laatste = {
        update.resultaat_id: update
        for update in Voortgangsupdate.objects.laatste_per_resultaat(peildatum=peildatum)
        .filter(resultaat__in=getoond)
        .order_by()
    }
    # The roll-up has every indicator, in order, with its realised value at peildatum.
    stand: dict[int, list] = {}
    for rij in voortgang.opgaven:
        for indicator in rij.indicatoren:
            stand.setdefault(indicator.resultaat_id, []).append(indicator)
    per_opgave: dict[int, list[Resultaat]] = {}
    for resultaat in resultaten:
        resultaat.laatste_update = laatste.get(resultaat.pk)  # type: ignore[attr-defined]
        resultaat.indicatorstand = stand.get(resultaat.pk, [])  # type: ignore[attr-defined]
        per_opgave.setdefault(resultaat.opgave_id, []).append(resultaat)
    groepen = {groep.opgave.pk: groep for groep in tabel.groepen}
    return Rapportgegevens(
        programma=programma,
        opgave=opgave,
        peildatum=peildatum,
        moment=moment,
        overzicht=geheel,
        uitvoering=uitvoering,
        regeluitvoering=regeluitvoering,
        tabel=tabel,
        voortgang=voortgang,
        volledig=limiet is None,
        delen=[
            Opgavedeel(
                opgave=o,
                resultaten=per_opgave.get(o.pk, []),
                begroting=groepen.get(o.pk),
                voortgang=voortgang.van(o),
            )
            for o in opgaven
        ],
    )
