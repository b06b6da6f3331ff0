"""Benchmark of Excel in and out: an import of 10,000 rows, and the exports at 100x data.

Runs on its own, on a fresh SQLite database of its own (or BENCH_EXCEL_DATABASE_URL):

    .venv/bin/python bench/excel.py

1. 1x data (bench.gegevens.laad_een_keer);
2. the admin's realisation import of a 10,000-row .xlsx: the preview (read, validate,
   dry run) and the confirmation (the same rows written through bewaar_object); the same
   for a 10,000-row ledger extract (budget.services.lees_grootboek_in);
3. 100x data (bench.schaaldata), then every table's export in CSV and XLSX through the
   test client, DEBUG off: its time and size. BENCH_EXCEL_ALLEEN_EXPORT=1 skips step 2.
"""

import os
import sys
import time
from datetime import date, timedelta
from pathlib import Path

MAP = Path(os.environ.get("BENCH_MAP", "/tmp/koers_excel_bench"))
DATABASE = os.environ.get("BENCH_EXCEL_DATABASE_URL", f"sqlite:///{MAP}/excel.sqlite3")
os.environ.update(
    {
        "DEBUG": "false",
        "HTTPS": "false",
        "ALLOWED_HOSTS": "testserver,127.0.0.1",
        "DJANGO_SETTINGS_MODULE": "bench.instellingen",
        "BENCH_MAP": str(MAP),
        "CACHE_DIR": str(MAP / "cache"),
        "DATABASE_URL": DATABASE,
    }
)
os.environ.setdefault("SECRET_KEY", "bench-excel-" + "x" * 40)
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

RIJEN = 10_000


def _xlsx(kop: list[str], rijen: list[list]) -> bytes:
    # The portal's own writer; tests/budget/test_import.py builds raw workbooks instead,
    # for cells the writer never makes (formulas, stray types).
    from basis.werkboek import Blad

    return Blad(titel="Bench", kolommen=kop, rijen=rijen).xlsx()


def _meet(naam: str, doe, tijden: dict) -> object:
    begin = time.monotonic()
    uitkomst = doe()
    tijden[naam] = time.monotonic() - begin
    print(f"{naam}: {tijden[naam]:.2f} s", file=sys.stderr, flush=True)
    return uitkomst


def main() -> None:
    MAP.mkdir(parents=True, exist_ok=True)
    if DATABASE.startswith("sqlite:///"):
        Path(DATABASE.removeprefix("sqlite:///")).unlink(missing_ok=True)
    import django

    django.setup()
    from django.test.utils import setup_test_environment

    setup_test_environment()  # the test client then keeps each response's context
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse

    from basis.rollen import BEHEERDER, richt_rollen_in
    from bench.gegevens import laad_een_keer, schaal_naar_honderd
    from budget.models import Begrotingsregel, Realisatie
    from opgaven.models import Programma

    tijden: dict[str, float] = {}
    call_command("collectstatic", interactive=False, verbosity=0)
    _meet("1x laden", laad_een_keer, tijden)
    beheerder = get_user_model().objects.create_user("bench-beheerder", is_staff=True)
    beheerder.groups.add(richt_rollen_in()[BEHEERDER])
    client = Client()
    client.force_login(beheerder)

    regel = Begrotingsregel.objects.select_related("opgave").get(omschrijving="Voucherregelingen")
    if os.environ.get("BENCH_EXCEL_ALLEEN_EXPORT") != "1":
        _importeren(client, beheerder, regel, tijden)
    # bench.schaaldata copies realisations field by field; a ledger key is unique.
    Realisatie.objects.update(bronsleutel=None)
    _meet("100x maken", lambda: schaal_naar_honderd(Programma.objects.actueel()), tijden)
    groottes: dict[str, int] = {}
    for naam, url in [
        ("begroting", lambda f: reverse("budget:export", args=[f])),
        ("tabel 1", lambda f: reverse("budget:tabel1_export", args=[f])),
        ("cofinanciering", lambda f: reverse("budget:cofinanciering_export", args=[f])),
        ("activiteiten", lambda f: reverse("opgaven:activiteiten") + f"?_export={f}"),
        ("resultaten", lambda f: reverse("resultaten:lijst") + f"?_export={f}"),
        ("voortgang", lambda f: reverse("resultaten:voortgang") + f"?_export={f}"),
    ]:
        for formaat in ("csv", "xlsx"):
            antwoord = _meet(
                f"export 100x {naam} {formaat}",
                lambda url=url, formaat=formaat: client.get(url(formaat)),
                tijden,
            )
            assert antwoord.status_code == 200, (naam, formaat, antwoord.status_code)
            groottes[f"export 100x {naam} {formaat}"] = len(antwoord.content)

    print("\n| Meting | Tijd (s) | Grootte |\n| --- | ---: | ---: |")
    for naam, seconden in tijden.items():
        grootte = groottes.get(naam)
        print(f"| {naam} | {seconden:.2f} | {f'{grootte / 1024:.0f} KB' if grootte else ''} |")


def _importeren(client, beheerder, regel, tijden: dict) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from budget.models import Grootboekkoppeling, Realisatie
    from budget.services import lees_grootboek_in

    begin = date(2026, 1, 1)
    nummer, omschrijving = regel.opgave.nummer, regel.omschrijving
    inhoud = _xlsx(
        ["opgave", "begrotingsregel", "jaar", "datum", "omschrijving", "verplicht", "besteed"],
        [
            [nummer, omschrijving, 2026, begin + timedelta(days=i % 360), f"Boeking {i}", 0, 300.3]
            for i in range(RIJEN)
        ],
    )
    voor = Realisatie.objects.count()

    def voorbeeld():
        return client.post(
            reverse("admin:budget_realisatie_import"),
            {
                "resource": "0",
                "format": "0",
                "import_file": SimpleUploadedFile("bench.xlsx", inhoud),
                "reden": "Benchmark",
            },
        )

    response = _meet(f"import {RIJEN} rijen: voorbeeld", voorbeeld, tijden)
    if "confirm_form" not in response.context:
        fouten = [(r.number, r.validation_error) for r in response.context["result"].invalid_rows]
        raise SystemExit(f"the preview refused the file: {fouten[:3]} ({len(fouten)} rows)")
    bevestig = response.context["confirm_form"]
    gegevens = {k: v for k, v in bevestig.initial.items() if v is not None}
    _meet(
        f"import {RIJEN} rijen: bevestigen",
        lambda: client.post(reverse("admin:budget_realisatie_process_import"), gegevens),
        tijden,
    )
    assert Realisatie.objects.count() == voor + RIJEN, "the import did not add every row"

    Grootboekkoppeling.objects.create(kostenplaats="KP100", regel=regel)
    extract = _xlsx(
        ["datum", "kostenplaats", "grootboekrekening", "omschrijving", "bedrag", "soort"],
        [
            [begin + timedelta(days=i % 360), "KP100", "4410", f"Factuur {i}", 125.5, "besteed"]
            for i in range(RIJEN)
        ],
    )
    for keer in ("eerste keer", "tweede keer"):
        _meet(
            f"grootboekextract {RIJEN} rijen, {keer}",
            lambda: lees_grootboek_in(
                inhoud=extract, formaat="xlsx", gebruiker=beheerder, bestandsnaam="bench.xlsx"
            ),
            tijden,
        )


if __name__ == "__main__":
    main()
