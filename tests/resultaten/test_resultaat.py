from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from opgaven.models import Opgave
from resultaten.models import Indicator, Resultaat, Streefperiode

pytestmark = pytest.mark.django_db


def _resultaat() -> Resultaat:
    return Resultaat.objects.create(opgave=Opgave.objects.get(nummer=1), omschrijving="Test")


def test_quantified_target_reads_as_a_sentence():
    resultaat = _resultaat()
    Indicator.objects.create(
        resultaat=resultaat,
        naam="Trajecten",
        eenheid="trajecten",
        streefwaarde=Decimal("1250.00"),
        streefperiode=Streefperiode.PER_JAAR,
    )
    assert resultaat.streefdoel == "1.250 trajecten per jaar"
    assert resultaat.is_gekwantificeerd


def test_a_result_with_two_indicators_names_both_targets():
    resultaat = _resultaat()
    for naam, waarde, periode in [("a", "5", "jaar"), ("b", "7", "periode")]:
        Indicator.objects.create(
            resultaat=resultaat, naam=naam, eenheid=naam, streefwaarde=waarde, streefperiode=periode
        )
    assert resultaat.streefdoel == "5 a per jaar; 7 b in de programmaperiode"


def test_unquantified_result_has_no_target_text():
    resultaat = _resultaat()
    assert resultaat.streefdoel == ""
    assert not resultaat.is_gekwantificeerd


def test_an_indicator_without_unit_or_with_a_negative_target_is_refused():
    indicator = Indicator(resultaat=_resultaat(), naam="Half", streefwaarde=Decimal("-5"))
    with pytest.raises(ValidationError) as fout:
        indicator.full_clean()
    assert {"eenheid", "streefwaarde"} <= set(fout.value.message_dict)
    indicator.eenheid = "x"
    with transaction.atomic(), pytest.raises(IntegrityError):
        indicator.save()
