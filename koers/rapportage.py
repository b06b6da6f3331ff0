"""Voortgangsrapportages: the data of a report, its snapshot, its version and its freezing.

Every figure comes from the apps' query methods, the same ones the web pages use:
koers.dashboard.overzicht (budget per opgave and counts), Tabel 1
(Begrotingsregel.objects.tabel), the execution per year (Begrotingsregel.objects.uitvoering_*),
the progress roll-up (resultaten.voortgang.rollup) and the opgave content
(Opgave.objects.met_doelen_en_activiteiten). Nothing here computes a figure of its own.
"""

import hashlib
import logging
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.core.cache import cache
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from budget.models import Begrotingsregel, Begrotingstabel, Tabelgroep, Uitvoeringstabel
from koers import pdf
from koers.dashboard import Overzicht, budgetgrafiek, overzicht
from koers.dataversie import dataversie
from koers.formatting import euro
from koers.models import PCMoment, Voortgangsrapportage
from koers.weergave import OP_PAGINA, Ingekort, ingekort
from opgaven.models import ActiviteitStatus, Opgave, Programma
from resultaten.models import Resultaat, Status, Voortgangsupdate
from resultaten.voortgang import Rollup, Voortgang, rollup

logger = logging.getLogger(__name__)

CONCEPT, VASTGESTELD = "concept", "vastgesteld"
SNAPSHOTVERSIE = 1
CACHE_SECONDEN = 24 * 60 * 60


# A report lists per opgave at most this many doelen, main activities, results and
# budget lines, and says how many more there are: a PDF of thousands of pages takes
# minutes to lay out and nobody reads it. The snapshot always holds everything.
IN_RAPPORT = OP_PAGINA


@dataclass
class Opgavedeel:
    """Everything the report shows of one opgave."""

    opgave: Opgave
    resultaten: list[Resultaat]  # with .laatste_update and .indicatorstand
    begroting: Tabelgroep | None
    voortgang: Voortgang

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
    def moment_label(self) -> str:
        return PCMoment(self.moment).label if self.moment else ""


def verzamel(
    programma: Programma,
    *,
    peildatum: date,
    opgave: Opgave | None = None,
    moment: str = "",
    limiet: int | None = IN_RAPPORT,
) -> Rapportgegevens:
    """All data of a report, in a fixed number of queries whatever the amount of data.

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
            koers.dashboard.overzicht takes its budget from it and its opgaven and
            counts from the roll-up, without a query,
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
    uitvoering = Begrotingsregel.objects.uitvoering_per_opgave(opgaven, programma.jaren)
    regeluitvoering = (
        Begrotingsregel.objects.uitvoering_per_jaar(programma, programma.jaren, opgave)
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


# --- Rendering ---


def render_html(
    gegevens: Rapportgegevens,
    *,
    status: str,
    vastgesteld_door: str = "",
    vastgesteld_op: datetime | None = None,
) -> str:
    bijschrift = _("Budget per opgave per jaar, in euro's")
    return render_to_string(
        "rapportages/rapport.html",
        {
            "r": gegevens,
            "titel": gegevens.titel,
            "status": status,
            "is_concept": status == CONCEPT,
            "grafiek": budgetgrafiek(gegevens.overzicht, bijschrift),
            "bijschrift_budget": bijschrift,
            "vastgesteld_door": vastgesteld_door,
            "vastgesteld_op": vastgesteld_op,
            "gemaakt_op": timezone.localtime(),
        },
    )


def render_pdf(gegevens: Rapportgegevens, *, status: str, **extra) -> bytes:
    return pdf.html_naar_pdf(render_html(gegevens, status=status, **extra))


def cachesleutel(
    programma: Programma, *, peildatum: date, opgave: Opgave | None, moment: str, versie: str
) -> str:
    onderdeel = f"opgave-{opgave.pk}" if opgave is not None else "programma"
    return f"rapportage:{programma.pk}:{onderdeel}:{peildatum.isoformat()}:{moment}:{versie}"


def concept_pdf(
    programma: Programma, *, peildatum: date, opgave: Opgave | None = None, moment: str = ""
) -> bytes:
    """The concept report; from the cache while no data changed since it was rendered."""
    sleutel = cachesleutel(
        programma, peildatum=peildatum, opgave=opgave, moment=moment, versie=dataversie()
    )
    inhoud = cache.get(sleutel)
    if inhoud is None:
        gegevens = verzamel(programma, peildatum=peildatum, opgave=opgave, moment=moment)
        inhoud = render_pdf(gegevens, status=CONCEPT)
        cache.set(sleutel, inhoud, CACHE_SECONDEN)
    return inhoud


# --- Snapshot: the data of a report as JSON (amounts as strings, never floats) ---


CENT = Decimal("0.01")


def _geld(waarde: Decimal | None) -> str | None:
    """Two decimals whatever the database returned (SQLite drops trailing zeros)."""
    return None if waarde is None else str(Decimal(waarde).quantize(CENT))


def snapshot(gegevens: Rapportgegevens) -> dict:
    if not gegevens.volledig:
        raise ValueError("A snapshot needs everything: verzamel(..., limiet=None).")
    jaren = [str(jaar) for jaar in gegevens.tabel.jaren]
    uitvoering: dict[int, dict[str, dict[str, str | None]]] = {}
    for tabel in gegevens.regeluitvoering:
        for groep in tabel.groepen:
            for rij in groep.regels:
                uitvoering.setdefault(rij.regel.pk, {})[str(tabel.jaar)] = {
                    "actueel": _geld(rij.bedragen.actueel),
                    "besteed": _geld(rij.bedragen.besteed),
                }
    opgaven = []
    for deel in gegevens.delen:
        opgave = deel.opgave
        activiteiten = [
            a for hoofd in opgave.hoofdactiviteiten for a in [hoofd, *hoofd.onderliggende.all()]
        ]
        opgaven.append(
            {
                "pk": opgave.pk,
                "nummer": opgave.nummer,
                "titel": opgave.titel,
                "doelen": [
                    {"pk": d.pk, "tekst": d.tekst}
                    for hoofd in opgave.hoofddoelen
                    for d in [hoofd, *hoofd.onderliggende.all()]
                ],
                "activiteiten": [
                    {"pk": a.pk, "omschrijving": a.omschrijving, "status": a.status}
                    for a in activiteiten
                ],
                "resultaten": [
                    {
                        "pk": r.pk,
                        "omschrijving": r.omschrijving,
                        "status": r.laatste_update.status if r.laatste_update else None,
                        "indicatoren": [
                            {
                                "pk": i.pk,
                                "naam": i.naam,
                                "streefwaarde": _geld(i.streefwaarde),
                                "gerealiseerd": _geld(getattr(i, "gerealiseerd", None)),
                            }
                            for i in r.indicatorstand
                        ],
                    }
                    for r in deel.resultaten
                ],
                "begrotingsregels": [
                    {
                        "pk": rij.regel.pk,
                        "omschrijving": rij.regel.omschrijving,
                        "primitief": dict(zip(jaren, map(_geld, rij.bedragen), strict=True)),
                        "uitvoering": uitvoering.get(rij.regel.pk, {}),
                    }
                    for rij in (deel.begroting.regels if deel.begroting else [])
                ],
            }
        )
    return {
        "versie": SNAPSHOTVERSIE,
        "programma": {"pk": gegevens.programma.pk, "titel": gegevens.programma.titel},
        "opgave": gegevens.opgave.pk if gegevens.opgave else None,
        "peildatum": gegevens.peildatum.isoformat(),
        "moment": gegevens.moment,
        "totalen": dict(zip(jaren, map(_geld, gegevens.tabel.totalen), strict=True)),
        "opgaven": opgaven,
    }


# --- Vaststellen ---


def stel_vast(
    *,
    programma: Programma,
    peildatum: date,
    gebruiker: AbstractBaseUser,
    opgave: Opgave | None = None,
    moment: str = "",
) -> Voortgangsrapportage:
    """Render the report as vastgesteld and store its exact bytes, checksum and data.

    The render (seconds) happens before the transaction, which only holds the insert.
    """
    versie = dataversie()
    # Everything, for the snapshot; the PDF shows the same as a concept.
    gegevens = verzamel(programma, peildatum=peildatum, opgave=opgave, moment=moment, limiet=None)
    tijdstip = timezone.now()
    inhoud = render_pdf(
        gegevens,
        status=VASTGESTELD,
        vastgesteld_door=gebruiker.get_full_name() or gebruiker.get_username(),  # type: ignore[attr-defined]
        vastgesteld_op=tijdstip,
    )
    with transaction.atomic():
        rapport = Voortgangsrapportage.objects.create(
            programma=programma,
            opgave=opgave,
            peildatum=peildatum,
            moment=moment,
            titel=gegevens.titel,
            pdf=inhoud,
            sha256=hashlib.sha256(inhoud).hexdigest(),
            snapshot=snapshot(gegevens),
            dataversie=versie,
            vastgesteld_door=gebruiker,
            vastgesteld_op=tijdstip,
        )
    logger.info(
        "Voortgangsrapportage %s vastgesteld door %s (sha256 %s)",
        rapport.pk,
        gebruiker.get_username(),
        rapport.sha256,
    )
    return rapport


def huidige_snapshot(rapport: Voortgangsrapportage) -> dict:
    """Today's data for the same programme, opgave, peildatum and moment as `rapport`."""
    return snapshot(
        verzamel(
            rapport.programma,
            peildatum=rapport.peildatum,
            opgave=rapport.opgave,
            moment=rapport.moment,
            limiet=None,
        )
    )


# --- What changed between two snapshots ---


@dataclass
class Verschil:
    opgave: str
    soort: str
    omschrijving: str
    oud: str
    nieuw: str


def _euro_tekst(waarde: str | None) -> str:
    return euro(Decimal(waarde)) if waarde is not None else "-"


def vergelijk(oud: dict, nieuw: dict) -> list[Verschil]:
    """Budget changes, status changes, and new and removed items, per opgave."""
    verschillen: list[Verschil] = []
    oude_opgaven = {o["pk"]: o for o in oud.get("opgaven", [])}
    nieuwe_opgaven = {o["pk"]: o for o in nieuw.get("opgaven", [])}
    for pk in sorted(oude_opgaven.keys() | nieuwe_opgaven.keys()):
        a, b = oude_opgaven.get(pk), nieuwe_opgaven.get(pk)
        naam = f"{(b or a)['nummer']}. {(b or a)['titel']}"
        if a is None or b is None:
            verschillen.append(
                Verschil(
                    naam,
                    _("opgave"),
                    naam,
                    "" if a is None else _("aanwezig"),
                    "" if b is None else _("aanwezig"),
                )
            )
            continue
        verschillen += _onderdelen(naam, _("doel"), a["doelen"], b["doelen"], "tekst")
        verschillen += _onderdelen(
            naam, _("activiteit"), a["activiteiten"], b["activiteiten"], "omschrijving"
        )
        verschillen += _onderdelen(
            naam, _("resultaat"), a["resultaten"], b["resultaten"], "omschrijving"
        )
        verschillen += _onderdelen(
            naam,
            _("begrotingsregel"),
            a["begrotingsregels"],
            b["begrotingsregels"],
            "omschrijving",
        )
        verschillen += _bedragen(naam, a["begrotingsregels"], b["begrotingsregels"])
    return verschillen


def _statuslabel(status: str | None) -> str:
    if status is None:
        return _("nog geen update")
    for keuzes in (Status, ActiviteitStatus):
        if status in keuzes.values:
            return str(keuzes(status).label)
    return status


def _onderdelen(naam: str, soort: str, oud: list, nieuw: list, tekstveld: str) -> list[Verschil]:
    uit = []
    a, b = {x["pk"]: x for x in oud}, {x["pk"]: x for x in nieuw}
    for pk in a.keys() - b.keys():
        uit.append(Verschil(naam, soort, a[pk][tekstveld], _("aanwezig"), _("verwijderd")))
    for pk in b.keys() - a.keys():
        uit.append(Verschil(naam, soort, b[pk][tekstveld], "", _("nieuw")))
    for pk in a.keys() & b.keys():
        if a[pk][tekstveld] != b[pk][tekstveld]:
            uit.append(Verschil(naam, soort, b[pk][tekstveld], a[pk][tekstveld], b[pk][tekstveld]))
        if "status" in a[pk] and a[pk]["status"] != b[pk].get("status"):
            uit.append(
                Verschil(
                    naam,
                    _("status van %(soort)s") % {"soort": soort},
                    b[pk][tekstveld],
                    _statuslabel(a[pk]["status"]),
                    _statuslabel(b[pk].get("status")),
                )
            )
    return sorted(uit, key=lambda v: (v.soort, v.omschrijving))


def _bedragen(naam: str, oud: list, nieuw: list) -> list[Verschil]:
    uit = []
    a, b = {x["pk"]: x for x in oud}, {x["pk"]: x for x in nieuw}
    for pk in sorted(a.keys() & b.keys()):
        regel = b[pk]["omschrijving"]
        for jaar in sorted(a[pk]["primitief"].keys() | b[pk]["primitief"].keys()):
            van, naar = a[pk]["primitief"].get(jaar), b[pk]["primitief"].get(jaar)
            if _anders(van, naar):
                uit.append(
                    Verschil(
                        naam,
                        _("primitieve begroting %(jaar)s") % {"jaar": jaar},
                        regel,
                        _euro_tekst(van),
                        _euro_tekst(naar),
                    )
                )
            for kolom, label in (("actueel", _("actueel")), ("besteed", _("besteed"))):
                van = a[pk]["uitvoering"].get(jaar, {}).get(kolom)
                naar = b[pk]["uitvoering"].get(jaar, {}).get(kolom)
                if _anders(van, naar):
                    uit.append(
                        Verschil(
                            naam,
                            f"{label} {jaar}",
                            regel,
                            _euro_tekst(van),
                            _euro_tekst(naar),
                        )
                    )
    return uit


def _anders(van: str | None, naar: str | None) -> bool:
    if van is None or naar is None:
        return van != naar
    return Decimal(van) != Decimal(naar)
