"""Issue 14, items 1-3: every admin path is version-checked, explained and undoable."""

from datetime import date
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib import admin
from django.db.models import Sum
from django.test import Client
from django.urls import reverse

from basis.models import Verwijdering
from basis.versies import Versiebeheerd
from budget.models import Begrotingsbedrag, Begrotingsregel, Begrotingswijziging
from opgaven.models import Activiteit, Doel, Opgave
from resultaten.models import Resultaat
from tests.conftest import EIGEN_OPGAVE
from tests.factories import VoortgangsupdateFactory
from tests.helpers import formulier, formulier_in

pytestmark = pytest.mark.django_db

BEDRIJVENTERREINEN = "Toekomstbestendige bedrijventerreinen"


def _primitief_totaal() -> Decimal:
    return Begrotingsbedrag.objects.filter(regel__opgave__programma__eerste_jaar=2026).aggregate(
        totaal=Sum("bedrag")
    )["totaal"]


@pytest.fixture
def beleid(beleidsmedewerker) -> Client:
    """The beleidsmedewerker in a browser of their own (beleid_client shares the
    `client` fixture with beheerder_client, and one login would replace the other)."""
    eigen = Client()
    eigen.force_login(beleidsmedewerker)
    return eigen


def _activiteit() -> Activiteit:
    return Activiteit.objects.filter(opgave__nummer=EIGEN_OPGAVE).order_by("pk").first()


# --- 1. One version check on every write path ------------------------------------------


def test_an_admin_correction_is_not_overwritten_by_a_portal_form_opened_before_it(
    beleid, beheerder_client
):
    activiteit = _activiteit()
    portaal_url = reverse("opgaven:activiteit_bewerken", args=[activiteit.pk])
    open_formulier = formulier(beleid, portaal_url)

    beheer_url = reverse("admin:opgaven_activiteit_change", args=[activiteit.pk])
    beheerder_client.post(
        beheer_url,
        formulier(
            beheerder_client,
            beheer_url,
            omschrijving="Correctie door de beheerder",
            reden="Tekst uit het besluit",
        ),
    )
    activiteit.refresh_from_db()
    assert activiteit.omschrijving == "Correctie door de beheerder"

    response = beleid.post(portaal_url, {**open_formulier, "omschrijving": "Mijn tekst"})

    assert response.status_code == 200
    assert "heeft dit intussen gewijzigd" in response.content.decode()
    activiteit.refresh_from_db()
    assert activiteit.omschrijving == "Correctie door de beheerder"


def test_an_admin_form_opened_before_a_portal_save_is_refused_and_keeps_the_input(
    beleid, beheerder_client
):
    activiteit = _activiteit()
    beheer_url = reverse("admin:opgaven_activiteit_change", args=[activiteit.pk])
    open_beheer = formulier(beheerder_client, beheer_url, reden="Correctie")

    portaal_url = reverse("opgaven:activiteit_bewerken", args=[activiteit.pk])
    beleid.post(portaal_url, formulier(beleid, portaal_url, omschrijving="Door beleid"))

    response = beheerder_client.post(beheer_url, {**open_beheer, "omschrijving": "Door beheer"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "heeft dit gewijzigd nadat u het opende" in html
    assert "Door beleid" in html  # what the other person changed
    assert "Door beheer" in html  # the beheerder's input is kept
    activiteit.refresh_from_db()
    assert activiteit.omschrijving == "Door beleid"

    # Saving again, having seen it, overwrites deliberately.
    tweede = beheerder_client.post(
        beheer_url,
        formulier(beheerder_client, beheer_url, omschrijving="Door beheer", reden="Toch"),
    )
    assert tweede.status_code == 302
    activiteit.refresh_from_db()
    assert activiteit.omschrijving == "Door beheer"


def test_an_inline_row_changed_after_opening_is_refused(beheerder_client, beheerder):
    regel = Begrotingsregel.objects.get(omschrijving="Voucherregelingen")
    url = reverse("admin:budget_begrotingsregel_change", args=[regel.pk])
    open_formulier = formulier(beheerder_client, url, reden="Correctie")
    bedrag = regel.bedragen.get(jaar=2026)
    bedrag.bedrag = Decimal("1")
    bedrag._history_user = beheerder
    bedrag.save()

    for i in range(int(open_formulier["bedragen-TOTAL_FORMS"])):
        open_formulier[f"bedragen-{i}-bedrag"] = "2"
    response = beheerder_client.post(url, open_formulier)

    assert response.status_code == 200
    assert "heeft dit gewijzigd nadat u het opende" in response.content.decode()
    assert regel.bedragen.get(jaar=2026).bedrag == Decimal("1")


def test_every_save_raises_the_version_so_an_open_form_conflicts(beleid_client, beheerder):
    activiteit = _activiteit()
    url = reverse("opgaven:activiteit_bewerken", args=[activiteit.pk])
    open_formulier = formulier(beleid_client, url)

    # A path without a form of its own (a command, an import) saves the object.
    activiteit.omschrijving = "Via een ander pad"
    activiteit._history_user = beheerder
    activiteit.save()

    response = beleid_client.post(url, {**open_formulier, "omschrijving": "Mijn tekst"})
    assert "heeft dit intussen gewijzigd" in response.content.decode()


def test_a_save_of_an_object_loaded_long_ago_takes_the_next_version_of_the_row(beheerder):
    oud = _activiteit()
    nieuw = Activiteit.objects.get(pk=oud.pk)
    nieuw.save()
    nieuw.save()

    oud.omschrijving = "Later"
    oud.save()

    assert Activiteit.objects.get(pk=oud.pk).versie == nieuw.versie + 1


def test_reordering_does_not_raise_the_version(beleid_client):
    activiteit = _activiteit()
    versie = activiteit.versie
    beleid_client.post(
        reverse("opgaven:activiteit_verplaatsen", args=[activiteit.pk]), {"richting": "omlaag"}
    )
    activiteit.refresh_from_db()
    assert activiteit.versie == versie


def test_an_admin_form_opened_before_a_portal_reorder_keeps_the_new_order(
    beheerder_client, beleidsmedewerker
):
    activiteit = _activiteit()
    url = reverse("admin:opgaven_activiteit_change", args=[activiteit.pk])
    geopend = formulier(beheerder_client, url, omschrijving="Herschreven", reden="Tikfout")
    beleid = Client()
    beleid.force_login(beleidsmedewerker)
    beleid.post(
        reverse("opgaven:activiteit_verplaatsen", args=[activiteit.pk]), {"richting": "omlaag"}
    )
    verplaatst = Activiteit.objects.get(pk=activiteit.pk).volgorde
    assert verplaatst != activiteit.volgorde

    beheerder_client.post(url, geopend)

    activiteit.refresh_from_db()
    assert activiteit.omschrijving == "Herschreven"
    assert activiteit.volgorde == verplaatst
    assert activiteit.history.first().volgorde == verplaatst


def test_a_beheerder_who_changes_the_order_in_the_admin_sets_it(beheerder_client):
    activiteit = _activiteit()
    url = reverse("admin:opgaven_activiteit_change", args=[activiteit.pk])

    beheerder_client.post(url, formulier(beheerder_client, url, volgorde="99", reden="Achteraan"))

    activiteit.refresh_from_db()
    assert activiteit.volgorde == 99


def test_every_model_people_edit_in_the_admin_carries_a_version():
    eigen_apps = {"opgaven", "budget", "resultaten"}
    zonder_versie = [
        model.__name__
        for model in admin.site._registry
        if model._meta.app_label in eigen_apps and not issubclass(model, Versiebeheerd)
    ]
    assert zonder_versie == []
    assert issubclass(apps.get_model("budget", "Begrotingsbedrag"), Versiebeheerd)


def test_a_revert_goes_through_the_version_check_and_raises_the_version(beheerder_client):
    activiteit = _activiteit()
    url = reverse("admin:opgaven_activiteit_change", args=[activiteit.pk])
    beheerder_client.post(url, formulier(beheerder_client, url, omschrijving="Fout", reden="x"))
    activiteit.refresh_from_db()
    versie = activiteit.versie
    eerste = activiteit.history.earliest()
    terug_url = reverse("admin:opgaven_activiteit_simple_history", args=[activiteit.pk, eerste.pk])
    open_revert = formulier(beheerder_client, terug_url, reden="Terug naar het document")

    response = beheerder_client.post(terug_url, open_revert)

    assert response.status_code == 302
    activiteit.refresh_from_db()
    assert activiteit.omschrijving == eerste.omschrijving
    assert activiteit.versie == versie + 1
    assert activiteit.history.first().history_change_reason == "Terug naar het document"

    # The same revert form, submitted again, is now stale.
    opnieuw = beheerder_client.post(terug_url, open_revert)
    assert opnieuw.status_code == 200
    assert "heeft dit gewijzigd nadat u het opende" in opnieuw.content.decode()


# --- 2. A deletion is refused, or undone as a whole ----------------------------------


def _verwijder_in_beheer(client, model: str, pk: int, reden: str = "Dubbel ingevoerd"):
    url = reverse(f"admin:{model}_delete", args=[pk])
    return client.post(url, formulier(client, url, post="yes", reden=reden))


def test_a_deleted_budget_line_comes_back_whole_from_its_admin_history(beheerder_client):
    regel = Begrotingsregel.objects.get(omschrijving=BEDRIJVENTERREINEN)
    assert _primitief_totaal() == Decimal("14816363")

    response = _verwijder_in_beheer(beheerder_client, "budget_begrotingsregel", regel.pk)
    assert response.status_code == 302
    assert _primitief_totaal() == Decimal("12716363")

    historie = Begrotingsregel.history.filter(id=regel.pk, history_type="~").first() or (
        Begrotingsregel.history.filter(id=regel.pk).exclude(history_type="-").first()
    )
    url = reverse("admin:budget_begrotingsregel_simple_history", args=[regel.pk, historie.pk])
    # Its history form leads to restoring the whole deletion, which asks a reason.
    opent = beheerder_client.get(url)
    verwijdering = Verwijdering.objects.get(model="budget.begrotingsregel", object_id=str(regel.pk))
    assert opent.url == reverse("admin:basis_verwijdering_herstellen", args=[verwijdering.pk])
    assert _primitief_totaal() == Decimal("12716363")
    response = beheerder_client.post(url, {"reden": "Ten onrechte"})

    assert response.status_code == 302
    assert Begrotingsregel.objects.get(pk=regel.pk).bedragen.count() == 2
    assert _primitief_totaal() == Decimal("14816363")
    bedrag = Begrotingsbedrag.history.filter(regel_id=regel.pk).first()
    assert bedrag.history_type == "+"
    assert bedrag.history_change_reason == "Ten onrechte"


def test_the_deletions_overview_restores_a_doel_with_its_sub_doelen(beheerder_client):
    hoofd = Doel.objects.filter(opgave__nummer=1, onderliggende__isnull=False).first()
    kinderen = list(hoofd.onderliggende.values_list("pk", flat=True))
    assert kinderen
    url = reverse("opgaven:doel_verwijderen", args=[hoofd.pk])
    beheerder_client.post(url, formulier(beheerder_client, url))
    assert not Doel.objects.filter(pk__in=[hoofd.pk, *kinderen]).exists()

    overzicht = beheerder_client.get(
        reverse("admin:basis_verwijdering_changelist")
    ).content.decode()
    assert hoofd.tekst[:40] in overzicht
    verwijdering = Verwijdering.objects.get(model="opgaven.doel", object_id=str(hoofd.pk))
    assert verwijdering.aantal == 1 + len(kinderen)

    herstel_url = reverse("admin:basis_verwijdering_herstellen", args=[verwijdering.pk])
    zonder_reden = beheerder_client.post(herstel_url, {"reden": " "})
    assert zonder_reden.status_code == 200
    assert not Doel.objects.filter(pk=hoofd.pk).exists()

    response = beheerder_client.post(herstel_url, {"reden": "Per ongeluk verwijderd"})

    assert response.status_code == 302
    assert Doel.objects.filter(pk__in=[hoofd.pk, *kinderen]).count() == 1 + len(kinderen)
    assert set(Doel.objects.get(pk=hoofd.pk).onderliggende.values_list("pk", flat=True)) == set(
        kinderen
    )
    verwijdering.refresh_from_db()
    assert verwijdering.is_hersteld
    tweede = beheerder_client.post(herstel_url, {"reden": "Nog eens"}, follow=True)
    assert "al hersteld" in tweede.content.decode()


def test_only_a_beheerder_sees_and_restores_deletions(management_client, beleid):
    for client in (management_client, beleid):
        response = client.get(reverse("admin:basis_verwijdering_changelist"))
        assert response.status_code in (302, 403)


def _resultaat_met_voortgang(beheerder) -> Resultaat:
    """A result of the own opgave with one progress update, which protects it."""
    resultaat = Resultaat.objects.filter(opgave__nummer=EIGEN_OPGAVE).first()
    VoortgangsupdateFactory(
        resultaat=resultaat, peildatum=date(2026, 6, 30), ingevoerd_door=beheerder
    )
    return resultaat


def test_progress_updates_never_vanish_by_cascade(beheerder_client, beheerder):
    resultaat = _resultaat_met_voortgang(beheerder)
    url = reverse("admin:resultaten_resultaat_delete", args=[resultaat.pk])

    pagina = beheerder_client.get(url).content.decode()
    _verwijder_in_beheer(beheerder_client, "resultaten_resultaat", resultaat.pk)

    assert "beschermd" in pagina or "protected" in pagina or "kan niet" in pagina
    assert Resultaat.objects.filter(pk=resultaat.pk).exists()
    assert resultaat.voortgangsupdates.count() == 1


def test_the_admin_delete_confirmation_lists_everything_that_goes_with_the_item(
    beheerder_client,
):
    regel = Begrotingsregel.objects.get(omschrijving=BEDRIJVENTERREINEN)
    pagina = beheerder_client.get(
        reverse("admin:budget_begrotingsregel_delete", args=[regel.pk])
    ).content.decode()
    assert pagina.count("Begrotingsbedrag") >= 2 or pagina.count("begrotingsbedrag") >= 2
    assert 'name="reden"' in pagina


# --- 3. Every admin path that changes data asks a reason ------------------------------


def test_a_bulk_delete_asks_a_reason_and_records_it(beheerder_client):
    regel = Begrotingsregel.objects.get(omschrijving=BEDRIJVENTERREINEN)
    bedragen = list(regel.bedragen.values_list("pk", flat=True))
    lijst = reverse("admin:budget_begrotingsbedrag_changelist")
    actie = {"action": "delete_selected", "_selected_action": [str(pk) for pk in bedragen]}

    bevestiging = beheerder_client.post(lijst, actie).content.decode()
    assert 'name="reden"' in bevestiging
    beheerder_client.post(lijst, formulier_in(bevestiging, reden=""))
    assert Begrotingsbedrag.objects.filter(pk__in=bedragen).count() == 2

    beheerder_client.post(lijst, formulier_in(bevestiging, reden="Dubbel geboekt"))

    assert not Begrotingsbedrag.objects.filter(pk__in=bedragen).exists()
    redenen = set(
        Begrotingsbedrag.history.filter(id__in=bedragen, history_type="-").values_list(
            "history_change_reason", flat=True
        )
    )
    assert redenen == {"Dubbel geboekt"}
    assert Verwijdering.objects.filter(model="budget.begrotingsbedrag").count() == 2


def test_a_single_delete_in_the_admin_needs_a_reason(beheerder_client):
    regel = Begrotingsregel.objects.get(omschrijving=BEDRIJVENTERREINEN)

    _verwijder_in_beheer(beheerder_client, "budget_begrotingsregel", regel.pk, reden="")
    assert Begrotingsregel.objects.filter(pk=regel.pk).exists()

    _verwijder_in_beheer(beheerder_client, "budget_begrotingsregel", regel.pk, reden="Vervallen")
    assert not Begrotingsregel.objects.filter(pk=regel.pk).exists()
    assert Begrotingsregel.history.filter(id=regel.pk).first().history_change_reason == "Vervallen"


def test_every_admin_change_form_asks_a_reason_in_a_textarea(beheerder_client):
    opgave = Opgave.objects.get(nummer=EIGEN_OPGAVE)
    for url in (
        reverse("admin:opgaven_opgave_change", args=[opgave.pk]),
        reverse("admin:opgaven_activiteit_change", args=[_activiteit().pk]),
        reverse("admin:budget_begrotingswijziging_add"),
        reverse("admin:resultaten_resultaat_add"),
    ):
        html = beheerder_client.get(url).content.decode()
        assert '<textarea name="reden"' in html, url


def test_an_admin_change_without_a_reason_saves_nothing(beheerder_client):
    activiteit = _activiteit()
    url = reverse("admin:opgaven_activiteit_change", args=[activiteit.pk])
    data = formulier(beheerder_client, url, omschrijving="Zonder reden")
    data.pop("reden", None)

    response = beheerder_client.post(url, data)

    assert response.status_code == 200
    activiteit.refresh_from_db()
    assert activiteit.omschrijving != "Zonder reden"


def test_deciding_amendments_in_bulk_records_the_reason(beheerder_client):
    regel = Begrotingsregel.objects.get(omschrijving="Voucherregelingen")
    wijziging = Begrotingswijziging.objects.create(
        regel=regel, jaar=2026, bedrag=Decimal("10"), kenmerk="k", motivering="r"
    )
    lijst = reverse("admin:budget_begrotingswijziging_changelist")
    vraag = beheerder_client.post(
        lijst, {"action": "vaststellen", "_selected_action": [str(wijziging.pk)]}
    )
    beheerder_client.post(lijst, formulier_in(vraag.content.decode(), reden="Besluit GS 12 mei"))
    assert wijziging.history.first().history_change_reason == "Besluit GS 12 mei"


def test_the_portal_delete_confirmation_lists_everything_that_goes_along(beheerder_client):
    resultaat = Resultaat.objects.filter(indicatoren__isnull=False).first()
    url = reverse("resultaten:resultaat_verwijderen", args=[resultaat.pk])

    pagina = beheerder_client.get(url).content.decode()

    for indicator in resultaat.indicatoren.all():
        assert f"Indicator: {indicator}" in pagina


def test_a_result_with_progress_is_refused_in_the_portal_with_what_stops_it(
    beheerder_client, beheerder
):
    resultaat = _resultaat_met_voortgang(beheerder)
    url = reverse("resultaten:resultaat_verwijderen", args=[resultaat.pk])

    pagina = beheerder_client.get(url).content.decode()
    verwijderd = beheerder_client.post(url, follow=True)

    assert "kan niet worden verwijderd" in pagina
    assert verwijderd.status_code == 200
    assert Resultaat.objects.filter(pk=resultaat.pk).exists()


def test_an_indicator_form_opened_before_an_admin_correction_is_refused(beleid, beheerder_client):
    resultaat = Resultaat.objects.filter(
        opgave__nummer=EIGEN_OPGAVE, indicatoren__isnull=False
    ).first()
    indicator = resultaat.indicatoren.first()
    portaal_url = reverse("resultaten:indicator_bewerken", args=[indicator.pk])
    open_formulier = formulier(beleid, portaal_url)
    beheer_url = reverse("admin:resultaten_resultaat_change", args=[resultaat.pk])
    data = formulier(beheerder_client, beheer_url, reden="Eenheid volgens het besluit")
    for i in range(int(data["indicatoren-TOTAL_FORMS"])):
        if data.get(f"indicatoren-{i}-id") == str(indicator.pk):
            data[f"indicatoren-{i}-eenheid"] = "trajecten (beheer)"
    assert beheerder_client.post(beheer_url, data).status_code == 302

    response = beleid.post(portaal_url, {**open_formulier, "eenheid": "mijn eenheid"})

    assert "heeft dit intussen gewijzigd" in response.content.decode()
    indicator.refresh_from_db()
    assert indicator.eenheid == "trajecten (beheer)"


def test_two_admin_rows_that_break_the_one_level_tree_together_are_refused(beheerder_client):
    opgave = Opgave.objects.get(nummer=1)
    for volgorde in (98, 99):
        Doel.objects.create(opgave=opgave, tekst=f"Extra doel {volgorde}", volgorde=volgorde)
    a, b, c = Doel.objects.filter(
        opgave=opgave, bovenliggend=None, onderliggende__isnull=True
    ).order_by("pk")[:3]
    url = reverse("admin:opgaven_opgave_change", args=[opgave.pk])
    data = formulier(beheerder_client, url, reden="Herindelen")
    prefix = next(
        k.removesuffix("-TOTAL_FORMS")
        for k in data
        if k.startswith("doel") and k.endswith("-TOTAL_FORMS")
    )
    rij = {data[f"{prefix}-{i}-id"]: i for i in range(int(data[f"{prefix}-TOTAL_FORMS"]))}
    data[f"{prefix}-{rij[str(a.pk)]}-bovenliggend"] = str(b.pk)  # A under B
    data[f"{prefix}-{rij[str(c.pk)]}-bovenliggend"] = str(a.pk)  # and C under A

    response = beheerder_client.post(url, data)

    assert response.status_code == 200
    assert "één niveau" in response.content.decode()
    assert Doel.objects.get(pk=a.pk).bovenliggend_id is None
    assert Doel.objects.get(pk=c.pk).bovenliggend_id is None


def test_the_history_of_an_amount_deleted_with_its_line_opens_the_whole_restore(
    beheerder_client,
):
    regel = Begrotingsregel.objects.get(omschrijving=BEDRIJVENTERREINEN)
    bedrag = regel.bedragen.first()
    _verwijder_in_beheer(beheerder_client, "budget_begrotingsregel", regel.pk)
    historie = Begrotingsbedrag.history.filter(id=bedrag.pk).exclude(history_type="-").first()
    url = reverse("admin:budget_begrotingsbedrag_simple_history", args=[bedrag.pk, historie.pk])

    response = beheerder_client.get(url, follow=True)

    assert response.status_code == 200
    assert "Alles in één keer" in response.content.decode() or "Terugzetten" in (
        response.content.decode()
    )


def test_a_deletion_from_before_the_overview_is_not_brought_back_half(beheerder_client, beheerder):
    regel = Begrotingsregel.objects.get(omschrijving=BEDRIJVENTERREINEN)
    pk = regel.pk
    regel._history_user = beheerder
    regel.delete()  # as before this release: no Verwijdering kept
    historie = Begrotingsregel.history.filter(id=pk).exclude(history_type="-").first()
    url = reverse("admin:budget_begrotingsregel_simple_history", args=[pk, historie.pk])

    response = beheerder_client.post(url, {"reden": "Terug", "omschrijving": "x"}, follow=True)

    assert "zou het half terugbrengen" in response.content.decode()
    assert not Begrotingsregel.objects.filter(pk=pk).exists()


def test_an_inline_row_changed_after_opening_is_not_deleted_unseen(beheerder_client, beleid):
    opgave = Opgave.objects.get(nummer=EIGEN_OPGAVE)
    doel = Doel.objects.filter(opgave=opgave, bovenliggend=None, onderliggende__isnull=True).first()
    url = reverse("admin:opgaven_opgave_change", args=[opgave.pk])
    data = formulier(beheerder_client, url, reden="Opruimen")
    rij = next(
        i for i in range(int(data["doelen-TOTAL_FORMS"])) if data[f"doelen-{i}-id"] == str(doel.pk)
    )
    data[f"doelen-{rij}-DELETE"] = "on"
    portaal_url = reverse("opgaven:doel_bewerken", args=[doel.pk])
    beleid.post(portaal_url, formulier(beleid, portaal_url, tekst="Aangescherpt doel"))

    response = beheerder_client.post(url, data)

    assert response.status_code == 200
    assert "gewijzigd nadat u deze pagina opende" in response.content.decode()
    assert Doel.objects.filter(pk=doel.pk, tekst="Aangescherpt doel").exists()


def test_every_portal_write_records_its_user_and_a_reason(beleid):
    activiteit = _activiteit()
    url = reverse("opgaven:activiteit_bewerken", args=[activiteit.pk])
    beleid.post(url, formulier(beleid, url, omschrijving="Nieuwe omschrijving"))
    laatste = activiteit.history.first()
    assert laatste.history_user.username == "beleid"
    assert laatste.history_change_reason == "Gewijzigd in het portaal"

    beleid.post(
        reverse("opgaven:activiteit_verplaatsen", args=[activiteit.pk]), {"richting": "omlaag"}
    )
    verplaatst = Activiteit.history.filter(history_change_reason__startswith="Volgorde")
    assert verplaatst.exists()


# --- An admin deletion deletes what its confirmation listed, or nothing ----------------


def test_an_admin_delete_confirmed_before_a_portal_edit_deletes_nothing(
    beheerder_client, beleidsmedewerker
):
    regel = Begrotingsregel.objects.get(omschrijving=BEDRIJVENTERREINEN)
    url = reverse("admin:budget_begrotingsregel_delete", args=[regel.pk])
    bevestiging = formulier(beheerder_client, url, reden="Dubbel ingevoerd")
    bedrag = regel.bedragen.first()
    bedrag.bedrag += 1
    bedrag._history_user = beleidsmedewerker
    bedrag.save()

    response = beheerder_client.post(url, bevestiging, follow=True)

    assert Begrotingsregel.objects.filter(pk=regel.pk).exists()
    assert regel.bedragen.count() == 2
    assert "Er is niets verwijderd" in response.content.decode()
    assert not Verwijdering.objects.filter(model="budget.begrotingsregel").exists()


def test_a_bulk_delete_confirmed_before_an_edit_deletes_nothing_and_asks_again(
    beheerder_client,
):
    regel = Begrotingsregel.objects.get(omschrijving=BEDRIJVENTERREINEN)
    bedragen = list(regel.bedragen.order_by("pk"))
    lijst = reverse("admin:budget_begrotingsbedrag_changelist")
    actie = {"action": "delete_selected", "_selected_action": [str(b.pk) for b in bedragen]}
    bevestiging = beheerder_client.post(lijst, actie).content.decode()
    bedragen[1].bedrag += 1
    bedragen[1].save()

    opnieuw = beheerder_client.post(lijst, formulier_in(bevestiging, reden="Dubbel geboekt"))

    assert Begrotingsbedrag.objects.filter(pk__in=[b.pk for b in bedragen]).count() == 2
    assert not Verwijdering.objects.exists()
    html = opnieuw.content.decode()
    assert "Er is niets verwijderd" in html
    # The confirmation shown again deletes, once confirmed.
    beheerder_client.post(lijst, formulier_in(html, reden="Dubbel geboekt"))
    assert not Begrotingsbedrag.objects.filter(pk__in=[b.pk for b in bedragen]).exists()


def _markeer_inline_voor_verwijderen(velden: dict, soort: str, pk: int) -> None:
    [prefix] = [
        k.removesuffix("-id")
        for k, v in velden.items()
        if k.startswith(soort) and k.endswith("-id") and v == str(pk)
    ]
    velden[f"{prefix}-DELETE"] = "on"


def test_an_inline_delete_does_not_take_along_a_sub_doel_added_after_the_page_opened(
    beheerder_client,
):
    opgave = Opgave.objects.get(nummer=EIGEN_OPGAVE)
    hoofd = Doel.objects.filter(opgave=opgave, bovenliggend=None).first()
    url = reverse("admin:opgaven_opgave_change", args=[opgave.pk])
    velden = formulier(beheerder_client, url, reden="Opruimen")
    _markeer_inline_voor_verwijderen(velden, "doel", hoofd.pk)
    nieuw = Doel.objects.create(
        opgave=opgave, bovenliggend=hoofd, tekst="Van een collega", volgorde=99
    )

    response = beheerder_client.post(url, velden)

    assert response.status_code == 200
    assert "er is niets verwijderd" in response.content.decode()
    assert Doel.objects.filter(pk__in=[hoofd.pk, nieuw.pk]).count() == 2


def test_an_inline_delete_does_not_take_along_an_amount_edited_after_the_page_opened(
    beheerder_client, beleidsmedewerker
):
    regel = Begrotingsregel.objects.get(omschrijving=BEDRIJVENTERREINEN)
    url = reverse("admin:opgaven_opgave_change", args=[regel.opgave_id])
    velden = formulier(beheerder_client, url, reden="Opruimen")
    _markeer_inline_voor_verwijderen(velden, "begrotingsregel", regel.pk)
    bedrag = regel.bedragen.first()
    bedrag.bedrag += 12345
    bedrag._history_user = beleidsmedewerker
    bedrag.save()

    beheerder_client.post(url, velden)

    assert Begrotingsregel.objects.filter(pk=regel.pk).exists()
    assert regel.bedragen.count() == 2


def test_an_unchanged_inline_delete_still_deletes_and_can_be_restored(beheerder_client):
    opgave = Opgave.objects.get(nummer=EIGEN_OPGAVE)
    hoofd = Doel.objects.filter(opgave=opgave, bovenliggend=None).first()
    url = reverse("admin:opgaven_opgave_change", args=[opgave.pk])
    velden = formulier(beheerder_client, url, reden="Opruimen")
    _markeer_inline_voor_verwijderen(velden, "doel", hoofd.pk)

    assert beheerder_client.post(url, velden).status_code == 302

    assert not Doel.objects.filter(pk=hoofd.pk).exists()
    assert Verwijdering.objects.filter(model="opgaven.doel", object_id=str(hoofd.pk)).exists()


def test_deleting_a_main_doel_with_its_sub_doel_selected_deletes_both_once(beheerder_client):
    hoofd = Doel.objects.filter(opgave__nummer=1, onderliggende__isnull=False).first()
    kinderen = list(hoofd.onderliggende.values_list("pk", flat=True))
    lijst = reverse("admin:opgaven_doel_changelist")
    actie = {"action": "delete_selected", "_selected_action": [str(hoofd.pk), str(kinderen[0])]}
    bevestiging = beheerder_client.post(lijst, actie).content.decode()

    beheerder_client.post(lijst, formulier_in(bevestiging, reden="Dubbel"))

    assert not Doel.objects.filter(pk__in=[hoofd.pk, *kinderen]).exists()
    # One deletion to restore, holding the sub-doelen: not a second one for the child.
    assert Verwijdering.objects.filter(model="opgaven.doel").count() == 1


@pytest.mark.parametrize("vingerafdrukken", ["[" * 100_000, "[1, 2]", '{"1": 5}', "x" * 200_000])
def test_a_tampered_bulk_delete_confirmation_deletes_nothing_and_answers(
    beheerder_client, vingerafdrukken
):
    regel = Begrotingsregel.objects.get(omschrijving=BEDRIJVENTERREINEN)
    bedragen = list(regel.bedragen.values_list("pk", flat=True))
    lijst = reverse("admin:budget_begrotingsbedrag_changelist")
    actie = {"action": "delete_selected", "_selected_action": [str(pk) for pk in bedragen]}
    bevestiging = beheerder_client.post(lijst, actie).content.decode()

    response = beheerder_client.post(
        lijst, formulier_in(bevestiging, reden="x", vingerafdrukken=vingerafdrukken)
    )

    assert response.status_code == 200
    assert Begrotingsbedrag.objects.filter(pk__in=bedragen).count() == 2
