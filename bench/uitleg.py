"""EXPLAIN ANALYZE of the progress roll-up as the opgave page and the dashboard ask it;
a measurement, not a test.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<naam> .venv/bin/python bench/uitleg.py [-v]

Uses a PostgreSQL database with the programme (and the bench's scale data, for 100x)
loaded. Prints, per query, the execution time of `EXPLAIN (ANALYZE, BUFFERS)`; `-v`
prints the plans too. The notes in docs/metingen.md ("De voortgang per pagina") come
from this script.
"""

import os
import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "koers.settings")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from opgaven.models import Opgave, Programma  # noqa: E402
from resultaten.voortgang import Voortgang, rollup  # noqa: E402


def leg_uit(naam: str, vraag: Callable[[], object], *, plannen: bool) -> None:
    with CaptureQueriesContext(connection) as queries:
        vraag()
    print(f"== {naam}: {len(queries)} queries")
    for nummer, query in enumerate(queries.captured_queries, 1):
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + query["sql"])
            plan = [rij[0] for rij in cursor.fetchall()]
        tijd = next(regel for regel in plan if regel.startswith("Execution Time"))
        print(f"-- {nummer}: {tijd}")
        if plannen:
            print(query["sql"])
            print("\n".join(plan))


def leg_alles_uit() -> None:
    if connection.vendor != "postgresql":
        sys.exit("EXPLAIN ANALYZE hier alleen op PostgreSQL (zet DATABASE_URL).")
    plannen = "-v" in sys.argv
    programma = Programma.objects.actueel()
    opgaven = list(Opgave.objects.van_programma(programma))
    opgave = next(o for o in opgaven if o.nummer == 3)
    peildatum = timezone.localdate()
    leg_uit(
        "opgavepagina (opgave 3)",
        lambda: rollup(programma, [opgave], peildatum=peildatum, indicatoren=Voortgang.GETOOND),
        plannen=plannen,
    )
    leg_uit(
        "dashboard",
        lambda: rollup(programma, opgaven, peildatum=peildatum, indicatoren=Voortgang.GETOOND),
        plannen=plannen,
    )
    leg_uit(
        "rapport (alle indicatoren)",
        lambda: rollup(programma, opgaven, peildatum=peildatum),
        plannen=plannen,
    )


if __name__ == "__main__":
    leg_alles_uit()
