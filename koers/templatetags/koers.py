import re

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from koers import formatting

register = template.Library()

register.filter("getal", formatting.getal)
register.filter("bedrag", formatting.bedrag)
register.filter("euro", formatting.euro)

_GENUMMERD = re.compile(r"^\s*\d+\.\s+(.*)$")


@register.filter
def alineas(tekst: str) -> SafeString:
    """Paragraphs separated by blank lines; a block of '1. …' lines becomes a list."""
    blokken = [blok.strip() for blok in re.split(r"\n\s*\n", tekst or "") if blok.strip()]
    delen: list[SafeString] = []
    for blok in blokken:
        regels = [regel.strip() for regel in blok.splitlines() if regel.strip()]
        punten = [_GENUMMERD.match(regel) for regel in regels]
        if all(punten):
            items = format_html_join("", "<li>{}</li>", ((p.group(1),) for p in punten if p))
            delen.append(format_html("<ol>{}</ol>", items))
        else:
            delen.append(format_html("<p>{}</p>", " ".join(regels)))
    return SafeString("".join(delen))
