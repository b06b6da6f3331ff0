"""Load run: gunicorn on the benchmark database, driven over loopback by wrk.

Starts gunicorn with the portal's own gunicorn.conf.py (only the bind address and
the access log differ), logs in by writing a session for the benchmark account,
and runs wrk per page, then a mix of all pages, then that mix again while four
clients keep downloading the programme PDF with a new peildatum each time (so
every download is a cold render). Any answer other than 200 is an error.
"""

import http.client
import itertools
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from django.conf import settings
from django.test import Client

ROOT = Path(__file__).resolve().parents[1]
LUA = Path(__file__).resolve().parent / "wrk.lua"
HOST = "127.0.0.1"
PDF_PAD = "/rapportages/programma.pdf"
PDF_CLIENTS = 4


@dataclass
class Wrkresultaat:
    verzoeken: int
    duur_s: float
    # None when not one request was answered within the measurement.
    p50_ms: float | None
    p95_ms: float | None
    p99_ms: float | None
    max_ms: float | None
    fouten: int
    foutdetails: str
    # What gunicorn logged meanwhile: worker recycling (max_requests) closes keep-alive
    # connections, which wrk reports as read errors; timeouts and tracebacks are worse.
    herstarts: int = 0
    serverfouten: list[str] = field(default_factory=list)

    @property
    def per_seconde(self) -> float:
        return self.verzoeken / self.duur_s if self.duur_s else 0.0


@dataclass
class Pdfresultaat:
    begonnen: int = 0
    afgebroken: int = 0  # still running when the measurement ended
    tijden_ms: list[float] = field(default_factory=list)
    fouten: list[str] = field(default_factory=list)

    @property
    def mediaan_ms(self) -> float | None:
        return statistics.median(self.tijden_ms) if self.tijden_ms else None


@dataclass
class Belasting:
    paginas: dict[str, Wrkresultaat]
    mix: Wrkresultaat
    mix_met_pdf: Wrkresultaat
    pdf: Pdfresultaat
    verbindingen: int
    seconden: int
    mix_seconden: int


def _vrije_poort() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def _omgeving(poort: int) -> dict[str, str]:
    omgeving = dict(os.environ)
    omgeving.update(
        BIND=f"{HOST}:{poort}",
        ALLOWED_HOSTS=HOST,
        DEBUG="false",
        HTTPS="false",
        PYTHONUNBUFFERED="1",
    )
    return omgeving


@contextmanager
def gunicorn(logbestand: Path):
    """A running gunicorn (the portal's settings) for the duration of the block."""
    poort = _vrije_poort()
    opdracht = [
        str(Path(sys.executable).parent / "gunicorn"),
        "-c",
        str(ROOT / "gunicorn.conf.py"),
        "koers.wsgi",
        "--bind",
        f"{HOST}:{poort}",
        "--access-logfile",
        "/dev/null",
    ]
    with logbestand.open("ab") as log:
        proces = subprocess.Popen(
            opdracht, cwd=ROOT, env=_omgeving(poort), stdout=log, stderr=subprocess.STDOUT
        )
    try:
        _wacht_op_health(proces, poort, logbestand)
        yield poort
    finally:
        proces.terminate()
        try:
            proces.wait(timeout=45)
        except subprocess.TimeoutExpired:
            proces.kill()
            proces.wait()


def _wacht_op_health(proces: subprocess.Popen, poort: int, logbestand: Path) -> None:
    einde = time.monotonic() + 60
    while time.monotonic() < einde:
        if proces.poll() is not None:
            raise RuntimeError(
                f"gunicorn stopte meteen (code {proces.returncode}):\n"
                + logbestand.read_text(errors="replace")[-3000:]
            )
        try:
            with urllib.request.urlopen(f"http://{HOST}:{poort}/health/", timeout=2) as antwoord:
                if antwoord.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    raise RuntimeError("gunicorn beantwoordde /health/ niet binnen 60 seconden")


def sessiecookie(gebruiker) -> str:
    """A logged-in session in the database, as the cookie header a browser would send."""
    client = Client()
    client.force_login(gebruiker)
    naam = settings.SESSION_COOKIE_NAME
    return f"{naam}={client.cookies[naam].value}"


def wrk(
    poort: int, pad: str, *, seconden: int, verbindingen: int, cookie: str, mix: list[str] = ()
) -> Wrkresultaat:
    opdracht = [
        "wrk",
        "-t1",
        f"-c{verbindingen}",
        f"-d{seconden}s",
        "--timeout",
        "30s",
        "--latency",
        "-s",
        str(LUA),
        "-H",
        f"Host: {HOST}",
        "-H",
        f"Cookie: {cookie}",
        f"http://{HOST}:{poort}{pad}",
    ]
    if mix:
        opdracht += ["--", *mix]
    uitvoer = subprocess.run(
        opdracht, capture_output=True, text=True, check=True, timeout=seconden + 90
    ).stdout
    regel = next(r for r in uitvoer.splitlines() if r.startswith("BENCH-JSON "))
    r = json.loads(regel.removeprefix("BENCH-JSON "))
    # wrk counts status >= 400 itself; the script counts every status other than 200.
    overige = {"connect": r["connect"], "read": r["read"], "write": r["write"]}
    overige["timeout"] = r["timeout"]
    details = [f"{soort} {aantal}" for soort, aantal in overige.items() if aantal]
    if r["statussen"]:
        details.append(f"status {r['statussen']}")
    beantwoord = r["verzoeken"] > 0
    return Wrkresultaat(
        verzoeken=r["verzoeken"],
        duur_s=r["duur_us"] / 1e6,
        p50_ms=r["p50_us"] / 1000 if beantwoord else None,
        p95_ms=r["p95_us"] / 1000 if beantwoord else None,
        p99_ms=r["p99_us"] / 1000 if beantwoord else None,
        max_ms=r["max_us"] / 1000 if beantwoord else None,
        fouten=r["niet_200"] + sum(overige.values()),
        foutdetails=", ".join(details),
    )


def _serverlog(logbestand: Path, vanaf: int) -> tuple[int, list[str]]:
    """Worker restarts and errors (timeouts, tracebacks) gunicorn logged since byte `vanaf`."""
    with logbestand.open("rb") as log:
        log.seek(vanaf)
        regels = log.read().decode(errors="replace").splitlines()
    herstarts = sum("Autorestarting worker" in regel for regel in regels)
    tekens = ("[ERROR]", "[CRITICAL]", "WORKER TIMEOUT", "Traceback")
    return herstarts, [regel for regel in regels if any(t in regel for t in tekens)]


def _opwarmen(poort: int, paden: list[str], cookie: str) -> None:
    """Every page a few times, so each worker has imported and connected before timing."""
    for pad in paden * 3:
        verbinding = http.client.HTTPConnection(HOST, poort, timeout=120)
        try:
            verbinding.request("GET", pad, headers={"Host": HOST, "Cookie": cookie})
            verbinding.getresponse().read()
        finally:
            verbinding.close()


class Pdfdownloads:
    """PDF_CLIENTS threads, each downloading the programme PDF for as long as the block lasts.

    Every download asks for a peildatum not asked before in this run (counting up from
    2026-07-01, so every progress update counts), so the cache never answers it. At the
    end of the block the downloads still running are broken off (and counted as such, not
    as errors): the measurement is the pages' time while the renders run, and a render at
    100x can take minutes.
    """

    def __init__(self, poort: int, cookie: str, teller: itertools.count) -> None:
        self.poort, self.cookie, self.teller = poort, cookie, teller
        self.resultaat = Pdfresultaat()
        self._stop = threading.Event()
        self._slot = threading.Lock()
        self._open: set[http.client.HTTPConnection] = set()
        self._threads = [
            threading.Thread(target=self._download, daemon=True) for _ in range(PDF_CLIENTS)
        ]

    def __enter__(self) -> "Pdfdownloads":
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *_) -> None:
        with self._slot:
            self._stop.set()
            for verbinding in self._open:
                if verbinding.sock is not None:
                    verbinding.sock.shutdown(socket.SHUT_RDWR)
        for thread in self._threads:
            thread.join(timeout=30)

    def _download(self) -> None:
        while True:
            verbinding = http.client.HTTPConnection(HOST, self.poort, timeout=600)
            with self._slot:
                if self._stop.is_set():
                    return
                peildatum = date(2026, 7, 1) + timedelta(days=next(self.teller))
                self._open.add(verbinding)
                self.resultaat.begonnen += 1
            pad = f"{PDF_PAD}?peildatum={peildatum.isoformat()}"
            begin = time.perf_counter()
            try:
                verbinding.request("GET", pad, headers={"Host": HOST, "Cookie": self.cookie})
                antwoord = verbinding.getresponse()
                inhoud = antwoord.read()
                duur = (time.perf_counter() - begin) * 1000
                fout, onderbroken = None, False
                if antwoord.status != 200 or not inhoud.startswith(b"%PDF"):
                    fout = f"status {antwoord.status}"
            except (OSError, http.client.HTTPException) as uitzondering:
                fout, onderbroken = type(uitzondering).__name__, self._stop.is_set()
            finally:
                with self._slot:
                    self._open.discard(verbinding)
                verbinding.close()
            with self._slot:
                if fout is None:
                    self.resultaat.tijden_ms.append(duur)
                elif onderbroken:
                    self.resultaat.afgebroken += 1
                else:
                    self.resultaat.fouten.append(fout)


def belastingsrun(
    gebruiker,
    paginas: list[tuple[str, str]],
    *,
    seconden: int,
    mix_seconden: int,
    verbindingen: int,
    logbestand: Path,
    pdf_teller: itertools.count,
) -> Belasting:
    """paginas: (name, path) with the floor first; the mix is every page but the floor."""
    mixpaden = [pad for _, pad in paginas[1:]]
    with gunicorn(logbestand) as poort:
        cookie = sessiecookie(gebruiker)
        _opwarmen(poort, [pad for _, pad in paginas], cookie)

        def meet(pad: str, duur: int, mix: list[str] = ()) -> Wrkresultaat:
            begin = logbestand.stat().st_size
            resultaat = wrk(
                poort, pad, seconden=duur, verbindingen=verbindingen, cookie=cookie, mix=mix
            )
            # wrk stops with requests still in flight; let the server finish them before
            # the next measurement starts (they take about as long as the slowest answers).
            time.sleep(min(10.0, max(0.5, (resultaat.max_ms or duur * 1000) / 1000)))
            resultaat.herstarts, resultaat.serverfouten = _serverlog(logbestand, begin)
            return resultaat

        resultaten = {}
        for naam, pad in paginas:
            print(f"  belasting {naam} ...", file=sys.stderr, flush=True)
            resultaten[naam] = meet(pad, seconden)
        print("  belasting mix ...", file=sys.stderr, flush=True)
        mix = meet(mixpaden[0], mix_seconden, mixpaden)
        print("  belasting mix met vier PDF-downloads ...", file=sys.stderr, flush=True)
        with Pdfdownloads(poort, cookie, pdf_teller) as downloads:
            mix_met_pdf = meet(mixpaden[0], mix_seconden, mixpaden)
    return Belasting(
        paginas=resultaten,
        mix=mix,
        mix_met_pdf=mix_met_pdf,
        pdf=downloads.resultaat,
        verbindingen=verbindingen,
        seconden=seconden,
        mix_seconden=mix_seconden,
    )
