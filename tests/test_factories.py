"""The test factories make valid objects of the right shape, apart from the loaded programme."""

import importlib
import inspect
from datetime import date
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from factory.django import DjangoModelFactory

from budget.models import Begrotingsregel, Wijzigingsstatus
from opgaven.models import Opgave, Programma
from resultaten.models import Indicator, Resultaat, Status, Voortgangsupdate
from tests import factories as f

pytestmark = pytest.mark.django_db

FABRIEKEN = sorted(
    (
        fabriek
        for _, fabriek in inspect.getmembers(f, inspect.isclass)
        if issubclass(fabriek, DjangoModelFactory) and not fabriek._meta.abstract
    ),
    key=lambda fabriek: fabriek.__name__,
)


def _rechten(gebruiker):
    """The user's Rechten, from wherever the module lives (basis.rechten, formerly
    opgaven.rechten)."""
    for modulenaam in ("basis.rechten", "opgaven.rechten"):
        try:
            return importlib.import_module(modulenaam).Rechten(gebruiker)
        except ModuleNotFoundError as fout:
            if fout.name != modulenaam:
                raise
    raise ImportError("Rechten is in neither basis.rechten nor opgaven.rechten")


@pytest.mark.parametrize("fabriek", FABRIEKEN, ids=lambda fabriek: fabriek.__name__)
def test_every_factory_builds_an_object_that_passes_full_clean(fabriek):
    obj = fabriek()
    obj.full_clean()  # validators, choices, clean() and the model's constraints
    assert type(obj)._default_manager.filter(pk=obj.pk).exists()


def test_every_domain_model_has_a_factory():
    domein = {
        model
        for label in ("opgaven", "budget", "resultaten")
        for model in apps.get_app_config(label).get_models()
        if not model.__name__.startswith("Historical")
    }
    gemaakt = {fabriek._meta.get_model_class() for fabriek in FABRIEKEN}
    assert domein - gemaakt == set()
    assert len(domein) >= 20  # the three apps were found at all


def test_a_result_factory_makes_its_opgave_and_programme():
    programmas, opgaven = Programma.objects.count(), Opgave.objects.count()
    resultaat = f.ResultaatFactory()
    opgave = resultaat.opgave
    assert Programma.objects.count() == programmas + 1
    assert Opgave.objects.count() == opgaven + 1
    assert opgave.programma.opgaven.get() == opgave
    assert opgave.nummer >= 10  # the loaded programme's numbers 1-5 stay unambiguous
    assert opgave.programma.eerste_jaar >= 2040
    assert opgave.programma.laatste_jaar == opgave.programma.eerste_jaar + 1


def test_factory_programmes_neither_clash_with_each_other_nor_replace_the_current_one():
    geladen = Programma.objects.get(eerste_jaar=2026)
    nieuw = f.ProgrammaFactory.create_batch(30)
    eerste_jaren = [programma.eerste_jaar for programma in nieuw]
    assert len(set(eerste_jaren)) == 30
    assert all(programma.eerste_jaar >= 2040 for programma in nieuw)
    assert all(programma.laatste_jaar <= 2100 for programma in nieuw)
    for programma in nieuw:
        programma.full_clean()
    assert Programma.objects.actueel(date(2026, 6, 30)) == geladen
    assert Programma.objects.actueel(date(2039, 12, 31)) == geladen


def test_factories_leave_the_loaded_programme_as_it_is():
    geladen = Programma.objects.get(eerste_jaar=2026)
    opgaven = list(geladen.opgaven.values_list("pk", flat=True))
    resultaten = Resultaat.objects.van_programma(geladen).count()
    regels = Begrotingsregel.objects.filter(opgave__programma=geladen).count()

    f.IndicatorwaardeFactory()
    f.BegrotingswijzigingFactory(vastgesteld=True)
    f.CofinancieringFactory(voor_regel=True)

    assert list(geladen.opgaven.values_list("pk", flat=True)) == opgaven
    assert Resultaat.objects.van_programma(geladen).count() == resultaten
    assert Begrotingsregel.objects.filter(opgave__programma=geladen).count() == regels
    assert Opgave.objects.get(programma=geladen, nummer=3) == Opgave.objects.get(nummer=3)


def test_building_saves_nothing():
    programmas = Programma.objects.count()
    resultaat = f.ResultaatFactory.build()
    assert resultaat.pk is None
    assert resultaat.opgave.programma.pk is None
    assert Programma.objects.count() == programmas


def test_names_unique_ignoring_case_differ_between_factory_objects():
    for fabriek in (
        f.PartnerFactory,
        f.GerelateerdProgrammaFactory,
        f.FinancieringsbronFactory,
    ):
        namen = [obj.naam.lower() for obj in fabriek.create_batch(3)]
        assert len(set(namen)) == 3, fabriek.__name__


def test_a_sub_item_hangs_one_level_under_a_main_item_of_the_same_opgave():
    for fabriek in (f.DoelFactory, f.DoelgroepFactory):
        sub = fabriek(onderliggend=True)
        sub.full_clean()
        assert sub.bovenliggend.opgave == sub.opgave
        assert sub.bovenliggend.bovenliggend is None
        assert list(sub.bovenliggend.onderliggende.all()) == [sub]

    deel = f.ActiviteitFactory(deelactiviteit=True, met_thema=True)
    deel.full_clean()
    assert deel.bovenliggend.opgave == deel.opgave == deel.thema.opgave
    assert deel.bovenliggend.bovenliggend is None


def test_a_planned_activity_runs_over_its_programme_period():
    activiteit = f.ActiviteitFactory(gepland=True)
    programma = activiteit.opgave.programma
    assert activiteit.status == "lopend"
    assert activiteit.geplande_start == date(programma.eerste_jaar, 1, 1)
    assert activiteit.gepland_einde == date(programma.laatste_jaar, 12, 31)


def test_a_budget_line_with_bedragen_fills_tabel_1_per_programme_year():
    regel = f.BegrotingsregelFactory(bedragen=["100000", "250000"])
    programma = regel.opgave.programma
    tabel = Begrotingsregel.objects.tabel(programma)
    assert tabel.jaren == programma.jaren
    assert tabel.totalen == [Decimal("100000"), Decimal("250000")]
    for bedrag in regel.bedragen.all():
        bedrag.full_clean()


def test_only_a_vastgestelde_wijziging_counts_in_the_actuele_begroting():
    regel = f.BegrotingsregelFactory(bedragen=["100000"])
    f.BegrotingswijzigingFactory(regel=regel, vastgesteld=True)
    concept = f.BegrotingswijzigingFactory(regel=regel, verlaging=True)
    f.RealisatieFactory(regel=regel)

    jaar = regel.opgave.programma.eerste_jaar
    bedragen = Begrotingsregel.objects.uitvoering(regel.opgave.programma, jaar).totaal
    assert concept.status == Wijzigingsstatus.CONCEPT
    assert (bedragen.primitief, bedragen.wijzigingen, bedragen.actueel) == (
        Decimal("100000"),
        Decimal("25000"),
        Decimal("125000"),
    )
    assert (bedragen.concept, bedragen.verplicht, bedragen.besteed) == (
        Decimal("-25000"),
        Decimal("40000"),
        Decimal("15000"),
    )


def test_co_funding_for_a_line_keeps_to_the_line_s_opgave():
    cofinanciering = f.CofinancieringFactory(voor_regel=True, toegekend_volledig=True)
    cofinanciering.full_clean()
    assert cofinanciering.regel.opgave == cofinanciering.opgave
    assert cofinanciering.toegekend == cofinanciering.verwacht


@pytest.mark.parametrize("status", ["aandacht_nodig", "risico"])
def test_a_worrying_update_comes_with_an_explanation_and_a_measure(status):
    update = f.VoortgangsupdateFactory(**{status: True})
    update.full_clean()
    assert update.status == status
    assert update.verklaring
    assert update.maatregel
    assert update.opgave == update.resultaat.opgave


def test_an_update_of_an_activity_has_no_result():
    update = f.VoortgangsupdateFactory(voor_activiteit=True)
    update.full_clean()
    assert update.resultaat is None
    assert update.opgave == update.activiteit.opgave


def test_an_update_with_waarden_realises_its_indicator():
    resultaat = f.ResultaatFactory(met_indicator=True)
    indicator = resultaat.indicatoren.get()
    update = f.VoortgangsupdateFactory(resultaat=resultaat, waarden={indicator: 260})
    assert update.waarden.get().waarde == Decimal("260")
    (gemeten,) = Indicator.objects.filter(pk=indicator.pk).met_realisatie(
        peildatum=update.peildatum
    )
    assert (gemeten.gerealiseerd, gemeten.percentage) == (Decimal("260"), 260)


def test_an_indicator_value_goes_with_an_update_of_its_own_result():
    waarde = f.IndicatorwaardeFactory()
    assert waarde.update.resultaat == waarde.indicator.resultaat

    andere_indicator = f.IndicatorFactory()
    with pytest.raises(ValueError, match="same result"):
        f.IndicatorwaardeFactory(update=waarde.update, indicator=andere_indicator)


def test_factories_record_history_with_the_user_who_did_it():
    gebruiker = f.GebruikerFactory(beheerder=True)
    resultaat = f.ResultaatFactory(history_user=gebruiker)
    (rij,) = resultaat.history.all()
    assert (rij.history_type, rij.history_user) == ("+", gebruiker)

    update = f.VoortgangsupdateFactory(
        resultaat=resultaat, status=Status.OP_KOERS, ingevoerd_door=gebruiker
    )
    assert update.history.get().history_user == gebruiker
    assert Voortgangsupdate.history.filter(id=update.pk).count() == 1


def test_a_gebruiker_factory_with_rol_beleidsmedewerker_may_edit_only_its_opgave():
    eigen, andere = f.OpgaveFactory.create_batch(2)
    gebruiker = f.GebruikerFactory(rol="Beleidsmedewerker", toegewezen_opgaven=[eigen])
    rechten = _rechten(gebruiker)
    assert list(gebruiker.groups.values_list("name", flat=True)) == ["Beleidsmedewerker"]
    assert rechten.mag_lezen
    assert rechten.mag_bewerken(eigen)
    assert not rechten.mag_bewerken(andere)
    assert not rechten.mag_bewerken(Opgave.objects.get(programma__eerste_jaar=2026, nummer=3))


def test_role_traits_give_management_reading_and_beheerder_everything():
    opgave = f.OpgaveFactory()
    management = _rechten(f.GebruikerFactory(management=True))
    assert management.mag_lezen
    assert not management.mag_bewerken(opgave)

    beheerder = f.GebruikerFactory(beheerder=True)
    assert beheerder.is_staff
    assert _rechten(beheerder).mag_bewerken(opgave)

    zonder_rol = _rechten(f.GebruikerFactory())
    assert not zonder_rol.mag_lezen


def test_an_unknown_rol_is_refused():
    with pytest.raises(ValueError, match="Unknown rol"):
        f.GebruikerFactory(rol="Gedeputeerde")
    assert not Group.objects.filter(name="Gedeputeerde").exists()


def test_a_factory_user_has_the_known_password_hashed():
    gebruiker = f.GebruikerFactory()
    assert gebruiker.password != f.WACHTWOORD
    assert gebruiker.check_password(f.WACHTWOORD)
    assert not gebruiker.check_password("fout")
