"""A report as a document: its HTML, its PDF, and the concept PDF from the shared cache."""

from datetime import date, datetime

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from basis.dataversie import SECONDEN, dataversie
from opgaven.models import Opgave, Programma
from rapportages import pdf
from rapportages.gegevens import Rapportgegevens, verzamel
from rapportages.samenvatting import budgetgrafiek

CONCEPT, VASTGESTELD = "concept", "vastgesteld"
CACHE_SECONDEN = SECONDEN  # as long as a page part


def render_html(
    gegevens: Rapportgegevens,
    *,
    status: str,
    vastgesteld_door: str = "",
    vastgesteld_op: datetime | None = None,
) -> str:
    bijschrift = _("Budget per opgave per jaar, in euro's")
    return render_to_string(
        "rapportages/rapport.html",
        {
            "r": gegevens,
            "titel": gegevens.titel,
            "status": status,
            "is_concept": status == CONCEPT,
            "grafiek": budgetgrafiek(gegevens.overzicht, bijschrift),
            "bijschrift_budget": bijschrift,
            "vastgesteld_door": vastgesteld_door,
            "vastgesteld_op": vastgesteld_op,
            "gemaakt_op": timezone.localtime(),
            "lettertypen": pdf.LETTERTYPEN.as_uri(),
            "lettervarianten": pdf.LETTERVARIANTEN,
        },
    )


def render_pdf(
    gegevens: Rapportgegevens,
    *,
    status: str,
    bijlagen: tuple[tuple[str, str, str], ...] = (),
    **extra,
) -> bytes:
    """A concept as tagged PDF/UA-1; a frozen report as PDF/A-3a with `bijlagen` embedded."""
    html = render_html(gegevens, status=status, **extra)
    if status == CONCEPT:
        return pdf.html_naar_pdf(html)
    return pdf.html_naar_pdf(
        html, variant=pdf.ARCHIEFVARIANT, bijlagen=bijlagen, tijdstip=extra.get("vastgesteld_op")
    )


def cachesleutel(
    programma: Programma, *, peildatum: date, opgave: Opgave | None, moment: str, versie: str
) -> str:
    onderdeel = f"opgave-{opgave.pk}" if opgave is not None else "programma"
    return f"rapportage:{programma.pk}:{onderdeel}:{peildatum.isoformat()}:{moment}:{versie}"


def concept_pdf(
    programma: Programma, *, peildatum: date, opgave: Opgave | None = None, moment: str = ""
) -> bytes:
    """The concept report; from the cache while no data changed since it was rendered."""
    sleutel = cachesleutel(
        programma, peildatum=peildatum, opgave=opgave, moment=moment, versie=dataversie()
    )
    inhoud = cache.get(sleutel)
    if inhoud is None:
        gegevens = verzamel(programma, peildatum=peildatum, opgave=opgave, moment=moment)
        inhoud = render_pdf(gegevens, status=CONCEPT)
        cache.set(sleutel, inhoud, CACHE_SECONDEN)
    return inhoud
