from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from opgaven.models import Opgave
from resultaten.models import Resultaat, Streefperiode

pytestmark = pytest.mark.django_db


def test_quantified_target_reads_as_a_sentence():
    resultaat = Resultaat(
        streefwaarde=Decimal("1250.00"), eenheid="trajecten", streefperiode=Streefperiode.PER_JAAR
    )
    assert resultaat.streefdoel == "1.250 trajecten per jaar"
    assert resultaat.is_gekwantificeerd


def test_unquantified_result_has_no_target_text():
    assert Resultaat(omschrijving="Meer startups").streefdoel == ""


def test_a_target_without_unit_or_period_is_refused_with_a_dutch_message():
    resultaat = Resultaat(
        opgave=Opgave.objects.get(nummer=1), omschrijving="Half", streefwaarde=Decimal("5")
    )
    with pytest.raises(ValidationError, match="Vul streefwaarde, eenheid en periode samen in"):
        resultaat.full_clean()
    with transaction.atomic(), pytest.raises(IntegrityError):
        resultaat.save()
