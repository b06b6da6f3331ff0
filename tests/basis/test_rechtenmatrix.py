"""Every URL, for every kind of user, with GET and POST.

Actors: anonymous, a beleidsmedewerker on their own opgave, the same
beleidsmedewerker on another opgave, management and a beheerder.
"""

import hashlib
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from budget.models import Begrotingsregel, Begrotingswijziging
from opgaven.models import Activiteit, Doel, Doelgroep, OpgavePartner, Programma
from rapportages.gegevens import verzamel
from rapportages.models import Voortgangsrapportage
from rapportages.snapshot import snapshot
from resultaten.models import Indicator, Resultaat
from tests.conftest import ANDERE_OPGAVE, EIGEN_OPGAVE

pytestmark = pytest.mark.django_db

LEZEN, BEWERKEN, ALLEEN_POST = "lezen", "bewerken", "alleen_post"
# A POST only a beheerder may do, whatever the opgave (e.g. setting an amendment).
ALLEEN_BEHEERDER = "alleen_beheerder"
# POST only, for management and beheerders whatever the opgave (vaststellen of a report).
VASTSTELLEN = "vaststellen"
# Per user, not per opgave: whoever edits some opgave (the progress workbook); with the
# methods the view takes.
WERKBLAD, WERKBLAD_GET, WERKBLAD_POST = "werkblad", "werkblad_get", "werkblad_post"


@dataclass(frozen=True)
class Route:
    naam: str
    soort: str

    def url(self, nummer: int) -> str:
        return reverse(self.naam, args=_argumenten(self.naam, nummer))


def _eerste(model, nummer: int) -> int:
    return (
        model.objects.filter(opgave__nummer=nummer).order_by("pk").values_list("pk", flat=True)[0]
    )


def _budget_argumenten(naam: str, nummer: int) -> list:
    if naam in {"budget:begroting", "budget:cofinanciering"}:
        return []
    if naam in {"budget:export", "budget:tabel1_export", "budget:cofinanciering_export"}:
        return ["csv"]
    if naam == "budget:regel_nieuw":
        return [nummer]
    regel = Begrotingsregel.objects.filter(opgave__nummer=nummer).order_by("pk").first()
    if naam == "budget:wijziging_vaststellen":
        wijziging = Begrotingswijziging.objects.create(
            regel=regel, jaar=2026, bedrag=Decimal("1000"), kenmerk="Test", motivering="Test"
        )
        return [wijziging.pk]
    return [regel.pk]


def _vastgestelde_rapportage() -> Voortgangsrapportage:
    """A stored report (small stand-in bytes with their true checksum, a real snapshot)."""
    programma = Programma.objects.get(eerste_jaar=2026)
    inhoud = b"%PDF-1.7 stand-in"
    return Voortgangsrapportage.objects.create(
        programma=programma,
        peildatum=date(2026, 6, 30),
        titel="Rapportage voor de rechtenmatrix",
        pdf=inhoud,
        sha256=hashlib.sha256(inhoud).hexdigest(),
        snapshot=snapshot(verzamel(programma, peildatum=date(2026, 6, 30), limiet=None)),
        dataversie="test",
        vastgesteld_door=get_user_model().objects.create_user("vaststeller"),
        vastgesteld_op=timezone.now(),
    )


def _argumenten(naam: str, nummer: int) -> list:
    if naam.startswith("budget:"):
        return _budget_argumenten(naam, nummer)
    onderdelen = {
        "doel": Doel,
        "doelgroep": Doelgroep,
        "activiteit": Activiteit,
        "resultaat": Resultaat,
    }
    soort, _, actie = naam.partition(":")[2].partition("_")
    if naam == "resultaten:indicator_nieuw":
        return [_eerste(Resultaat, nummer)]
    if soort in onderdelen and actie != "nieuw":
        return [_eerste(onderdelen[soort], nummer)]
    if soort == "indicator":
        return [
            Indicator.objects.filter(resultaat__opgave__nummer=nummer)
            .order_by("pk")
            .values_list("pk", flat=True)[0]
        ]
    if naam in {"rapportages:download", "rapportages:wijzigingen"}:
        return [_vastgestelde_rapportage().pk]
    if naam == "portaal:opgave_wijzigingen_export":
        return [nummer, "csv"]
    if naam == "opgaven:koppelingen":
        return [nummer, "partners"]
    if naam == "opgaven:ontkoppelen":
        return [nummer, "partners", _eerste(OpgavePartner, nummer)]
    if naam in {
        "portaal:start",
        "portaal:dashboard",
        "opgaven:lijst",
        "budget:begroting",
        "opgaven:activiteiten",
        "resultaten:lijst",
        "resultaten:voortgang",
        "resultaten:werkblad",
        "resultaten:werkblad_download",
        "resultaten:werkblad_bevestigen",
        "rapportages:lijst",
        "rapportages:programma_pdf",
        "rapportages:vaststellen",
    }:
        return []
    return [nummer]


ROUTES = [
    Route("portaal:start", LEZEN),
    Route("portaal:dashboard", LEZEN),
    Route("opgaven:lijst", LEZEN),
    Route("portaal:opgave", LEZEN),
    Route("portaal:opgave_wijzigingen", LEZEN),
    Route("portaal:opgave_wijzigingen_export", LEZEN),
    Route("budget:begroting", LEZEN),
    Route("budget:export", LEZEN),
    Route("budget:tabel1_export", LEZEN),
    Route("budget:cofinanciering", LEZEN),
    Route("budget:cofinanciering_export", LEZEN),
    Route("budget:regel", LEZEN),
    Route("budget:wijziging_nieuw", BEWERKEN),
    Route("budget:realisatie_nieuw", BEWERKEN),
    Route("budget:regel_nieuw", BEWERKEN),
    Route("budget:wijziging_vaststellen", ALLEEN_BEHEERDER),
    Route("opgaven:activiteiten", LEZEN),
    Route("resultaten:lijst", LEZEN),
    Route("resultaten:resultaat", LEZEN),
    Route("resultaten:voortgang", LEZEN),
    Route("resultaten:werkblad", WERKBLAD),
    Route("resultaten:werkblad_download", WERKBLAD_GET),
    Route("resultaten:werkblad_bevestigen", WERKBLAD_POST),
    Route("resultaten:resultaat_voortgang", BEWERKEN),
    Route("resultaten:activiteit_voortgang", BEWERKEN),
    Route("resultaten:indicator_nieuw", BEWERKEN),
    Route("resultaten:indicator_bewerken", BEWERKEN),
    Route("resultaten:indicator_verwijderen", BEWERKEN),
    Route("rapportages:lijst", LEZEN),
    Route("rapportages:programma_pdf", LEZEN),
    Route("rapportages:opgave_pdf", LEZEN),
    Route("rapportages:download", LEZEN),
    Route("rapportages:wijzigingen", LEZEN),
    Route("rapportages:vaststellen", VASTSTELLEN),
    Route("opgaven:opgave_bewerken", BEWERKEN),
    Route("opgaven:koppelingen", BEWERKEN),
    Route("opgaven:ontkoppelen", ALLEEN_POST),
    *(
        Route(f"{soort}_{actie}", ALLEEN_POST if actie == "verplaatsen" else BEWERKEN)
        for soort in (
            "opgaven:doel",
            "opgaven:doelgroep",
            "opgaven:activiteit",
            "resultaten:resultaat",
        )
        for actie in ("nieuw", "bewerken", "verwijderen", "verplaatsen")
    ),
]

# (actor, opgave the URL is about)
ACTOREN = [
    ("anoniem", EIGEN_OPGAVE),
    ("beleid_eigen", EIGEN_OPGAVE),
    ("beleid_ander", ANDERE_OPGAVE),
    ("management", ANDERE_OPGAVE),
    ("beheerder", ANDERE_OPGAVE),
]


def _verwacht(route: Route, actor: str, methode: str) -> set[int]:
    if actor == "anoniem":
        return {302}
    if route.soort == ALLEEN_BEHEERDER:
        if methode == "get":
            return {405}
        return {302} if actor == "beheerder" else {403}
    if route.soort == VASTSTELLEN:
        if methode == "get":
            return {405}
        # An empty POST is an invalid form: the list page again, with the errors.
        return {200} if actor in {"management", "beheerder"} else {403}
    if route.soort in {WERKBLAD, WERKBLAD_GET, WERKBLAD_POST}:
        if (route.soort, methode) in {(WERKBLAD_GET, "post"), (WERKBLAD_POST, "get")}:
            return {405}
        if actor == "management":
            return {403}
        return {302} if route.soort == WERKBLAD_POST else {200}
    mag_bewerken = actor in {"beleid_eigen", "beheerder"}
    if route.soort == LEZEN:
        return {200} if methode == "get" else {405}
    if route.soort == ALLEEN_POST and methode == "get":
        return {405}
    if not mag_bewerken:
        return {403}
    return {200} if methode == "get" else {200, 302}


@pytest.fixture
def actor_client(request, client, beleidsmedewerker, management, beheerder):
    gebruikers = {
        "beleid_eigen": beleidsmedewerker,
        "beleid_ander": beleidsmedewerker,
        "management": management,
        "beheerder": beheerder,
    }
    if request.param in gebruikers:
        client.force_login(gebruikers[request.param])
    return client


@pytest.mark.parametrize("methode", ["get", "post"])
@pytest.mark.parametrize(
    ("actor_client", "actor", "nummer"),
    [(actor, actor, nummer) for actor, nummer in ACTOREN],
    indirect=["actor_client"],
    ids=[actor for actor, _ in ACTOREN],
)
@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.naam)
def test_permission_matrix(route, actor_client, actor, nummer, methode):
    url = route.url(nummer)
    response = getattr(actor_client, methode)(url)

    assert response.status_code in _verwacht(route, actor, methode), (actor, methode, url)
    if actor == "anoniem":
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    ("gebruiker", "verwacht"), [("management", 302), ("beleidsmedewerker", 302), ("beheerder", 200)]
)
def test_only_beheerders_reach_the_admin(client, request, gebruiker, verwacht):
    client.force_login(request.getfixturevalue(gebruiker))
    response = client.get(reverse("admin:index"))
    assert response.status_code == verwacht
    if verwacht == 302:
        assert "/beheer/login/" in response["Location"]


def test_an_account_without_a_role_sees_nothing(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("zonderrol", password="x" * 12))
    assert client.get(reverse("opgaven:lijst")).status_code == 403
    assert client.get(reverse("portaal:opgave", args=[1])).status_code == 403


def _alle_routenamen(patronen, namespace: str = "") -> set[str]:
    namen = set()
    for patroon in patronen:
        if isinstance(patroon, URLResolver):
            if patroon.app_name == "admin":
                continue
            ns = f"{namespace}{patroon.namespace}:" if patroon.namespace else namespace
            namen |= _alle_routenamen(patroon.url_patterns, ns)
        elif isinstance(patroon, URLPattern) and patroon.name:
            namen.add(f"{namespace}{patroon.name}")
    return namen


def test_the_matrix_covers_every_url_of_the_portal():
    open_voor_iedereen = {"login", "logout", "health"}
    assert _alle_routenamen(get_resolver().url_patterns) - open_voor_iedereen == {
        route.naam for route in ROUTES
    }
