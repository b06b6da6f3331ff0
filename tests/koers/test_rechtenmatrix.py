"""Every URL, for every kind of user, with GET and POST.

Actors: anonymous, a beleidsmedewerker on their own opgave, the same
beleidsmedewerker on another opgave, management and a beheerder.
"""

from dataclasses import dataclass

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from opgaven.models import Activiteit, Doel, Doelgroep, OpgavePartner
from resultaten.models import Resultaat
from tests.conftest import ANDERE_OPGAVE, EIGEN_OPGAVE

pytestmark = pytest.mark.django_db

LEZEN, BEWERKEN, ALLEEN_POST = "lezen", "bewerken", "alleen_post"


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


def _argumenten(naam: str, nummer: int) -> list:
    onderdelen = {
        "doel": Doel,
        "doelgroep": Doelgroep,
        "activiteit": Activiteit,
        "resultaat": Resultaat,
    }
    soort, _, actie = naam.partition("_")
    if soort in onderdelen and actie != "nieuw":
        return [_eerste(onderdelen[soort], nummer)]
    if naam == "koppelingen":
        return [nummer, "partners"]
    if naam == "ontkoppelen":
        return [nummer, "partners", _eerste(OpgavePartner, nummer)]
    if naam in {"home", "opgaven:lijst", "budget:begroting", "activiteiten", "resultaten"}:
        return []
    return [nummer]


ROUTES = [
    Route("home", LEZEN),
    Route("opgaven:lijst", LEZEN),
    Route("opgave", LEZEN),
    Route("opgave_wijzigingen", LEZEN),
    Route("budget:begroting", LEZEN),
    Route("activiteiten", LEZEN),
    Route("resultaten", LEZEN),
    Route("opgave_bewerken", BEWERKEN),
    Route("koppelingen", BEWERKEN),
    Route("ontkoppelen", ALLEEN_POST),
    *(
        Route(f"{soort}_{actie}", ALLEEN_POST if actie == "verplaatsen" else BEWERKEN)
        for soort in ("doel", "doelgroep", "activiteit", "resultaat")
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
    assert client.get(reverse("opgave", args=[1])).status_code == 403


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
    open_voor_iedereen = {"login", "logout"}
    assert _alle_routenamen(get_resolver().url_patterns) - open_voor_iedereen == {
        route.naam for route in ROUTES
    }
