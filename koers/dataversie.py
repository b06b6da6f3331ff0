"""The data version: a short hash that changes with every edit, to key caches on.

Every create, change and delete made through Django (portal, admin, loaders)
writes a django-simple-history row, so the newest row of every history table
identifies the state of the data. Edits made outside Django (plain SQL) are not
seen; nor are changes to accounts, which no cached page or report shows.
"""

import functools
import hashlib

from django.apps import apps
from django.db import connection


@functools.cache
def _historietabellen() -> list[str]:
    """The tables of django-simple-history (fixed while the process runs)."""
    return sorted(
        model._meta.db_table
        for model in apps.get_models()
        if model.__name__.startswith("Historical")
        and any(f.name == "history_id" for f in model._meta.fields)
    )


def dataversie() -> str:
    """The newest history row of every history table (id and time), hashed; one query.

    The row's time is in it too: ids are reused by a database that was emptied and
    loaded again, and by a rolled-back transaction on SQLite, while the shared cache
    outlives both. Every page that uses a cache asks this first: one row per table
    read backwards along the primary key keeps it well under a millisecond.
    """
    tabellen = _historietabellen()
    kolommen = ", ".join(
        f"(SELECT history_id || '@' || history_date FROM {tabel} ORDER BY history_id DESC LIMIT 1)"
        for tabel in map(connection.ops.quote_name, tabellen)
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {kolommen}")  # table names come from the models, not from users
        rij = cursor.fetchone()
    tekst = ";".join(f"{tabel}={nieuwste}" for tabel, nieuwste in zip(tabellen, rij, strict=True))
    database = connection.settings_dict["NAME"]
    return hashlib.sha256(f"{connection.vendor}:{database};{tekst}".encode()).hexdigest()[:32]
