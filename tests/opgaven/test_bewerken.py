from decimal import Decimal

import pytest
from django.urls import reverse

from opgaven.models import Activiteit, Doel, Opgave, OpgavePartner, Partner, Thema
from resultaten.models import Resultaat
from tests.conftest import ANDERE_OPGAVE, EIGEN_OPGAVE
from tests.helpers import formulier

pytestmark = pytest.mark.django_db


def _activiteit(nummer: int, tekst_begint: str) -> Activiteit:
    return Activiteit.objects.get(opgave__nummer=nummer, omschrijving__startswith=tekst_begint)


def _formulier(activiteit: Activiteit, **wijzig) -> dict[str, str]:
    data = {
        "omschrijving": activiteit.omschrijving,
        "thema": str(activiteit.thema_id or ""),
        "bovenliggend": str(activiteit.bovenliggend_id or ""),
        "versie": str(activiteit.versie),
    }
    data.update(wijzig)
    return data


def test_beleidsmedewerker_edits_an_activity_of_their_own_opgave(beleid_client):
    activiteit = _activiteit(EIGEN_OPGAVE, "Ondernemersdienstverlening via IBDO")
    url = reverse("opgaven:activiteit_bewerken", args=[activiteit.pk])

    formulier = beleid_client.get(url).content.decode()
    assert "Ondernemersdienstverlening via IBDO" in formulier

    response = beleid_client.post(
        url,
        _formulier(activiteit, omschrijving="Ondernemersdienstverlening via IBDO, ook digitaal"),
    )

    assert response.status_code == 302
    # No jump to the section anchor: that would scroll past the confirmation.
    assert response["Location"] == reverse("portaal:opgave", args=[EIGEN_OPGAVE])
    activiteit.refresh_from_db()
    assert activiteit.omschrijving == "Ondernemersdienstverlening via IBDO, ook digitaal"
    assert activiteit.versie == 2
    laatste = activiteit.history.first()
    assert laatste.history_user.username == "beleid"
    pagina = beleid_client.get(response["Location"]).content.decode()
    assert "Ondernemersdienstverlening via IBDO, ook digitaal" in pagina
    assert "De wijziging is opgeslagen." in pagina


def test_beleidsmedewerker_cannot_edit_another_opgave(beleid_client):
    activiteit = _activiteit(ANDERE_OPGAVE, "Monitoring bedrijventerreinen")
    url = reverse("opgaven:activiteit_bewerken", args=[activiteit.pk])

    assert beleid_client.get(url).status_code == 403
    response = beleid_client.post(url, _formulier(activiteit, omschrijving="Gekaapt"))

    assert response.status_code == 403
    assert "Geen toegang" in response.content.decode()
    activiteit.refresh_from_db()
    assert activiteit.omschrijving.startswith("Monitoring bedrijventerreinen")


def test_management_reads_but_cannot_edit(management_client):
    activiteit = _activiteit(EIGEN_OPGAVE, "Ondernemersdienstverlening via IBDO")
    response = management_client.post(
        reverse("opgaven:activiteit_bewerken", args=[activiteit.pk]),
        _formulier(activiteit, omschrijving="Gekaapt"),
    )
    assert response.status_code == 403
    assert management_client.get(reverse("portaal:opgave", args=[EIGEN_OPGAVE])).status_code == 200


def test_an_empty_description_is_refused_next_to_the_field_and_input_is_kept(beleid_client):
    activiteit = _activiteit(EIGEN_OPGAVE, "Ondernemersdienstverlening via IBDO")
    vreemd_thema = Thema.objects.get(opgave__nummer=ANDERE_OPGAVE, naam="Centrumgebieden")

    response = beleid_client.post(
        reverse("opgaven:activiteit_bewerken", args=[activiteit.pk]),
        _formulier(activiteit, omschrijving="   ", thema=str(vreemd_thema.pk)),
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "Dit veld is verplicht." in html
    assert "Selecteer een geldige keuze" in html
    activiteit.refresh_from_db()
    assert activiteit.omschrijving == "Ondernemersdienstverlening via IBDO"


def test_new_activity_lands_at_the_end_of_its_theme(beleid_client):
    thema = Thema.objects.get(opgave__nummer=EIGEN_OPGAVE, naam="Prioritaire activiteiten")
    response = beleid_client.post(
        reverse("opgaven:activiteit_nieuw", args=[EIGEN_OPGAVE]),
        {"omschrijving": "Nieuwe aanpak defensiedesk", "thema": str(thema.pk), "bovenliggend": ""},
    )

    assert response.status_code == 302
    teksten = list(thema.activiteiten.order_by("volgorde").values_list("omschrijving", flat=True))
    assert teksten[-1] == "Nieuwe aanpak defensiedesk"
    assert len(teksten) == 7
    html = beleid_client.get(reverse("portaal:opgave", args=[EIGEN_OPGAVE])).content.decode()
    assert (
        html.index("Ontwikkeling initiatieven voor de maakindustrie")
        < html.index("Nieuwe aanpak defensiedesk")
        < html.index("Overige activiteiten")
    )


def test_moving_an_activity_up_swaps_it_with_the_one_above(beleid_client):
    thema = Thema.objects.get(opgave__nummer=EIGEN_OPGAVE, naam="Prioritaire activiteiten")
    tweede = thema.activiteiten.order_by("volgorde")[1]

    assert (
        beleid_client.get(reverse("opgaven:activiteit_verplaatsen", args=[tweede.pk])).status_code
        == 405
    )
    beleid_client.post(
        reverse("opgaven:activiteit_verplaatsen", args=[tweede.pk]), {"richting": "omhoog"}
    )

    volgorde = list(thema.activiteiten.order_by("volgorde").values_list("omschrijving", flat=True))
    assert volgorde[:2] == [
        "Versterken van het startup en scale-up ecosysteem met Founded",
        "Ondernemersdienstverlening via IBDO",
    ]


def test_moving_the_first_item_up_changes_nothing(beleid_client):
    thema = Thema.objects.get(opgave__nummer=EIGEN_OPGAVE, naam="Prioritaire activiteiten")
    voor = list(thema.activiteiten.order_by("volgorde").values_list("pk", flat=True))
    beleid_client.post(
        reverse("opgaven:activiteit_verplaatsen", args=[voor[0]]), {"richting": "omhoog"}
    )
    assert list(thema.activiteiten.order_by("volgorde").values_list("pk", flat=True)) == voor


def test_delete_asks_for_confirmation_first_and_keeps_history(beheerder_client):
    hoofd = _activiteit(2, "We bouwen voort op de activiteiten")
    url = reverse("opgaven:activiteit_verwijderen", args=[hoofd.pk])

    bevestiging = beheerder_client.get(url).content.decode()
    assert "Weet u zeker dat u deze activiteit wilt verwijderen?" in bevestiging
    assert "Deze 3 gaan mee:" in bevestiging
    for kind in hoofd.onderliggende.all():
        assert f"Activiteit: {kind}" in bevestiging
    assert Activiteit.objects.filter(pk=hoofd.pk).exists()

    response = beheerder_client.post(url, formulier(beheerder_client, url))

    assert response.status_code == 302
    assert not Activiteit.objects.filter(pk=hoofd.pk).exists()
    assert Activiteit.history.filter(id=hoofd.pk, history_type="-").exists()
    assert Activiteit.history.filter(bovenliggend_id=hoofd.pk, history_type="-").count() == 3


def test_opgave_texts_can_be_edited(beleid_client):
    opgave = Opgave.objects.get(nummer=EIGEN_OPGAVE)
    response = beleid_client.post(
        reverse("opgaven:opgave_bewerken", args=[EIGEN_OPGAVE]),
        {"titel": opgave.titel, "omschrijving": "Nieuwe tekst.\n\n1. Een\n2. Twee", "versie": "1"},
    )
    assert response.status_code == 302
    html = beleid_client.get(reverse("portaal:opgave", args=[EIGEN_OPGAVE])).content.decode()
    assert "<ol><li>Een</li><li>Twee</li></ol>" in html


def test_a_doel_can_be_nested_under_a_main_doel_of_the_same_opgave_only(beheerder_client):
    hoofd = Doel.objects.get(opgave__nummer=1, bovenliggend=None, volgorde=1)
    vreemd = Doel.objects.filter(opgave__nummer=2).first()
    url = reverse("opgaven:doel_nieuw", args=[1])

    fout = beheerder_client.post(url, {"tekst": "Sub", "bovenliggend": str(vreemd.pk)})
    assert "Selecteer een geldige keuze" in fout.content.decode()

    goed = beheerder_client.post(url, {"tekst": "Nieuw subdoel", "bovenliggend": str(hoofd.pk)})
    assert goed.status_code == 302
    assert list(hoofd.onderliggende.values_list("tekst", flat=True))[-1] == "Nieuw subdoel"


def test_a_result_gets_a_quantified_target_typed_the_dutch_way(beleid_client):
    resultaat = Resultaat.objects.get(
        opgave__nummer=EIGEN_OPGAVE, omschrijving__startswith="Meer startups"
    )
    response = beleid_client.post(
        reverse("resultaten:indicator_nieuw", args=[resultaat.pk]),
        {
            "naam": "Startups",
            "eenheid": "startups",
            "nulwaarde": "0",
            "streefwaarde": "1.200",
            "streefperiode": "periode",
        },
    )
    assert response.status_code == 302
    (indicator,) = resultaat.indicatoren.all()
    assert indicator.streefwaarde == Decimal("1200")
    assert indicator.nulwaarde == Decimal("0")
    html = beleid_client.get(reverse("portaal:opgave", args=[EIGEN_OPGAVE])).content.decode()
    assert "1.200 startups in de programmaperiode" in html


def test_a_target_without_a_unit_is_refused_in_dutch(beleid_client):
    resultaat = Resultaat.objects.get(
        opgave__nummer=EIGEN_OPGAVE, omschrijving__startswith="Meer startups"
    )
    response = beleid_client.post(
        reverse("resultaten:indicator_nieuw", args=[resultaat.pk]),
        {"streefwaarde": "12", "streefperiode": "jaar"},
    )
    html = response.content.decode()
    assert "Vul de eenheid van de streefwaarde in." in html
    assert 'value="12"' in html
    assert not resultaat.indicatoren.exists()


def test_an_indicator_of_another_opgave_cannot_be_added_or_edited(beleid_client):
    vreemd = Resultaat.objects.filter(opgave__nummer=ANDERE_OPGAVE).exclude(indicatoren=None)[0]
    url = reverse("resultaten:indicator_nieuw", args=[vreemd.pk])
    assert beleid_client.get(url).status_code == 403
    indicator = vreemd.indicatoren.get()
    response = beleid_client.post(
        reverse("resultaten:indicator_bewerken", args=[indicator.pk]),
        {"naam": "x", "eenheid": "x", "streefwaarde": "1", "streefperiode": "jaar"},
    )
    assert response.status_code == 403
    indicator.refresh_from_db()
    assert indicator.streefwaarde == Decimal("50")


def test_an_existing_partner_is_linked_and_unlinked_without_losing_the_partner(beleid_client):
    nom = Partner.objects.get(naam__contains="(NOM)")
    url = reverse("opgaven:koppelingen", args=[EIGEN_OPGAVE, "partners"])
    gemeenten = OpgavePartner.objects.get(opgave__nummer=EIGEN_OPGAVE, partner__naam="Gemeenten")

    response = beleid_client.post(
        reverse("opgaven:ontkoppelen", args=[EIGEN_OPGAVE, "partners", gemeenten.pk])
    )
    assert response.status_code == 302
    assert not OpgavePartner.objects.filter(pk=gemeenten.pk).exists()
    assert Partner.objects.filter(naam="Gemeenten").exists()
    pagina = beleid_client.get(url).content.decode()
    gekoppeld = pagina[pagina.index("Gekoppeld</h2>") : pagina.index("Koppelen</h2>")]
    assert "Gemeenten" not in gekoppeld
    assert "Kennisinstellingen en Hubs" in gekoppeld

    # Typing the name again in other case links the same record, never a copy.
    beleid_client.post(url, {"nieuwe_naam": "  gemeenten "})
    assert Partner.objects.filter(naam__iexact="gemeenten").count() == 1
    assert OpgavePartner.objects.filter(
        opgave__nummer=EIGEN_OPGAVE, partner__naam="Gemeenten"
    ).exists()
    assert nom.opgaven.filter(nummer=EIGEN_OPGAVE).exists()


def test_a_new_related_programme_is_created_and_linked(beleid_client):
    url = reverse("opgaven:koppelingen", args=[EIGEN_OPGAVE, "programmas"])
    response = beleid_client.post(url, {"nieuwe_naam": "Programma Weerbare Economie"})
    assert response.status_code == 302
    html = beleid_client.get(reverse("portaal:opgave", args=[EIGEN_OPGAVE])).content.decode()
    assert "Programma Weerbare Economie" in html


def test_linking_needs_a_choice_or_a_name(beleid_client):
    url = reverse("opgaven:koppelingen", args=[EIGEN_OPGAVE, "partners"])
    html = beleid_client.post(url, {"nieuwe_naam": "  "}).content.decode()
    assert "Kies een bestaande of vul een nieuwe naam in." in html


def test_unknown_link_kind_is_a_404(beheerder_client):
    assert (
        beheerder_client.get(reverse("opgaven:koppelingen", args=[1, "vrienden"])).status_code
        == 404
    )
