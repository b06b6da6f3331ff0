"""The data version: a short hash that changes with every edit, to key caches on.

Every create, change and delete made through Django (portal, admin, loaders)
writes a django-simple-history row, so the newest row of every history table
identifies the state of the data. An app adds an append-only table without
history (the frozen reports) with `registreer_bron`. Edits made outside
Django (plain SQL) are not seen; nor are changes to accounts, which no cached page
or report shows.
"""

import functools
import hashlib

from django.apps import apps
from django.db import connection, models

_EXTRA_BRONNEN: list[tuple[str, str, str]] = []


def registreer_bron(model: type[models.Model], *, nummer: str, tijd: str) -> None:
    """Count an append-only table without history in the data version: its newest row
    by `nummer` (a growing id column) with its `tijd`. Called from an AppConfig.ready()."""
    bron = (model._meta.db_table, nummer, tijd)
    if bron not in _EXTRA_BRONNEN:
        _EXTRA_BRONNEN.append(bron)
        _bronnen.cache_clear()


@functools.cache
def _bronnen() -> list[tuple[str, str, str]]:
    """(table, id column, time column) of every history table and every registered
    append-only table; fixed while the process runs."""
    historie = sorted(
        (model._meta.db_table, "history_id", "history_date")
        for model in apps.get_models()
        if model.__name__.startswith("Historical")
        and any(f.name == "history_id" for f in model._meta.fields)
    )
    return [*historie, *sorted(_EXTRA_BRONNEN)]


def dataversie() -> str:
    """The newest row of every history table and of the frozen reports (id and time),
    hashed; one query.

    The row's time is in it too: ids are reused by a database that was emptied and
    loaded again, and by a rolled-back transaction on SQLite, while the shared cache
    outlives both. Every page that uses a cache asks this first: one row per table
    read backwards along the primary key keeps it well under a millisecond.
    """
    bronnen = _bronnen()
    q = connection.ops.quote_name
    kolommen = ", ".join(
        f"(SELECT {q(nummer)} || '@' || {q(tijd)} FROM {q(tabel)} ORDER BY {q(nummer)} DESC LIMIT 1)"
        for tabel, nummer, tijd in bronnen
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {kolommen}")  # names come from the models, not from users
        rij = cursor.fetchone()
    tekst = ";".join(
        f"{tabel}={nieuwste}" for (tabel, _, _), nieuwste in zip(bronnen, rij, strict=True)
    )
    database = connection.settings_dict["NAME"]
    return hashlib.sha256(f"{connection.vendor}:{database};{tekst}".encode()).hexdigest()[:32]
