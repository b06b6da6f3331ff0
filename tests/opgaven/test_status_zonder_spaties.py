"""Status tags on the opgave page read as words, without stray spaces."""

import html
import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.conftest import EIGEN_OPGAVE

pytestmark = pytest.mark.django_db


def test_status_tags_on_the_opgave_page_have_no_stray_spaces(beleid_client, settings):
    settings.DEBUG = True  # the demo progress refuses to load otherwise
    call_command("laad_demovoortgang", verbosity=0)
    pagina = beleid_client.get(reverse("portaal:opgave", args=[EIGEN_OPGAVE])).content.decode()
    tekst = html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", pagina)))
    for status in ("lopend", "niet gestart", "op koers", "aandacht nodig", "risico"):
        assert f"{status} )" not in tekst
        assert f"{status} ." not in tekst
        assert f"{status} ," not in tekst
    assert "niet gestart" in tekst
