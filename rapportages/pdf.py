"""HTML to PDF with WeasyPrint, without fetching anything.

The report's CSS is inlined and its chart is inline SVG, so WeasyPrint never
needs a file or URL: the fetcher refuses every request, which also keeps text
typed by users from making the server load anything.
"""

import logging
import multiprocessing
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
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
_renders = 0
_pool_lock = threading.Lock()
RENDERS_PER_KINDPROCES = 100


def _nieuw_renderproces() -> ProcessPoolExecutor:
    from django.conf import settings

    return ProcessPoolExecutor(
        max_workers=1,
        # Not fork: the web worker has threads and an open database connection.
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_start_renderproces,
        initargs=(settings.PDF_RENDER_NICE, os.getpid()),
    )


def _in_renderproces(functie: Callable, *args: object) -> tuple[ProcessPoolExecutor, Future]:
    """Run `functie(*args)` in this web process's render process.

    The process starts on first use and is replaced after RENDERS_PER_KINDPROCES
    renders, or when it has died. Not ProcessPoolExecutor(max_tasks_per_child=...): on
    Python 3.11 a pool can then wait forever for a replacement process after
    overlapping renders (CPython gh-115634). A replaced pool finishes what it has.
    """
    global _pool, _renders
    with _pool_lock:
        if _pool is not None and _renders >= RENDERS_PER_KINDPROCES:
            _pool.shutdown(wait=False)
            _pool = None
        if _pool is None:
            _pool, _renders = _nieuw_renderproces(), 0
        try:
            toekomst = _pool.submit(functie, *args)
        except BrokenProcessPool:  # its process died since the last render
            _pool, _renders = _nieuw_renderproces(), 0
            toekomst = _pool.submit(functie, *args)
        _renders += 1
        return _pool, toekomst


def _start_renderproces(nice: int, webproces: int) -> None:
    """In the render process: lower its priority and end it with its web process."""
    os.nice(nice)
    threading.Thread(target=_volg_webproces, args=(webproces,), daemon=True).start()


def _volg_webproces(webproces: int) -> None:
    # A web worker that is killed outright (gunicorn's timeout, out of memory) cannot
    # stop its render process, which would live on as an orphan holding its memory.
    while os.getppid() == webproces:
        time.sleep(1)
    os._exit(0)


def _vergeet_kapot_renderproces(kapot: ProcessPoolExecutor) -> None:
    global _pool
    with _pool_lock:
        if _pool is kapot:
            _pool = None


def html_naar_pdf(html: str) -> bytes:
    """The PDF of `html`, rendered in this web process's render process."""
    renderproces, toekomst = _in_renderproces(render, html)
    try:
        return toekomst.result()
    except BrokenProcessPool:
        # The process died during this render (killed, out of memory): once more in a new one.
        _vergeet_kapot_renderproces(renderproces)
        return _in_renderproces(render, html)[1].result()
