"""The page frame: NL Design System CSS served by Django, menu, skip link, forms, messages."""

import re

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _menu(html: str) -> str:
    begin = html.index('aria-label="Hoofdmenu"')
    return html[begin : html.index("</nav>", begin)]


def test_base_page_links_the_nl_design_system_css_that_django_serves(management_client):
    html = management_client.get(reverse("opgaven:lijst")).content.decode()

    stylesheets = re.findall(r'<link rel="stylesheet" href="([^"]+)">', html)
    assert "/static/utrecht/index.css" in stylesheets
    assert "/static/thema/theme.css" in stylesheets
    for url in stylesheets:
        assert url.startswith("/static/")
        assert finders.find(url.removeprefix("/static/")), url
    assert re.search(r'<html lang="nl" class="[^"]*\bvoorbeeld-theme\b', html)


def test_menu_marks_the_current_page(management_client):
    begroting = _menu(management_client.get(reverse("budget:begroting")).content.decode())
    assert re.search(r'href="/begroting/" aria-current="page">Begroting</a>', begroting)
    assert begroting.count('aria-current="page"') == 1

    # An opgave belongs under "Opgaven".
    opgave = _menu(management_client.get(reverse("portaal:opgave", args=[1])).content.decode())
    assert re.search(r'href="/opgaven/" aria-current="page">Opgaven</a>', opgave)
    assert opgave.count('aria-current="page"') == 1


def test_beheer_is_in_the_menu_of_a_beheerder(beheerder_client):
    menu = _menu(beheerder_client.get(reverse("opgaven:lijst")).content.decode())
    assert f'href="{reverse("admin:index")}">Beheer</a>' in menu


def test_beheer_is_not_in_the_menu_of_management(management_client):
    menu = _menu(management_client.get(reverse("opgaven:lijst")).content.decode())
    assert reverse("admin:index") not in menu
    assert "Beheer" not in menu


def test_skip_link_is_first_and_targets_the_main_landmark(management_client):
    html = management_client.get(reverse("opgaven:lijst")).content.decode()
    body = html[html.index("<body") :]

    eerste_link = re.search(r"<a [^>]*>", body).group(0)
    assert "utrecht-skip-link" in eerste_link
    doel = re.search(r'href="#([^"]+)"', eerste_link).group(1)
    assert re.search(rf'<main id="{doel}"', html)
    assert html.count("<main") == 1


def test_form_errors_are_summarised_and_linked_to_their_field(client, management):
    response = client.post(reverse("login"), {"username": "management", "password": ""})
    html = response.content.decode()

    assert re.search(r'<div class="utrecht-alert utrecht-alert--error[^"]*" role="alert">', html)
    wachtwoord = re.search(r"<input [^>]*name=\"password\"[^>]*>", html).group(0)
    assert 'aria-invalid="true"' in wachtwoord
    assert 'aria-describedby="id_password_error"' in wachtwoord
    assert "utrecht-textbox--invalid" in wachtwoord
    assert 'id="id_password_error"' in html
    assert '<a class="utrecht-link utrecht-link--html-a" href="#id_password">' in html
    # Required in words, the user's input kept.
    assert "(verplicht)" in html
    assert 'value="management"' in html


def test_messages_say_their_type_in_words_not_only_in_colour():
    html = render_to_string(
        "partials/meldingen.html",
        {
            "messages": [
                Message(constants.SUCCESS, "De wijziging is opgeslagen."),
                Message(constants.ERROR, "Niet gelukt."),
            ]
        },
    )
    assert re.search(r'utrecht-alert--ok" role="status">.*?Gelukt:.*?opgeslagen', html, re.S)
    assert re.search(r'utrecht-alert--error" role="alert">.*?Fout:.*?Niet gelukt', html, re.S)
