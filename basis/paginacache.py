"""Parts of pages that are the same for every reader, cached until the data changes.

The key holds the data version (basis.dataversie), which every commit that changes
data replaces, so nobody ever sees a stale part; the cost of a page that nobody
edited is two cache reads and no query. Only parts without anything personal (no
CSRF token, no form with a user's input or errors, no edit links) may be cached here.
"""

import hashlib
from collections.abc import Callable

from django.core.cache import cache
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

# As long as the data version token itself: a part never outlives its key.
from basis.dataversie import SECONDEN, dataversie


def deel(
    naam: str, *sleutel: object, maak: Callable[[], str], versie: str | None = None
) -> SafeString:
    """The HTML of part `naam` for `sleutel` at the current data version.

    A page with several cached parts passes the data version it read once as `versie`;
    within a request it is the version read when the request started, before any data.
    """
    versie = dataversie() if versie is None else versie
    delen = [versie, translation.get_language() or "", *map(str, sleutel)]
    # Hashed: a key may hold an address of any length and with any character.
    cachesleutel = f"pagina:{naam}:" + hashlib.sha256("\x1f".join(delen).encode()).hexdigest()
    html = cache.get(cachesleutel)
    if html is None:
        html = maak()
        cache.set(cachesleutel, html, SECONDEN)
    return mark_safe(html)  # rendered by our own templates, escaped there
