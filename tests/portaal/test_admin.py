import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from budget.models import Begrotingsbedrag, Begrotingsregel
from opgaven.models import Activiteit, Doel, Opgave
from resultaten.models import Resultaat
from tests.budget.hulp import voorbeeld_van

pytestmark = pytest.mark.django_db

DOMEIN_MODELLEN = [
    model
    for model in admin.site._registry
    if model._meta.app_label in {"opgaven", "budget", "resultaten"}
]


def test_every_domain_model_is_in_the_admin():
    namen = {model.__name__ for model in DOMEIN_MODELLEN}
    assert {
        "Programma",
        "Opgave",
        "Doel",
        "Doelgroep",
        "Partner",
        "GerelateerdProgramma",
        "Thema",
        "Activiteit",
        "Resultaat",
        "Begrotingsregel",
        "Begrotingsbedrag",
    } <= namen


@pytest.mark.parametrize("model", DOMEIN_MODELLEN, ids=lambda m: m.__name__)
def test_every_admin_changelist_and_add_page_opens(beheerder_client, model):
    def url(actie: str, *args: object) -> str:
        return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{actie}", args=args)

    obj = model.objects.first() or voorbeeld_van(model)
    for pagina in [url("changelist"), url("add"), url("change", obj.pk), url("history", obj.pk)]:
        assert beheerder_client.get(pagina).status_code == 200, pagina


def test_opgave_admin_holds_the_inlines_of_every_app(beheerder_client):
    opgave = Opgave.objects.get(nummer=3)
    html = beheerder_client.get(
        reverse("admin:opgaven_opgave_change", args=[opgave.pk])
    ).content.decode()
    for tekst in [
        "Jaarlijks 550 IBDO-trajecten met ondernemers",
        "Founded in the North",
        "Prioritaire activiteiten",
    ]:
        assert tekst in html


def _meer_begrotingsbedragen():
    opgave = Opgave.objects.get(nummer=1)
    for i in range(20):
        regel = Begrotingsregel.objects.create(
            opgave=opgave, omschrijving=f"Extra {i}", volgorde=50 + i
        )
        Begrotingsbedrag.objects.create(regel=regel, jaar=2026, bedrag=i)


def _meer_activiteiten():
    opgave = Opgave.objects.get(nummer=5)
    thema = opgave.themas.first()
    for i in range(20):
        Activiteit.objects.create(opgave=opgave, thema=thema, omschrijving=f"Extra {i}")


def _meer_resultaten():
    opgave = Opgave.objects.get(nummer=2)
    for i in range(20):
        Resultaat.objects.create(opgave=opgave, omschrijving=f"Extra {i}")


def _meer_doelen():
    opgave = Opgave.objects.get(nummer=4)
    hoofd = Doel.objects.create(opgave=opgave, tekst="Hoofd")
    for i in range(20):
        Doel.objects.create(opgave=opgave, tekst=f"Extra {i}", bovenliggend=hoofd)


@pytest.mark.parametrize(
    ("url_naam", "meer_rijen"),
    [
        ("admin:budget_begrotingsbedrag_changelist", _meer_begrotingsbedragen),
        ("admin:budget_begrotingsregel_changelist", _meer_begrotingsbedragen),
        ("admin:opgaven_activiteit_changelist", _meer_activiteiten),
        ("admin:resultaten_resultaat_changelist", _meer_resultaten),
        ("admin:opgaven_doel_changelist", _meer_doelen),
    ],
)
def test_admin_changelist_query_count_does_not_grow_with_rows(
    beheerder_client, url_naam, meer_rijen
):
    with CaptureQueriesContext(connection) as voor:
        beheerder_client.get(reverse(url_naam))
    meer_rijen()
    with CaptureQueriesContext(connection) as na:
        response = beheerder_client.get(reverse(url_naam))

    assert "Extra 19" in response.content.decode()
    assert len(na.captured_queries) == len(voor.captured_queries)
