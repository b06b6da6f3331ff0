import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _laad_settings(**env: str) -> subprocess.CompletedProcess[str]:
    omgeving = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    omgeving.update(env)
    return subprocess.run(
        [sys.executable, "-c", "import koers.settings"],
        cwd=ROOT,
        env=omgeving,
        capture_output=True,
        text=True,
        check=False,
    )


def test_portal_refuses_to_start_without_debug_and_without_secret_key():
    uitkomst = _laad_settings(DEBUG="false")
    assert uitkomst.returncode != 0
    assert "SECRET_KEY ontbreekt of is onveilig" in uitkomst.stderr


def test_portal_refuses_a_short_secret_key_in_production():
    uitkomst = _laad_settings(DEBUG="false", SECRET_KEY="kort")
    assert "SECRET_KEY ontbreekt of is onveilig" in uitkomst.stderr


def test_portal_starts_with_debug_off_and_a_real_secret_key():
    uitkomst = _laad_settings(DEBUG="false", SECRET_KEY="x" * 50)
    assert uitkomst.returncode == 0, uitkomst.stderr


def test_local_run_with_debug_needs_no_secret_key():
    assert _laad_settings(DEBUG="true").returncode == 0


@pytest.mark.parametrize("waarde", ["misschien", "2"])
def test_a_misspelled_debug_value_fails_loudly(waarde):
    uitkomst = _laad_settings(DEBUG=waarde, SECRET_KEY="x" * 50)
    assert uitkomst.returncode != 0
    assert "geen ja/nee-waarde" in uitkomst.stderr


def test_dutch_locale_and_amsterdam_time(settings):
    assert settings.LANGUAGE_CODE == "nl"
    assert settings.TIME_ZONE == "Europe/Amsterdam"
    assert settings.USE_THOUSAND_SEPARATOR is False


@pytest.mark.parametrize("waarde", ["-1", "20", "veel"])
def test_a_pdf_render_priority_outside_0_to_19_fails_loudly(waarde):
    uitkomst = _laad_settings(DEBUG="true", PDF_RENDER_NICE=waarde)
    assert uitkomst.returncode != 0
    assert "PDF_RENDER_NICE" in uitkomst.stderr
