"""Voortgangsrapportages: the PDF, vaststellen, the checksum, the cache and the query count."""

import hashlib
import io
import os
import subprocess
import sys
from datetime import date
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from basis.dataversie import dataversie
from basis.opmaak import euro
from budget.models import Begrotingsbedrag, Begrotingsregel, Realisatie
from opgaven.models import Activiteit, Doel, Opgave, Programma
from rapportages import document, gegevens, pdf, snapshot
from rapportages.models import Voortgangsrapportage
from resultaten.models import Indicator, Indicatorwaarde, Resultaat, Status, Voortgangsupdate

pytestmark = pytest.mark.django_db

PEILDATUM = "2026-06-30"
PROGRAMMA_PDF = reverse("rapportages:programma_pdf") + f"?peildatum={PEILDATUM}"


def _tekst(inhoud: bytes) -> tuple[str, list[str]]:
    """The whole text (whitespace normalised, so wrapped titles read as one line) and per page."""
    paginas = [pagina.extract_text() for pagina in PdfReader(io.BytesIO(inhoud)).pages]
    return " ".join(" ".join(paginas).split()), paginas


def _vaststellen(client, **velden) -> None:
    """Both steps: the form, then the confirmation that repeats its fields."""
    data = {"vaststellen-onderdeel": "programma", "vaststellen-peildatum": PEILDATUM}
    data.update({f"vaststellen-{naam}": waarde for naam, waarde in velden.items()})
    bevestiging = client.post(reverse("rapportages:vaststellen"), data)
    assert bevestiging.status_code == 200, bevestiging.content.decode()[:2000]
    response = client.post(reverse("rapportages:vaststellen"), {**data, "bevestigd": "1"})
    assert response.status_code == 302, response.content.decode()[:2000]


def _verhoog_eerste_bedrag(met: Decimal) -> Begrotingsbedrag:
    bedrag = Begrotingsbedrag.objects.filter(jaar=2026, bedrag__gt=0).order_by("pk").first()
    bedrag.bedrag += met
    bedrag.save()  # as the admin does: with a history row
    return bedrag


def test_the_programme_pdf_holds_every_opgave_the_dutch_totals_and_the_peildatum(
    management_client,
):
    response = management_client.get(PROGRAMMA_PDF)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    tekst, paginas = _tekst(response.content)
    for titel in Opgave.objects.values_list("titel", flat=True):
        assert titel in tekst
    assert "€ 7.398.139" in tekst
    assert "€ 7.418.224" in tekst
    assert "30 juni 2026" in tekst
    assert "Managementsamenvatting" in tekst
    # Header, footer and watermark on every page.
    for nummer, pagina in enumerate(paginas, start=1):
        assert f"Pagina {nummer} van {len(paginas)}" in pagina
        assert "CONCEPT" in pagina
    # The table of contents' page numbers and the bookmarks come from the layout.
    assert len(PdfReader(io.BytesIO(response.content)).outline) >= 6


def test_an_opgave_pdf_holds_only_that_opgave_with_its_budget_subtotal(beleid_client):
    opgave = Opgave.objects.get(nummer=3)
    response = beleid_client.get(
        reverse("rapportages:opgave_pdf", args=[3]) + f"?peildatum={PEILDATUM}&moment=voorjaarsnota"
    )

    assert response.status_code == 200
    tekst, _ = _tekst(response.content)
    assert opgave.titel in tekst
    assert Opgave.objects.get(nummer=1).titel not in tekst
    assert "2.047.500" in tekst  # the subtotal of opgave 3 in both years
    assert "Voorjaarsnota" in tekst
    assert "30 juni 2026" in tekst


@pytest.mark.parametrize(
    "query", ["?peildatum=30-06-2026", "?peildatum=2026-02-30", "?moment=begroting"]
)
def test_an_invalid_peildatum_or_moment_gives_a_dutch_400_page(management_client, query):
    response = management_client.get(reverse("rapportages:programma_pdf") + query)

    assert response.status_code == 400
    assert "Deze rapportage kan zo niet worden gemaakt" in response.content.decode()


def test_the_list_offers_a_concept_and_redirects_to_the_right_pdf(beleid_client):
    pagina = beleid_client.get(reverse("rapportages:lijst"))
    assert pagina.status_code == 200
    assert "Voorbeeld (concept)" in pagina.content.decode()
    assert 'value="vaststellen"' not in pagina.content.decode()

    response = beleid_client.get(
        reverse("rapportages:lijst"), {"onderdeel": "2", "peildatum": PEILDATUM, "moment": ""}
    )
    assert response.status_code == 302
    assert (
        response["Location"]
        == reverse("rapportages:opgave_pdf", args=[2]) + f"?peildatum={PEILDATUM}"
    )


def test_a_concept_form_with_errors_is_shown_only_to_the_one_who_sent_it(beleid_client, management):
    fout = beleid_client.get(
        reverse("rapportages:lijst"), {"onderdeel": "programma", "peildatum": "x"}
    )
    assert fout.status_code == 400
    assert "Fout:" in fout.content.decode()
    assert 'value="x"' in fout.content.decode()

    ander = Client()
    ander.force_login(management)
    for lezer in (ander, beleid_client):
        schoon = lezer.get(reverse("rapportages:lijst")).content.decode()
        assert "Fout:" not in schoon
        assert 'value="x"' not in schoon


def test_a_renamed_opgave_shows_in_the_report_forms_at_once(management_client):
    assert (
        "Nieuwe titel" not in management_client.get(reverse("rapportages:lijst")).content.decode()
    )
    opgave = Opgave.objects.get(nummer=2)
    opgave.titel = "Nieuwe titel"
    opgave.save()  # as the portal does: with a history row, so a new data version

    html = management_client.get(reverse("rapportages:lijst")).content.decode()
    assert html.count("2. Nieuwe titel") == 1  # the page's one form


def test_the_reports_page_query_count_does_not_grow_with_frozen_reports(
    management_client, monkeypatch, django_assert_num_queries
):
    monkeypatch.setattr(pdf, "html_naar_pdf", lambda html, **opties: b"%PDF-stand-in")
    url = reverse("rapportages:lijst")
    # 1 session, 2 user, 3 user's roles, 4 programme (the data version is in the cache);
    # the parts that are the same for everyone: 5 the opgaven of the form, 6 the frozen
    # reports with opgave and user; then cached.
    with django_assert_num_queries(6):
        management_client.get(url)
    with django_assert_num_queries(4):
        management_client.get(url)

    for moment in ("voorjaarsnota", "najaarsrapportage", "jaarstukken"):
        _vaststellen(management_client, moment=moment)

    with django_assert_num_queries(6):
        html = management_client.get(url).content.decode()
    assert html.count("Wijzigingen sindsdien") == 3  # a new frozen report shows at once
    with django_assert_num_queries(4):
        management_client.get(url)


def test_management_sees_the_freeze_form_and_the_menu_links_to_the_reports(management_client):
    html = management_client.get(reverse("rapportages:lijst")).content.decode()

    assert 'name="actie" value="vaststellen"' in html
    assert f'href="{reverse("rapportages:lijst")}"' in html
    assert "Er is nog geen rapportage vastgesteld." in html


def test_an_opgave_page_links_to_its_report(beleid_client):
    html = beleid_client.get(reverse("portaal:opgave", args=[1])).content.decode()

    assert reverse("rapportages:opgave_pdf", args=[1]) in html


def test_a_frozen_report_downloads_byte_identical_after_the_data_changed(management_client):
    _vaststellen(management_client, moment="najaarsrapportage")
    rapport = Voortgangsrapportage.objects.get()
    bevroren = bytes(rapport.pdf)
    assert rapport.sha256 == hashlib.sha256(bevroren).hexdigest()
    assert rapport.snapshot["totalen"] == {"2026": "7398139.00", "2027": "7418224.00"}
    tekst, paginas = _tekst(bevroren)
    assert "vastgesteld" in tekst
    assert not any("CONCEPT" in pagina for pagina in paginas)
    assert "€ 7.398.139" in tekst

    # A beheerder then changes a budget amount.
    bedrag = _verhoog_eerste_bedrag(Decimal("1000"))

    download = management_client.get(reverse("rapportages:download", args=[rapport.pk]))
    assert download.status_code == 200
    assert download.content == bevroren
    concept, _ = _tekst(management_client.get(PROGRAMMA_PDF).content)
    assert "€ 7.399.139" in concept
    wijzigingen = management_client.get(reverse("rapportages:wijzigingen", args=[rapport.pk]))
    inhoud = wijzigingen.content.decode()
    # The line's primitive budget, and with it its actual budget, both grew by 1.000.
    assert "2 wijzigingen" in inhoud
    assert "Primitieve begroting 2026" in inhoud
    assert "Actueel 2026" in inhoud
    assert euro(bedrag.bedrag - 1000) in inhoud
    assert euro(bedrag.bedrag) in inhoud


def test_the_changes_between_two_frozen_reports_list_budget_status_and_new_items(
    management_client, monkeypatch
):
    monkeypatch.setattr(
        pdf, "html_naar_pdf", lambda html, **opties: b"%PDF-stand-in " + html[:50].encode()
    )
    _vaststellen(management_client)
    eerste = Voortgangsrapportage.objects.get()
    _verhoog_eerste_bedrag(Decimal("2500"))
    activiteit = Activiteit.objects.filter(opgave__nummer=1).order_by("pk").first()
    activiteit.status = "lopend"
    activiteit.save()
    Resultaat.objects.create(opgave=activiteit.opgave, omschrijving="Een nieuw resultaat")
    _vaststellen(management_client)
    tweede = Voortgangsrapportage.objects.exclude(pk=eerste.pk).get()

    response = management_client.get(
        reverse("rapportages:wijzigingen", args=[eerste.pk]), {"met": tweede.pk}
    )

    inhoud = response.content.decode()
    assert response.status_code == 200
    assert "Primitieve begroting 2026" in inhoud
    assert "Status van activiteit" in inhoud
    assert "lopend" in inhoud
    assert "Een nieuw resultaat" in inhoud


def test_a_tampered_frozen_pdf_is_refused_with_a_dutch_page_and_logged(
    management_client, monkeypatch, caplog
):
    monkeypatch.setattr(pdf, "html_naar_pdf", lambda html, **opties: b"%PDF-stand-in")
    _vaststellen(management_client)
    rapport = Voortgangsrapportage.objects.get()
    # Behind the portal's back (save() refuses changes): the stored bytes change.
    Voortgangsrapportage.objects.filter(pk=rapport.pk).update(pdf=b"%PDF-vervalst")

    response = management_client.get(reverse("rapportages:download", args=[rapport.pk]))

    assert response.status_code == 409
    assert response["Content-Type"].startswith("text/html")
    assert "komt niet meer overeen met de controlesom" in response.content.decode()
    assert any(r.levelname == "ERROR" and rapport.sha256 in r.getMessage() for r in caplog.records)


def test_a_frozen_report_cannot_be_changed_afterwards(management_client, monkeypatch):
    monkeypatch.setattr(pdf, "html_naar_pdf", lambda html, **opties: b"%PDF-stand-in")
    _vaststellen(management_client)
    rapport = Voortgangsrapportage.objects.get()
    rapport.titel = "Anders"
    with pytest.raises(ValueError, match="never changed"):
        rapport.save()


def test_beleidsmedewerkers_download_reports_but_cannot_freeze_them(beleid_client, monkeypatch):
    monkeypatch.setattr(pdf, "html_naar_pdf", lambda html, **opties: b"%PDF-stand-in")
    assert beleid_client.get(PROGRAMMA_PDF).status_code == 200
    assert beleid_client.get(reverse("rapportages:opgave_pdf", args=[1])).status_code == 200

    response = beleid_client.post(
        reverse("rapportages:vaststellen"),
        {"vaststellen-onderdeel": "programma", "vaststellen-peildatum": PEILDATUM},
    )

    assert response.status_code == 403
    assert not Voortgangsrapportage.objects.exists()


def test_a_beheerder_may_freeze_a_report_of_one_opgave(beheerder_client, monkeypatch):
    monkeypatch.setattr(pdf, "html_naar_pdf", lambda html, **opties: b"%PDF-stand-in")
    _vaststellen(beheerder_client, onderdeel="4")
    rapport = Voortgangsrapportage.objects.get()
    assert rapport.opgave.nummer == 4
    assert [o["nummer"] for o in rapport.snapshot["opgaven"]] == [4]


class Teller:
    """Stands in for WeasyPrint: counts renders, returns bytes unique per render."""

    def __init__(self) -> None:
        self.aantal = 0

    def __call__(self, html: str, **opties) -> bytes:
        self.aantal += 1
        return f"%PDF-render-{self.aantal}".encode()


def test_an_unchanged_concept_comes_from_the_cache_and_an_edit_invalidates_it(
    management_client, monkeypatch
):
    teller = Teller()
    monkeypatch.setattr(pdf, "html_naar_pdf", teller)

    eerste = management_client.get(PROGRAMMA_PDF).content
    tweede = management_client.get(PROGRAMMA_PDF).content
    assert tweede == eerste
    assert teller.aantal == 1

    andere_datum = management_client.get(
        reverse("rapportages:programma_pdf") + "?peildatum=2026-12-31"
    )
    assert andere_datum.content != eerste
    assert teller.aantal == 2

    _verhoog_eerste_bedrag(Decimal("1"))
    derde = management_client.get(PROGRAMMA_PDF).content
    assert derde != eerste
    assert teller.aantal == 3


def test_a_concept_rendered_by_one_worker_is_served_from_the_cache_by_the_others(
    management_client, monkeypatch, settings
):
    teller = Teller()
    monkeypatch.setattr(pdf, "html_naar_pdf", teller)
    eerste = management_client.get(PROGRAMMA_PDF).content

    programma = Programma.objects.actueel()
    sleutel = document.cachesleutel(
        programma,
        peildatum=date.fromisoformat(PEILDATUM),
        opgave=None,
        moment="",
        versie=dataversie(),
    )
    # Another process with the project's settings, as another gunicorn worker, finds it.
    lezer = (
        "import django, hashlib, sys; django.setup(); from django.core.cache import cache; "
        "print(hashlib.sha256(cache.get(sys.argv[1]) or b'').hexdigest())"
    )
    andere_worker = subprocess.run(
        [sys.executable, "-c", lezer, sleutel],
        env={**os.environ, "CACHE_DIR": settings.CACHES["default"]["LOCATION"]},
        capture_output=True,
        text=True,
        check=True,
    )
    assert andere_worker.stdout.strip() == hashlib.sha256(eerste).hexdigest()
    assert teller.aantal == 1


def _twintig_keer_zoveel_gegevens() -> None:
    """Nineteen copies of every opgave's goals, activities, results (with indicators,
    updates and realised values) and budget lines (with amounts and realisation)."""
    doelen = list(Doel.objects.all())
    activiteiten = list(Activiteit.objects.all())
    resultaten = list(Resultaat.objects.all())
    regels = list(Begrotingsregel.objects.all())
    for kopie in range(1, 20):
        Doel.objects.bulk_create(
            Doel(opgave_id=d.opgave_id, tekst=f"{d.tekst} ({kopie})", volgorde=d.volgorde)
            for d in doelen
        )
        Activiteit.objects.bulk_create(
            Activiteit(
                opgave_id=a.opgave_id,
                thema_id=a.thema_id,
                omschrijving=f"{a.omschrijving} ({kopie})",
                volgorde=a.volgorde,
                status="lopend",
            )
            for a in activiteiten
        )
        nieuwe = Resultaat.objects.bulk_create(
            Resultaat(opgave_id=r.opgave_id, omschrijving=f"{r.omschrijving} ({kopie})")
            for r in resultaten
        )
        indicatoren = Indicator.objects.bulk_create(
            Indicator(resultaat=r, naam="Aantal", eenheid="bedrijven", streefwaarde=100)
            for r in nieuwe
        )
        updates = Voortgangsupdate.objects.bulk_create(
            Voortgangsupdate(
                opgave_id=r.opgave_id,
                resultaat=r,
                peildatum=date(2026, 3, 31),
                status=Status.OP_KOERS,
                toelichting="Op schema.",
            )
            for r in nieuwe
        )
        Indicatorwaarde.objects.bulk_create(
            Indicatorwaarde(update=u, indicator=i, waarde=40)
            for u, i in zip(updates, indicatoren, strict=True)
        )
        nieuwe_regels = Begrotingsregel.objects.bulk_create(
            Begrotingsregel(opgave_id=r.opgave_id, omschrijving=f"{r.omschrijving} ({kopie})")
            for r in regels
        )
        Begrotingsbedrag.objects.bulk_create(
            Begrotingsbedrag(regel=r, jaar=jaar, bedrag=1000)
            for r in nieuwe_regels
            for jaar in (2026, 2027)
        )
        Realisatie.objects.bulk_create(
            Realisatie(regel=r, jaar=2026, datum=date(2026, 5, 1), besteed=100, omschrijving="x")
            for r in nieuwe_regels
        )


# The programme report, per request (WeasyPrint itself does no queries, so it is stubbed;
# the data version is in the cache, basis.dataversie):
#   1-2   session and user; 3 the user's roles (basis.rechten)
#   4     the programme (actueel_programma_or_404)
#   5-10  the opgaven with their first 25 doelen and main activities, their numbers,
#         sub-items and thema's (met_doelen_en_activiteiten: opgaven + 5 prefetches)
#   11-14 the progress roll-up (four), which also gives the summary its counts
#   15-18 Tabel 1: subtotals, totals, lines per opgave counted, the first 25 lines of
#         each opgave; also the summary's budget per opgave
#   19-20 the execution of the budget per opgave for 2026 and 2027 at once: subtotals
#         and the total of amounts, amendments and realisations
#   21    the first 25 results of each opgave (their indicators come from the roll-up)
#   22    the latest update of each of those results at peildatum
RAPPORT_QUERIES = 22


def _een_update_met_waarde() -> None:
    """So the baseline already prefetches realised values, as the 20x data does."""
    indicator = Indicator.objects.order_by("pk").first()
    update = Voortgangsupdate.objects.create(
        resultaat=indicator.resultaat, peildatum=date(2026, 3, 31), status=Status.OP_KOERS
    )
    Indicatorwaarde.objects.create(update=update, indicator=indicator, waarde=1)


# An opgave's report, per request: as the programme's, with these differences:
#   5     the opgave (get_object_or_404)
#   6-11  that opgave with its doelen and activities; 12-15 the roll-up
#   16-18 the opgave's Tabel 1: subtotals (also its totals), lines counted, lines
#   19    the execution of the budget for both years: the opgave's subtotal (its total)
#   20    results; 21 their latest updates
OPGAVE_RAPPORT_QUERIES = 21
OPGAVE_PDF = reverse("rapportages:opgave_pdf", args=[1]) + f"?peildatum={PEILDATUM}"


@pytest.mark.parametrize(
    ("url", "queries"),
    [(PROGRAMMA_PDF, RAPPORT_QUERIES), (OPGAVE_PDF, OPGAVE_RAPPORT_QUERIES)],
    ids=["programma", "opgave"],
)
def test_the_report_query_count_does_not_grow_with_the_data(
    url, queries, management_client, monkeypatch, django_assert_num_queries
):
    monkeypatch.setattr(pdf, "html_naar_pdf", Teller())
    _een_update_met_waarde()

    with django_assert_num_queries(queries):
        assert management_client.get(url).status_code == 200

    _twintig_keer_zoveel_gegevens()
    cache.clear()
    with django_assert_num_queries(queries):
        response = management_client.get(url)
    assert response.status_code == 200


def test_the_admin_shows_frozen_reports_read_only(beheerder_client, monkeypatch):
    monkeypatch.setattr(pdf, "html_naar_pdf", lambda html, **opties: b"%PDF-stand-in")
    _vaststellen(beheerder_client)
    rapport = Voortgangsrapportage.objects.get()

    lijst = beheerder_client.get(reverse("admin:rapportages_voortgangsrapportage_changelist"))
    detail = beheerder_client.get(
        reverse("admin:rapportages_voortgangsrapportage_change", args=[rapport.pk])
    )

    assert lijst.status_code == 200
    assert detail.status_code == 200
    assert rapport.sha256 in detail.content.decode()
    assert 'name="_save"' not in detail.content.decode()
    add = beheerder_client.get(reverse("admin:rapportages_voortgangsrapportage_add"))
    assert add.status_code == 403


@pytest.mark.parametrize("url", ["file:///etc/passwd", "http://127.0.0.1:8000/", "data:,x"])
def test_the_pdf_renderer_fetches_no_file_or_url(url):
    with pytest.raises(ValueError, match="loads nothing"):
        pdf.FETCHER(url)


@pytest.mark.parametrize("met", ["abc", "¹", "9" * 40, "-1"])
def test_a_nonsense_comparison_gives_a_dutch_400_page(management_client, monkeypatch, met):
    monkeypatch.setattr(pdf, "html_naar_pdf", lambda html, **opties: b"%PDF-stand-in")
    _vaststellen(management_client)
    rapport = Voortgangsrapportage.objects.get()

    response = management_client.get(
        reverse("rapportages:wijzigingen", args=[rapport.pk]), {"met": met}
    )

    assert response.status_code == 400


def test_long_lists_in_a_report_show_their_first_25_and_the_snapshot_holds_all(
    management_client,
):
    opgave = Opgave.objects.get(nummer=1)
    voor = {
        Doel: opgave.doelen.filter(bovenliggend=None).count(),
        Activiteit: opgave.activiteiten.filter(bovenliggend=None).count(),
        Resultaat: opgave.resultaten.count(),
        Begrotingsregel: opgave.begrotingsregels.count(),
    }
    # A different number of extra items per list, so every "En nog" line is its own.
    extra = {Doel: 30, Activiteit: 40, Resultaat: 50, Begrotingsregel: 60}
    for i in range(max(extra.values())):
        if i < extra[Doel]:
            Doel.objects.create(opgave=opgave, tekst=f"Extra doel {i}", volgorde=100 + i)
        if i < extra[Activiteit]:
            Activiteit.objects.create(
                opgave=opgave, omschrijving=f"Extra activiteit {i}", volgorde=100 + i
            )
        if i < extra[Resultaat]:
            Resultaat.objects.create(
                opgave=opgave, omschrijving=f"Extra resultaat {i}", volgorde=100 + i
            )
        Begrotingsregel.objects.create(
            opgave=opgave, omschrijving=f"Extra regel {i}", volgorde=100 + i
        )
    totalen = {model: voor[model] + extra[model] for model in voor}
    assert len(set(totalen.values())) == 4
    url = reverse("rapportages:opgave_pdf", args=[1]) + f"?peildatum={PEILDATUM}"

    concept, _ = _tekst(management_client.get(url).content)
    _vaststellen(management_client, onderdeel="1")
    rapport = Voortgangsrapportage.objects.get()
    vastgesteld, _ = _tekst(bytes(rapport.pdf))

    for tekst in (concept, vastgesteld):
        for model, totaal in totalen.items():
            assert f"En nog {totaal - 25} (van {totaal})" in tekst, model
        for soort, model in (("doel", Doel), ("activiteit", Activiteit), ("resultaat", Resultaat)):
            assert f"Extra {soort} {extra[model] - 1}" not in tekst
        assert "Extra regel 59" not in tekst
    opgave_in_snapshot = rapport.snapshot["opgaven"][0]
    assert len(opgave_in_snapshot["resultaten"]) == totalen[Resultaat]
    assert len(opgave_in_snapshot["begrotingsregels"]) == totalen[Begrotingsregel]
    assert "Extra doel 29" in [d["tekst"] for d in opgave_in_snapshot["doelen"]]
    assert "Extra activiteit 39" in [a["omschrijving"] for a in opgave_in_snapshot["activiteiten"]]


def test_a_frozen_report_shows_the_same_execution_as_the_concept_also_without_budget_lines(
    programma,
):
    Opgave.objects.create(programma=programma, nummer=6, titel="Opgave zonder begroting")
    peildatum = date(2026, 6, 30)

    concept = gegevens.verzamel(programma, peildatum=peildatum)
    vast = gegevens.verzamel(programma, peildatum=peildatum, limiet=None)

    assert vast.uitvoering == concept.uitvoering
    assert [groep.opgave.nummer for groep in concept.uitvoering[0].groepen] == [1, 2, 3, 4, 5, 6]
    assert concept.uitvoering[0].groepen[-1].subtotaal.primitief == 0


def test_a_snapshot_refuses_data_that_holds_only_the_first_of_each_list():
    ingekort = gegevens.verzamel(Programma.objects.get(), peildatum=date(2026, 6, 30))

    with pytest.raises(ValueError, match="everything"):
        snapshot.snapshot(ingekort)
