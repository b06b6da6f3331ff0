"""koers.pdf: reports render in a child process that gives way to the pages."""

import os
import signal
import time

from koers import pdf

HTML = "<h1>Voortgangsrapportage</h1><p>Opgave 1</p>"


def test_a_pdf_renders_in_a_process_of_its_own_at_a_lower_cpu_priority(settings):
    renderproces = pdf._renderproces()

    assert pdf.html_naar_pdf(HTML).startswith(b"%PDF-")
    assert renderproces.submit(os.getpid).result() != os.getpid()
    verwacht = min(os.nice(0) + settings.PDF_RENDER_NICE, 19)
    assert renderproces.submit(os.nice, 0).result() == verwacht


def test_a_killed_render_process_is_replaced_and_the_pdf_still_arrives():
    pid = pdf._renderproces().submit(os.getpid).result()
    os.kill(pid, signal.SIGKILL)
    # The pool notices the death on its own thread; give it a moment to mark itself broken.
    for _ in range(100):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.05)

    assert pdf.html_naar_pdf(HTML).startswith(b"%PDF-")
    assert pdf._renderproces().submit(os.getpid).result() != pid
