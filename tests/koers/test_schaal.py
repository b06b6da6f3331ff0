from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from budget.models import Begrotingsbedrag, Begrotingsregel
from opgaven.models import Activiteit

pytestmark = pytest.mark.django_db


def test_scale_data_multiplies_the_programme_and_its_totals(settings, programma):
    settings.DEBUG = True
    voor = Begrotingsregel.objects.tabel(programma).totalen

    call_command("maak_schaaldata", "--factor", "3", stdout=StringIO())

    assert Begrotingsregel.objects.count() == 22 * 3
    assert Activiteit.objects.filter(bovenliggend=None).count() == 54 * 3
    assert Begrotingsregel.objects.tabel(programma).totalen == [t * 3 for t in voor]
    assert Begrotingsbedrag.history.count() == Begrotingsbedrag.objects.count()
    assert voor == [Decimal("7398139"), Decimal("7418224")]


def test_scale_data_is_refused_in_production(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG=true"):
        call_command("maak_schaaldata", "--factor", "2", stdout=StringIO())
