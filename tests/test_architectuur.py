"""The house (docs/architecture.md), checked from the code's own imports and definitions.

import-linter's layers contract (pyproject.toml) keeps every import pointing down;
these tests add what a layers contract cannot say.
"""

import ast
from collections import defaultdict
from pathlib import Path

import grimp
import pytest

WORTEL = Path(__file__).resolve().parent.parent
PAKKETTEN = ("bench", "koers", "portaal", "rapportages", "budget", "resultaten", "opgaven", "basis")
# Apps that others may use only through their models and their `openbaar` module.
APPS_MET_DEUR = ("opgaven", "budget", "resultaten", "rapportages")


@pytest.fixture(scope="module")
def graaf() -> grimp.ImportGraph:
    return grimp.build_graph(*PAKKETTEN)


def _pakket(module: str) -> str:
    return module.split(".")[0]


def _pijlen(graaf: grimp.ImportGraph) -> dict[str, set[str]]:
    """Which top-level package imports which, from every module's direct imports."""
    pijlen: dict[str, set[str]] = defaultdict(set)
    for module in graaf.modules:
        for geimporteerd in graaf.find_modules_directly_imported_by(module):
            if _pakket(module) != _pakket(geimporteerd):
                pijlen[_pakket(module)].add(_pakket(geimporteerd))
    return pijlen


def _kringen(pijlen: dict[str, set[str]]) -> list[list[str]]:
    """Every cycle between packages, found by a depth-first walk from each package."""
    kringen = []
    for begin in PAKKETTEN:
        stapel = [(begin, [begin])]
        while stapel:
            pakket, pad = stapel.pop()
            for volgende in pijlen.get(pakket, ()):
                if volgende == begin:
                    kringen.append([*pad, begin])
                elif volgende not in pad:
                    stapel.append((volgende, [*pad, volgende]))
    return kringen


def test_the_cycle_finder_finds_a_planted_cycle():
    assert _kringen({"opgaven": {"basis"}, "basis": {"opgaven"}}) == [
        ["opgaven", "basis", "opgaven"],
        ["basis", "opgaven", "basis"],
    ]


def test_no_circle_between_top_level_packages(graaf):
    assert _kringen(_pijlen(graaf)) == []


def test_no_app_imports_the_project_configuration(graaf):
    gebruikers = {
        module
        for module in graaf.find_modules_that_directly_import("koers")
        | {
            m
            for k in graaf.find_children("koers")
            for m in graaf.find_modules_that_directly_import(k)
        }
        if _pakket(module) not in ("koers", "bench")
    }
    assert gebruikers == set()


def test_apps_use_each_other_only_through_their_models_and_openbaar_module(graaf):
    zijdeuren = set()
    for module in graaf.modules:
        for geimporteerd in graaf.find_modules_directly_imported_by(module):
            app = _pakket(geimporteerd)
            if app not in APPS_MET_DEUR or _pakket(module) in (app, "koers", "bench"):
                continue
            if geimporteerd not in (app, f"{app}.models", f"{app}.openbaar"):
                zijdeuren.add(f"{module} -> {geimporteerd}")
    assert zijdeuren == set()


def _publieke_functies() -> dict[str, list[str]]:
    gevonden: dict[str, list[str]] = defaultdict(list)
    for pakket in PAKKETTEN:
        for pad in sorted((WORTEL / pakket).rglob("*.py")):
            if "migrations" in pad.parts:
                continue
            for knoop in ast.parse(pad.read_text()).body:
                if isinstance(knoop, ast.FunctionDef) and not knoop.name.startswith("_"):
                    gevonden[knoop.name].append(str(pad.relative_to(WORTEL)))
    return gevonden


def test_no_two_public_functions_share_a_name():
    dubbel = {naam: paden for naam, paden in _publieke_functies().items() if len(paden) > 1}
    assert dubbel == {}
