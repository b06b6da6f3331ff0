import pytest
from django.contrib.auth import get_user_model

from basis.rollen import BEHEERDER, BELEIDSMEDEWERKER, MANAGEMENT, richt_rollen_in
from opgaven.models import Opgave, Programma
from portaal.services import laad_programma

# The demo beleidsmedewerker's own opgave; every other opgave is somebody else's.
EIGEN_OPGAVE = 3
ANDERE_OPGAVE = 1


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the programme once, as `laad_programma` does (with its first history).

    Each test runs in a transaction that is rolled back.
    """
    with django_db_blocker.unblock():
        laad_programma()


@pytest.fixture(autouse=True)
def _static_files_without_collectstatic(settings):
    # The manifest storage needs `collectstatic`; tests read the source files.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _own_cache(settings, tmp_path):
    # The same file cache as in production, in a folder of each test's own, so no
    # test (or earlier run) finds another's reports.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "cache"),
            "TIMEOUT": 24 * 60 * 60,
            "OPTIONS": {"MAX_ENTRIES": 500},
        }
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
    gebruiker = _gebruiker("beleid", BELEIDSMEDEWERKER)
    gebruiker.toegewezen_opgaven.add(Opgave.objects.get(nummer=EIGEN_OPGAVE))
    return gebruiker


@pytest.fixture
def beleid_client(client, beleidsmedewerker):
    client.force_login(beleidsmedewerker)
    return client


@pytest.fixture
def management_client(client, management):
    client.force_login(management)
    return client


@pytest.fixture
def beheerder_client(client, beheerder):
    client.force_login(beheerder)
    return client
