"""Two servers, one PostgreSQL, one Redis: an edit through one is seen at once through the other.

Two gunicorn instances with the portal's own gunicorn.conf.py, each with a file cache
folder of its own that it does not use: with REDIS_URL set both cache in the Redis
this test starts (Debian's redis-server, on a free port, without persistence). Their
database is pytest-django's test database, so the test commits its data.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import ExitStack, contextmanager
from html.parser import HTMLParser
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
import redis
from django.conf import global_settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.urls import reverse

from basis.rollen import BEHEERDER, MANAGEMENT, richt_rollen_in
from opgaven.models import Activiteit, Programma
from portaal.services import laad_programma

ROOT = Path(__file__).resolve().parents[2]
HOST = "127.0.0.1"
REDIS_SERVER = Path("/usr/bin/redis-server")
WACHTWOORD = "twee-servers-wachtwoord-123"


def _vrije_poort() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def _wacht(proces: subprocess.Popen, log: Path, klaar, wat: str) -> None:
    einde = time.monotonic() + 60
    while time.monotonic() < einde:
        if proces.poll() is not None:
            pytest.fail(f"{wat} stopte (code {proces.returncode}):\n{log.read_text()[-3000:]}")
        try:
            if klaar():
                return
        except (OSError, redis.exceptions.ConnectionError):
            pass
        time.sleep(0.2)
    pytest.fail(f"{wat} was niet binnen 60 seconden klaar:\n{log.read_text()[-3000:]}")


@contextmanager
def _proces(opdracht: list[str], log: Path, **kwargs):
    with log.open("ab") as uitvoer:
        proces = subprocess.Popen(opdracht, stdout=uitvoer, stderr=subprocess.STDOUT, **kwargs)
    try:
        yield proces
    finally:
        proces.terminate()
        try:
            proces.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proces.kill()
            proces.wait()


@contextmanager
def _redis(map: Path):
    if not REDIS_SERVER.exists():
        pytest.fail(
            "redis-server ontbreekt (/usr/bin/redis-server): installeer het Debian-pakket "
            "'redis-server' (bin/test doet dat als root)."
        )
    poort = _vrije_poort()
    opdracht = [str(REDIS_SERVER), "--port", str(poort), "--bind", HOST]
    opdracht += ["--save", "", "--appendonly", "no", "--dir", str(map)]
    log = map / "redis.log"
    with _proces(opdracht, log) as proces:
        client = redis.Redis(host=HOST, port=poort)
        _wacht(proces, log, client.ping, "redis-server")
        yield f"redis://{HOST}:{poort}/0", client


def _database_url() -> str:
    db = connection.settings_dict
    gebruiker = quote(db["USER"] or "", safe="")
    wachtwoord = f":{quote(db['PASSWORD'], safe='')}" if db["PASSWORD"] else ""
    return (
        f"postgres://{gebruiker}{wachtwoord}@{db['HOST'] or HOST}:{db['PORT'] or 5432}/{db['NAME']}"
    )


@contextmanager
def _gunicorn(naam: str, map: Path, redis_url: str):
    """One portal instance, production settings, with only the collected static files
    replaced by the sources (as tests/conftest.py does in-process)."""
    instellingen = map / f"instellingen_{naam}.py"
    instellingen.write_text(
        "from koers.settings import *  # noqa: F403\n"
        "STORAGES = {**STORAGES, 'staticfiles': "
        "{'BACKEND': 'django.contrib.staticfiles.storage.StaticFilesStorage'}}\n"
    )
    poort = _vrije_poort()
    omgeving = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": f"instellingen_{naam}",
        "PYTHONPATH": os.pathsep.join([str(map), str(ROOT)]),
        "DATABASE_URL": _database_url(),
        "CONN_MAX_AGE": "0",
        "REDIS_URL": redis_url,
        "CACHE_DIR": str(map / f"cache_{naam}"),
        "DEBUG": "false",
        "HTTPS": "false",
        "ALLOWED_HOSTS": HOST,
        "SECRET_KEY": os.environ.get("SECRET_KEY") or "twee-servers-" + "x" * 40,
        "WEB_CONCURRENCY": "1",
        "GUNICORN_THREADS": "2",
        "PYTHONUNBUFFERED": "1",
    }
    opdracht = [str(Path(sys.executable).parent / "gunicorn"), "-c", str(ROOT / "gunicorn.conf.py")]
    opdracht += ["koers.wsgi", "--bind", f"{HOST}:{poort}"]
    log = map / f"gunicorn_{naam}.log"
    with _proces(opdracht, log, cwd=ROOT, env=omgeving) as proces:

        def gezond() -> bool:
            with urllib.request.urlopen(f"http://{HOST}:{poort}/health/", timeout=2) as antwoord:
                return antwoord.status == 200

        _wacht(proces, log, gezond, f"gunicorn {naam}")
        yield f"http://{HOST}:{poort}"


class _Formulieren(HTMLParser):
    """The values a browser would send with each POST form of a page."""

    def __init__(self):
        super().__init__()
        self.formulieren: list[dict[str, str]] = []
        self._velden: dict[str, str] | None = None
        self._tekstvak: str | None = None
        self._keuzelijst: str | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("method", "").lower() == "post":
            self._velden = {}
            self.formulieren.append(self._velden)
        elif self._velden is None or ("name" not in a and tag != "option"):
            return
        elif tag == "input" and a.get("type") not in ("submit", "checkbox", "radio"):
            self._velden[a["name"]] = a.get("value", "")
        elif tag == "input" and "checked" in a:
            self._velden[a["name"]] = a.get("value", "on")
        elif tag == "textarea":
            self._tekstvak = a["name"]
            self._velden[a["name"]] = ""
        elif tag == "select":
            self._keuzelijst = a["name"]
            self._velden.setdefault(a["name"], "")
        elif tag == "option" and self._keuzelijst and "selected" in a:
            self._velden[self._keuzelijst] = a.get("value", "")

    def handle_data(self, data):
        if self._velden is not None and self._tekstvak:
            self._velden[self._tekstvak] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._velden = None
        elif tag == "textarea":
            self._tekstvak = None
        elif tag == "select":
            self._keuzelijst = None


class _GeenDoorsturen(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # the test looks at the 302 itself


class _Browser:
    """Cookies and CSRF tokens, as a browser keeps them."""

    def __init__(self):
        self._opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(CookieJar()), _GeenDoorsturen
        )

    def _open(self, verzoek) -> tuple[int, str]:
        try:
            with self._opener.open(verzoek, timeout=60) as antwoord:
                return antwoord.status, antwoord.read().decode()
        except urllib.error.HTTPError as fout:
            return fout.code, fout.read().decode()

    def get(self, url: str) -> str:
        status, html = self._open(url)
        assert status == 200, (url, status, html[-2000:])
        return html

    def verstuur(self, url: str, **wijzigingen: str) -> int:
        """Open the form at `url`, change some fields, send it; returns the status."""
        pagina = _Formulieren()
        pagina.feed(self.get(url))
        (velden,) = [f for f in pagina.formulieren if set(wijzigingen) <= set(f)]
        assert "csrfmiddlewaretoken" in velden, velden
        gegevens = urlencode({**velden, **wijzigingen}).encode()
        return self._open(urllib.request.Request(url, data=gegevens))[0]

    def log_in(self, server: str, naam: str) -> None:
        status = self.verstuur(f"{server}/inloggen/", username=naam, password=WACHTWOORD)
        assert status == 302, f"inloggen als {naam} gaf {status}"


def _gebruiker(naam: str, rol: str) -> None:
    gebruiker = get_user_model().objects.create_user(
        naam, password=WACHTWOORD, is_staff=rol == BEHEERDER
    )
    gebruiker.groups.add(richt_rollen_in()[rol])


def _cache_van(**env: str) -> subprocess.CompletedProcess[str]:
    omgeving = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "CACHE_DIR"}}
    lees = "from koers import settings; print(settings.CACHES['default']['BACKEND'])"
    return subprocess.run(
        [sys.executable, "-c", lees],
        cwd=ROOT,
        env={**omgeving, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_one_machine_keeps_the_file_cache_and_redis_url_makes_it_redis():
    assert _cache_van().stdout.strip().endswith("FileBasedCache")
    met_redis = _cache_van(REDIS_URL="redis://cache.intern:6379/0")
    assert met_redis.stdout.strip() == "django.core.cache.backends.redis.RedisCache"


def test_a_redis_url_that_is_no_redis_address_stops_the_start():
    uitkomst = _cache_van(REDIS_URL="cache.intern:6379")
    assert uitkomst.returncode != 0
    assert "REDIS_URL='cache.intern:6379' is geen Redis-adres" in uitkomst.stderr


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason=(
        "the test database is SQLite in memory, which gunicorn processes cannot reach; "
        "CI runs this on PostgreSQL"
    ),
)
# The gunicorn processes read what this test writes, so it commits.
@pytest.mark.django_db(transaction=True)
def test_an_edit_through_one_server_shows_at_once_through_the_other(tmp_path, settings):
    if not Programma.objects.exists():
        laad_programma()
    # The servers check passwords with the production hashers.
    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS
    _gebruiker("twee_beheerder", BEHEERDER)
    _gebruiker("twee_management", MANAGEMENT)
    activiteit = Activiteit.objects.filter(opgave__nummer=3, bovenliggend=None).first()
    assert activiteit is not None
    opgave = reverse("portaal:opgave", args=[3])

    with ExitStack() as samen:
        redis_url, redis_client = samen.enter_context(_redis(tmp_path))
        een = samen.enter_context(_gunicorn("een", tmp_path, redis_url))
        twee = samen.enter_context(_gunicorn("twee", tmp_path, redis_url))
        lezer, schrijver = _Browser(), _Browser()

        # A reader without edit rights gets the opgave page's shared part through server 2.
        lezer.log_in(twee, "twee_management")
        assert activiteit.omschrijving in lezer.get(f"{twee}{opgave}")
        in_redis = {k.decode() for k in redis_client.keys("*")}
        assert any("pagina:opgave:" in k for k in in_redis), in_redis
        assert any("dataversie:" in k for k in in_redis), in_redis
        # Again: from the cache, nothing new in it.
        assert activiteit.omschrijving in lezer.get(f"{twee}{opgave}")
        assert {k.decode() for k in redis_client.keys("*")} == in_redis

        # The beheerder edits the activity through server 1.
        schrijver.log_in(een, "twee_beheerder")
        bewerken = reverse("opgaven:activiteit_bewerken", args=[activiteit.pk])
        status = schrijver.verstuur(f"{een}{bewerken}", omschrijving="Via server een gewijzigd")
        assert status == 302

        # Server 2 shows it at once.
        assert "Via server een gewijzigd" in lezer.get(f"{twee}{opgave}")

    for naam in ("een", "twee"):
        # Neither server cached in its own folder instead of in Redis.
        assert not list((tmp_path / f"cache_{naam}").glob("*"))
