"""HTML to PDF with WeasyPrint, without fetching anything.

The report's CSS is inlined and its chart is inline SVG, so WeasyPrint never
needs a file or URL: the fetcher refuses every request, which also keeps text
typed by users from making the server load anything.
"""

import logging
import multiprocessing
import os
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

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


def render(html: str) -> bytes:
    """WeasyPrint's layout and PDF writing, in this process."""
    return HTML(string=html, url_fetcher=FETCHER).write_pdf()


# A render is seconds of pure-Python CPU. In a thread of the web worker it would hold the
# GIL against that worker's other threads and compete on equal terms with every page.
# So each web process renders in one child process of its own, started on first use, one
# PDF at a time, at a lower CPU priority (PDF_RENDER_NICE): pages always go first, and a
# request waiting for its PDF uses no CPU. The child is replaced now and then so memory
# WeasyPrint keeps between renders stays bounded, and after a crash.
_pool: ProcessPoolExecutor | None = None
_pool_lock = threading.Lock()
RENDERS_PER_KINDPROCES = 100


def _renderproces() -> ProcessPoolExecutor:
    global _pool
    with _pool_lock:
        if _pool is None:
            from django.conf import settings

            _pool = ProcessPoolExecutor(
                max_workers=1,
                # Not fork: the web worker has threads and an open database connection.
                mp_context=multiprocessing.get_context("spawn"),
                initializer=os.nice,
                initargs=(settings.PDF_RENDER_NICE,),
                max_tasks_per_child=RENDERS_PER_KINDPROCES,
            )
        return _pool


def _vergeet_kapot_renderproces(kapot: ProcessPoolExecutor) -> None:
    global _pool
    with _pool_lock:
        if _pool is kapot:
            _pool = None


def html_naar_pdf(html: str) -> bytes:
    """The PDF of `html`, rendered in this web process's render process."""
    renderproces = _renderproces()
    try:
        return renderproces.submit(render, html).result()
    except BrokenProcessPool:
        # The child died (killed, out of memory): start a new one and try once more.
        _vergeet_kapot_renderproces(renderproces)
        return _renderproces().submit(render, html).result()
