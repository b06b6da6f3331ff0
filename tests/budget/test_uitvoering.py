"""Invariants of the execution table: totals are sums of parts, concepts never count."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError

from budget import services
from budget.models import Begrotingsregel, Begrotingswijziging
from budget.tabel import Uitvoeringsbedragen
from opgaven.models import Opgave
from tests.budget.hulp import boek, realiseer, stel_voor, voucherregelingen

pytestmark = pytest.mark.django_db

KOLOMMEN = ["primitief", "wijzigingen", "concept", "actueel", "verplicht", "besteed"]


def _regel_van(tabel, regel) -> Uitvoeringsbedragen:
    return next(r.bedragen for g in tabel.groepen for r in g.regels if r.regel.pk == regel.pk)


def _controleer_sommen(tabel) -> None:
    for kolom in KOLOMMEN:
        for groep in tabel.groepen:
            onderdelen = sum((getattr(r.bedragen, kolom) for r in groep.regels), Decimal(0))
            assert getattr(groep.subtotaal, kolom) == onderdelen, (kolom, groep.opgave)
        subtotalen = sum((getattr(g.subtotaal, kolom) for g in tabel.groepen), Decimal(0))
        assert getattr(tabel.totaal, kolom) == subtotalen, kolom
    for groep in tabel.groepen:
        for rij in groep.regels:
            b = rij.bedragen
            assert b.actueel == b.primitief + b.wijzigingen


def test_without_amendments_actueel_is_the_primitive_budget(programma):
    tabel = Begrotingsregel.objects.uitvoering(programma, 2026)

    assert tabel.totaal.primitief == Decimal("7398139")
    assert tabel.totaal.actueel == Decimal("7398139")
    assert tabel.totaal.uitputting == Decimal("0.0")
    _controleer_sommen(tabel)


def _met_boekingen(beheerder) -> None:
    regel = voucherregelingen()
    andere = Begrotingsregel.objects.get(omschrijving="Toekomstbestendige bedrijventerreinen")
    boek(regel, beheerder, "50000.01")
    boek(andere, beheerder, "-1234.56", kenmerk="GS-besluit 2026/123")
    stel_voor(regel, beheerder, "999.99")
    realiseer(regel, beheerder, besteed="0.01", verplicht="100.10")


def test_every_total_is_the_sum_of_its_parts_to_the_cent(programma, beheerder):
    _met_boekingen(beheerder)
    andere = Begrotingsregel.objects.get(omschrijving="Toekomstbestendige bedrijventerreinen")
    realiseer(andere, beheerder, besteed="1000.99")

    tabel = Begrotingsregel.objects.uitvoering(programma, 2026)

    _controleer_sommen(tabel)
    assert tabel.totaal.wijzigingen == Decimal("48765.45")
    assert tabel.totaal.actueel == Decimal("7398139") + Decimal("48765.45")
    assert tabel.totaal.concept == Decimal("999.99")
    assert tabel.totaal.besteed == Decimal("1001.00")
    assert all(isinstance(getattr(tabel.totaal, k), Decimal) for k in KOLOMMEN)


def test_a_concept_amendment_never_changes_actueel(programma, beleidsmedewerker):
    regel = voucherregelingen()
    voor = _regel_van(Begrotingsregel.objects.uitvoering(programma, 2026), regel)

    stel_voor(regel, beleidsmedewerker, "75000")
    na = _regel_van(Begrotingsregel.objects.uitvoering(programma, 2026), regel)

    assert na.actueel == voor.actueel == Decimal("499500")
    assert na.concept == Decimal("75000")


def test_setting_an_amendment_makes_it_count_once(programma, beheerder, beleidsmedewerker):
    regel = voucherregelingen()
    wijziging = stel_voor(regel, beleidsmedewerker, "75000")

    services.stel_wijziging_vast(wijziging=wijziging, gebruiker=beheerder)
    with pytest.raises(services.AlVastgesteld):
        services.stel_wijziging_vast(wijziging=wijziging, gebruiker=beheerder)

    na = _regel_van(Begrotingsregel.objects.uitvoering(programma, 2026), regel)
    assert na.actueel == Decimal("574500")
    assert na.concept == Decimal("0")
    wijziging.refresh_from_db()
    assert wijziging.besluitdatum is not None
    assert wijziging.history.first().history_change_reason == "Vastgesteld: Najaarsnota 2026"


def test_editing_or_deleting_an_amendment_updates_every_total(programma, beheerder):
    regel = voucherregelingen()
    wijziging = boek(regel, beheerder, "50000")

    wijziging.bedrag = Decimal("20000.50")
    wijziging.save()
    tabel = Begrotingsregel.objects.uitvoering(programma, 2026)
    assert _regel_van(tabel, regel).actueel == Decimal("519500.50")
    assert tabel.groepen[2].subtotaal.actueel == Decimal("2047500") + Decimal("20000.50")
    assert tabel.totaal.actueel == Decimal("7398139") + Decimal("20000.50")
    _controleer_sommen(tabel)

    wijziging.delete()
    tabel = Begrotingsregel.objects.uitvoering(programma, 2026)
    assert _regel_van(tabel, regel).actueel == Decimal("499500")
    assert tabel.totaal.actueel == Decimal("7398139")


def test_uitputting_is_besteed_over_actueel_and_empty_without_a_budget(programma, beheerder):
    regel = voucherregelingen()
    boek(regel, beheerder, "50000")
    realiseer(regel, beheerder, besteed="123456.78")
    leeg = Begrotingsregel.objects.get(omschrijving="Greenwise Campus")
    realiseer(leeg, beheerder, besteed="10")

    tabel = Begrotingsregel.objects.uitvoering(programma, 2026)

    assert _regel_van(tabel, regel).uitputting == Decimal("22.5")
    assert _regel_van(tabel, leeg).uitputting is None


def test_an_amendment_in_another_year_does_not_touch_this_year(programma, beheerder):
    regel = voucherregelingen()
    boek(regel, beheerder, "50000", jaar=2027)

    assert _regel_van(Begrotingsregel.objects.uitvoering(programma, 2026), regel).actueel == (
        Decimal("499500")
    )
    assert Begrotingsregel.objects.uitvoering(programma, 2027).totaal.wijzigingen == Decimal(
        "50000"
    )


def test_an_amendment_can_create_a_new_line_starting_at_zero(programma, beleidsmedewerker):
    opgave = Opgave.objects.get(nummer=3)

    wijziging = services.nieuwe_regel_met_wijziging(
        opgave=opgave,
        omschrijving="Innovatievouchers Defensie",
        jaar=2026,
        bedrag=Decimal("40000"),
        kenmerk="GS-besluit 2026/77",
        reden="Nieuwe regeling",
        gebruiker=beleidsmedewerker,
    )

    regel = wijziging.regel
    bedragen = _regel_van(Begrotingsregel.objects.uitvoering(programma, 2026), regel)
    assert (bedragen.primitief, bedragen.actueel, bedragen.concept) == (
        Decimal("0"),
        Decimal("0"),
        Decimal("40000"),
    )
    assert regel.history.first().history_change_reason == "Nieuwe regeling"


def test_a_new_line_with_an_existing_name_creates_nothing(beleidsmedewerker):
    opgave = Opgave.objects.get(nummer=3)
    regels = Begrotingsregel.objects.count()

    with pytest.raises(ValidationError):
        services.nieuwe_regel_met_wijziging(
            opgave=opgave,
            omschrijving="Voucherregelingen",
            jaar=2026,
            bedrag=Decimal("1"),
            kenmerk="x",
            reden="x",
            gebruiker=beleidsmedewerker,
        )

    assert Begrotingsregel.objects.count() == regels
    assert not Begrotingswijziging.objects.exists()


def test_a_line_with_amendments_or_realisations_cannot_be_deleted(beheerder):
    regel = voucherregelingen()
    realiseer(regel, beheerder, besteed="1")

    with pytest.raises(ProtectedError):
        regel.delete()
    assert Begrotingsregel.objects.filter(pk=regel.pk).exists()


def test_a_decided_amendment_needs_a_decision_date(beheerder):
    wijziging = Begrotingswijziging(
        regel=voucherregelingen(),
        jaar=2026,
        bedrag=Decimal("1"),
        kenmerk="x",
        motivering="x",
        status="vastgesteld",
    )
    with pytest.raises(ValidationError, match="besluitdatum"):
        wijziging.full_clean()


def test_an_amendment_outside_the_programme_years_is_refused(beheerder):
    with pytest.raises(ValidationError, match="2026-2027"):
        boek(voucherregelingen(), beheerder, "1", jaar=2031)


def test_both_years_at_once_are_the_same_as_each_year_on_its_own(programma, beheerder):
    _met_boekingen(beheerder)

    samen = Begrotingsregel.objects.uitvoering_per_jaar(programma, [2026, 2027])

    assert samen == [Begrotingsregel.objects.uitvoering(programma, jaar) for jaar in (2026, 2027)]
    assert [t.totaal.primitief for t in samen] == [Decimal("7398139"), Decimal("7418224")]


def test_the_execution_per_opgave_has_the_subtotals_of_the_lines_and_every_opgave(
    programma, beheerder
):
    _met_boekingen(beheerder)
    zonder_regels = Opgave.objects.create(programma=programma, nummer=6, titel="Nieuwe opgave")
    opgaven = list(Opgave.objects.filter(programma=programma).order_by("nummer"))

    per_opgave = Begrotingsregel.objects.uitvoering_per_opgave(opgaven, [2026, 2027])

    for jaar, tabel in zip((2026, 2027), per_opgave, strict=True):
        per_regel = Begrotingsregel.objects.uitvoering(programma, jaar)
        assert tabel.totaal == per_regel.totaal
        subtotalen = {groep.opgave.pk: groep.subtotaal for groep in tabel.groepen}
        assert subtotalen == {
            **{groep.opgave.pk: groep.subtotaal for groep in per_regel.groepen},
            zonder_regels.pk: Uitvoeringsbedragen(),
        }
    assert per_opgave[0].totaal.wijzigingen == Decimal("48765.45")
    assert per_opgave[0].totaal.concept == Decimal("999.99")
