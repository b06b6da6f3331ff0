"""Benchmark: the main pages and the PDF reports at 1x and 100x data, in-process and under load.

Run with `bench/run` (it makes a database of its own and writes docs/performance.md).
Per scale:

1. in-process through Django's test client, DEBUG off: server time without network
   of every page and of the programme and opgave PDFs (cold: first render after
   clearing the cache; cached: the same download again), and the queries of each;
2. a load run over loopback against gunicorn with the portal's gunicorn.conf.py
   (bench/belasting.py): wrk per page, a mix of all pages, and that mix while four
   PDF downloads run at once;
3. every main page uncached, as a beleidsmedewerker with edit rights and as management,
   and the write path (form, post, redirect), each beside a floor measured between its
   requests (bench/rollen.py);
4. Excel in and out (issue 15): bench/excel.py in a process and database of its own,
   an import of 10,000 rows and every export at 100x data; its table goes into the
   report. BENCH_EXCEL=0 skips it.

The floor is /health/ (one SELECT 1) in the same process and the same gunicorn, so
every figure is also given as a ratio to it.

Environment: BENCH_SECONDEN (wrk seconds per page, default 5), BENCH_MIX_SECONDEN
(seconds of each mix, default 3x that), BENCH_VERBINDINGEN (wrk connections, default 4),
BENCH_HERHALINGEN (in-process requests per page, default 15), BENCH_PDF_KOUD and
BENCH_PDF_CACHE (in-process PDF downloads, default 3 and 10; no further cold render once
BENCH_PDF_BUDGET seconds, default 60, went into them), BENCH_ONGECACHET (uncached
requests per page and role and saves of the write path, bench/rollen.py, default 7),
BENCH_UIT (output file).
"""

import itertools
import math
import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.instellingen")
django.setup()

from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from bench import rollen, verslag  # noqa: E402
from bench.belasting import belastingsrun  # noqa: E402
from bench.gegevens import gebruiker, laad_een_keer, schaal_naar_honderd  # noqa: E402

HERHALINGEN = int(os.environ.get("BENCH_HERHALINGEN", "15"))
ONGECACHET = int(os.environ.get("BENCH_ONGECACHET", "7"))
PDF_KOUD = int(os.environ.get("BENCH_PDF_KOUD", "3"))
PDF_CACHE = int(os.environ.get("BENCH_PDF_CACHE", "10"))
PDF_BUDGET = int(os.environ.get("BENCH_PDF_BUDGET", "60"))
SECONDEN = int(os.environ.get("BENCH_SECONDEN", "5"))
MIX_SECONDEN = int(os.environ.get("BENCH_MIX_SECONDEN", str(3 * SECONDEN)))
VERBINDINGEN = int(os.environ.get("BENCH_VERBINDINGEN", "4"))
MAP = Path(os.environ.get("BENCH_MAP", "/tmp/koers_bench"))
UIT = Path(os.environ.get("BENCH_UIT", ROOT / "docs" / "performance.md"))

VLOER = "vloer: /health/"
PAGINAS = [
    (VLOER, "/health/"),
    ("startpagina", "/"),
    ("dashboard", "/dashboard/"),
    ("opgaven", "/opgaven/"),
    ("opgave 3", "/opgaven/3/"),
    ("wijzigingen opgave 3", "/opgaven/3/wijzigingen/"),
    ("activiteiten", "/activiteiten/"),
    ("activiteiten gefilterd", "/activiteiten/?tekst=IBDO"),
    ("resultaten", "/resultaten/"),
    ("voortgang", "/voortgang/"),
    ("begroting", "/begroting/"),
    ("rapportages", "/rapportages/"),
]
PDFS = [
    ("programma-PDF", "/rapportages/programma.pdf?peildatum=2026-06-30"),
    ("opgave-PDF (opgave 1)", "/opgaven/1/rapportage.pdf?peildatum=2026-06-30"),
]


def percentiel(waarden: list[float], p: float) -> float:
    """Nearest rank: the smallest value with at least p% of the values at or below it."""
    gesorteerd = sorted(waarden)
    return gesorteerd[max(0, math.ceil(p / 100 * len(gesorteerd)) - 1)]


@dataclass
class Meting:
    queries: int
    tijden_ms: list[float]
    fouten: list[str]
    eerste_queries: int | None = None  # the first request, when it differs from the rest
    koud_ms: list[float] | None = None  # with an empty cache, as right after an edit

    @property
    def koud(self) -> float | None:
        return statistics.median(self.koud_ms) if self.koud_ms else None

    @property
    def queries_tekst(self) -> str:
        if self.eerste_queries is None or self.eerste_queries == self.queries:
            return str(self.queries)
        return f"{self.eerste_queries} → {self.queries}"

    @property
    def mediaan(self) -> float:
        return statistics.median(self.tijden_ms)

    @property
    def p95(self) -> float:
        return percentiel(self.tijden_ms, 95)

    @property
    def max(self) -> float:
        return max(self.tijden_ms)


class Queryteller:
    """Counts queries through an execute wrapper: no SQL logging, so timing stays honest."""

    def __init__(self) -> None:
        self.aantal = 0

    def __call__(self, execute, sql, params, many, context):
        self.aantal += 1
        return execute(sql, params, many, context)


def _vraag(client: Client, url: str, fouten: list[str], *, teller: bool = False):
    """One GET; returns (milliseconds, queries or None). A status other than 200 is an error."""
    queryteller = Queryteller()
    begin = time.perf_counter()
    try:
        if teller:
            with connection.execute_wrapper(queryteller):
                antwoord = client.get(url)
        else:
            antwoord = client.get(url)
        duur = (time.perf_counter() - begin) * 1000
        if antwoord.status_code != 200:
            fouten.append(f"status {antwoord.status_code}")
    except Exception as fout:  # a broken page is reported, not a reason to stop the run
        duur = (time.perf_counter() - begin) * 1000
        fouten.append(f"{type(fout).__name__}: {fout}"[:200])
    return duur, (queryteller.aantal if teller else None)


def meet_pagina(client: Client, url: str) -> Meting:
    fouten: list[str] = []
    # Two untimed requests warm up templates and caches and count the queries: the first
    # request after a change can do more than the ones after it (pages that cache).
    _, eerste = _vraag(client, url, fouten, teller=True)
    _, queries = _vraag(client, url, fouten, teller=True)
    tijden = [_vraag(client, url, fouten)[0] for _ in range(HERHALINGEN)]
    # Pages keep shared parts until the data changes: the first reader after an edit
    # waits for this (three requests, each with the cache emptied first).
    koud = []
    for _ in range(3):
        cache.clear()
        koud.append(_vraag(client, url, fouten)[0])
    return Meting(
        queries=queries, tijden_ms=tijden, fouten=fouten, eerste_queries=eerste, koud_ms=koud
    )


def meet_pdf(client: Client, url: str) -> tuple[Meting, Meting]:
    """Cold (cache cleared before each download) and cached (the same download again).

    Cold renders: at most PDF_KOUD, and none started after PDF_BUDGET seconds of them.
    """
    koud_fouten: list[str] = []
    koud, koud_queries = [], 0
    for _ in range(PDF_KOUD):
        if sum(koud) > PDF_BUDGET * 1000:  # at 100x one render can take minutes
            break
        cache.clear()
        # The counter costs a function call per query: nothing next to a render of seconds.
        duur, koud_queries = _vraag(client, url, koud_fouten, teller=True)
        koud.append(duur)
    cache_fouten: list[str] = []
    _, cache_queries = _vraag(client, url, cache_fouten, teller=True)
    uit_cache = [_vraag(client, url, cache_fouten)[0] for _ in range(PDF_CACHE)]
    return (
        Meting(queries=koud_queries, tijden_ms=koud, fouten=koud_fouten),
        Meting(queries=cache_queries, tijden_ms=uit_cache, fouten=cache_fouten),
    )


def in_proces(wie) -> dict:
    client = Client(HTTP_HOST="127.0.0.1", raise_request_exception=True)
    client.force_login(wie)
    paginas = {}
    for naam, url in PAGINAS:
        print(f"  in het proces {naam} ...", file=sys.stderr, flush=True)
        paginas[naam] = meet_pagina(client, url)
    pdfs = {}
    for naam, url in PDFS:
        print(f"  in het proces {naam} ...", file=sys.stderr, flush=True)
        pdfs[naam] = meet_pdf(client, url)
    return {"paginas": paginas, "pdfs": pdfs}


def statistieken_bijwerken() -> None:
    """What autovacuum does soon after a bulk load: fresh planner statistics."""
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def aantallen() -> dict[str, int]:
    from budget.models import Begrotingsregel
    from opgaven.models import Activiteit, Programma
    from resultaten.models import Resultaat, Voortgangsupdate

    actueel = Programma.objects.actueel()
    return {
        "programma's": Programma.objects.count(),
        "activiteiten (actueel programma)": Activiteit.objects.filter(
            opgave__programma=actueel
        ).count(),
        "resultaten (actueel programma)": Resultaat.objects.filter(
            opgave__programma=actueel
        ).count(),
        "begrotingsregels (actueel programma)": Begrotingsregel.objects.filter(
            opgave__programma=actueel
        ).count(),
        "voortgangsupdates (alle)": Voortgangsupdate.objects.count(),
    }


def schaal(naam: str, wie, pdf_teller: itertools.count, tijden: dict) -> dict:
    print(f"{naam}: in het proces", file=sys.stderr, flush=True)
    load = {"in het proces": verslag.belasting_nu()}
    begin = time.monotonic()
    resultaat = in_proces(wie)
    resultaat["load"] = load
    tijden[f"{naam} in het proces"] = time.monotonic() - begin
    print(f"{naam}: ongecachet per rol en het schrijfpad", file=sys.stderr, flush=True)
    load["ongecachet"] = verslag.belasting_nu()
    begin = time.monotonic()
    resultaat["ongecachet"] = rollen.meet(wie, ONGECACHET)
    tijden[f"{naam} ongecachet"] = time.monotonic() - begin
    print(f"{naam}: belasting tegen gunicorn", file=sys.stderr, flush=True)
    load["onder belasting"] = verslag.belasting_nu()
    begin = time.monotonic()
    resultaat["belasting"] = belastingsrun(
        wie,
        PAGINAS,
        seconden=SECONDEN,
        mix_seconden=MIX_SECONDEN,
        verbindingen=VERBINDINGEN,
        logbestand=MAP / "gunicorn.log",
        pdf_teller=pdf_teller,
    )
    tijden[f"{naam} belasting"] = time.monotonic() - begin
    resultaat["aantallen"] = aantallen()
    return resultaat


def excel_meten(tijden: dict) -> str | None:
    """The table bench/excel.py prints (Markdown), run in a process and SQLite database of
    its own so it does not disturb the measured database; None when BENCH_EXCEL=0."""
    if os.environ.get("BENCH_EXCEL", "1") == "0":
        return None
    print("Excel: import van 10.000 rijen en exports bij 100x", file=sys.stderr, flush=True)
    begin = time.monotonic()
    omgeving = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    omgeving["BENCH_MAP"] = str(MAP / "excel")
    uitkomst = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "excel.py")],
        env=omgeving,
        capture_output=True,
        text=True,
        check=True,
    )
    tijden["Excel"] = time.monotonic() - begin
    tabel = uitkomst.stdout[uitkomst.stdout.find("| Meting") :]
    return tabel.strip() or None


def meet_alles() -> None:
    start = time.monotonic()
    MAP.mkdir(parents=True, exist_ok=True)
    (MAP / "gunicorn.log").write_text("")
    machine = verslag.machine()
    tijden: dict[str, float] = {}

    print("Voorbereiden: collectstatic, migraties en 1x de gegevens", file=sys.stderr, flush=True)
    begin = time.monotonic()
    call_command("collectstatic", interactive=False, verbosity=0)
    laad_een_keer()
    wie = gebruiker()
    statistieken_bijwerken()
    tijden["1x laden"] = time.monotonic() - begin

    # One counter over the whole run: every PDF download under load gets a new peildatum.
    pdf_teller = itertools.count()
    een = schaal("1x", wie, pdf_teller, tijden)

    print("100x de gegevens maken", file=sys.stderr, flush=True)
    begin = time.monotonic()
    from opgaven.models import Programma

    gemaakt = schaal_naar_honderd(Programma.objects.actueel())
    statistieken_bijwerken()
    tijden["100x maken"] = time.monotonic() - begin
    honderd = schaal("100x", wie, pdf_teller, tijden)

    excel = excel_meten(tijden)

    tijden["totaal"] = time.monotonic() - start
    machine["belasting_einde"] = verslag.belasting_nu()
    tekst = verslag.schrijf(
        machine=machine,
        een=een,
        honderd=honderd,
        gemaakt=gemaakt,
        tijden=tijden,
        instellingen={
            "herhalingen": HERHALINGEN,
            "pdf_koud": PDF_KOUD,
            "pdf_cache": PDF_CACHE,
            "pdf_budget": PDF_BUDGET,
            "seconden": SECONDEN,
            "mix_seconden": MIX_SECONDEN,
            "verbindingen": VERBINDINGEN,
        },
        vloer=VLOER,
        excel=excel,
    )
    UIT.parent.mkdir(parents=True, exist_ok=True)
    UIT.write_text(tekst, encoding="utf-8")
    print(tekst)
    print(f"Geschreven naar {UIT} in {tijden['totaal']:.0f} s", file=sys.stderr)


if __name__ == "__main__":
    meet_alles()
