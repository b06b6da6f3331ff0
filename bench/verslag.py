"""docs/performance.md from the benchmark's results: machine, tables and targets (in Dutch)."""

import math
import os
import platform
import runpy
import subprocess
from datetime import datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import django
from django.db import connection

ROOT = Path(__file__).resolve().parents[1]

DOEL_X_VLOER = 3.0
DOEL_P95_MS = 150.0
# Issue 18: uncached, per role, at 100x; and the growth from 1x to 100x.
DOEL_ONGECACHET_X_VLOER = 5.0
DOEL_GROEI = 1.3
DOEL_SCHRIJFPAD_X_VLOER = 10.0


# --- The machine ---


def _cpu_model() -> str:
    try:
        for regel in Path("/proc/cpuinfo").read_text().splitlines():
            if regel.startswith("model name"):
                return regel.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _geheugen() -> str:
    try:
        for regel in Path("/proc/meminfo").read_text().splitlines():
            if regel.startswith("MemTotal:"):
                return f"{int(regel.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    return "onbekend"


def belasting_nu() -> str:
    """The load average as `uptime` prints it."""
    try:
        uitvoer = subprocess.run(["uptime"], capture_output=True, text=True, check=True).stdout
        return "load average" + uitvoer.split("load average", 1)[1].strip()
    except (OSError, subprocess.CalledProcessError, IndexError):
        return "load average: " + ", ".join(f"{x:.2f}" for x in os.getloadavg())


def _versie(pakket: str) -> str:
    try:
        return version(pakket)
    except PackageNotFoundError:
        return "?"


def _wrk_versie() -> str:
    try:
        uitvoer = subprocess.run(["wrk", "--version"], capture_output=True, text=True).stdout
        return uitvoer.split()[1]
    except (OSError, IndexError):
        return "?"


def _database() -> str:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            return f"PostgreSQL {cursor.fetchone()[0]}"
    return f"{connection.vendor} {connection.Database.sqlite_version}"


def _opdracht() -> str:
    """The command as given: bench/run, with the BENCH_ settings that were not defaults."""
    instellingen = sorted(
        f"{naam}={waarde}"
        for naam, waarde in os.environ.items()
        if naam.startswith("BENCH_") and naam not in ("BENCH_MAP", "BENCH_UIT")
    )
    return " ".join([*instellingen, "bench/run"])


def machine() -> dict[str, str]:
    conf = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    return {
        "gestart": datetime.now().astimezone().strftime("%d-%m-%Y %H:%M %Z"),
        "cpu": f"{os.cpu_count()} cores, {_cpu_model()}",
        "geheugen": _geheugen(),
        "os": platform.platform(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "database": _database(),
        "gunicorn": f"gunicorn {_versie('gunicorn')}, {conf['workers']} workers x "
        f"{conf['threads']} threads ({conf['worker_class']}), gunicorn.conf.py",
        "max_requests": (
            f"{conf['max_requests']} plus hooguit {conf['max_requests_jitter']}"
            if conf["max_requests"]
            else "uit"
        ),
        "weasyprint": _versie("weasyprint"),
        "wrk": _wrk_versie(),
        "belasting_start": belasting_nu(),
        "opdracht": _opdracht(),
    }


# --- Formatting ---


def ms(waarde: float | None) -> str:
    if waarde is None:
        return "-"
    return f"{waarde:.0f}" if waarde >= 100 else f"{waarde:.1f}"


def keer(waarde: float | None) -> str:
    return "-" if waarde is None else f"{waarde:.1f}x"


def oordeel(gehaald: bool) -> str:
    return "gehaald" if gehaald else "**niet gehaald**"


def foutcel(aantal: int, details: str = "") -> str:
    if not aantal:
        return "0"
    return f"**{aantal}** ({details})" if details else f"**{aantal}**"


def _fouttekst(fouten: list[str]) -> str:
    soorten: dict[str, int] = {}
    for fout in fouten:
        soorten[fout] = soorten.get(fout, 0) + 1
    return "; ".join(f"{fout} x{n}" for fout, n in soorten.items())


# --- Tables ---


def _schaalsectie(titel: str, resultaat: dict, vloer: str) -> list[str]:
    return [
        f"## {titel}",
        "",
        load_regel(resultaat),
        "",
        "### In het proces",
        "",
        *tabel_in_proces(resultaat, vloer),
        "",
        *tabel_pdfs(resultaat),
        "",
        "### Onder belasting (gunicorn, wrk)",
        "",
        *tabel_belasting(resultaat["belasting"], vloer),
        "",
    ]


def tabel_in_proces(resultaat: dict, vloer: str) -> list[str]:
    basis = resultaat["paginas"][vloer].mediaan
    regels = [
        "| pagina | queries | mediaan (ms) | p95 (ms) | x vloer | na een wijziging (ms) | fouten |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for naam, m in resultaat["paginas"].items():
        regels.append(
            f"| {naam} | {m.queries_tekst} | {ms(m.mediaan)} | {ms(m.p95)} | "
            f"{keer(m.mediaan / basis)} | {ms(m.koud)} | "
            f"{foutcel(len(m.fouten), _fouttekst(m.fouten))} |"
        )
    return regels


def tabel_pdfs(resultaat: dict) -> list[str]:
    regels = [
        "| rapport | queries koud | koud n | koud mediaan (ms) | koud max (ms) "
        "| queries uit cache | uit cache mediaan (ms) | uit cache p95 (ms) | fouten |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for naam, (koud, uit_cache) in resultaat["pdfs"].items():
        fouten = koud.fouten + uit_cache.fouten
        regels.append(
            f"| {naam} | {koud.queries} | {len(koud.tijden_ms)} | {ms(koud.mediaan)} | "
            f"{ms(koud.max)} | "
            f"{uit_cache.queries} | {ms(uit_cache.mediaan)} | {ms(uit_cache.p95)} | "
            f"{foutcel(len(fouten), _fouttekst(fouten))} |"
        )
    return regels


def verhouding(waarde: float | None, basis: float | None) -> float | None:
    return None if waarde is None or not basis else waarde / basis


def onder_doel(p95_ms: float | None) -> bool:
    """No answer at all within the measurement is no target met."""
    return p95_ms is not None and p95_ms < DOEL_P95_MS


def _wrkfouten(r) -> str:
    """wrk's errors, with what gunicorn logged during the same measurement."""
    delen = [r.foutdetails] if r.foutdetails else []
    if r.herstarts:
        delen.append(f"gunicorn herstartte {r.herstarts} worker(s) na max_requests")
    if r.serverfouten:
        delen.append(f"{len(r.serverfouten)} foutregels in de gunicorn-log")
    return "; ".join(delen)


def tabel_belasting(belasting, vloer: str) -> list[str]:
    basis = belasting.paginas[vloer].p50_ms
    regels = [
        "| pagina | verzoeken | per seconde | mediaan (ms) | p95 (ms) | p99 (ms) "
        "| mediaan x vloer | fouten |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]

    def rij(naam: str, r, x_vloer: str) -> str:
        fouten = foutcel(r.fouten, _wrkfouten(r))
        if not r.fouten and r.serverfouten:
            fouten = f"0 (**{len(r.serverfouten)} foutregels in de gunicorn-log**)"
        return (
            f"| {naam} | {r.verzoeken} | {r.per_seconde:.1f} | {ms(r.p50_ms)} | {ms(r.p95_ms)} | "
            f"{ms(r.p99_ms)} | {x_vloer} | {fouten} |"
        )

    for naam, r in belasting.paginas.items():
        regels.append(rij(naam, r, keer(verhouding(r.p50_ms, basis))))
    regels.append(rij("**mix** van alle pagina's (zonder vloer)", belasting.mix, "-"))
    regels.append(rij("**mix** + vier PDF-downloads tegelijk", belasting.mix_met_pdf, "-"))
    serverfouten = [
        regel
        for r in [*belasting.paginas.values(), belasting.mix, belasting.mix_met_pdf]
        for regel in r.serverfouten
    ]
    if serverfouten:
        regels += ["", "De eerste foutregels uit de gunicorn-log:", "", "```"]
        regels += [regel[:300] for regel in serverfouten[:10]]
        regels += ["```"]
    pdf = belasting.pdf
    klaar = (
        f"mediaan {ms(pdf.mediaan_ms)} ms, langste {ms(max(pdf.tijden_ms))} ms"
        if pdf.tijden_ms
        else "geen enkele was klaar binnen de meting"
    )
    regels += [
        "",
        f"PDF-downloads tijdens de tweede mix (programma-PDF, elk met een nieuwe peildatum, "
        f"dus steeds koud): {pdf.begonnen} begonnen, {len(pdf.tijden_ms)} voltooid ({klaar}), "
        f"{pdf.afgebroken} nog bezig aan het einde van de meting en afgebroken; "
        f"fouten: {foutcel(len(pdf.fouten), _fouttekst(pdf.fouten))}.",
    ]
    return regels


def _paginafouten(resultaat: dict, naam: str) -> int:
    return len(resultaat["paginas"][naam].fouten) + resultaat["belasting"].paginas[naam].fouten


def alle_fouten(resultaat: dict) -> int:
    belasting = resultaat["belasting"]
    totaal = sum(len(m.fouten) for m in resultaat["paginas"].values())
    totaal += sum(len(k.fouten) + len(c.fouten) for k, c in resultaat["pdfs"].values())
    totaal += sum(r.fouten for r in belasting.paginas.values())
    totaal += belasting.mix.fouten + belasting.mix_met_pdf.fouten + len(belasting.pdf.fouten)
    return totaal


def doelen(resultaat: dict, vloer: str) -> list[str]:
    """Per page: both targets, judged on the figures as measured. A page that answered
    anything but 200 meets neither (a fast error page is no fast page)."""
    belasting = resultaat["belasting"]
    basis = resultaat["paginas"][vloer].mediaan
    vloer_belast = belasting.paginas[vloer].p50_ms
    regels = [
        f"| pagina (100x) | mediaan in het proces (ms) | x vloer | ≤ {DOEL_X_VLOER:.0f}x vloer "
        f"| p95 onder belasting (ms) | < {DOEL_P95_MS:.0f} ms | mediaan onder belasting x vloer "
        "| fouten |",
        "| --- | ---: | ---: | --- | ---: | --- | ---: | ---: |",
    ]
    snel = licht = 0
    namen = [naam for naam in resultaat["paginas"] if naam != vloer]
    for naam in namen:
        m = resultaat["paginas"][naam]
        r = belasting.paginas[naam]
        fouten = _paginafouten(resultaat, naam)
        x_vloer = m.mediaan / basis
        binnen_vloer = x_vloer <= DOEL_X_VLOER and not fouten
        binnen_p95 = onder_doel(r.p95_ms) and not fouten
        snel += binnen_vloer
        licht += binnen_p95
        p95 = ms(r.p95_ms) if r.p95_ms is not None else "geen antwoord"
        regels.append(
            f"| {naam} | {ms(m.mediaan)} | {keer(x_vloer)} | {oordeel(binnen_vloer)} | "
            f"{p95} | {oordeel(binnen_p95)} | {keer(verhouding(r.p50_ms, vloer_belast))} | "
            f"{foutcel(fouten)} |"
        )
    fouten = alle_fouten(resultaat)
    regels += [
        "",
        f"- Binnen {DOEL_X_VLOER:.0f}x de vloer (mediaan in het proces, vloer "
        f"{ms(basis)} ms): {snel} van {len(namen)} pagina's — "
        f"{oordeel(snel == len(namen))}.",
        f"- p95 onder belasting onder {DOEL_P95_MS:.0f} ms (wrk per pagina): "
        f"{licht} van {len(namen)} pagina's — {oordeel(licht == len(namen))}.",
        f"- Mix van alle pagina's: p95 {ms(belasting.mix.p95_ms)} ms "
        f"({oordeel(onder_doel(belasting.mix.p95_ms))}); met vier PDF-downloads tegelijk "
        f"p95 {ms(belasting.mix_met_pdf.p95_ms)} ms "
        f"({oordeel(onder_doel(belasting.mix_met_pdf.p95_ms))}).",
        f"- Fouten (elk antwoord anders dan 200, in het proces en onder belasting, PDF's "
        f"meegeteld): {fouten} — {oordeel(fouten == 0)}.",
    ]
    return regels


def _cel(meting) -> str:
    return f"{ms(meting.mediaan)} ({keer(meting.x_vloer)})"


def _groei(een, honderd) -> float:
    return honderd.mediaan / een.mediaan


def ongecachet(een: dict, honderd: dict) -> list[str]:
    """Uncached pages per role and the write path, 1x beside 100x (bench/rollen.py)."""
    if "ongecachet" not in een or "ongecachet" not in honderd:
        return []
    rollen = list(next(iter(een["ongecachet"]["per_rol"].values())))
    kop = " | ".join(f"{rol} 1x | {rol} 100x | groei" for rol in rollen)
    regels = [
        "## Ongecachet per rol en het schrijfpad (issue 18)",
        "",
        "Elke aanvraag met een vooraf geleegde cache (zoals de eerste na elke wijziging, en "
        "elke pagina met bewerkknoppen), direct na een aanvraag van `/health/`: de vloer "
        "wordt tussendoor gemeten, onder dezelfde belasting. Cellen: mediaan in ms (x de "
        "vloer van diezelfde reeks); groei is 100x gedeeld door 1x. `beleid` is de "
        "beleidsmedewerker van opgave 3 (met bewerkrechten daar), `management` leest alles "
        "zonder bewerkknoppen (`bench/rollen.py`). De EXPLAIN-notities bij de queries van "
        "issue 18 staan in `docs/metingen.md` (`bench/uitleg.py`).",
        "",
        f"| pagina | {kop} | queries (1x → 100x) |",
        "| --- |" + " ---: | ---: | ---: |" * len(rollen) + " ---: |",
    ]
    binnen, groei_ok, totaal = 0, 0, 0
    for naam, per_rol in een["ongecachet"]["per_rol"].items():
        cellen, queries = [], []
        for rol in rollen:
            a, b = per_rol[rol], honderd["ongecachet"]["per_rol"][naam][rol]
            groei = _groei(a, b)
            cellen += [_cel(a), _cel(b), keer(groei)]
            queries.append(f"{a.queries} → {b.queries}")
            totaal += 1
            binnen += b.x_vloer <= DOEL_ONGECACHET_X_VLOER
            groei_ok += groei <= DOEL_GROEI
        regels.append(f"| {naam} | {' | '.join(cellen)} | {'; '.join(queries)} |")
    a, b = een["ongecachet"]["schrijfpad"], honderd["ongecachet"]["schrijfpad"]
    fouten = len(a.fouten) + len(b.fouten)
    regels += [
        "",
        "Schrijfpad (een activiteit van opgave 3 opslaan als haar beleidsmedewerker: het "
        "formulier, de POST en de pagina waar de redirect heen gaat, samen): "
        f"1x {_cel(a)}, 100x {_cel(b)}, groei {keer(_groei(a, b))}; "
        f"{a.queries} → {b.queries} queries.",
        "",
        f"- Ongecachet bij 100x binnen {DOEL_ONGECACHET_X_VLOER:.0f}x de vloer: {binnen} van "
        f"{totaal} (pagina, rol) — {oordeel(binnen == totaal)}.",
        f"- Groei van 1x naar 100x hoogstens {DOEL_GROEI}x: {groei_ok} van {totaal} — "
        f"{oordeel(groei_ok == totaal)}.",
        f"- Schrijfpad bij 100x binnen {DOEL_SCHRIJFPAD_X_VLOER:.0f}x de vloer: "
        f"{keer(b.x_vloer)} — {oordeel(b.x_vloer <= DOEL_SCHRIJFPAD_X_VLOER)}.",
        f"- Fouten in deze metingen: {_ongecachet_fouten(een) + _ongecachet_fouten(honderd)}"
        f" — {oordeel(_ongecachet_fouten(een) + _ongecachet_fouten(honderd) == 0)}"
        + (f" (schrijfpad: {fouten})" if fouten else "")
        + ".",
        "",
    ]
    return regels


def _ongecachet_fouten(resultaat: dict) -> int:
    deel = resultaat["ongecachet"]
    return sum(len(m.fouten) for rollen in deel["per_rol"].values() for m in rollen.values()) + len(
        deel["schrijfpad"].fouten
    )


def load_regel(resultaat: dict) -> str:
    """The machine's load just before each part: other work on it shows here."""
    delen = "; ".join(f"{fase}: {load}" for fase, load in resultaat["load"].items())
    return f"Belasting van de machine (`uptime`) vlak voor de metingen — {delen}."


def _duur(seconden: float) -> str:
    minuten, rest = divmod(round(seconden), 60)
    return f"{minuten} min {rest} s" if minuten else f"{rest} s"


def _excelsectie(tabel: str | None) -> list[str]:
    if not tabel:
        return []
    return [
        "## Excel in en uit (issue 15)",
        "",
        "`bench/excel.py`, in een eigen proces met een eigen SQLite-database (zodat het de "
        "metingen hierboven niet raakt): de admin-import van 10.000 realisaties (voorbeeld "
        "en bevestiging), een grootboekextract van 10.000 regels twee keer (de tweede keer "
        "voegt niets toe), en elke export bij 100x de gegevens, via de testclient met DEBUG "
        "uit. Eén meting per regel.",
        "",
        tabel,
        "",
    ]


def schrijf(
    *,
    machine: dict,
    een: dict,
    honderd: dict,
    gemaakt: dict[str, int],
    tijden: dict[str, float],
    instellingen: dict,
    vloer: str,
    excel: str | None = None,
) -> str:
    i = instellingen
    soorten = ", ".join(f"{n} {soort}" for soort, n in gemaakt.items())
    aantallen_regels = [
        "| | 1x | 100x |",
        "| --- | ---: | ---: |",
        *(
            f"| {soort} | {n} | {honderd['aantallen'][soort]} |"
            for soort, n in een["aantallen"].items()
        ),
    ]
    fouten_1x = alle_fouten(een)
    return "\n".join(
        [
            "# Prestaties",
            "",
            f"Gemaakt met `{machine['opdracht']}` op {machine['gestart']}; de hele run duurde "
            f"{_duur(tijden['totaal'])}. Dit bestand wordt door die opdracht overschreven.",
            "",
            "## Machine",
            "",
            f"- Processor: {machine['cpu']}",
            f"- Geheugen: {machine['geheugen']}",
            f"- Besturingssysteem: {machine['os']}",
            f"- Python {machine['python']}, Django {machine['django']}, {machine['database']}, "
            f"WeasyPrint {machine['weasyprint']}",
            f"- Server onder belasting: {machine['gunicorn']}",
            f"- Belastingsgenerator: wrk {machine['wrk']}, op dezelfde machine (loopback)",
            f"- Belasting van de machine bij de start (`uptime`): {machine['belasting_start']}; "
            f"aan het eind: {machine['belasting_einde']}",
            "",
            "## Werkwijze",
            "",
            f"Een verse database (`koers_bench`, {machine['database']}) met DEBUG uit, zoals in "
            "productie. "
            "1x is het programmadocument plus wat een jaar gebruik toevoegt (de demo-voortgang "
            "en per begrotingsregel een vastgestelde en een voorgestelde wijziging en een "
            "realisatie, `bench/gegevens.py`). 100x vermenigvuldigt alles in het actuele "
            "programma honderd keer en voegt negen oudere programma's toe (`bench/schaaldata.py`). "
            "Na het laden werkt de run de statistieken van de planner bij (`VACUUM ANALYZE`), "
            "zoals autovacuum kort na een grote invoer doet.",
            "",
            "- **In het proces**: Django's testclient, ingelogd als management. Elke pagina "
            f"twee keer ongemeten (opwarmen en queries tellen), daarna {i['herhalingen']} keer "
            "gemeten: servertijd zonder netwerk. Queries worden geteld met een "
            "execute-wrapper in de ongemeten aanvragen, zodat de gemeten tijden geen "
            "querylogging bevatten; `a → b` betekent a queries bij de eerste aanvraag (lege "
            "cache) en b bij de volgende. Delen van pagina's die voor elke lezer gelijk zijn, "
            "blijven in de cache tot de gegevens veranderen (`basis/paginacache.py`); de "
            "mediaan is dus die van een ongewijzigde pagina, en `na een wijziging` de mediaan "
            "van drie aanvragen met een vooraf geleegde cache: wat de eerste lezer na een "
            "wijziging wacht. PDF's: koud is de eerste download na het legen van de "
            f"cache ({i['pdf_koud']} keer, maar geen nieuwe na {i['pdf_budget']} s koude "
            f"downloads: `koud n`), uit cache dezelfde download opnieuw ({i['pdf_cache']} keer).",
            "- **Onder belasting**: gunicorn met `gunicorn.conf.py` (alleen het adres en een "
            f"uitgeschakelde accesslog wijken af), wrk met 1 thread en {i['verbindingen']} "
            f"verbindingen, {i['seconden']} s per pagina en {i['mix_seconden']} s per mix. De "
            "mix wisselt per aanvraag van pagina en doorloopt alle pagina's behalve de vloer. "
            "De tweede mix loopt terwijl vier clients doorlopend de programma-PDF downloaden, "
            "elk met een nieuwe peildatum zodat de cache nooit antwoordt; downloads die aan "
            "het einde van de mix nog lopen, worden afgebroken (de meting gaat over de pagina's "
            "terwijl er gerenderd wordt). De time-out van wrk is 30 s; elk antwoord anders dan "
            "200 telt als fout, ook een mislukte PDF-download. Een `read`-fout is een verbinding "
            "die de server sloot terwijl wrk op antwoord wachtte; dat gebeurt onder meer als "
            "gunicorn een worker herstart na `max_requests` aanvragen (hier: "
            f"{machine['max_requests']}); zulke herstarts (uit de gunicorn-log) staan bij de "
            "fouten van dezelfde meting.",
            "- **De vloer** is `/health/` (één `SELECT 1`, plus het lezen van sessie en account "
            "zoals bij elke ingelogde aanvraag), gemeten in hetzelfde proces en "
            "dezelfde gunicorn; `x vloer` is de mediaan van de pagina gedeeld door die van "
            "de vloer.",
            f"- p95 in het proces is de waarde op rang 95 % (bij {i['herhalingen']} metingen de "
            f"{math.ceil(0.95 * i['herhalingen'])}e van {i['herhalingen']}); "
            "onder belasting komen mediaan, p95 en p99 uit wrk.",
            "",
            "Gegevens per schaal:",
            "",
            *aantallen_regels,
            "",
            f"Door `schaal_naar_honderd` gemaakt: {soorten}.",
            "",
            "## Doelen (100x de gegevens)",
            "",
            f"Elke hoofdpagina bij 100x binnen {DOEL_X_VLOER:.0f}x de mediaan van de vloer "
            f"(in het proces) en onder {DOEL_P95_MS:.0f} ms p95 onder belasting; nul fouten. "
            "De PDF's vallen niet onder deze doelen en staan hieronder apart.",
            "",
            *doelen(honderd, vloer),
            f"- Ter vergelijking bij 1x: {fouten_1x} fouten.",
            "",
            *ongecachet(een, honderd),
            *_excelsectie(excel),
            *_schaalsectie("1x de gegevens", een, vloer),
            *_schaalsectie("100x de gegevens", honderd, vloer),
            "## Duur van de run",
            "",
            *(f"- {stap}: {_duur(s)}" for stap, s in tijden.items()),
            "",
        ]
    )
