"""The fixture programma-2026-2027 is the Uitvoeringsprogramma Economische Koers Drenthe 2026-2027.

tests/conftest.py loads the fixture once per session; every expectation below is copied
from the source document, so a test fails as soon as the fixture deviates from it.
"""

from decimal import Decimal

import pytest

from budget.models import Begrotingsbedrag, Begrotingsregel
from opgaven.models import (
    Activiteit,
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
from resultaten.models import Indicator, Resultaat

pytestmark = pytest.mark.django_db

TITEL = "Uitvoeringsprogramma Economische Koers Drenthe 2026-2027"
NOM = "Noordelijke Investerings- en OntwikkelingsMaatschappij (NOM)"
DADV = "Drentse Agenda Defensie en Veiligheid"

OPGAVE_TITELS = {
    1: "Versterken van het vestigingsklimaat",
    2: "Samenwerken aan een toekomstbestendige arbeidsmarkt",
    3: "Versterken van het ondernemerschap",
    4: "Benutten van de economische kansen rondom transitie en maatschappelijke opgaven",
    5: "Ontwikkelen van de economische kracht van Drenthe",
}

# Tabel 1, line by line: (opgave, omschrijving, 2026, 2027); "-" is 0.
TABEL_1 = [
    (1, "Toekomstbestendige bedrijventerreinen", "1050000", "1050000"),
    (1, "Overige bijdragen", "537153", "537153"),
    (1, "Proceskosten en afschrijving", "244554", "244554"),
    (2, "Arbeidsmarkt & Onderwijs", "600000", "600000"),
    (2, "Werkgelegenheidsenquête", "24951", "24951"),
    (2, "Arbeidsmarktonderzoek", "10000", "10000"),
    (2, "Bijdrage instellingen", "51884", "51884"),
    (3, "Ik Ben Drents Ondernemer (IBDO)", "950000", "950000"),
    (3, "Founded in the North", "250000", "250000"),
    (3, "Internationaal Ondernemen", "70000", "70000"),
    (3, "Promotie goed ondernemerschap", "103000", "22500"),
    (3, "Voucherregelingen", "499500", "580000"),
    (3, "European Digital Innovation Hub (EDIH)", "175000", "175000"),
    (4, "Mkb-innovatiestimulering Regio en Topsectoren (MIT)", "522600", "522600"),
    (4, "Just Transition Fund", "123702", "123702"),
    (4, "Intermediaire organisaties", "675000", "675000"),
    (4, "Overige bijdragen", "608595", "625295"),
    (5, "Noordelijke Investerings- en OntwikkelingsMaatschappij", "669500", "689585"),
    (5, "European Chemical Regions Network", "6000", "6000"),
    (5, "Platform Groene Chemie Nieuwe Energie", "16700", "0"),
    (5, "Greenwise Campus", "0", "0"),
    (5, "Overige bijdragen", "210000", "210000"),
]

SUBTOTALEN = {
    1: [Decimal("1831707"), Decimal("1831707")],
    2: [Decimal("686835"), Decimal("686835")],
    3: [Decimal("2047500"), Decimal("2047500")],
    4: [Decimal("1929897"), Decimal("1946597")],
    5: [Decimal("902200"), Decimal("905585")],
}
TOTALEN = [Decimal("7398139"), Decimal("7418224")]

# Per opgave: hoofddoelen, subdoelen, hoofddoelgroepen, subdoelgroepen, partners,
# gerelateerde programma's, thema's, hoofdactiviteiten, deelactiviteiten, resultaten,
# begrotingsregels.
AANTALLEN = {
    1: (3, 3, 2, 0, 9, 9, 3, 10, 0, 12, 3),
    2: (3, 0, 2, 0, 12, 7, 0, 5, 3, 4, 4),
    3: (1, 0, 1, 4, 12, 9, 2, 10, 0, 8, 6),
    4: (4, 0, 2, 0, 6, 10, 3, 11, 0, 7, 4),
    5: (1, 2, 2, 0, 0, 8, 6, 18, 0, 6, 5),
}


@pytest.fixture
def programma() -> Programma:
    return Programma.objects.get(eerste_jaar=2026)


def opgave(nummer: int) -> Opgave:
    return Opgave.objects.met_inhoud().get(programma__eerste_jaar=2026, nummer=nummer)


def teksten(punten) -> list[str]:
    return [punt.tekst for punt in punten]


def activiteiten(opgave: Opgave) -> list[str]:
    return [activiteit.omschrijving for activiteit in opgave.hoofdactiviteiten]


def partners(opgave: Opgave) -> list[str]:
    return [koppeling.partner.naam for koppeling in opgave.partnerkoppelingen.all()]


def gerelateerd(opgave: Opgave) -> list[str]:
    return [koppeling.programma.naam for koppeling in opgave.programmakoppelingen.all()]


def resultaten(opgave: Opgave) -> list[str]:
    return [resultaat.omschrijving for resultaat in Resultaat.objects.van_opgave(opgave)]


# --- Programma -------------------------------------------------------------------------


def test_there_is_exactly_one_programme_for_2026_2027(programma):
    assert Programma.objects.count() == 1
    assert programma.titel == TITEL
    assert (programma.eerste_jaar, programma.laatste_jaar) == (2026, 2027)
    assert programma.jaren == [2026, 2027]


def test_opzet_is_the_documents_opening_paragraph(programma):
    assert programma.opzet.startswith(
        "In de Economische Koers Drenthe staan vijf economische opgaven centraal."
    )
    assert programma.opzet.endswith("en spelen waar nodig in op nieuwe ontwikkelingen.")
    assert "\n" not in programma.opzet


def test_actualiteiten_has_the_six_paragraphs_of_the_document(programma):
    alineas = programma.actualiteiten.split("\n\n")
    assert len(alineas) == 6
    assert alineas[0].startswith("De afgelopen twee jaar zijn er enkele ontwikkelingen geweest")
    assert alineas[3] == (
        "Met de oprichting van de Herstructureringsmaatschappij Drenthe Groningen in 2026 "
        "beschikken we over een beleidsinstrument voor de structurele ruimtelijk-economische "
        "verbetering van bedrijventerreinen. De eerste projecten starten in 2027."
    )
    assert alineas[-1].endswith("aan defensie, weerbaarheid en veiligheid.")
    assert all(alinea == alinea.strip() and alinea for alinea in alineas)


def test_cofinanciering_and_tot_slot_are_the_documents_texts(programma):
    assert programma.cofinanciering.startswith(
        "Voor de realisatie van de opgaven worden middelen ingezet van private partijen"
    )
    assert "Vanaf 2026 komen er ook middelen beschikbaar vanuit de Regiodeal Noord-Drenthe" in (
        programma.cofinanciering
    )
    assert programma.cofinanciering.endswith(
        "Vooral in 2026 zal de lobby voor deze fondsen de nodige inzet van ons vragen."
    )
    assert programma.tot_slot.startswith(
        "Bij het werken aan economische structuurversterking kan niet op voorhand"
    )
    assert programma.tot_slot.endswith("maar uiteindelijk zijn we afhankelijk van anderen.")


def test_begroting_voetnoot_is_the_footnote_under_tabel_1(programma):
    assert programma.begroting_voetnoot == (
        "Mogelijk komen er in de loop van het jaar nog aanpassingen door begrotingswijzigingen."
    )


# --- Opgaven ---------------------------------------------------------------------------


def test_the_five_opgaven_have_the_headings_of_the_document(programma):
    opgaven = Opgave.objects.van_programma(programma)
    assert {o.nummer: o.titel for o in opgaven} == OPGAVE_TITELS
    assert [o.nummer for o in opgaven] == [1, 2, 3, 4, 5]


@pytest.mark.parametrize(
    ("nummer", "alineas", "begin", "eind"),
    [
        (
            1,
            1,
            "Het vestigingsklimaat bepaalt voor een belangrijk deel de aantrekkingskracht",
            "efficiënt gebruik van grondstoffen, materiaal en afvalstromen.",
        ),
        (
            2,
            3,
            "De arbeidsmarktkrapte raakt inmiddels alle sectoren",
            "flexibel kan inspelen op de regionale arbeidsmarkt vraag.",
        ),
        (
            3,
            4,
            "Bedrijven krijgen te maken met steeds grotere en complexere uitdagingen",
            "ondersteund worden in alle fasen van hun ontwikkeling.",
        ),
        (
            4,
            4,
            "Voor de Drentse economie is het van belang dat nieuwe economische kansen ontstaan.",
            "kansen te creëren en te verzilveren.",
        ),
        (
            5,
            4,
            "Naast het creëren van nieuwe economische kansen",
            "te verbinden aan nationale veiligheidsagenda's.",
        ),
    ],
)
def test_omschrijving_is_the_wat_is_de_opgave_text(nummer, alineas, begin, eind):
    omschrijving = opgave(nummer).omschrijving
    assert len(omschrijving.split("\n\n")) == alineas
    assert omschrijving.startswith(begin)
    assert omschrijving.endswith(eind)


def test_opgave_1_omschrijving_keeps_the_documents_typo():
    assert "beschikbare netcapaciteit, arbeidsmarktcrisp en de watervoorziening" in (
        opgave(1).omschrijving
    )


def test_opgave_3_omschrijving_has_the_numbered_list_as_its_own_block():
    alineas = opgave(3).omschrijving.split("\n\n")
    assert alineas[1] == "De 5 belangrijkste structurele ontwikkelingen zijn:"
    assert alineas[2].split("\n") == [
        "1. Defensie en veiligheid",
        "2. Arbeidsproductiviteit",
        "3. Digitalisering",
        "4. Circulaire economie",
        "5. Netwerk en noordelijk ecosysteem zijn noodzakelijk.",
    ]


# --- Counts ----------------------------------------------------------------------------


@pytest.mark.parametrize("nummer", sorted(AANTALLEN))
def test_every_section_has_as_many_items_as_the_document(nummer):
    o = opgave(nummer)
    gevonden = (
        len(o.hoofddoelen),
        sum(len(doel.onderliggende.all()) for doel in o.hoofddoelen),
        len(o.hoofddoelgroepen),
        sum(len(groep.onderliggende.all()) for groep in o.hoofddoelgroepen),
        len(o.partnerkoppelingen.all()),
        len(o.programmakoppelingen.all()),
        len(o.themas.all()),
        len(o.hoofdactiviteiten),
        sum(len(activiteit.onderliggende.all()) for activiteit in o.hoofdactiviteiten),
        Resultaat.objects.filter(opgave=o).count(),
        Begrotingsregel.objects.filter(opgave=o).count(),
    )
    assert gevonden == AANTALLEN[nummer]


def test_no_item_lives_outside_the_expected_counts():
    totaal = [sum(rij[i] for rij in AANTALLEN.values()) for i in range(11)]
    assert Doel.objects.count() == totaal[0] + totaal[1]
    assert Doelgroep.objects.count() == totaal[2] + totaal[3]
    assert OpgavePartner.objects.count() == totaal[4]
    assert OpgaveGerelateerdProgramma.objects.count() == totaal[5]
    assert Thema.objects.count() == totaal[6]
    assert Activiteit.objects.count() == totaal[7] + totaal[8]
    assert Resultaat.objects.count() == totaal[9]
    assert Begrotingsregel.objects.count() == totaal[10] == 22


def test_volgorde_numbers_siblings_one_to_n_in_every_section():
    def nummering(qs, *groepering):
        reeksen: dict[tuple, list[int]] = {}
        for rij in qs.order_by(*groepering, "volgorde").values(*groepering, "volgorde"):
            sleutel = tuple(rij[veld] for veld in groepering)
            reeksen.setdefault(sleutel, []).append(rij["volgorde"])
        return all(reeks == list(range(1, len(reeks) + 1)) for reeks in reeksen.values())

    assert nummering(Doel.objects.all(), "opgave", "bovenliggend")
    assert nummering(Doelgroep.objects.all(), "opgave", "bovenliggend")
    assert nummering(OpgavePartner.objects.all(), "opgave")
    assert nummering(OpgaveGerelateerdProgramma.objects.all(), "opgave")
    assert nummering(Thema.objects.all(), "opgave")
    assert nummering(Activiteit.objects.all(), "opgave", "bovenliggend")
    assert nummering(Resultaat.objects.all(), "opgave")
    assert nummering(Begrotingsregel.objects.all(), "opgave")


# --- Doelen ----------------------------------------------------------------------------


def test_opgave_1_first_doel_has_the_three_sub_doelen():
    hoofddoelen = opgave(1).hoofddoelen
    assert teksten(hoofddoelen) == [
        "Voldoende en goed passende ruimte voor de ontwikkeling van bestaande bedrijven en "
        "voor de vestiging van nieuwe bedrijven",
        "Toekomstbestendige werklocaties, waaronder bedrijventerreinen en aantrekkelijke en "
        "vitale centrumgebieden",
        "Het positioneren van Drenthe als aantrekkelijke vestigingslocatie door middel van "
        "acquisitie en promotie",
    ]
    assert teksten(hoofddoelen[0].onderliggende.all()) == [
        "Balans in vraag/aanbod van werklocaties",
        "Een gezonde woon-werkbalans",
        "De juiste functie op de juiste plek: locaties die goed aansluiten bij de wensen en "
        "eisen van bedrijven, maar ook bij het economisch DNA en de gewenste "
        "ruimtelijk-economische ontwikkeling van de verschillende Drentse regio's",
    ]
    assert not hoofddoelen[1].onderliggende.all()


def test_opgave_2_doelen_keep_the_trailing_period_of_the_second_only():
    assert teksten(opgave(2).hoofddoelen) == [
        "Meer inzicht in de werking en toekomstige ontwikkeling van de arbeidsmarkt, zodat "
        "keuzes beter onderbouwd kunnen worden",
        "Een betere aansluiting tussen onderwijs en arbeidsmarkt door het versterken van de "
        "samenwerking tussen onderwijs, bedrijfsleven en overheid.",
        "Verminderen van arbeidsmarktkrapte door stimuleren van talentontwikkeling en Leven "
        "Lang Ontwikkelen voor de economie van morgen",
    ]


def test_opgave_3_has_one_doel():
    assert teksten(opgave(3).hoofddoelen) == [
        "Een wendbaar, weerbaar en toekomstbestendig Drents mkb."
    ]


def test_opgave_4_doelen_first_and_last():
    doelen = teksten(opgave(4).hoofddoelen)
    assert doelen[0] == (
        "Bedrijven die economische kansen benutten die bijdragen aan het verdienvermogen en "
        "een oplossing bieden voor maatschappelijke vraagstukken"
    )
    assert doelen[-1] == "Sterkere economische weerbaarheid"


def test_opgave_5_doelen_hang_under_the_heading_doel():
    hoofddoelen = opgave(5).hoofddoelen
    assert teksten(hoofddoelen) == ["Sterkere krachtsectoren in Drenthe:"]
    assert teksten(hoofddoelen[0].onderliggende.all()) == [
        "Meer aan elkaar en aan bestaande Drentse en regionale ecosystemen en ketens "
        "verbonden bedrijven, organisaties en clusters",
        "Sterkere positie krachtsectoren in (inter)nationale waardeketens",
    ]


# --- Doelgroepen -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("nummer", "eerste", "laatste"),
    [
        (
            1,
            "Bedrijven die gevestigd zijn op onze bedrijventerreinen en in centrumgebieden of "
            "zich binnen Drenthe willen verplaatsen",
            "(Internationale) bedrijven van buiten de provincie die, in lijn met de "
            "uitgangspunten uit onze acquisitiestrategie, waarde toe kunnen voegen aan de "
            "Drentse economie",
        ),
        (2, "Werkgevers in Drenthe", "(Potentiële) beroepsbevolking in Drenthe"),
        (
            4,
            "Bedrijfsleven, vooral innovatieve bedrijven of bedrijven die kunnen worden verleid "
            "tot innovatie",
            "Andere spelers in het innovatie-ecosysteem, zoals bijvoorbeeld kennisinstellingen "
            "en hubs",
        ),
        (
            5,
            "Bedrijven, organisaties en clusters binnen sterke sectoren, te weten groene chemie, "
            "circulaire plastics, medische en biotechnologie, agribusiness, (maak)industrie en "
            "ASTRON",
            "Rijksdiensten",
        ),
    ],
)
def test_doelgroepen_first_and_last_are_verbatim(nummer, eerste, laatste):
    groepen = teksten(opgave(nummer).hoofddoelgroepen)
    assert (groepen[0], groepen[-1]) == (eerste, laatste)


def test_opgave_3_doelgroep_has_the_four_special_attention_groups():
    hoofdgroepen = opgave(3).hoofddoelgroepen
    assert teksten(hoofdgroepen) == ["Brede mkb met specifieke aandacht voor:"]
    assert teksten(hoofdgroepen[0].onderliggende.all()) == [
        "bestaand mkb met groeipotentieel",
        "mkb in defensie- en veiligheidsketen",
        "startups en scale-ups",
        "ondernemers met internationaliserings-ambities",
    ]


# --- Partners --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("nummer", "eerste", "laatste"),
    [
        (1, "Gemeenten", "GETEC Park Emmen"),
        (2, "(Centrum)gemeenten", "Zorgplein Noord"),
        (3, "Ik Ben Drents Ondernemer", "Duitse regionale overheid (Landkreise)"),
        (4, "Kennisinstellingen", "Branche organisaties"),
    ],
)
def test_partners_first_and_last_are_verbatim(nummer, eerste, laatste):
    namen = partners(opgave(nummer))
    assert (namen[0], namen[-1]) == (eerste, laatste)


def test_opgave_1_partners_in_document_order():
    assert partners(opgave(1)) == [
        "Gemeenten",
        "Rijk",
        "Regio's (Groningen-Assen, Regio Zwolle, Dutch TechZone)",
        "Ondernemersverenigingen, park- en centrummanagers",
        NOM,
        "Netherlands Foreign Investment Agency (NFIA)",
        "VNO-NCW MKB Noord",
        "Groningen Airport Eelde",
        "GETEC Park Emmen",
    ]


def test_nom_is_one_partner_linked_to_opgaven_1_3_and_4():
    nom = Partner.objects.get(naam=NOM)
    assert sorted(nom.opgaven.values_list("nummer", flat=True)) == [1, 3, 4]
    assert not Partner.objects.filter(naam="NOM").exists()
    assert NOM in partners(opgave(4))


def test_exact_repeats_are_shared_partners():
    gedeeld = {
        "Gemeenten": [1, 3],
        "Rijk": [1, 2],
        "VNO-NCW MKB Noord": [1, 3],
        NOM: [1, 3, 4],
    }
    for naam, nummers in gedeeld.items():
        partner = Partner.objects.get(naam=naam)
        assert sorted(partner.opgaven.values_list("nummer", flat=True)) == nummers, naam
    assert Partner.objects.count() == 34


def test_different_wordings_stay_separate_partners():
    for naam, nummer in [
        ("Kennisinstellingen", 4),
        ("Kennisinstellingen en Hubs", 3),
        ("Branche organisaties", 4),
        ("Brancheorganisaties", 2),
    ]:
        partner = Partner.objects.get(naam=naam)
        assert list(partner.opgaven.values_list("nummer", flat=True)) == [nummer]


def test_opgave_5_has_no_partners():
    assert partners(opgave(5)) == []
    assert not Partner.objects.filter(opgaven__nummer=5).exists()


def test_every_partner_is_linked_to_an_opgave():
    assert not Partner.objects.filter(koppelingen=None).exists()


# --- Gerelateerde projecten en programma's ---------------------------------------------


@pytest.mark.parametrize(
    ("nummer", "eerste", "laatste"),
    [
        (
            1,
            "Nationaal Programma Ruimte voor Economie",
            "Provinciale projecten en programma's op het gebied van klimaatadaptatie, "
            "natuurinclusie, water, mobiliteit en tegengaan van ondermijning",
        ),
        (2, "De Human Capital position paper Noord-Nederland", DADV),
        (
            3,
            "Drenthe Digitaal \N{EN DASH} Beleidsaanpak Versnelling Digitalisering Mkb Drenthe",
            DADV,
        ),
        (4, "RIS3 Noord-Nederland", "Sociale agenda"),
        (
            5,
            "RIS3 Noord-Nederland",
            "Europa: European Chemicals Industry Action Plan 2025, Clean Industrial Deal 2025",
        ),
    ],
)
def test_gerelateerde_programmas_first_and_last_are_verbatim(nummer, eerste, laatste):
    namen = gerelateerd(opgave(nummer))
    assert (namen[0], namen[-1]) == (eerste, laatste)


def test_opgave_5_gerelateerde_programmas_in_document_order():
    assert gerelateerd(opgave(5)) == [
        "RIS3 Noord-Nederland",
        "Ministerie van EZK: Industriebeleid met focus 2025, Kennis- en Innovatieconvenant "
        "2024-2027, Nationale technologiestrategie 2024, Groeimarkten voor Nederland 2023",
        DADV,
        "De route naar toekomstige welvaart (Wennink) 2025",
        "Regionaal Versterkingsplan-NTS (ROM NL) 2025",
        "A competitiveness strategy for Europe (Draghi) 2024",
        "Min I&W: Nationaal Programma Circulaire Economie 2025",
        "Europa: European Chemicals Industry Action Plan 2025, Clean Industrial Deal 2025",
    ]


def test_drentse_agenda_defensie_en_veiligheid_is_one_record_linked_to_2_3_4_and_5():
    records = GerelateerdProgramma.objects.filter(naam__iexact=DADV)
    assert [record.naam for record in records] == [DADV]
    assert sorted(records[0].opgaven.values_list("nummer", flat=True)) == [2, 3, 4, 5]


def test_exact_repeats_are_shared_programmes():
    gedeeld = {
        "Woonagenda": [1, 4],
        "Nij Begun": [1, 3],
        "Energie-agenda 2024-2027": [1, 4],
        "Actieplan Circulaire Economie": [3, 4],
        "RIS3 Noord-Nederland": [4, 5],
    }
    for naam, nummers in gedeeld.items():
        programma = GerelateerdProgramma.objects.get(naam=naam)
        assert sorted(programma.opgaven.values_list("nummer", flat=True)) == nummers, naam
    assert GerelateerdProgramma.objects.count() == 35


def test_different_wordings_stay_separate_programmes():
    for naam, nummer in [
        ("Woonagenda 2024 - 2028", 2),
        ("Sociale Agenda 2024-2029", 2),
        ("Sociale agenda", 4),
        ("Energie-agenda 2024-2027 (inclusief mkb- en industrieaanpak)", 3),
        ("Drenthe Digitaal", 4),
    ]:
        programma = GerelateerdProgramma.objects.get(naam=naam)
        assert list(programma.opgaven.values_list("nummer", flat=True)) == [nummer]


# --- Thema's en activiteiten -----------------------------------------------------------


def test_themes_per_opgave_in_document_order():
    themas = {
        nummer: list(Thema.objects.filter(opgave__nummer=nummer).values_list("naam", flat=True))
        for nummer in OPGAVE_TITELS
    }
    assert themas == {
        1: ["Bedrijventerreinen", "Centrumgebieden", "Promotie en acquisitie"],
        2: [],
        3: ["Prioritaire activiteiten", "Overige activiteiten"],
        4: [
            "Bijdragen en verder helpen van economische kansen vanuit de markt (projectaanpak)",
            "Bijdragen aan een optimale kennis- en innovatie-infrastructuur (systeemaanpak)",
            "Inspireren en verleiden om kansen rondom de transitie en Drentse opgaven te pakken",
        ],
        5: [
            "Groene chemie",
            "Medische en biotechnologie",
            "Agribusiness",
            "(Maak)industrie",
            "ASTRON",
            "Overig",
        ],
    }


def test_opgave_1_activities_in_document_order():
    o = opgave(1)
    assert activiteiten(o) == [
        "Actualiseren van programmeringsafspraken met de regio's/gemeenten voor de ontwikkeling "
        "van nieuwe bedrijventerreinen op basis van de geactualiseerde Behoefteraming (2026), "
        "waaronder het uitwisselen van kennis over vestigingskaders",
        "Uitvoering van de integrale programmatische aanpak Toekomstbestendige "
        "bedrijventerreinen, waaronder de oprichting van de Herstructureringsmaatschappij "
        "Drenthe \N{EN DASH} Groningen (HMDG), deelname en uitvoering Werklandschappen van "
        "de Toekomst en de Versnellingsaanpak (Programma Verduurzaming Bedrijventerreinen)",
        "Monitoring bedrijventerreinen (IBIS en dataplatform)",
        "Uitvoeren van grondstoffen- en materiaalstroomanalyses",
        "Faciliteren van de verdere ontwikkeling van Groningen Airport Eelde en haar lange "
        "termijnvisie, waaronder de plannen met betrekking tot campusontwikkeling",
        "Faciliteren van kennisuitwisseling en gemeentelijk beleid, via het Drents Netwerk voor "
        "Centrumgebieden",
        "Stimuleren van centrumontwikkeling via subsidie centrum Zuidlaren, het "
        "Regiostedenfonds 1,0 (2021-2027), 2,0 (2025-2030) en het Grote Kernenfonds",
        "Monitoring via nieuw Koopstromenonderzoek (2027) en Locatus",
        "Uitvoering van de Acquisitieagenda Drenthe, waaronder de verdere vormgeving van het "
        "provinciaal accountmanagement en economische profilering",
        "Stimuleren en faciliteren van specifieke acquisitietrajecten",
    ]
    assert [
        (thema.naam if thema else None, len(groep)) for thema, groep in o.thema_met_activiteiten()
    ] == [("Bedrijventerreinen", 5), ("Centrumgebieden", 3), ("Promotie en acquisitie", 2)]


def test_opgave_2_first_activity_has_the_three_sub_activities_in_order():
    o = opgave(2)
    eerste = o.hoofdactiviteiten[0]
    assert eerste.omschrijving == (
        "We bouwen voort op de activiteiten uit het uitvoeringsprogramma 2024\N{EN DASH}2025:"
    )
    assert eerste.thema is None
    assert [sub.omschrijving for sub in eerste.onderliggende.all()] == [
        "inzet op actievere benutting dashboard Arbeidsmarktinzicht;",
        "versterking samenwerking met onze partners;",
        "sterkere verbinding duurzame inzetbaarheid aan Leven Lang Ontwikkelen en "
        "arbeidsbesparende technologie; versterking (digitale) basisvaardigheden is daarbij "
        "een randvoorwaarde.",
    ]
    assert all(sub.thema is None for sub in eerste.onderliggende.all())
    assert (
        activiteiten(o)[-1]
        == "We nemen arbeidsmigratie mee in analyses en het gesprek met partners."
    )
    assert [thema for thema, _ in o.thema_met_activiteiten()] == [None]


def test_opgave_3_activities_per_theme_first_and_last():
    groepen = {
        thema.naam: [a.omschrijving for a in groep]
        for thema, groep in opgave(3).thema_met_activiteiten()
    }
    assert list(groepen) == ["Prioritaire activiteiten", "Overige activiteiten"]
    prioritair, overig = groepen.values()
    assert len(prioritair) == 6
    assert prioritair[0] == "Ondernemersdienstverlening via IBDO"
    assert prioritair[-1] == (
        "Ontwikkeling initiatieven voor de maakindustrie, verhoging productiviteit en "
        "koppelkansen defensie"
    )
    assert len(overig) == 4
    assert overig[2] == (
        "Koppeling van IBDO met de uitvoering van projecten op het gebied van Recreatie en "
        "Toerisme, Energieadviesing, European Digital Innovation Hub (EDIH)"
    )
    assert overig[-1] == (
        "IBDO verbindt ondernemers met kennis- en innovatiepartners, ondersteunt "
        "vraagarticulatie en helpt bedrijven bij circulaire en ketensamenwerking binnen onder "
        "andere Konnect 2.0 als NNLvC 2.0."
    )


def test_opgave_4_activities_per_theme():
    groepen = [
        (thema.naam, [a.omschrijving for a in groep])
        for thema, groep in opgave(4).thema_met_activiteiten()
    ]
    assert [len(lijst) for _, lijst in groepen] == [6, 1, 4]
    assert groepen[0][1][0] == "Ondersteunen bij het ontwikkelen van projecten en ecosystemen"
    assert groepen[0][1][-1] == "Benutten van dual use kansen i.r.t. Defensie en veiligheid"
    assert groepen[1][1] == [
        "Bouwen aan een adaptieve kennis- en innovatie infrastructuur, die inspelt op nieuwe "
        "kansen en ontwikkelingen (o.a. de ontwikkeling van de Veiligheids-campus en Airport "
        "Next Campus, de doorontwikkeling van de IT-hub en Greenwise campus)"
    ]
    assert groepen[2][1][-1] == (
        "Stimuleren provincie als launching customer voor circulaire innovaties"
    )


def test_opgave_5_activities_per_theme():
    groepen = {
        thema.naam: [a.omschrijving for a in groep]
        for thema, groep in opgave(5).thema_met_activiteiten()
    }
    assert groepen == {
        "Groene chemie": [
            "Actualiseren plan van aanpak Chemport",
            "Professionalisering SUSPACC",
            "Participatie via Chemport in de Critical Chemical Alliance",
        ],
        "Medische en biotechnologie": [
            "Verkenning van de verdere ontwikkeling van de med-/biotech en technologie binnen "
            "de zorg"
        ],
        "Agribusiness": [
            "Ketenontwikkeling en opschaling van biobased vezeltoepassingen",
            "Ketenontwikkeling alternatieve eiwitten",
            "Stimuleren korte voedselketens",
            "Stimuleren innovatieve agritech",
        ],
        "(Maak)industrie": [
            "Stimuleren (noordelijke) projecten voor koplopers in de maakindustrie",
            "Relatiebeheer parels in de maakindustrie",
            "Stimuleren circulariteit",
        ],
        "ASTRON": [
            "Vergroten zichtbaarheid ASTRON",
            "Verbinden ASTRON met regionaal bedrijfsleven",
            "Verkennen valorisatiemogelijkheden kennis van ASTRON",
        ],
        "Overig": [
            "Sectorgerichte inzet digitalisering, met toepassingen die aansluiten bij de "
            "specifieke dynamiek van krachtsectoren",
            "Ontwikkelen en opschalen van circulaire ketens in de chemie en landbouw",
            "Koppeling Drentse krachtbedrijven aan Defensie",
            "Voeren van lobby en inzet voor behoud en uitbreiding van Rijkswerkgelegenheid",
        ],
    }
    assert not Activiteit.objects.filter(omschrijving="Medische en biotechnologie").exists()


def test_medische_en_biotechnologie_theme_has_exactly_the_one_verkenning_activity():
    thema = Thema.objects.get(opgave__nummer=5, naam="Medische en biotechnologie")
    assert list(thema.activiteiten.values_list("omschrijving", flat=True)) == [
        "Verkenning van de verdere ontwikkeling van de med-/biotech en technologie binnen de zorg"
    ]


def test_activity_volgorde_runs_across_themes_in_document_order():
    for nummer in OPGAVE_TITELS:
        o = opgave(nummer)
        assert [a.volgorde for a in o.hoofdactiviteiten] == list(
            range(1, len(o.hoofdactiviteiten) + 1)
        )
        in_thema_volgorde = [a for _, groep in o.thema_met_activiteiten() for a in groep]
        assert in_thema_volgorde == o.hoofdactiviteiten


def test_activities_theme_and_parent_belong_to_the_same_opgave():
    for activiteit in Activiteit.objects.select_related("thema", "bovenliggend"):
        if activiteit.thema:
            assert activiteit.thema.opgave_id == activiteit.opgave_id
        if activiteit.bovenliggend:
            assert activiteit.bovenliggend.opgave_id == activiteit.opgave_id
            assert activiteit.bovenliggend.bovenliggend_id is None
            assert activiteit.thema_id == activiteit.bovenliggend.thema_id


# --- Resultaten ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("nummer", "eerste", "laatste"),
    [
        (
            1,
            "Geactualiseerde regionale programmeringsafspraken bedrijventerreinen",
            "Bijdragen aan verdere campusontwikkeling GAE, waaronder de ontwikkeling van "
            "Business Park Bravo",
        ),
        (
            2,
            "Beter benut dashboard Arbeidsmarkt- en talentinzicht, zichtbaar doordat "
            "arbeidsmarkt-data structureel wordt gebruikt in regionale overleggen en "
            "beleidskeuzes",
            "Rolzuivere inzet van instrumenten, zichtbaar in heldere taakverdeling tussen "
            "provincie en partners",
        ),
        (
            3,
            "Jaarlijks 550 IBDO-trajecten met ondernemers",
            "Verhoogde productiviteit door inzet van de productiviteitbooster",
        ),
        (
            4,
            "Meer bedrijven die economische kansen pakken en inspelen op de transitie en "
            "versterking van de weerbaarheid van de economie",
            "Een innovatie- en kennisinfrastructuur die niet statisch is, maar meebeweegt met "
            "technologische, economische en maatschappelijke veranderingen en daardoor "
            "innovatie versnelt",
        ),
        (
            5,
            "Versterking en uitbreiding van onze krachtsectoren, clusters en bedrijven",
            "Behoud en/of uitbreiding van Rijkswerkgelegenheid",
        ),
    ],
)
def test_resultaten_first_and_last_are_verbatim(nummer, eerste, laatste):
    lijst = resultaten(opgave(nummer))
    assert (lijst[0], lijst[-1]) == (eerste, laatste)


def test_opgave_1_resultaten_keep_the_trailing_period():
    assert "Afronding subsidie centrum Zuidlaren en Regiostedenfonds 1.0." in resultaten(opgave(1))


@pytest.mark.parametrize(
    ("nummer", "omschrijving", "streefwaarde", "eenheid", "streefperiode", "streefdoel"),
    [
        (
            1,
            "Programmatische aanpak: 50 bedrijventerreinen werken aan plan voor "
            "toekomstbestendigheid",
            Decimal("50"),
            "bedrijventerreinen",
            "periode",
            "50 bedrijventerreinen in de programmaperiode",
        ),
        (
            1,
            "11 Groen-blauwe inrichtingsplannen voor bedrijventerreinen (Werklandschappen van "
            "de Toekomst) opgesteld en uitvoering aangejaagd",
            Decimal("11"),
            "groen-blauwe inrichtingsplannen",
            "periode",
            "11 groen-blauwe inrichtingsplannen in de programmaperiode",
        ),
        (
            3,
            "Jaarlijks 550 IBDO-trajecten met ondernemers",
            Decimal("550"),
            "IBDO-trajecten",
            "jaar",
            "550 IBDO-trajecten per jaar",
        ),
        (
            3,
            "Jaarlijks ca. 100 ondernemers ondersteund met de MKB Advies Vouchers",
            Decimal("100"),
            "ondernemers",
            "jaar",
            "100 ondernemers per jaar",
        ),
    ],
)
def test_quantified_results_have_their_targets(
    nummer, omschrijving, streefwaarde, eenheid, streefperiode, streefdoel
):
    resultaat = Resultaat.objects.get(opgave__nummer=nummer, omschrijving=omschrijving)
    assert resultaat.is_gekwantificeerd
    (indicator,) = resultaat.indicatoren.all()
    assert indicator.streefwaarde == streefwaarde
    assert (indicator.eenheid, indicator.streefperiode) == (eenheid, streefperiode)
    assert indicator.streefdoel == streefdoel
    assert resultaat.streefdoel == streefdoel


def test_only_the_four_quantified_results_have_a_target():
    gekwantificeerd = Resultaat.objects.exclude(indicatoren=None)
    assert gekwantificeerd.count() == 4
    assert Indicator.objects.count() == 4
    overige = Resultaat.objects.filter(indicatoren=None)
    assert overige.count() == 33
    assert all(resultaat.streefdoel == "" for resultaat in overige)


# --- Tabel 1 ---------------------------------------------------------------------------


def test_tabel_1_has_the_22_lines_in_document_order(programma):
    tabel = Begrotingsregel.objects.tabel(programma)
    assert tabel.jaren == [2026, 2027]
    regels = [
        (groep.opgave.nummer, rij.regel.omschrijving, *rij.bedragen)
        for groep in tabel.groepen
        for rij in groep.regels
    ]
    assert regels == [
        (nummer, naam, Decimal(bedrag_2026), Decimal(bedrag_2027))
        for nummer, naam, bedrag_2026, bedrag_2027 in TABEL_1
    ]


def test_tabel_1_line_count_per_opgave(programma):
    tabel = Begrotingsregel.objects.tabel(programma)
    assert [(groep.opgave.nummer, len(groep.regels)) for groep in tabel.groepen] == [
        (1, 3),
        (2, 4),
        (3, 6),
        (4, 4),
        (5, 5),
    ]
    assert sum(len(groep.regels) for groep in tabel.groepen) == 22


def test_tabel_1_subtotals_match_the_document(programma):
    tabel = Begrotingsregel.objects.tabel(programma)
    assert {groep.opgave.nummer: groep.subtotalen for groep in tabel.groepen} == SUBTOTALEN


def test_tabel_1_totals_match_the_document(programma):
    tabel = Begrotingsregel.objects.tabel(programma)
    assert tabel.totalen == TOTALEN
    assert tabel.totalen == [
        sum((groep.subtotalen[i] for groep in tabel.groepen), Decimal("0")) for i in range(2)
    ]


def test_one_opgaves_part_of_tabel_1(programma):
    tabel = Begrotingsregel.objects.tabel(programma, opgave=opgave(4))
    assert [groep.opgave.nummer for groep in tabel.groepen] == [4]
    assert tabel.groepen[0].subtotalen == SUBTOTALEN[4]
    assert tabel.totalen == SUBTOTALEN[4]


def test_greenwise_campus_is_zero_in_both_years():
    bedragen = Begrotingsbedrag.objects.filter(regel__omschrijving="Greenwise Campus")
    assert {(b.jaar, b.bedrag) for b in bedragen} == {(2026, Decimal("0")), (2027, Decimal("0"))}


def test_platform_groene_chemie_is_zero_in_2027_only():
    bedragen = Begrotingsbedrag.objects.filter(
        regel__omschrijving="Platform Groene Chemie Nieuwe Energie"
    )
    assert {(b.jaar, b.bedrag) for b in bedragen} == {
        (2026, Decimal("16700")),
        (2027, Decimal("0")),
    }


def test_every_line_has_an_amount_for_both_years_and_no_subtotal_lines():
    assert Begrotingsbedrag.objects.count() == 44
    for regel in Begrotingsregel.objects.prefetch_related("bedragen"):
        assert [b.jaar for b in regel.bedragen.all()] == [2026, 2027], regel.omschrijving
    assert not Begrotingsregel.objects.filter(omschrijving__icontains="totaal").exists()
