"""/voortgang/ has nine columns; on a 1280 px screen they fit without scrolling.

Measured in Chromium by tests/browser/test_schermen.py; here the page's part of it:
the table carries the compact style and the style sheet defines it.
"""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import VoortgangsupdateFactory

pytestmark = pytest.mark.django_db


def test_de_voortgangstabel_is_compact_zodat_negen_kolommen_passen(management_client):
    VoortgangsupdateFactory()

    html = management_client.get(reverse("resultaten:voortgang")).content.decode()

    tabel = re.search(r"<table[^>]*>", html).group(0)
    assert "koers-tabel--compact" in tabel
    assert len(re.findall(r"<th[^>]*scope=\"col\"", html)) == 9


def test_de_compacte_stijl_maakt_letters_en_marges_kleiner_zonder_woorden_te_breken():
    css = (settings.BASE_DIR / "static" / "css" / "koers.css").read_text()

    regel = re.search(r"\.koers-tabel--compact \{([^}]*)\}", css).group(1)
    assert "font-size: var(--basis-text-font-size-sm)" in regel
    assert "--utrecht-table-cell-padding-inline-start: var(--basis-space-inline-sm)" in regel
    assert ".koers-tabel--compact .koers-opgavelink { white-space: normal; }" in css
    assert "word-break" not in regel
