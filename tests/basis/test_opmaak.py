from decimal import Decimal

import pytest
from django.template import Context, Template

from basis.opmaak import bedrag, euro, getal, lees_bedrag
from basis.velden import BedragField


@pytest.mark.parametrize(
    ("waarde", "verwacht"),
    [
        (Decimal("1050000"), "1.050.000"),
        (Decimal("1050000.00"), "1.050.000"),
        (Decimal("1050000.50"), "1.050.000,50"),
        (Decimal("24951"), "24.951"),
        (Decimal("999"), "999"),
        (7398139, "7.398.139"),
    ],
)
def test_numbers_are_grouped_the_dutch_way(waarde, verwacht):
    assert getal(waarde) == verwacht


def test_zero_amount_is_shown_as_a_dash_like_tabel_1():
    assert bedrag(Decimal("0.00")) == "-"
    assert bedrag(Decimal("16700")) == "16.700"


def test_euro_amounts_carry_the_euro_sign():
    assert euro(Decimal("7398139")) == "€ 7.398.139"
    assert euro(Decimal("-50000")) == "-€ 50.000"


def test_a_year_in_a_template_is_not_grouped():
    html = Template("{% load basis %}{{ jaar }} {{ b|euro }}").render(
        Context({"jaar": 2026, "b": Decimal("2026")})
    )
    assert html == "2026 € 2.026"


@pytest.mark.parametrize(
    ("invoer", "verwacht"),
    [
        ("1.050.000", Decimal("1050000")),
        ("1050000", Decimal("1050000")),
        ("1.050.000,50", Decimal("1050000.50")),
        ("€ 1.050.000", Decimal("1050000")),
        ("€1.050.000,5", Decimal("1050000.5")),
        ("-2.500", Decimal("-2500")),
        ("12,5", Decimal("12.5")),
        ("0", Decimal("0")),
    ],
)
def test_amounts_are_read_as_people_type_them(invoer, verwacht):
    assert lees_bedrag(invoer) == verwacht


@pytest.mark.parametrize(
    "invoer",
    # '12.50': a dot only groups thousands, so this is refused rather than guessed.
    ["", "€", "abc", "1,050,000", "1.05.000", "10.00.000", "1,5,0", "1e6", "٣٤", "12.50"],
)
def test_ambiguous_or_wrong_amounts_are_refused(invoer):
    with pytest.raises(ValueError):
        lees_bedrag(invoer)


def test_amount_field_gives_a_dutch_error_and_keeps_the_input():
    veld = BedragField()
    with pytest.raises(Exception, match="Vul een bedrag in"):
        veld.clean("twaalf")
    assert veld.clean("1.050.000,50") == Decimal("1050000.50")
    assert veld.widget.format_value(Decimal("1050000")) == "1.050.000"
    assert veld.widget.format_value("twaalf") == "twaalf"


def test_a_period_or_date_in_a_heading_is_kept_on_one_line_and_the_rest_escaped():
    from basis.templatetags.basis import reeksen_heel

    assert reeksen_heel("Koers <Drenthe> 2026-2027") == (
        'Koers &lt;Drenthe&gt; <span class="koers-heel">2026-2027</span>'
    )
    assert reeksen_heel("op 30-06-2026 en 1.050.000") == (
        'op <span class="koers-heel">30-06-2026</span> en <span class="koers-heel">1.050.000</span>'
    )
    assert reeksen_heel("zonder cijfers") == "zonder cijfers"
