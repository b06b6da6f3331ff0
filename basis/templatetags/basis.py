import re

from django import forms, template
from django.forms import BoundField
from django.forms.widgets import Input
from django.template.loader import get_template
from django.utils import translation
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from basis import opmaak as formatting

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


_REEKS = re.compile(r"\d+(?:[-./]\d+)+")


@register.filter
def reeksen_heel(tekst: str) -> SafeString:
    """The text with every run of digits joined by '-', '.' or '/' ("2026-2027",
    "30-06-2026") kept on one line: a heading may wrap between words, not inside a
    period or a date."""
    tekst = str(tekst or "")
    delen: list[str] = []
    begin = 0
    for reeks in _REEKS.finditer(tekst):
        delen.append(format_html("{}", tekst[begin : reeks.start()]))
        delen.append(format_html('<span class="koers-heel">{}</span>', reeks.group()))
        begin = reeks.end()
    delen.append(format_html("{}", tekst[begin:]))
    return SafeString("".join(delen))


# NL Design System (Utrecht) classes per widget type: (widget, classes, class when invalid).
# Order matters: subclasses before the classes they extend.
_WIDGETKLASSEN: list[tuple[type[forms.Widget], str, str]] = [
    (forms.HiddenInput, "", ""),
    (forms.FileInput, "", ""),
    (
        forms.CheckboxInput,
        "utrecht-checkbox utrecht-checkbox--html-input utrecht-checkbox--custom",
        "utrecht-checkbox--invalid",
    ),
    (
        forms.CheckboxSelectMultiple,
        "utrecht-checkbox utrecht-checkbox--html-input utrecht-checkbox--custom",
        "utrecht-checkbox--invalid",
    ),
    (
        forms.RadioSelect,
        "utrecht-radio-button utrecht-radio-button--html-input",
        "utrecht-radio-button--invalid",
    ),
    (forms.Select, "utrecht-select utrecht-select--html-select", "utrecht-select--invalid"),
    (
        forms.Textarea,
        "utrecht-textarea utrecht-textarea--html-textarea",
        "utrecht-textarea--invalid",
    ),
    (Input, "utrecht-textbox utrecht-textbox--html-input", "utrecht-textbox--invalid"),
    (forms.MultiWidget, "utrecht-textbox utrecht-textbox--html-input", "utrecht-textbox--invalid"),
]


def _utrecht_klassen(veld: BoundField) -> str:
    widget = veld.field.widget
    klassen = [widget.attrs.get("class", "")]
    for soort, basis, ongeldig in _WIDGETKLASSEN:
        if isinstance(widget, soort):
            klassen += [basis, ongeldig if veld.errors else ""]
            break
    return " ".join(klasse for klasse in klassen if klasse)


@register.filter
def invoerveld(veld: BoundField) -> SafeString:
    """The field's widget with NL Design System classes added.

    Django 5.2 itself adds `aria-describedby` (help text and error ids) and
    `aria-invalid`, and keeps the user's input.
    """
    klassen = _utrecht_klassen(veld)
    return veld.as_widget(attrs={"class": klassen} if klassen else None)


@register.filter
def utrecht_klassen(veld: BoundField) -> str:
    """The classes `invoerveld` gives this field's inputs, for templates that render options."""
    return _utrecht_klassen(veld)


@register.filter
def is_vinkje(veld: BoundField) -> bool:
    """A single checkbox: label after the box instead of above it."""
    return isinstance(veld.field.widget, forms.CheckboxInput)


_ALERTSOORT = {
    "success": "ok",
    "info": "info",
    "debug": "info",
    "warning": "warning",
    "error": "error",
}


@register.filter
def alertsoort(level_tag: str) -> str:
    """Django message level tag -> Utrecht alert type (ok, info, warning, error)."""
    return _ALERTSOORT.get(level_tag, "info")


@register.filter
def heeft_opties(veld: BoundField) -> bool:
    """Radio buttons or checkboxes, one per choice (rendered option by option)."""
    return isinstance(veld.field.widget, forms.RadioSelect)


@register.simple_tag(takes_context=True)
def herbruik(context: template.Context, naam: str, **waarden) -> SafeString:
    """Include template `naam` with only `waarden`, rendered once per distinct values
    per page: for a small part that repeats with few variants (a status label on every
    item of a long list), where each {% include %} would render it again."""
    onthouden = context.render_context.setdefault("koers_herbruik", {})
    sleutel = (naam, translation.get_language(), *sorted(waarden.items()))
    html = onthouden.get(sleutel)
    if html is None:
        html = onthouden[sleutel] = mark_safe(get_template(naam).render(waarden))
    return html
