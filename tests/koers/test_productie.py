import os
import secrets
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

ROOT = Path(__file__).resolve().parents[2]
PRODUCTIE = {
    "DEBUG": "false",
    "HTTPS": "true",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "koersportaal.drenthe.nl",
}


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    # Without the browser tests' DJANGO_ALLOW_ASYNC_UNSAFE: production never sets it.
    omgeving = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**omgeving, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_deploy_check_is_clean_under_production_settings():
    uitkomst = _manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTIE)
    assert uitkomst.returncode == 0, uitkomst.stdout + uitkomst.stderr
    assert "no issues" in uitkomst.stdout


def test_production_settings_use_secure_cookies_and_hsts():
    code = (
        "from django.conf import settings as s;"
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT,"
        " s.SECURE_HSTS_SECONDS >= 31536000)"
    )
    uitkomst = _manage("shell", "-c", code, **PRODUCTIE)
    assert uitkomst.stdout.strip().splitlines()[-1].split() == ["True"] * 4, uitkomst.stderr


@pytest.mark.django_db
def test_health_answers_without_login_and_checks_the_database(client):
    response = client.get(reverse("health"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_pages_carry_security_headers(management_client):
    response = management_client.get(reverse("opgaven:lijst"))
    beleid = response["Content-Security-Policy"]
    assert "script-src 'self'" in beleid
    assert "frame-ancestors 'none'" in beleid
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.django_db
def test_admin_still_works_under_the_content_security_policy(beheerder_client):
    response = beheerder_client.get(reverse("admin:budget_begrotingsregel_changelist"))
    assert response.status_code == 200
    assert "<script>" not in response.content.decode()  # no inline script to be blocked


@pytest.mark.django_db
def test_repeated_wrong_passwords_lock_the_login(client, management):
    for _ in range(4):
        response = client.post(reverse("login"), {"username": "management", "password": "fout"})
        assert response.status_code == 200
    vijfde = client.post(reverse("login"), {"username": "management", "password": "fout"})
    assert vijfde.status_code == 429

    geblokkeerd = client.post(
        reverse("login"), {"username": "management", "password": "geheim-wachtwoord-123"}
    )

    assert geblokkeerd.status_code == 429
    assert "Inloggen tijdelijk geblokkeerd" in geblokkeerd.content.decode()
    assert "_auth_user_id" not in client.session
    # Another account from the same address is not locked.
    ander = client.post(reverse("login"), {"username": "iemand-anders", "password": "fout"})
    assert ander.status_code == 200


@pytest.mark.django_db
def test_a_session_expires_after_inactivity(client, management):
    client.post(reverse("login"), {"username": "management", "password": "geheim-wachtwoord-123"})
    assert client.get(reverse("opgaven:lijst")).status_code == 200
    assert client.session.get_expiry_age() <= 8 * 60 * 60

    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))

    response = client.get(reverse("opgaven:lijst"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.django_db
def test_the_password_never_reaches_the_log(client, management, caplog):
    with caplog.at_level("DEBUG"):
        client.post(reverse("login"), {"username": "management", "password": "Zeer-Geheim-42"})
    assert "Zeer-Geheim-42" not in caplog.text
