"""HTML to PDF with WeasyPrint, fetching nothing but the report's own fonts.

The report's CSS is inlined and its chart is inline SVG, so WeasyPrint needs no
file or URL except the Noto Sans files of the npm package: the fetcher refuses every
other request, which also keeps text typed by users from making the server load anything.

Every PDF is tagged: a concept as PDF/UA-1, a frozen report as PDF/A-3a (tagged too)
with its data as attachments.
"""

import gc
import logging
import multiprocessing
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from datetime import datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

# WeasyPrint reports every layout step at INFO; the portal's logs want only its warnings.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

from weasyprint import CSS, HTML, Attachment  # noqa: E402 - after quieting its progress logger
from weasyprint.document import Document  # noqa: E402
from weasyprint.text.fonts import FontConfiguration  # noqa: E402
from weasyprint.urls import URLFetcher  # noqa: E402

# The portal's typeface, static files from the npm package @fontsource/noto-sans.
LETTERTYPEN = Path(__file__).resolve().parent.parent / "node_modules/@fontsource/noto-sans/files"
LETTERVARIANTEN = [(gewicht, stijl) for gewicht in (400, 700) for stijl in ("normal", "italic")]
CONCEPTVARIANT = "pdf/ua-1"
ARCHIEFVARIANT = "pdf/a-3a"


class _AlleenLettertypen(URLFetcher):
    def fetch(self, url, headers=None):
        delen = urlsplit(url)
        pad = Path(unquote(delen.path)).resolve()
        if delen.scheme == "file" and pad.parent == LETTERTYPEN and pad.suffix == ".woff":
            return super().fetch(url, headers)
        raise ValueError(f"A report loads nothing from outside: {url}")


FETCHER = _AlleenLettertypen()

# WeasyPrint's user-agent stylesheet cut to the elements of the report (see the file).
STANDAARDSTIJL = CSS(
    filename=Path(__file__).resolve().parent.parent / "templates/rapportages/standaard.css"
)


class _Rapport(HTML):
    def _ua_stylesheets(self, forms=False):
        return [STANDAARDSTIJL]


_lettertypen: FontConfiguration | None = None


def lettertypen() -> FontConfiguration:
    """One per process: it keeps every @font-face file it has read, so renders after the
    first read none."""
    global _lettertypen
    if _lettertypen is None:
        _lettertypen = FontConfiguration()
    return _lettertypen


def opmaak(html: str) -> Document:
    """WeasyPrint's layout of `html`, its pages and boxes, as a render lays it out."""
    return _Rapport(string=html, url_fetcher=FETCHER).render(font_config=lettertypen())


def render(
    html: str,
    *,
    variant: str = CONCEPTVARIANT,
    bijlagen: tuple[tuple[str, str, str], ...] = (),
    tijdstip: datetime | None = None,
) -> bytes:
    """WeasyPrint's layout and PDF writing, in this process.

    `bijlagen` are (name, text, description) embedded as files, dated `tijdstip`.
    """
    return _Rapport(string=html, url_fetcher=FETCHER).write_pdf(
        font_config=lettertypen(),
        pdf_variant=variant,
        attachments=[
            Attachment(
                string=tekst,
                url_fetcher=FETCHER,
                name=naam,
                description=beschrijving,
                created=tijdstip,
                modified=tijdstip,
                relationship="Data",
            )
            for naam, tekst, beschrijving in bijlagen
        ],
    )


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


def _in_renderproces(
    functie: Callable, *args: object, **kwargs: object
) -> tuple[ProcessPoolExecutor, Future]:
    """Run `functie(*args, **kwargs)` in this web process's render process.

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
            toekomst = _pool.submit(functie, *args, **kwargs)
        except BrokenProcessPool:  # its process died since the last render
            _pool, _renders = _nieuw_renderproces(), 0
            toekomst = _pool.submit(functie, *args, **kwargs)
        _renders += 1
        return _pool, toekomst


def _start_renderproces(nice: int, webproces: int) -> None:
    """In the render process: lower its priority and end it with its web process."""
    os.nice(nice)
    threading.Thread(target=_volg_webproces, args=(webproces,), daemon=True).start()
    bevries_opstart()


def bevries_opstart() -> None:
    """Hide every object alive now (modules, WeasyPrint, its stylesheets) from the garbage
    collector, so the full collections during a render traverse only that render's objects.

    A render allocates hundreds of thousands of objects and so triggers full collections;
    over the 150,000 objects of a started process they cost 0.15 s of a 1x programme
    report and 0.4 s at 100x, a third of that once frozen (docs/metingen.md).
    """
    gc.collect()
    gc.freeze()


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


def html_naar_pdf(html: str, **opties) -> bytes:
    """The PDF of `html`, rendered in this web process's render process (options of render)."""
    renderproces, toekomst = _in_renderproces(render, html, **opties)
    try:
        return toekomst.result()
    except BrokenProcessPool:
        # The process died during this render (killed, out of memory): once more in a new one.
        _vergeet_kapot_renderproces(renderproces)
        return _in_renderproces(render, html, **opties)[1].result()
