"""Benchmark: server time and queries of each main page at 1x and 100x data.

Run with `bench/run` (it sets up a database of its own and writes
docs/performance.md). In-process through Django's test client, so the figures
are server time without network; the floor is /health/ (one SELECT 1) measured
in the same run, so every page is also given as a ratio to it.
"""

import os
import platform
import statistics
import sys
import time
from datetime import date
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "koers.settings")
django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings  # noqa: E402

from koers.rollen import MANAGEMENT, richt_rollen_in  # noqa: E402
from koers.schaal import maak_schaaldata  # noqa: E402
from koers.services import laad_programma  # noqa: E402
from opgaven.models import Programma  # noqa: E402

HERHALINGEN = int(os.environ.get("BENCH_HERHALINGEN", "15"))
PAGINAS = [
    ("vloer: /health/", "/health/"),
    ("dashboard", "/"),
    ("opgaven", "/opgaven/"),
    ("opgave 3", "/opgaven/3/"),
    ("wijzigingen opgave 3", "/opgaven/3/wijzigingen/"),
    ("activiteiten", "/activiteiten/"),
    ("activiteiten gefilterd", "/activiteiten/?tekst=IBDO"),
    ("resultaten", "/resultaten/"),
    ("begroting", "/begroting/"),
]


def meet(client: Client, url: str) -> dict:
    tijden = []
    queries = 0
    for _ in range(HERHALINGEN):
        reset_queries()
        begin = time.perf_counter()
        antwoord = client.get(url)
        tijden.append((time.perf_counter() - begin) * 1000)
        assert antwoord.status_code == 200, (url, antwoord.status_code)
        queries = len(connection.queries)
    tijden.sort()
    return {
        "mediaan": statistics.median(tijden),
        "p95": tijden[max(0, round(0.95 * len(tijden)) - 1)],
        "queries": queries,
    }


def meet_alles(client: Client) -> dict[str, dict]:
    return {naam: meet(client, url) for naam, url in PAGINAS}


def tabel(resultaten: dict[str, dict]) -> list[str]:
    vloer = resultaten["vloer: /health/"]["mediaan"]
    regels = [
        "| pagina | queries | mediaan (ms) | p95 (ms) | x vloer |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for naam, r in resultaten.items():
        regels.append(
            f"| {naam} | {r['queries']} | {r['mediaan']:.1f} | {r['p95']:.1f} | "
            f"{r['mediaan'] / vloer:.1f} |"
        )
    return regels


def main() -> None:
    call_command("migrate", verbosity=0)
    if not Programma.objects.exists():
        laad_programma()
    gebruiker, _ = get_user_model().objects.get_or_create(username="bench-management")
    gebruiker.groups.set([richt_rollen_in()[MANAGEMENT]])
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(gebruiker)

    # DEBUG on while measuring: Django then records queries, and static URLs need
    # no collected manifest. It adds a little time to every page, the floor too.
    with override_settings(DEBUG=True):
        een = meet_alles(client)
        maak_schaaldata(programma=Programma.objects.actueel(), factor=100)
        honderd = meet_alles(client)

    db = connection.vendor
    machine = (
        f"{os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}, "
        f"Django {django.get_version()}, database {db}"
    )
    uit = [
        "# Prestaties",
        "",
        f"Gemeten op {date.today():%d-%m-%Y} met `bench/run` ({machine}).",
        f"Elke pagina {HERHALINGEN} keer opgevraagd als management, in het proces via Django's",
        "testclient (servertijd zonder netwerk). De vloer is `/health/` (één `SELECT 1`)",
        "in dezelfde run; `x vloer` is de mediaan gedeeld door die van de vloer.",
        "",
        "## 1x de programmagegevens",
        "",
        *tabel(een),
        "",
        "## 100x de programmagegevens",
        "",
        "`maak_schaaldata --factor 100`: elke activiteit, elk resultaat, doel en elke",
        "begrotingsregel (met bedragen en historie) honderd keer in het actuele programma.",
        "",
        *tabel(honderd),
        "",
        "Niet gemeten in deze run: een belastingstest tegen gunicorn en de PDF-rapportages",
        "(zie de issues).",
        "",
    ]
    doel = ROOT / "docs" / "performance.md"
    doel.write_text("\n".join(uit), encoding="utf-8")
    print("\n".join(uit))
    print(f"Geschreven naar {doel}", file=sys.stderr)


if __name__ == "__main__":
    main()
