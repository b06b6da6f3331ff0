"""HTML to PDF with WeasyPrint, without fetching anything.

The report's CSS is inlined and its chart is inline SVG, so WeasyPrint never
needs a file or URL: the fetcher refuses every request, which also keeps text
typed by users from making the server load anything.
"""

import logging
import threading

# WeasyPrint reports every layout step at INFO; the portal's logs want only its warnings.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

from weasyprint import HTML  # noqa: E402 - after quieting its progress logger


def _niets_ophalen(url: str, *args, **kwargs):
    raise ValueError(f"A report loads nothing from outside: {url}")


try:  # Newer WeasyPrint versions take a URLFetcher object, older ones a plain function.
    from weasyprint.urls import URLFetcher
except ImportError:  # pragma: no cover - older WeasyPrint
    FETCHER = _niets_ophalen
else:

    class _NietsOphalen(URLFetcher):
        def fetch(self, url, headers=None):
            _niets_ophalen(url)

    FETCHER = _NietsOphalen()


# One render at a time per gunicorn worker: a render is seconds of CPU under the GIL, so a
# second one in the same process would only slow down both and the worker's other threads.
# Waiting costs no CPU; the other workers and threads keep serving pages.
RENDERS_PER_PROCES = threading.BoundedSemaphore(1)


def html_naar_pdf(html: str) -> bytes:
    with RENDERS_PER_PROCES:
        return HTML(string=html, url_fetcher=FETCHER).write_pdf()
