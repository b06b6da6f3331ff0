"""The list pages export through basis.werkboek: no control character breaks a file."""

import io

import openpyxl
import pytest
from django.urls import reverse

from opgaven.models import Activiteit, Opgave
from tests.helpers import csv_rijen


@pytest.mark.django_db
@pytest.mark.parametrize("formaat", ["xlsx", "csv"])
def test_a_vertical_tab_from_word_never_breaks_the_activity_export(management_client, formaat):
    Activiteit.objects.create(
        opgave=Opgave.objects.get(nummer=1), omschrijving="Uit Word\x0bgeplakt", volgorde=99
    )
    response = management_client.get(
        reverse("opgaven:activiteiten"), {"tekst": "geplakt", "_export": formaat}
    )
    assert response.status_code == 200
    if formaat == "csv":
        kop, rij = csv_rijen(response)[:2]
    else:
        blad = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
        kop, rij = list(blad.iter_rows(max_row=2, values_only=True))
    assert rij[list(kop).index("Omschrijving")] == "Uit Word geplakt"


@pytest.mark.django_db
def test_the_list_export_notes_the_filter_and_freezes_the_header(management_client):
    response = management_client.get(
        reverse("opgaven:activiteiten"), {"tekst": "IBDO", "_export": "xlsx"}
    )
    boek = openpyxl.load_workbook(io.BytesIO(response.content))
    assert boek.worksheets[0].freeze_panes == "A2"
    assert ("tekst", "IBDO") in list(boek.worksheets[1].iter_rows(values_only=True))
