import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from koers.rollen import BEHEERDER, BELEIDSMEDEWERKER, MANAGEMENT, richt_rollen_in
from koers.services import PROGRAMMA_FIXTURE
from opgaven.models import Programma


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the programme once; each test runs in a transaction that is rolled back."""
    with django_db_blocker.unblock():
        call_command("loaddata", PROGRAMMA_FIXTURE, verbosity=0)


@pytest.fixture(autouse=True)
def _static_files_without_collectstatic(settings):
    # The manifest storage needs `collectstatic`; tests read the source files.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # The production hasher is slow on purpose; tests don't test its strength.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def programma(db) -> Programma:
    return Programma.objects.get(eerste_jaar=2026)


def _gebruiker(username: str, rol: str, *, is_staff: bool = False):
    groep = richt_rollen_in()[rol]
    gebruiker = get_user_model().objects.create_user(
        username=username, password="geheim-wachtwoord-123", is_staff=is_staff
    )
    gebruiker.groups.add(groep)
    return gebruiker


@pytest.fixture
def beheerder(db):
    return _gebruiker("beheerder", BEHEERDER, is_staff=True)


@pytest.fixture
def management(db):
    return _gebruiker("management", MANAGEMENT)


@pytest.fixture
def beleidsmedewerker(db):
    return _gebruiker("beleid", BELEIDSMEDEWERKER)


@pytest.fixture
def management_client(client, management):
    client.force_login(management)
    return client


@pytest.fixture
def beheerder_client(client, beheerder):
    client.force_login(beheerder)
    return client
