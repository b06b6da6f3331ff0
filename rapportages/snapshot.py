"""The data of a report as JSON (amounts as strings, never floats), kept with a frozen report,
and both embedded in its PDF: the JSON and the budget figures as CSV."""

import csv
import io
import json
from decimal import Decimal

from rapportages.gegevens import Rapportgegevens, verzamel
from rapportages.models import Voortgangsrapportage

SNAPSHOTVERSIE = 1

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


def als_json(gegevens: dict) -> str:
    """A snapshot as the text embedded in a frozen PDF."""
    return json.dumps(gegevens, ensure_ascii=False, indent=2, sort_keys=True)


BEGROTINGSKOLOMMEN = ("primitief", "wijzigingen", "actueel", "verplicht", "besteed")


def begrotingscijfers_csv(gegevens: Rapportgegevens) -> str:
    """Per budget line and year the execution at the peildatum, as CSV (decimal point)."""
    if not gegevens.volledig:
        raise ValueError("The figures need everything: verzamel(..., limiet=None).")
    uit = io.StringIO()
    schrijver = csv.writer(uit, lineterminator="\n")
    schrijver.writerow(
        ["opgave", "opgavetitel", "begrotingsregel", "omschrijving", "jaar", *BEGROTINGSKOLOMMEN]
    )
    for tabel in gegevens.regeluitvoering:
        for groep in tabel.groepen:
            for rij in groep.regels:
                schrijver.writerow(
                    [
                        groep.opgave.nummer,
                        groep.opgave.titel,
                        rij.regel.pk,
                        rij.regel.omschrijving,
                        tabel.jaar,
                        *(_geld(getattr(rij.bedragen, k)) for k in BEGROTINGSKOLOMMEN),
                    ]
                )
    return uit.getvalue()


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
