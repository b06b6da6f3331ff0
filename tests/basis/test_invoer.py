"""The shared input rules: one strict grammar for amounts, visible text for required
fields, form limits taken from the model field, dates within a sane window."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django import forms
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from basis.opmaak import euro, getal, lees_bedrag
from basis.velden import (
    DATUMVENSTER,
    BedragField,
    DatumBinnen,
    TekstField,
    bedragveld,
    formulierveld,
    programmavenster,
    toon_fout,
    vereis_zichtbare_tekst,
    zichtbare_tekst,
)
from budget.models import Begrotingswijziging, Realisatie
from resultaten.models import Indicatorwaarde

SNEL = settings(max_examples=200, deadline=None)

# -- amounts -----------------------------------------------------------------------


@pytest.mark.parametrize("invoer", ["€€1", "1 2 3", "1,٣"])
def test_amounts_outside_the_dutch_grammar_are_refused(invoer):
    with pytest.raises(ValueError):
        lees_bedrag(invoer)


@pytest.mark.parametrize(
    ("invoer", "verwacht"),
    [
        ("1050000", Decimal("1050000")),
        ("1.050.000", Decimal("1050000")),
        ("1.050.000,50", Decimal("1050000.50")),
        ("€ 1.050.000", Decimal("1050000")),
        ("€1.050.000,5", Decimal("1050000.5")),
        ("€\u00a01.000", Decimal("1000")),
        ("-2.500", Decimal("-2500")),
        ("-€ 2.500", Decimal("-2500")),
        ("+12,5", Decimal("12.5")),
        ("0,05", Decimal("0.05")),
        ("  1.000  ", Decimal("1000")),
        ("-0", Decimal("0")),
        ("999", Decimal("999")),
    ],
)
def test_amounts_in_the_dutch_grammar_are_read(invoer, verwacht):
    gelezen = lees_bedrag(invoer)
    assert gelezen == verwacht
    assert not gelezen.is_signed() or gelezen != 0  # no '-0'


@pytest.mark.parametrize(
    "invoer",
    [
        "12.5",  # a dot groups thousands; a decimal comma is written as a comma
        "12.50",
        "0.500",
        "1.000.00",
        "1.05.000",
        "10.00.000",
        ".5",
        ",5",
        "1,",
        "1,234",
        "1,5,0",
        "€ -1.000",
        "- 1",
        "1 000",
        "1\u00a0000",
        "€  1",
        "€ € 1",
        "1€",
        "1 €",
        "--1",
        "+-1",
        "\u22121",  # a minus sign, not the ASCII hyphen-minus
        "\uff11\uff12",  # full-width digits
        "١٢٣",
        "1_000",
        "1e6",
        "NaN",
        "Infinity",
        "0x10",
        "\u200b1",
        "1\u200b",
        "",
        "€",
        "-",
    ],
)
def test_amounts_the_parser_would_have_to_guess_are_refused(invoer):
    with pytest.raises(ValueError):
        lees_bedrag(invoer)


BEDRAGEN = st.decimals(
    min_value=Decimal("-999999999999.99"),
    max_value=Decimal("999999999999.99"),
    places=2,
    allow_nan=False,
    allow_infinity=False,
)


@SNEL
@given(waarde=BEDRAGEN)
def test_every_amount_as_the_portal_shows_it_is_read_back_unchanged(waarde):
    assert lees_bedrag(getal(waarde)) == waarde
    assert lees_bedrag(euro(waarde)) == waarde


GRAMMATICA = re.compile(r"[+-]?(€[ \u00a0]?)?([1-9][0-9]{0,2}(\.[0-9]{3})+|[0-9]+)(,[0-9]{1,2})?")


@SNEL
@given(tekst=st.text(alphabet="0123456789.,€ +-\u00a0٣\uff11e", max_size=14))
def test_only_the_grammar_is_accepted_and_nothing_else(tekst):
    try:
        gelezen = lees_bedrag(tekst)
    except ValueError:
        assert not GRAMMATICA.fullmatch(tekst.strip())
    else:
        assert GRAMMATICA.fullmatch(tekst.strip())
        assert gelezen.is_finite()
        assert -gelezen.as_tuple().exponent <= 2


@SNEL
@given(
    waarde=BEDRAGEN,
    plek=st.integers(min_value=0),
    teken=st.sampled_from(" \u00a0٣१\uff11\u200b"),
)
def test_a_space_or_foreign_digit_inside_an_amount_makes_it_refused(waarde, plek, teken):
    tekst = getal(waarde)
    assume(len(tekst) >= 2)
    plek = 1 + plek % (len(tekst) - 1)
    with pytest.raises(ValueError):
        lees_bedrag(tekst[:plek] + teken + tekst[plek:])


def _decimale_velden():
    return sorted(
        {
            (veld.model._meta.label, veld.name): veld
            for model in apps.get_models()
            for veld in model._meta.concrete_fields
            if isinstance(veld, models.DecimalField)
        }.items()
    )


def test_every_amount_field_of_the_models_is_covered():
    namen = [naam for naam, _ in _decimale_velden()]
    assert ("resultaten.Indicatorwaarde", "waarde") in namen
    assert ("budget.Begrotingswijziging", "bedrag") in namen


@pytest.mark.parametrize(("naam", "modelveld"), _decimale_velden(), ids=lambda x: str(x))
@settings(max_examples=60, deadline=None)
@given(
    waarde=st.decimals(
        min_value=Decimal("-1E+15"),
        max_value=Decimal("1E+15"),
        places=3,
        allow_nan=False,
        allow_infinity=False,
    )
)
def test_a_form_field_built_from_a_model_field_accepts_exactly_what_the_model_accepts(
    naam, modelveld, waarde
):
    veld = bedragveld(modelveld, required=False)
    in_het_model = True
    try:
        modelveld.run_validators(modelveld.to_python(waarde))
    except ValidationError:
        in_het_model = False
    try:
        gelezen = veld.clean(str(waarde).replace(".", ","))
    except ValidationError:
        assert not in_het_model, (naam, waarde)
    else:
        assert in_het_model, (naam, waarde)
        assert gelezen == waarde


def test_an_indicator_value_is_limited_to_its_column():
    veld = bedragveld(Indicatorwaarde._meta.get_field("waarde"), required=False)

    assert veld.clean("9.999.999.999,99") == Decimal("9999999999.99")
    assert veld.clean("0") == Decimal("0")
    for te_veel, melding in [
        ("99.999.999.999", "Dit getal is te groot: hoogstens 10 cijfers voor de komma."),
        ("10.000.000.000", "Dit getal is te groot: hoogstens 10 cijfers voor de komma."),
        ("-0,01", "Zorg ervoor dat deze waarde minstens 0 is."),
    ]:
        with pytest.raises(ValidationError) as fout:
            veld.clean(te_veel)
        assert melding in " ".join(fout.value.messages), fout.value.messages


def test_a_budget_amendment_keeps_its_wider_column_and_may_be_negative():
    veld = bedragveld(Begrotingswijziging._meta.get_field("bedrag"))

    assert veld.clean("-999.999.999.999,99") == Decimal("-999999999999.99")
    with pytest.raises(ValidationError, match="hoogstens 12 cijfers voor de komma"):
        veld.clean("1.000.000.000.000")


def test_a_form_may_be_stricter_than_its_column_but_never_wider():
    veld = bedragveld(
        Realisatie._meta.get_field("besteed"), min_value=0, max_digits=20, decimal_places=5
    )

    assert (veld.max_digits, veld.decimal_places) == (14, 2)
    with pytest.raises(ValidationError):
        veld.clean("-1")
    with pytest.raises(ValidationError, match="hoogstens 2 cijfers na de komma"):
        veld.clean(Decimal("1.505"))


def test_the_amount_field_reads_ints_and_decimals_as_they_are():
    veld = BedragField()
    assert veld.clean(5) == Decimal("5")
    assert veld.clean(Decimal("12.50")) == Decimal("12.50")


# -- text --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "tekst",
    [
        "",
        " ",
        "\u200b",  # zero-width space
        "\u200c\u200d",  # zero-width non-joiner and joiner
        "\ufeff",  # byte order mark
        "\u00a0",  # no-break space
        "\u2060",  # word joiner
        "\u00ad",  # soft hyphen
        "\u3000",  # ideographic space
        "\u180e",  # Mongolian vowel separator
        "\u3164",  # Hangul filler
        "\u2800",  # blank Braille pattern
        "\u0301",  # a combining accent without a letter
        "\t\r\n\x00",
        " \u200b\u00a0\ufeff ",
    ],
)
def test_a_text_of_only_invisible_characters_is_empty(tekst):
    assert zichtbare_tekst(tekst) == ""
    with pytest.raises(ValidationError) as fout:
        vereis_zichtbare_tekst(tekst)
    assert fout.value.messages == [
        "Vul hier tekst in; spaties of onzichtbare tekens alleen tellen niet."
    ]


@pytest.mark.parametrize(
    ("tekst", "verwacht"),
    [
        ("\u200bOverleg met de partner\u00a0", "Overleg met de partner"),
        ("\ufeffcafe\u0301", "cafe\u0301"),  # the accent after its letter stays
        ("👨\u200d👩\u200d👧", "👨\u200d👩\u200d👧"),  # joiners inside an emoji stay
        ("🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f", None),
        ("x", "x"),
        ("€", "€"),
    ],
)
def test_visible_text_keeps_everything_between_its_first_and_last_visible_character(
    tekst, verwacht
):
    assert zichtbare_tekst(tekst) == (tekst if verwacht is None else verwacht)
    vereis_zichtbare_tekst(tekst)


def test_a_required_text_field_refuses_invisible_input_and_trims_it_around_text():
    veld = TekstField(max_length=50)

    with pytest.raises(ValidationError, match="verplicht"):
        veld.clean("\u200b\u00a0")
    assert veld.clean("\u200b Risico \ufeff") == "Risico"
    assert TekstField(required=False).clean("\u200b") == ""


# -- dates -------------------------------------------------------------------------


def test_a_form_accepts_dates_five_years_around_its_programme():
    venster = programmavenster(2026, 2027)

    assert (venster.van, venster.tot) == (date(2021, 1, 1), date(2032, 12, 31))
    venster(date(2021, 1, 1))
    venster(date(2032, 12, 31))
    for buiten in (date(2020, 12, 31), date(2033, 1, 1), date(1, 1, 1), date(9999, 12, 31)):
        with pytest.raises(ValidationError) as fout:
            venster(buiten)
        assert fout.value.messages == ["Kies een datum tussen 01-01-2021 en 31-12-2032."]


def test_the_programme_window_never_leaves_the_fixed_window():
    assert programmavenster(2001, 2002).van == DATUMVENSTER[0]
    assert programmavenster(2098, 2100).tot == DATUMVENSTER[1]
    assert DatumBinnen(*DATUMVENSTER) == programmavenster(2000, 2100)


def test_model_date_fields_get_the_fixed_window_in_a_form():
    from opgaven.models import Activiteit

    veld = formulierveld(Activiteit._meta.get_field("geplande_start"))

    assert veld.clean("2100-12-31") == date(2100, 12, 31)
    with pytest.raises(ValidationError, match="Kies een datum tussen 01-01-2000 en 31-12-2100"):
        veld.clean("1999-12-31")


# -- a service's refusal on the form -----------------------------------------------


class _Formulier(forms.Form):
    nieuwe_naam = forms.CharField()
    jaar = forms.IntegerField()


def test_a_services_validation_error_lands_next_to_the_field_it_names():
    formulier = _Formulier({"nieuwe_naam": "x", "jaar": "2026"})
    assert formulier.is_valid()

    toon_fout(
        formulier,
        ValidationError({"naam": "Te lang.", "jaar": "Buiten de periode.", "regel": "Weg."}),
        velden={"naam": "nieuwe_naam"},
    )

    assert formulier.errors["nieuwe_naam"] == ["Te lang."]
    assert formulier.errors["jaar"] == ["Buiten de periode."]
    assert formulier.non_field_errors() == ["Weg."]


def test_a_services_general_validation_error_lands_above_the_form():
    formulier = _Formulier({"nieuwe_naam": "x", "jaar": "2026"})
    assert formulier.is_valid()

    toon_fout(formulier, ValidationError("Deze wijziging is al vastgesteld."))

    assert formulier.non_field_errors() == ["Deze wijziging is al vastgesteld."]
