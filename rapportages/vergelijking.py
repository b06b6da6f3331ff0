"""What changed between two snapshots of a report ("wijzigingen sindsdien")."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from basis.opmaak import euro
from opgaven.models import ActiviteitStatus
from resultaten.models import Status


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
