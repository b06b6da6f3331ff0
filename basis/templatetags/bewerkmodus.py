"""Edit controls in a list in edit mode, rendered in Python (issue 18).

A beleidsmedewerker's opgave page shows an "Acties" menu for every item, hundreds of
them with more data: as a template include each cost six truncations, four URL
reversals and its own <form> with a CSRF token. Here the label is truncated once, each
kind of URL is reversed once per page, and the ↑/↓ buttons post through the one form
of the page (`verplaatsformulier`) with their own `formaction`. The HTML the user
sees is the same menu as before.
"""

from django import template
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _

register = template.Library()

# The id of the page's one form that the ↑/↓ buttons post through.
VERPLAATSFORMULIER = "koers-verplaats"
# A primary key no row has: reversed once per kind of URL, then replaced by the item's.
_PLAATSHOUDER = 2147483647


def _url(context: template.Context, naam: str, pk: int) -> str:
    sjablonen = context.render_context.setdefault("koers_url_sjablonen", {})
    sjabloon = sjablonen.get(naam)
    if sjabloon is None:
        sjabloon = sjablonen[naam] = reverse(naam, args=[_PLAATSHOUDER])
    return sjabloon.replace(f"/{_PLAATSHOUDER}/", f"/{pk}/")


@register.simple_tag(takes_context=True)
def verplaatsformulier(context: template.Context) -> SafeString:
    """The page's one form for the ↑/↓ buttons of every `acties` menu (hidden: it
    only carries the CSRF token; the buttons say where they post)."""
    token = context.get("csrf_token")  # what {% csrf_token %} reads
    return format_html(
        '<form id="{}" method="post" hidden><input type="hidden" '
        'name="csrfmiddlewaretoken" value="{}"></form>',
        VERPLAATSFORMULIER,
        token,
    )


def _teksten(context: template.Context) -> dict[str, str]:
    """The menu's words, translated once per page (the language does not change)."""
    teksten = context.render_context.get("koers_acties_teksten")
    if teksten is None:
        teksten = context.render_context["koers_acties_teksten"] = {
            naam: escape(tekst)
            for naam, tekst in (
                ("acties", _("Acties")),
                ("voortgang", _("Voortgang")),
                ("bewerken", _("Bewerken")),
                ("verwijderen", _("Verwijderen")),
                ("omhoog", _("Omhoog")),
                ("omlaag", _("Omlaag")),
            )
        }
    return teksten


@register.simple_tag(takes_context=True)
def acties(context: template.Context, soort: str, item, voortgang_url: str = "") -> SafeString:
    """The "Acties" menu of one item: voortgang (optional), edit, delete, up and down.

    `soort` names the item's routes ("opgaven:doel": opgaven:doel_bewerken, ...). Every
    control carries the item's name for screen readers; ↑/↓ are real buttons, so
    reordering works with the keyboard. Needs `verplaatsformulier` once on the page.
    Built with plain formatting of escaped parts: a page in edit mode calls it hundreds
    of times.
    """
    t = _teksten(context)
    verborgen = f'<span class="visueel-verborgen">: {escape(Truncator(str(item)).chars(60))}</span>'
    voortgang = (
        f'<a class="utrecht-link" href="{escape(voortgang_url)}">{t["voortgang"]}{verborgen}</a>'
        if voortgang_url
        else ""
    )
    verplaatsen = escape(_url(context, f"{soort}_verplaatsen", item.pk))

    def knop(richting: str, pijl: str, tekst: str) -> str:
        return (
            f'<button type="submit" form="{VERPLAATSFORMULIER}" formaction="{verplaatsen}" '
            f'name="richting" value="{richting}" class="knop knop--secundair">'
            f'<span aria-hidden="true">{pijl} </span>{tekst}{verborgen}</button>'
        )

    return mark_safe(  # every part escaped above
        '<details class="koers-acties">'
        f'<summary class="koers-acties__knop">{t["acties"]}{verborgen}</summary>'
        f'<div class="koers-acties__menu">{voortgang}'
        f'<a class="utrecht-link" href="{escape(_url(context, f"{soort}_bewerken", item.pk))}">'
        f"{t['bewerken']}{verborgen}</a>"
        f'<a class="utrecht-link" href="{escape(_url(context, f"{soort}_verwijderen", item.pk))}">'
        f"{t['verwijderen']}{verborgen}</a>"
        '<div class="koers-acties__verplaats">'
        + knop("omhoog", "↑", t["omhoog"])
        + knop("omlaag", "↓", t["omlaag"])
        + "</div></div></details>"
    )
