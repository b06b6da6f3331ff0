"""Render times of the voortgangsrapportages; a measurement, not a test.

    DEBUG=true .venv/bin/python bench/rapportages.py [herhalingen]

Uses the database of DATABASE_URL (default db.sqlite3 with the programme loaded) and
prints, per report, the median of: data and template (queries, template, chart),
WeasyPrint's layout and PDF writing (measured here in this process; the portal runs it in
a render process, rapportages/pdf.py, that hides what it loaded from the garbage
collector when it starts; this process does the same), and a download of an unchanged
concept from the cache (the data version query plus the cache lookup). Wall-clock time
first, then the CPU time of this process, which other load on the machine does not
inflate.
"""

import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "koers.settings")

import django

django.setup()

from django.core.cache import cache  # noqa: E402
from django.utils import translation  # noqa: E402

from opgaven.models import Opgave, Programma  # noqa: E402
from rapportages import document, gegevens, pdf  # noqa: E402

PEILDATUM = date(2026, 6, 30)


KLOK = time.perf_counter


def _meet(functie, herhalingen: int) -> float:
    tijden = []
    for _ in range(herhalingen):
        begin = KLOK()
        functie()
        tijden.append(KLOK() - begin)
    return statistics.median(tijden)


def meet_rapportages(herhalingen: int) -> None:
    translation.activate("nl")
    programma = Programma.objects.actueel()
    if programma is None:
        sys.exit("Geen programma geladen: draai eerst manage.py laad_programma.")
    opgave = Opgave.objects.get(programma=programma, nummer=1)
    print(
        f"{'rapport':<12} {'data+html':>10} {'weasyprint':>11} {'totaal':>8} {'buiten WP':>10} "
        f"{'uit cache':>10}"
    )
    for naam, onderdeel in (("programma", None), ("opgave 1", opgave)):
        voor, layout, uit_cache = _meet_rapport(programma, onderdeel, herhalingen)
        totaal = voor + layout
        print(
            f"{naam:<12} {voor:>9.3f}s {layout:>10.3f}s {totaal:>7.3f}s "
            f"{voor / totaal:>9.1%} {uit_cache * 1000:>8.1f}ms"
        )


def _meet_rapport(
    programma: Programma, onderdeel: Opgave | None, herhalingen: int
) -> tuple[float, float, float]:
    html = document.render_html(
        gegevens.verzamel(programma, peildatum=PEILDATUM, opgave=onderdeel),
        status=document.CONCEPT,
    )
    # As the render process does when it starts (rapportages.pdf).
    pdf.bevries_opstart()
    voor = _meet(
        lambda: document.render_html(
            gegevens.verzamel(programma, peildatum=PEILDATUM, opgave=onderdeel),
            status=document.CONCEPT,
        ),
        herhalingen,
    )
    layout = _meet(lambda: pdf.render(html), herhalingen)
    cache.clear()
    document.concept_pdf(programma, peildatum=PEILDATUM, opgave=onderdeel)
    uit_cache = _meet(
        lambda: document.concept_pdf(programma, peildatum=PEILDATUM, opgave=onderdeel),
        herhalingen,
    )
    return voor, layout, uit_cache


if __name__ == "__main__":
    herhalingen = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    print("Wandkloktijd (mediaan):")
    meet_rapportages(herhalingen)
    # CPU time of this process: what a render costs, whatever else the machine is doing.
    KLOK = time.process_time
    print("CPU-tijd van dit proces (mediaan; los van andere belasting van de machine):")
    meet_rapportages(herhalingen)
