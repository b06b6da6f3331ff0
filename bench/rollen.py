"""Uncached pages per role and the write path, each as a ratio to the /health/ floor.

The people who use the portal all day rarely get a cached page: a beleidsmedewerker's
pages carry edit controls (never shared) and every edit empties the cache for everyone.
So every request here comes after `cache.clear()`, and a /health/ request comes right
before each one: the floor is measured interleaved, under the same load of the machine.

The write path is what saving an activity costs its editor: the edit form (GET), the
save (POST) and the page the redirect leads to (GET), timed together.
"""

import statistics
import time
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.urls import reverse

from basis.rollen import BELEIDSMEDEWERKER, richt_rollen_in
from budget.models import Begrotingsregel
from opgaven.models import Activiteit, Opgave, Programma
from resultaten.models import Resultaat

VLOER_URL = "/health/"
EIGEN_OPGAVE = 3


def beleidsmedewerker():
    """The beleidsmedewerker the benchmark reads and writes as: edits opgave 3."""
    account, _ = get_user_model().objects.get_or_create(username="bench-beleid")
    account.groups.set([richt_rollen_in()[BELEIDSMEDEWERKER]])
    account.toegewezen_opgaven.set(
        Opgave.objects.filter(programma=Programma.objects.actueel(), nummer=EIGEN_OPGAVE)
    )
    return account


def paginas() -> list[tuple[str, str]]:
    """Every main page (issue 18): lists, one budget line and one result of opgave 3."""
    opgave = Opgave.objects.get(programma=Programma.objects.actueel(), nummer=EIGEN_OPGAVE)
    regel = Begrotingsregel.objects.filter(opgave=opgave).order_by("volgorde", "pk").first()
    resultaat = Resultaat.objects.filter(opgave=opgave).order_by("volgorde", "pk").first()
    return [
        ("startpagina", "/"),
        ("dashboard", "/dashboard/"),
        ("opgave 3", f"/opgaven/{EIGEN_OPGAVE}/"),
        ("opgave 1", "/opgaven/1/"),
        ("activiteiten", "/activiteiten/"),
        ("resultaten", "/resultaten/"),
        ("voortgang", "/voortgang/"),
        ("begroting 2026", "/begroting/?jaar=2026"),
        ("begrotingsregel", reverse("budget:regel", args=[regel.pk])),
        ("resultaat", reverse("resultaten:resultaat", args=[resultaat.pk])),
        ("rapportages", "/rapportages/"),
        ("wijzigingen opgave 3", f"/opgaven/{EIGEN_OPGAVE}/wijzigingen/"),
    ]


@dataclass
class Ongecachet:
    """Medians of one page, uncached, beside the floor measured between its requests."""

    tijden_ms: list[float] = field(default_factory=list)
    vloer_ms: list[float] = field(default_factory=list)
    queries: int = 0
    fouten: list[str] = field(default_factory=list)

    @property
    def mediaan(self) -> float:
        return statistics.median(self.tijden_ms)

    @property
    def vloer(self) -> float:
        return statistics.median(self.vloer_ms)

    @property
    def x_vloer(self) -> float:
        return self.mediaan / self.vloer


class _Teller:
    def __init__(self) -> None:
        self.aantal = 0

    def __call__(self, execute, sql, params, many, context):
        self.aantal += 1
        return execute(sql, params, many, context)


def _tijd(doe) -> tuple[float, object]:
    begin = time.perf_counter()
    uitkomst = doe()
    return (time.perf_counter() - begin) * 1000, uitkomst


def _get(client: Client, url: str, fouten: list[str]) -> None:
    try:
        antwoord = client.get(url)
    except Exception as fout:  # a broken page is reported, not a reason to stop the run
        fouten.append(f"{url}: {type(fout).__name__}: {fout}"[:200])
        return
    if antwoord.status_code != 200:
        fouten.append(f"{url}: status {antwoord.status_code}")


def meet_ongecachet(client: Client, url: str, herhalingen: int) -> Ongecachet:
    meting = Ongecachet()
    cache.clear()
    _get(client, url, meting.fouten)  # warm-up: templates, session
    cache.clear()
    teller = _Teller()
    with connection.execute_wrapper(teller):
        _get(client, url, meting.fouten)
    meting.queries = teller.aantal
    for _ in range(herhalingen):
        meting.vloer_ms.append(_tijd(lambda: _get(client, VLOER_URL, meting.fouten))[0])
        cache.clear()
        meting.tijden_ms.append(_tijd(lambda: _get(client, url, meting.fouten))[0])
    return meting


def per_rol(clients: dict[str, Client], herhalingen: int) -> dict[str, dict[str, Ongecachet]]:
    """{page: {role: measurement}} for every main page, uncached."""
    return {
        naam: {rol: meet_ongecachet(client, url, herhalingen) for rol, client in clients.items()}
        for naam, url in paginas()
    }


def _activiteit() -> Activiteit:
    opgave = Opgave.objects.get(programma=Programma.objects.actueel(), nummer=EIGEN_OPGAVE)
    return Activiteit.objects.filter(opgave=opgave, bovenliggend=None).order_by("pk").first()


def _formulier(activiteit: Activiteit, tekst: str) -> dict[str, str]:
    """What the edit form posts (the fields of opgaven.forms.ActiviteitFormulier)."""
    return {
        "omschrijving": tekst,
        "thema": str(activiteit.thema_id or ""),
        "bovenliggend": str(activiteit.bovenliggend_id or ""),
        "bovenliggend_zoek": "",
        "status": activiteit.status,
        "geplande_start": activiteit.geplande_start.isoformat()
        if activiteit.geplande_start
        else "",
        "gepland_einde": activiteit.gepland_einde.isoformat() if activiteit.gepland_einde else "",
        "versie": str(activiteit.versie),
    }


def schrijfpad(client: Client, herhalingen: int) -> Ongecachet:
    """Saving an activity as its beleidsmedewerker: form, post, redirect (followed)."""
    activiteit = _activiteit()
    url = reverse("opgaven:activiteit_bewerken", args=[activiteit.pk])
    origineel = activiteit.omschrijving
    meting = Ongecachet()

    def bewaar(tekst: str) -> None:
        _get(client, url, meting.fouten)
        activiteit.refresh_from_db()  # the version the form carries (not timed apart)
        try:
            antwoord = client.post(url, _formulier(activiteit, tekst))
        except Exception as fout:
            meting.fouten.append(f"POST {url}: {type(fout).__name__}: {fout}"[:200])
            return
        if antwoord.status_code != 302:
            meting.fouten.append(f"POST {url}: status {antwoord.status_code}")
            return
        _get(client, antwoord["Location"], meting.fouten)

    # A change the history shows: the form strips a trailing space, so a save that only
    # added one changed nothing but the version, and a dashboard after the benchmark
    # found no change among the newest records.
    gewijzigd = origineel + " (bijgewerkt)"
    bewaar(gewijzigd)  # warm-up
    teller = _Teller()
    with connection.execute_wrapper(teller):
        bewaar(origineel)
    meting.queries = teller.aantal
    for i in range(herhalingen):
        meting.vloer_ms.append(_tijd(lambda: _get(client, VLOER_URL, meting.fouten))[0])
        tekst = origineel if i % 2 else gewijzigd
        meting.tijden_ms.append(_tijd(lambda tekst=tekst: bewaar(tekst))[0])
    bewaar(origineel)
    return meting


def meet(management, herhalingen: int) -> dict:
    """Uncached pages for beleid (with edit rights) and management, and the write path."""
    clients = {}
    for rol, account in (("beleid", beleidsmedewerker()), ("management", management)):
        clients[rol] = Client(HTTP_HOST="127.0.0.1", raise_request_exception=True)
        clients[rol].force_login(account)
    return {
        "per_rol": per_rol(clients, herhalingen),
        "schrijfpad": schrijfpad(clients["beleid"], herhalingen),
    }
