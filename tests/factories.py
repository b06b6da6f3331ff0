"""Test factories (factory_boy) for the domain models of opgaven, budget and resultaten.

When to use what
----------------
* The loaded programme (``laad_programma`` in tests/conftest.py, the 2026-2027
  document) is for *fidelity* tests: does the portal show, count and sum the real
  programme as the document does? Those tests keep reading it.
* Factories are for *edge cases* and for new or rewritten tests that need a few
  objects of a particular shape: a sub-activity, a risk update without a value, a
  vastgestelde wijziging, a user with one role. ``ResultaatFactory()`` alone makes
  its opgave and a fresh programme, so a test states only what it is about.

How the factories keep out of the loaded programme's way
--------------------------------------------------------
* Every ``ProgrammaFactory`` is a new programme from 2040 on (two years each, up to
  30 different ones in one test), so it never clashes with the loaded 2026 programme
  nor is it the current programme (``Programma.objects.actueel()``) before 2040.
* Opgave numbers start at 10: the loaded programme's opgaven are 1-5, so a query such
  as ``Opgave.objects.get(nummer=3)`` still finds the loaded one. Still, filter by
  programme when a test mixes factory objects with the loaded programme.
* Names that must be unique (partners, related programmes, themes, budget lines,
  financing sources, usernames) carry a ``factory.Sequence`` number.

Every factory saves through the model, so simple-history records a "+" row, as the
services do; pass ``history_user=gebruiker`` to any factory to record who did it
(the services set the same ``_history_user``). Factories do not call full_clean()
themselves, so a test can still make a deliberately invalid object; their defaults
all pass full_clean() (tests/test_factories.py checks that).

Traits and helpers (see each factory):
    ProgrammaFactory                 -
    OpgaveFactory                    -
    DoelFactory, DoelgroepFactory    onderliggend=True (one level under a new main item)
    PartnerFactory, GerelateerdProgrammaFactory, OpgavePartnerFactory,
    OpgaveGerelateerdProgrammaFactory, ThemaFactory  -
    ActiviteitFactory                met_thema, deelactiviteit, gepland
    BegrotingsregelFactory           bedragen=[...] (one Begrotingsbedrag per year)
    BegrotingsbedragFactory          -
    BegrotingswijzigingFactory       vastgesteld, verlaging
    RealisatieFactory                -
    FinancieringsbronFactory         -
    CofinancieringFactory            voor_regel, toegekend_volledig
    ResultaatFactory                 met_indicator
    IndicatorFactory                 per_programmaperiode
    VoortgangsupdateFactory          aandacht_nodig, risico, voor_activiteit,
                                     waarden={indicator: waarde}
    IndicatorwaardeFactory           -
    GebruikerFactory                 beheerder, management, beleidsmedewerker,
                                     rol="...", toegewezen_opgaven=[...]
"""

import importlib
from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal

import factory
from django.conf import settings
from factory.django import DjangoModelFactory

from budget.models import (
    Begrotingsbedrag,
    Begrotingsregel,
    Begrotingswijziging,
    Besluitorgaan,
    Cofinanciering,
    Financieringsbron,
    Grootboekkoppeling,
    Realisatie,
    Wijzigingsstatus,
)
from opgaven.models import (
    Activiteit,
    ActiviteitStatus,
    Doel,
    Doelgroep,
    GerelateerdProgramma,
    Opgave,
    OpgaveGerelateerdProgramma,
    OpgavePartner,
    Partner,
    Programma,
    Thema,
)
from resultaten.models import (
    Indicator,
    Indicatorwaarde,
    Resultaat,
    Status,
    Streefperiode,
    Voortgangsupdate,
)

WACHTWOORD = "geheim-wachtwoord-123"

EERSTE_FABRIEKSJAAR = 2040  # well after the loaded 2026 programme
PROGRAMMAJAREN = 2  # every factory programme runs two years
# Programmes start at 2040, 2042, ..., 2098: the last ends in 2099, within the
# validators (2000-2100); after 30 programmes in one test the years come round again.
AANTAL_PROGRAMMAS = (2100 - EERSTE_FABRIEKSJAAR) // PROGRAMMAJAREN

EERSTE_OPGAVENUMMER = 10  # the loaded programme numbers its opgaven 1-5

PLAATSEN = ("Assen", "Emmen", "Hoogeveen", "Meppel", "Coevorden", "Westerveld")


def richt_rollen_in() -> dict:
    """The role groups, from wherever richt_rollen_in lives (basis.rollen, before
    that koers.rollen); imported only when a user gets a role."""
    for modulenaam in ("basis.rollen", "koers.rollen"):
        try:
            module = importlib.import_module(modulenaam)
        except ModuleNotFoundError as fout:
            # Only a missing module itself moves on; a broken import inside it is a bug.
            if fout.name not in (modulenaam, modulenaam.split(".")[0]):
                raise
            continue
        return module.richt_rollen_in()
    raise ImportError("richt_rollen_in is in neither basis.rollen nor koers.rollen")


def _van_programma(jaar: Callable[[Programma], int], maand: int, dag: int):
    """A date in a year of the programme of the object's opgave."""
    return factory.LazyAttribute(lambda obj: date(jaar(obj.opgave.programma), maand, dag))


class Domeinfabriek(DjangoModelFactory):
    """Saves through the model (so simple-history records it) and takes `history_user`."""

    class Meta:
        abstract = True
        # No second save after post-generation hooks: a Voortgangsupdate is append-only.
        skip_postgeneration_save = True

    @classmethod
    def _build(cls, model_class, *args, history_user=None, **kwargs):
        obj = model_class(*args, **kwargs)
        if history_user is not None:
            obj._history_user = history_user
        return obj

    @classmethod
    def _create(cls, model_class, *args, history_user=None, **kwargs):
        obj = cls._build(model_class, *args, history_user=history_user, **kwargs)
        obj.save(force_insert=True, using=cls._get_manager(model_class).db)
        return obj


# -- opgaven -------------------------------------------------------------------------


class ProgrammaFactory(Domeinfabriek):
    class Meta:
        model = Programma

    eerste_jaar = factory.Sequence(
        lambda n: EERSTE_FABRIEKSJAAR + PROGRAMMAJAREN * (n % AANTAL_PROGRAMMAS)
    )
    laatste_jaar = factory.LazyAttribute(lambda p: p.eerste_jaar + PROGRAMMAJAREN - 1)
    titel = factory.LazyAttribute(
        lambda p: f"Uitvoeringsprogramma Economische Koers Drenthe {p.eerste_jaar}-{p.laatste_jaar}"
    )
    opzet = "Per opgave staat beschreven wat de provincie in deze periode doet en met wie."
    actualiteiten = "De arbeidsmarkt blijft krap; ondernemers investeren voorzichtig."
    cofinanciering = "Waar mogelijk zetten we Europese en rijksmiddelen in naast eigen middelen."
    tot_slot = "Over de voortgang rapporteren we bij de Voorjaarsnota en de Najaarsrapportage."


class OpgaveFactory(Domeinfabriek):
    class Meta:
        model = Opgave

    programma = factory.SubFactory(ProgrammaFactory)
    nummer = factory.Sequence(lambda n: EERSTE_OPGAVENUMMER + n % (100 - EERSTE_OPGAVENUMMER))
    titel = factory.Iterator(
        [
            "Innovatie en kennisdeling in het mkb",
            "Een wendbare en inclusieve arbeidsmarkt",
            "Toekomstbestendige bedrijventerreinen",
            "Circulair ondernemen",
            "Een aantrekkelijk vestigingsklimaat",
        ]
    )
    omschrijving = (
        "Drentse ondernemers staan voor grote veranderingen.\n\n"
        "De provincie helpt hen daarbij:\n"
        "1. met kennis en advies;\n"
        "2. met financiering waar de markt die niet biedt."
    )


class _OpsommingspuntFactory(Domeinfabriek):
    class Meta:
        abstract = True

    opgave = factory.SubFactory(OpgaveFactory)
    bovenliggend = None
    volgorde = factory.Sequence(lambda n: n)


class DoelFactory(_OpsommingspuntFactory):
    """A main doel; `onderliggend=True` puts it under a new main doel of the same opgave."""

    class Meta:
        model = Doel

    tekst = factory.Iterator(
        [
            "Meer innovatieve mkb-bedrijven in Drenthe",
            "Een betere aansluiting tussen onderwijs en arbeidsmarkt",
            "Minder leegstand op bedrijventerreinen",
            "Meer bedrijven die circulair werken",
        ]
    )

    class Params:
        onderliggend = factory.Trait(
            bovenliggend=factory.SubFactory(
                "tests.factories.DoelFactory", opgave=factory.SelfAttribute("..opgave")
            )
        )


class DoelgroepFactory(_OpsommingspuntFactory):
    """A main doelgroep; `onderliggend=True` as for DoelFactory."""

    class Meta:
        model = Doelgroep

    tekst = factory.Iterator(
        [
            "Mkb-bedrijven",
            "Startups en scale-ups",
            "Werkzoekenden en herintreders",
            "Ondernemersverenigingen en parkmanagers",
        ]
    )

    class Params:
        onderliggend = factory.Trait(
            bovenliggend=factory.SubFactory(
                "tests.factories.DoelgroepFactory", opgave=factory.SelfAttribute("..opgave")
            )
        )


class PartnerFactory(Domeinfabriek):
    class Meta:
        model = Partner

    naam = factory.Sequence(lambda n: f"Ondernemerskring {PLAATSEN[n % len(PLAATSEN)]} {n}")


class OpgavePartnerFactory(Domeinfabriek):
    class Meta:
        model = OpgavePartner

    opgave = factory.SubFactory(OpgaveFactory)
    partner = factory.SubFactory(PartnerFactory)
    volgorde = factory.Sequence(lambda n: n)


class GerelateerdProgrammaFactory(Domeinfabriek):
    class Meta:
        model = GerelateerdProgramma

    naam = factory.Sequence(lambda n: f"Regionaal actieprogramma {PLAATSEN[n % len(PLAATSEN)]} {n}")


class OpgaveGerelateerdProgrammaFactory(Domeinfabriek):
    class Meta:
        model = OpgaveGerelateerdProgramma

    opgave = factory.SubFactory(OpgaveFactory)
    programma = factory.SubFactory(GerelateerdProgrammaFactory)
    volgorde = factory.Sequence(lambda n: n)


class ThemaFactory(Domeinfabriek):
    class Meta:
        model = Thema

    opgave = factory.SubFactory(OpgaveFactory)
    naam = factory.Sequence(
        lambda n: f"{('Kennis en innovatie', 'Arbeidsmarkt', 'Ruimte voor bedrijven')[n % 3]} {n}"
    )
    volgorde = factory.Sequence(lambda n: n)


class ActiviteitFactory(Domeinfabriek):
    """A main activity without theme or planning.

    Traits: `met_thema` (a new theme of the same opgave), `deelactiviteit` (under a new
    main activity of the same opgave), `gepland` (lopend, over the programme period).
    """

    class Meta:
        model = Activiteit

    opgave = factory.SubFactory(OpgaveFactory)
    thema = None
    bovenliggend = None
    omschrijving = factory.Iterator(
        [
            "Subsidieregeling voor innovatieve samenwerking uitvoeren",
            "Bijeenkomsten voor ondernemers organiseren",
            "Een kennisnetwerk met hogescholen opzetten",
            "Bedrijventerreinen helpen met een verduurzamingsplan",
        ]
    )
    volgorde = factory.Sequence(lambda n: n)
    status = ActiviteitStatus.NIET_GESTART

    class Params:
        met_thema = factory.Trait(
            thema=factory.SubFactory(ThemaFactory, opgave=factory.SelfAttribute("..opgave"))
        )
        deelactiviteit = factory.Trait(
            bovenliggend=factory.SubFactory(
                "tests.factories.ActiviteitFactory", opgave=factory.SelfAttribute("..opgave")
            )
        )
        gepland = factory.Trait(
            status=ActiviteitStatus.LOPEND,
            geplande_start=_van_programma(lambda p: p.eerste_jaar, 1, 1),
            gepland_einde=_van_programma(lambda p: p.laatste_jaar, 12, 31),
        )


# -- budget --------------------------------------------------------------------------


class BegrotingsregelFactory(Domeinfabriek):
    """A budget line; `bedragen=[...]` adds a Begrotingsbedrag per programme year, in
    order (or `bedragen={jaar: bedrag}`)."""

    class Meta:
        model = Begrotingsregel

    opgave = factory.SubFactory(OpgaveFactory)
    omschrijving = factory.Sequence(
        lambda n: f"{('Subsidieregeling', 'Vouchers', 'Proces- en programmakosten')[n % 3]} {n}"
    )
    volgorde = factory.Sequence(lambda n: n)

    @factory.post_generation
    def bedragen(regel, create, extracted, **kwargs):
        if not create or not extracted:
            return
        jaren = regel.opgave.programma.jaren
        if isinstance(extracted, Mapping):
            paren = list(extracted.items())
        else:
            if len(extracted) > len(jaren):
                raise ValueError(f"{len(extracted)} bedragen for the years {jaren}")
            paren = list(zip(jaren, extracted, strict=False))
        for jaar, bedrag in paren:
            BegrotingsbedragFactory(regel=regel, jaar=jaar, bedrag=Decimal(bedrag))


class BegrotingsbedragFactory(Domeinfabriek):
    """The primitive budget of a line in its programme's first year (pass `jaar` for
    another year: a line has one amount per year)."""

    class Meta:
        model = Begrotingsbedrag

    regel = factory.SubFactory(BegrotingsregelFactory)
    jaar = factory.LazyAttribute(lambda b: b.regel.opgave.programma.eerste_jaar)
    bedrag = Decimal("100000.00")


class BegrotingswijzigingFactory(Domeinfabriek):
    """A concept increase; `vastgesteld=True` gives it a besluitdatum and makes it count,
    `verlaging=True` makes it a decrease."""

    class Meta:
        model = Begrotingswijziging

    regel = factory.SubFactory(BegrotingsregelFactory)
    jaar = factory.LazyAttribute(lambda w: w.regel.opgave.programma.eerste_jaar)
    bedrag = Decimal("25000.00")
    kenmerk = factory.LazyAttribute(lambda w: f"Voorjaarsnota {w.jaar}")
    orgaan = Besluitorgaan.GS
    motivering = "Extra middelen omdat de regeling vaker wordt aangevraagd dan verwacht."
    status = Wijzigingsstatus.CONCEPT
    besluitdatum = None

    class Params:
        vastgesteld = factory.Trait(
            status=Wijzigingsstatus.VASTGESTELD,
            besluitdatum=factory.LazyAttribute(lambda w: date(w.jaar, 3, 15)),
        )
        verlaging = factory.Trait(
            bedrag=Decimal("-25000.00"),
            motivering="Minder middelen nodig: de regeling is later opengesteld.",
        )


class RealisatieFactory(Domeinfabriek):
    class Meta:
        model = Realisatie

    regel = factory.SubFactory(BegrotingsregelFactory)
    jaar = factory.LazyAttribute(lambda r: r.regel.opgave.programma.eerste_jaar)
    datum = factory.LazyAttribute(lambda r: date(r.jaar, 5, 1))
    verplicht = Decimal("40000.00")
    besteed = Decimal("15000.00")
    omschrijving = "Beschikking subsidieverlening"


class FinancieringsbronFactory(Domeinfabriek):
    class Meta:
        model = Financieringsbron

    naam = factory.Sequence(lambda n: f"Regionaal investeringsfonds {n}")
    volgorde = factory.Sequence(lambda n: 100 + n)


class GrootboekkoppelingFactory(Domeinfabriek):
    """A cost centre and ledger account of the financial system booked to a new line."""

    class Meta:
        model = Grootboekkoppeling

    kostenplaats = factory.Sequence(lambda n: f"KP{4000 + n}")
    grootboekrekening = factory.Sequence(lambda n: f"{440000 + n}")
    regel = factory.SubFactory(BegrotingsregelFactory)


class CofinancieringFactory(Domeinfabriek):
    """Expected co-funding for an opgave as a whole in its programme's first year.

    Traits: `voor_regel` (for a new line of the same opgave), `toegekend_volledig`.
    """

    class Meta:
        model = Cofinanciering

    bron = factory.SubFactory(FinancieringsbronFactory)
    opgave = factory.SubFactory(OpgaveFactory)
    regel = None
    jaar = factory.LazyAttribute(lambda c: c.opgave.programma.eerste_jaar)
    verwacht = Decimal("200000.00")
    toegekend = Decimal("0.00")
    toelichting = "Aanvraag ingediend; besluit van het fonds verwacht in het najaar."

    class Params:
        voor_regel = factory.Trait(
            regel=factory.SubFactory(
                BegrotingsregelFactory, opgave=factory.SelfAttribute("..opgave")
            )
        )
        toegekend_volledig = factory.Trait(toegekend=factory.SelfAttribute("verwacht"))


# -- resultaten ----------------------------------------------------------------------


class ResultaatFactory(Domeinfabriek):
    """A result of a new opgave in a new programme; `met_indicator=True` quantifies it."""

    class Meta:
        model = Resultaat

    opgave = factory.SubFactory(OpgaveFactory)
    omschrijving = factory.Iterator(
        [
            "Jaarlijks 100 ondernemers begeleid bij innovatie",
            "Meer startups die na drie jaar nog bestaan",
            "Tien bedrijventerreinen met een verduurzamingsplan",
        ]
    )
    volgorde = factory.Sequence(lambda n: n)

    class Params:
        met_indicator = factory.Trait(
            indicator=factory.RelatedFactory(
                "tests.factories.IndicatorFactory", factory_related_name="resultaat"
            )
        )


class IndicatorFactory(Domeinfabriek):
    """A target of 100 per year; `per_programmaperiode=True` for the whole period."""

    class Meta:
        model = Indicator

    resultaat = factory.SubFactory(ResultaatFactory)
    naam = factory.Iterator(["Begeleide ondernemers", "Nieuwe banen", "Verduurzaamde terreinen"])
    eenheid = factory.LazyAttribute(
        lambda i: {
            "Begeleide ondernemers": "ondernemers",
            "Nieuwe banen": "banen",
            "Verduurzaamde terreinen": "bedrijventerreinen",
        }.get(i.naam, "stuks")
    )
    nulwaarde = Decimal("0")
    streefwaarde = Decimal("100")
    streefperiode = Streefperiode.PER_JAAR
    volgorde = factory.Sequence(lambda n: n)

    class Params:
        per_programmaperiode = factory.Trait(streefperiode=Streefperiode.PROGRAMMAPERIODE)


class VoortgangsupdateFactory(Domeinfabriek):
    """An 'op koers' update of a new result at 30 June of its programme's first year.

    Traits: `aandacht_nodig` and `risico` (with the explanation and measure they need),
    `voor_activiteit` (an update of a new activity instead of a result).
    `waarden={indicator: waarde}` records realised values, as registreer_voortgang does.
    `ingevoerd_door` is also the history user unless `history_user` is given.
    """

    class Meta:
        model = Voortgangsupdate

    resultaat = factory.SubFactory(ResultaatFactory)
    activiteit = None
    # save() sets it too; set here so an unsaved (built) update passes full_clean().
    opgave = factory.LazyAttribute(lambda u: (u.resultaat or u.activiteit).opgave)
    peildatum = _van_programma(lambda p: p.eerste_jaar, 6, 30)
    status = Status.OP_KOERS
    toelichting = "Loopt volgens plan."
    verklaring = ""
    maatregel = ""
    ingevoerd_door = None

    class Params:
        aandacht_nodig = factory.Trait(
            status=Status.AANDACHT_NODIG,
            toelichting="Minder aanvragen dan verwacht.",
            verklaring="De regeling is bij ondernemers nog onbekend.",
            maatregel="Extra voorlichting via de ondernemersverenigingen.",
        )
        risico = factory.Trait(
            status=Status.RISICO,
            toelichting="De uitvoering ligt stil.",
            verklaring="De uitvoerende partner heeft te weinig capaciteit.",
            maatregel="Bestuurlijk overleg met de partner in het volgende kwartaal.",
        )
        voor_activiteit = factory.Trait(
            resultaat=None, activiteit=factory.SubFactory(ActiviteitFactory)
        )

    @classmethod
    def _create(cls, model_class, *args, history_user=None, **kwargs):
        return super()._create(
            model_class, *args, history_user=history_user or kwargs.get("ingevoerd_door"), **kwargs
        )

    @factory.post_generation
    def waarden(update, create, extracted, **kwargs):
        if not create or not extracted:
            return
        for indicator, waarde in extracted.items():
            IndicatorwaardeFactory(
                update=update,
                indicator=indicator,
                waarde=Decimal(waarde),
                history_user=update.ingevoerd_door,
            )


class IndicatorwaardeFactory(Domeinfabriek):
    """A realised value of a new indicator in a new update of the same result.

    Pass `indicator` (the update is made for its result) or both `update` and
    `indicator`: as in registreer_voortgang, they must belong to the same result.
    """

    class Meta:
        model = Indicatorwaarde

    indicator = factory.SubFactory(IndicatorFactory)
    update = factory.SubFactory(
        VoortgangsupdateFactory, resultaat=factory.SelfAttribute("..indicator.resultaat")
    )
    waarde = Decimal("60")

    @classmethod
    def _adjust_kwargs(cls, **kwargs):
        update, indicator = kwargs.get("update"), kwargs.get("indicator")
        if update is not None and indicator is not None and update.resultaat != indicator.resultaat:
            raise ValueError("An indicator value belongs to an indicator of the same result.")
        return kwargs


# -- gebruikers ----------------------------------------------------------------------


def _geef_rol(gebruiker, create: bool, rol: str | None) -> None:
    """Add the user to the group of `rol` (a role name of richt_rollen_in(), any case)."""
    if not create or not rol:
        return
    groepen = {naam.lower(): groep for naam, groep in richt_rollen_in().items()}
    groep = groepen.get(str(rol).lower())
    if groep is None:
        raise ValueError(f"Unknown rol {rol!r}; the roles are {sorted(groepen)}")
    gebruiker.groups.add(groep)


def _met_rol(rol: str) -> factory.PostGeneration:
    # A trait replaces the `rol` hook by this one: a trait's plain value would be
    # returned as is, without calling the hook. An explicit rol= still wins.
    return factory.PostGeneration(
        lambda gebruiker, create, extracted, **kwargs: _geef_rol(
            gebruiker, create, extracted or rol
        )
    )


class GebruikerFactory(DjangoModelFactory):
    """A user without a role; give one with `rol="Beleidsmedewerker"` (any role name of
    richt_rollen_in(), in any case) or the traits `beheerder`, `management`,
    `beleidsmedewerker`. `toegewezen_opgaven=[...]` assigns opgaven. The password is
    WACHTWOORD."""

    class Meta:
        model = settings.AUTH_USER_MODEL
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"gebruiker{n}")
    first_name = factory.Iterator(["Anne", "Bart", "Fenna", "Jelle", "Roelie", "Harm"])
    last_name = factory.Iterator(["Jansen", "Bakker", "Hofstee", "Mulder", "Kuiper"])
    email = factory.LazyAttribute(lambda g: f"{g.username}@drenthe.example")
    password = factory.django.Password(WACHTWOORD)

    class Params:
        beheerder = factory.Trait(rol=_met_rol("Beheerder"), is_staff=True)
        management = factory.Trait(rol=_met_rol("Management"))
        beleidsmedewerker = factory.Trait(rol=_met_rol("Beleidsmedewerker"))

    @factory.post_generation
    def rol(gebruiker, create, extracted, **kwargs):
        _geef_rol(gebruiker, create, extracted)

    @factory.post_generation
    def toegewezen_opgaven(gebruiker, create, extracted, **kwargs):
        if create and extracted:
            gebruiker.toegewezen_opgaven.set(extracted)
