"""For tests that need transactions of their own (migrations, concurrent writers): the
flush that ends such a test empties the database, so the programme is loaded again."""

import pytest

from opgaven.models import Programma
from portaal.services import laad_programma


@pytest.fixture(scope="module")
def programma_terug_na_afloop(django_db_blocker):
    """Reload the programme the session fixture loaded, once the last flush emptied it.

    pytest-django runs transaction=True tests after the others, but any later test may
    still expect the programme. A module uses it with pytest.mark.usefixtures.
    """
    yield
    with django_db_blocker.unblock():
        if not Programma.objects.exists():
            laad_programma()


@pytest.fixture
def geladen_programma() -> Programma:
    """The loaded programme (loaded here if an earlier flush emptied the database)."""
    if not Programma.objects.exists():
        laad_programma()
    return Programma.objects.get(eerste_jaar=2026)
