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
    """The newest history row of every history table, hashed; one query.

    The row's time is in it too: ids are reused by a database that was emptied and
    loaded again, and by a rolled-back transaction on SQLite, while the shared cache
    outlives both.
    """
    tabellen = _historietabellen()
    kolommen = ", ".join(
        f"(SELECT MAX(history_id) FROM {tabel}), (SELECT MAX(history_date) FROM {tabel})"
        for tabel in map(connection.ops.quote_name, tabellen)
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {kolommen}")  # table names come from the models, not from users
        rij = cursor.fetchone()
    paren = zip(rij[::2], rij[1::2], strict=True)
    tekst = ";".join(
        f"{tabel}={nummer}@{tijd}" for tabel, (nummer, tijd) in zip(tabellen, paren, strict=True)
    )
    database = connection.settings_dict["NAME"]
    return hashlib.sha256(f"{connection.vendor}:{database};{tekst}".encode()).hexdigest()[:32]
