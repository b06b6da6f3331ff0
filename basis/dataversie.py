"""The data version: a token that changes when a commit changes the data, to key caches on.

The token lives in the shared cache, one per database, and is replaced by a new random
one after every commit that wrote through Django (post_save, post_delete and
m2m_changed of every model that can show on a page, loaddata included). Keyed on
anything assigned before the commit instead (the newest history id), a reader between
insert and commit caches the old state under the key that stays. Random rather than a
counter: two servers replacing it at once cannot both write the same value.

A reader keys on the token it read before the data, so a page it built without a
commit sits under a token that the commit's replacement has made obsolete; within a
request that token is read when the request starts, before the first query. A
transaction that wrote and has not committed reads a version of its own.

Writes that bypass Django (plain SQL, pg_restore) are followed by
`manage.py ververs_dataversie`; migrate, laad_programma and herstel_backup refresh it
themselves. QuerySet.update() and bulk_create send no signal: code that writes only
that way calls ververs_dataversie() itself. A missing token (evicted, cache cleared)
is simply created anew.
"""

import functools
import hashlib
import logging
import secrets
from collections.abc import Callable
from contextvars import ContextVar

from django.apps import apps
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save

logger = logging.getLogger(__name__)

# As long as the cached pages: a replacement lost with a crashed process between commit
# and callback stays unnoticed at most this long.
SECONDEN = 24 * 60 * 60

# Framework bookkeeping that no page shows and that changes on every login.
_NIET_GETELD = frozenset({"sessions", "axes", "admin", "contenttypes"})
# A login saves only these on the user (last_login, an upgraded password hash).
_ONZICHTBARE_VELDEN = frozenset({"last_login", "password"})
# Where a transaction's own version is kept, on its connection (one per thread).
_EIGEN = "_koers_eigen_dataversie"

# The token this request read before its first query, per database alias.
_vastgezet: ContextVar[dict[str, str] | None] = ContextVar("dataversie_vastgezet", default=None)


def _nieuw_token() -> str:
    return secrets.token_hex(16)


def _identiteit(using: str) -> str:
    """Which database: two databases sharing one cache never share a page."""
    verbinding = connections[using]
    instellingen = verbinding.settings_dict
    return (
        f"{verbinding.vendor}:{instellingen.get('HOST') or ''}:"
        f"{instellingen.get('PORT') or ''}:{instellingen['NAME']}"
    )


def _cachesleutel(using: str) -> str:
    return "dataversie:" + hashlib.sha256(_identiteit(using).encode()).hexdigest()[:32]


def _gedeeld_token(using: str) -> str:
    # get_or_set adds a missing token (cache.add) and returns whichever was there first.
    return cache.get_or_set(_cachesleutel(using), _nieuw_token, SECONDEN)


@functools.cache
def _na_commit(using: str) -> Callable[[], None]:
    """The one callback per database; its identity marks a transaction that wrote."""
    return functools.partial(_vervang_token, using)


def _heeft_geschreven(verbinding: BaseDatabaseWrapper) -> bool:
    """Whether the running transaction wrote and has not committed yet.

    Our callback is in run_on_commit exactly then: Django drops it with the
    (savepoint) rollback of the part that wrote and runs it at the commit.
    """
    if not verbinding.in_atomic_block:
        return False
    terugroep = _na_commit(verbinding.alias)
    return any(functie is terugroep for _, functie, _ in verbinding.run_on_commit)


def _vervang_token(using: str) -> None:
    # The data is committed already: a cache that fails now must not turn the user's
    # successful save into an error page. Deleting the token also gives a new version.
    try:
        cache.set(_cachesleutel(using), _nieuw_token(), SECONDEN)
    except Exception:
        logger.exception("Dataversie niet vervangen na een commit; nieuwe poging met delete")
        try:
            cache.delete(_cachesleutel(using))
        except Exception:
            logger.exception("Dataversie ook niet verwijderd: pagina's kunnen verouderd zijn")
    vastgezet = _vastgezet.get()
    if vastgezet is not None and using in vastgezet:
        # This request committed: what it read before may miss other commits, so the
        # rest of it builds afresh and shares nothing.
        _vastgezet.set({**vastgezet, using: _nieuw_token()})


def ververs_dataversie(*, using: str = DEFAULT_DB_ALIAS) -> None:
    """Give the data a new version once the running transaction commits (outside one:
    now). Until then the transaction reads a version of its own, new with every write,
    so it never finds a page built before its own change."""
    verbinding = connections[using]
    setattr(verbinding, _EIGEN, _nieuw_token())
    if not _heeft_geschreven(verbinding):  # once per transaction
        transaction.on_commit(_na_commit(using), using=using)


def dataversie(*, using: str = DEFAULT_DB_ALIAS) -> str:
    """The current data version of database `using`, 32 hex characters; no query.

    Read it before the data it keys: whatever is built after reading it is at least
    as new as the version.
    """
    verbinding = connections[using]
    if _heeft_geschreven(verbinding):
        token = getattr(verbinding, _EIGEN, None) or _nieuw_token()
        setattr(verbinding, _EIGEN, token)
    else:
        vastgezet = _vastgezet.get()
        token = vastgezet[using] if vastgezet and using in vastgezet else _gedeeld_token(using)
    return hashlib.sha256(f"{_identiteit(using)};{token}".encode()).hexdigest()[:32]


def _geteld(model: type) -> bool:
    return model._meta.app_label not in _NIET_GETELD


def _na_opslaan(sender, *, using: str = DEFAULT_DB_ALIAS, update_fields=None, **kwargs) -> None:
    if update_fields and set(update_fields) <= _ONZICHTBARE_VELDEN:
        return
    ververs_dataversie(using=using)


def _na_verwijderen(sender, *, using: str = DEFAULT_DB_ALIAS, **kwargs) -> None:
    ververs_dataversie(using=using)


def _na_koppelen(sender, *, action: str, using: str = DEFAULT_DB_ALIAS, **kwargs) -> None:
    if action.startswith("post_") and _geteld(sender):
        ververs_dataversie(using=using)


def _na_migreren(sender, *, using: str = DEFAULT_DB_ALIAS, **kwargs) -> None:
    # migrate and flush: the tables may hold anything now.
    ververs_dataversie(using=using)


def _begin_verzoek(**kwargs) -> None:
    _vastgezet.set(None)  # nothing of an earlier request on this thread
    try:
        token = _gedeeld_token(DEFAULT_DB_ALIAS)
    except Exception:  # an unreachable cache (Redis down)
        # Not here, before Django handles errors: a page that needs the cache fails on
        # its own with the portal's error page, and /health/ still reports the database.
        logger.warning("Dataversie niet gelezen bij het begin van het verzoek", exc_info=True)
        return
    _vastgezet.set({DEFAULT_DB_ALIAS: token})


def _einde_verzoek(**kwargs) -> None:
    _vastgezet.set(None)


def volg_wijzigingen() -> None:
    """Connect the signals that replace the token; called once from basis' AppConfig.ready().

    Per model rather than for every sender, so the framework's own tables keep their
    fast deletes. History models belong to their app and are counted with it.
    """
    for model in apps.get_models(include_auto_created=True):
        if _geteld(model):
            uid = f"dataversie:{model._meta.label_lower}"
            post_save.connect(_na_opslaan, sender=model, dispatch_uid=uid)
            post_delete.connect(_na_verwijderen, sender=model, dispatch_uid=uid)
    m2m_changed.connect(_na_koppelen, dispatch_uid="dataversie")
    post_migrate.connect(_na_migreren, dispatch_uid="dataversie")
    request_started.connect(_begin_verzoek, dispatch_uid="dataversie")
    request_finished.connect(_einde_verzoek, dispatch_uid="dataversie")
