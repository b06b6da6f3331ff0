"""Behind the TLS proxy: whose address a login counts against, and the health probe.

The settings are read once, at import; these tests run koers/settings.py again under
a given environment and apply what it decides to the running test.
"""

import runpy
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client

SETTINGS = Path(__file__).resolve().parents[2] / "koers" / "settings.py"
OMGEVING = (
    "DEBUG",
    "SECRET_KEY",
    "HTTPS",
    "ACHTER_PROXY",
    "AXES_PROXY_COUNT",
    "AXES_FAILURE_LIMIT",
)
PROXY_INSTELLINGEN = (
    "SECURE_SSL_REDIRECT",
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_REDIRECT_EXEMPT",
    "AXES_FAILURE_LIMIT",
    "AXES_LOCKOUT_PARAMETERS",
    "AXES_IPWARE_PROXY_COUNT",
    "AXES_IPWARE_PROXY_ORDER",
    "AXES_IPWARE_META_PRECEDENCE_ORDER",
    "IPWARE_STRICT",
)
PROXY = "10.0.0.2"  # the TLS proxy: every request arrives from here
AANVALLER = "203.0.113.5"
SLACHTOFFER = "198.51.100.7"
GOED = "geheim-wachtwoord-123"


def _instellingen(monkeypatch, **omgeving: str) -> dict:
    """What koers/settings.py decides about proxy and lockout under this environment."""
    for naam in OMGEVING:
        monkeypatch.delenv(naam, raising=False)
    monkeypatch.setenv("DEBUG", "false")
    monkeypatch.setenv("SECRET_KEY", "x" * 50)
    for naam, waarde in omgeving.items():
        monkeypatch.setenv(naam, waarde)
    gelezen = runpy.run_path(str(SETTINGS))
    return {naam: gelezen[naam] for naam in PROXY_INSTELLINGEN if naam in gelezen}


def _pas_toe(settings, monkeypatch, **omgeving: str) -> None:
    for naam, waarde in _instellingen(monkeypatch, **omgeving).items():
        setattr(settings, naam, waarde)


@pytest.fixture
def achter_proxy(settings, monkeypatch):
    _pas_toe(settings, monkeypatch, HTTPS="true", ACHTER_PROXY="true")


@pytest.fixture
def zonder_proxy(settings, monkeypatch):
    _pas_toe(settings, monkeypatch, HTTPS="true", ACHTER_PROXY="false")


def _via_proxy(client, wachtwoord, forwarded_for=None, gebruikersnaam="beheerder"):
    """A login POST as the proxy passes it on: from its address, with the client's."""
    meta = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_PROTO": "https"}
    if forwarded_for is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return client.post("/inloggen/", {"username": gebruikersnaam, "password": wachtwoord}, **meta)


def _vijf_keer_fout(client, forwarded_for):
    for _ in range(5):
        response = _via_proxy(client, "fout", forwarded_for)
    assert response.status_code == 429


@pytest.mark.django_db
def test_failures_from_one_client_behind_the_proxy_do_not_lock_out_another(
    client, beheerder, achter_proxy
):
    _vijf_keer_fout(client, AANVALLER)
    assert _via_proxy(client, GOED, AANVALLER).status_code == 429

    collega = Client()
    response = _via_proxy(collega, GOED, SLACHTOFFER)

    assert response.status_code == 302
    assert collega.session["_auth_user_id"] == str(beheerder.pk)
    # Her login resets only her own address; the other one stays locked.
    assert _via_proxy(Client(), GOED, AANVALLER).status_code == 429


@pytest.mark.django_db
@pytest.mark.parametrize(
    "vooraan",
    [SLACHTOFFER, f"192.0.2.1, {SLACHTOFFER}", f"onzin, {SLACHTOFFER}", f"{SLACHTOFFER}:443"],
)
def test_a_forged_forwarded_for_cannot_lock_out_someone_elses_address(
    client, beheerder, achter_proxy, vooraan
):
    # The attacker writes the victim's address in front; the proxy appends the real one.
    _vijf_keer_fout(client, f"{vooraan}, {AANVALLER}")

    assert _via_proxy(Client(), GOED, SLACHTOFFER).status_code == 302
    assert _via_proxy(Client(), GOED, AANVALLER).status_code == 429


@pytest.mark.django_db
def test_with_two_proxies_the_address_the_outer_proxy_saw_counts(
    client, beheerder, settings, monkeypatch
):
    _pas_toe(settings, monkeypatch, HTTPS="true", ACHTER_PROXY="true", AXES_PROXY_COUNT="2")
    buitenste_proxy = "10.0.0.1"

    _vijf_keer_fout(client, f"{SLACHTOFFER}, {AANVALLER}, {buitenste_proxy}")

    assert _via_proxy(Client(), GOED, f"{SLACHTOFFER}, {buitenste_proxy}").status_code == 302
    assert _via_proxy(Client(), GOED, f"{AANVALLER}, {buitenste_proxy}").status_code == 429


@pytest.mark.django_db
def test_behind_the_proxy_a_request_without_forwarded_for_still_gets_an_answer(
    client, beheerder, achter_proxy
):
    assert _via_proxy(client, "fout").status_code == 200
    assert _via_proxy(client, GOED).status_code == 302


@pytest.mark.django_db
def test_without_the_proxy_setting_forwarded_for_is_ignored(client, beheerder, zonder_proxy):
    def inloggen(c, wachtwoord, adres, forwarded_for):
        return c.post(
            "/inloggen/",
            {"username": "beheerder", "password": wachtwoord},
            secure=True,
            REMOTE_ADDR=adres,
            HTTP_X_FORWARDED_FOR=forwarded_for,
        )

    for i in range(5):
        response = inloggen(client, "fout", "192.0.2.10", f"203.0.113.{i}")
    assert response.status_code == 429
    # A fresh forged header does not get the sender out of the lockout ...
    assert inloggen(client, GOED, "192.0.2.10", SLACHTOFFER).status_code == 429
    # ... and the address in it is not the one that was locked.
    assert inloggen(Client(), GOED, "192.0.2.20", "203.0.113.1").status_code == 302


def test_behind_the_proxy_the_count_of_proxies_defaults_to_one(monkeypatch):
    achter = _instellingen(monkeypatch, ACHTER_PROXY="true")
    zonder = _instellingen(monkeypatch, ACHTER_PROXY="false")

    # ipware counts the proxies after the client in the header: the nearest one,
    # whose address is REMOTE_ADDR, is not in it.
    assert achter["AXES_IPWARE_PROXY_COUNT"] == 0
    assert achter["AXES_IPWARE_META_PRECEDENCE_ORDER"] == ("HTTP_X_FORWARDED_FOR",)
    assert zonder["AXES_IPWARE_META_PRECEDENCE_ORDER"] == ("REMOTE_ADDR",)
    assert achter["AXES_LOCKOUT_PARAMETERS"] == [["username", "ip_address"]]


@pytest.mark.parametrize(
    ("omgeving", "melding"),
    [
        ({"ACHTER_PROXY": "true", "AXES_PROXY_COUNT": "0"}, "minstens 1"),
        ({"ACHTER_PROXY": "false", "AXES_PROXY_COUNT": "1"}, "alleen met ACHTER_PROXY=true"),
    ],
)
def test_a_proxy_count_that_does_not_fit_fails_loudly(monkeypatch, omgeving, melding):
    with pytest.raises(ImproperlyConfigured, match=melding):
        _instellingen(monkeypatch, **omgeving)


@pytest.mark.django_db
def test_health_answers_a_probe_without_forwarded_proto_behind_the_proxy(client, achter_proxy):
    response = client.get("/health/", REMOTE_ADDR=PROXY)

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


@pytest.mark.django_db
@pytest.mark.parametrize("pad", ["/inloggen/", "/", "/beheer/", "/healthz/", "/health/meer/"])
def test_every_other_page_still_redirects_to_https_behind_the_proxy(client, achter_proxy, pad):
    response = client.get(pad, REMOTE_ADDR=PROXY)

    assert response.status_code == 301
    assert response["Location"] == f"https://testserver{pad}"
