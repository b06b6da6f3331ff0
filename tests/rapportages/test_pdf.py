"""rapportages.pdf: reports render in a child process that gives way to the pages."""

import gc
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from rapportages import pdf

HTML = "<h1>Voortgangsrapportage</h1><p>Opgave 1</p>"


def _in_renderproces(functie, *args):
    return pdf._in_renderproces(functie, *args)[1].result()


def test_a_pdf_renders_in_a_process_of_its_own_at_a_lower_cpu_priority(settings, monkeypatch):
    def niet_in_het_webproces(*args, **kwargs):
        raise AssertionError("WeasyPrint ran in the web process")

    monkeypatch.setattr(pdf, "_Rapport", niet_in_het_webproces)  # the render process has its own

    assert pdf.html_naar_pdf(HTML).startswith(b"%PDF-")

    assert _in_renderproces(os.getpid) != os.getpid()
    verwacht = min(os.nice(0) + settings.PDF_RENDER_NICE, 19)
    assert _in_renderproces(os.nice, 0) == verwacht


def test_the_render_process_hides_what_it_loaded_from_the_garbage_collector():
    # Its modules and WeasyPrint's stylesheets: a render's full collections skip them.
    assert _in_renderproces(gc.get_freeze_count) > 10_000


def test_a_killed_render_process_is_replaced_and_the_pdf_still_arrives():
    pid = _in_renderproces(os.getpid)
    os.kill(pid, signal.SIGKILL)
    # The pool notices the death on its own thread; give it a moment to mark itself broken.
    for _ in range(100):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.05)

    assert pdf.html_naar_pdf(HTML).startswith(b"%PDF-")
    assert _in_renderproces(os.getpid) != pid


def _binnen(seconden: float, functie, *args):
    """functie(*args), or a failed test if it takes longer (a daemon thread never blocks exit)."""
    uitkomst: queue.Queue = queue.Queue()
    threading.Thread(target=lambda: uitkomst.put(functie(*args)), daemon=True).start()
    try:
        return uitkomst.get(timeout=seconden)
    except queue.Empty:
        pytest.fail(f"no answer within {seconden} s")


def test_the_render_process_is_replaced_after_its_quota_also_after_overlapping_renders(
    monkeypatch,
):
    monkeypatch.setattr(pdf, "RENDERS_PER_KINDPROCES", 3)
    monkeypatch.setattr(pdf, "_pool", None)
    eerste = _in_renderproces(os.getpid)

    with ThreadPoolExecutor(3) as threads:  # three requests at once, as gthread allows
        assert all(p.startswith(b"%PDF-") for p in threads.map(pdf.html_naar_pdf, [HTML] * 3))
    for _ in range(4):
        assert _binnen(30, pdf.html_naar_pdf, HTML).startswith(b"%PDF-")

    assert _in_renderproces(os.getpid) != eerste


def _leeft(pid: int) -> bool:
    """Running, not ended (a zombie waiting for its new parent to reap it has ended)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def test_a_render_process_ends_when_its_web_worker_is_killed_outright():
    webworker = subprocess.Popen(
        [sys.executable, "-c", WEBWORKER],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "koers.settings", "DEBUG": "true"},
        cwd=Path(__file__).resolve().parents[2],
        stdout=subprocess.PIPE,
        text=True,
    )
    renderproces = int(webworker.stdout.readline())
    assert _leeft(renderproces)

    webworker.kill()  # SIGKILL: no atexit, no shutdown of the pool
    webworker.wait()

    for _ in range(100):
        if not _leeft(renderproces):
            break
        time.sleep(0.1)
    assert not _leeft(renderproces)


# A web process that starts its render process, says which it is, and waits to be killed.
WEBWORKER = """
import os, time, django
django.setup()
from rapportages import pdf
print(pdf._in_renderproces(os.getpid)[1].result(), flush=True)
time.sleep(60)
"""
