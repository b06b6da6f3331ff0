"""The chain of frozen reports: what a report's HMAC covers, with which key, and the lock.

Each report signs (HMAC-SHA256) its PDF bytes, a canonical serialisation of every
metadata field and its predecessor's signature. Without the key nobody can change,
insert or remove a report without breaking a signature or a link, also not someone who
can write the database directly. Imports no model: the data migration that signs the
reports frozen before the chain uses the same functions on its historical model.
"""

import hashlib
import hmac
import json
from datetime import UTC

from django.conf import settings
from django.db.backends.base.base import BaseDatabaseWrapper

# Bumped if what is signed ever changes; part of every signed message.
FORMAAT = b"koersportaal/voortgangsrapportage/v1"
_SLEUTEL_ID_LABEL = b"koersportaal/rapportagesleutel-id"
# pg_advisory_xact_lock's key for the chain: any fixed 64-bit number only this uses.
KETENSLOT = int.from_bytes(
    hashlib.sha256(b"koersportaal/rapportageketen").digest()[:8], "big", signed=True
)


def _sleutel(tekst: str) -> bytes:
    return tekst.encode()


def huidige_rapportagesleutel() -> bytes:
    """The key new reports are signed with (settings.RAPPORTAGE_SLEUTEL)."""
    return _sleutel(settings.RAPPORTAGE_SLEUTEL)


def sleutel_id_van(sleutel: bytes) -> str:
    """A short public fingerprint of a key, stored with each report: tells which key
    signed it (after a rotation), reveals nothing about the key."""
    return hmac.new(sleutel, _SLEUTEL_ID_LABEL, hashlib.sha256).hexdigest()[:16]


def rapportagesleutels() -> dict[str, bytes]:
    """Every key a stored report may be signed with, by its id: the current one and the
    earlier ones kept in settings.RAPPORTAGE_SLEUTELS_OUD."""
    sleutels = [settings.RAPPORTAGE_SLEUTEL, *settings.RAPPORTAGE_SLEUTELS_OUD]
    return {sleutel_id_van(_sleutel(tekst)): _sleutel(tekst) for tekst in reversed(sleutels)}


def _canoniek(gegevens: dict) -> bytes:
    """Sorted keys, no whitespace, ASCII: the same bytes for the same data, whatever
    order the database returns a JSON object's keys in (PostgreSQL's jsonb sorts them)."""
    return json.dumps(
        gegevens, sort_keys=True, separators=(",", ":"), ensure_ascii=True, allow_nan=False
    ).encode("ascii")


def _metadata(rapport) -> bytes:
    """Every field of a report but its PDF, canonical. `rapport` is a Voortgangsrapportage
    (current or historical model) as read from the database."""
    return _canoniek(
        {
            "programma": rapport.programma_id,
            "opgave": rapport.opgave_id,
            "peildatum": rapport.peildatum.isoformat(),
            "moment": rapport.moment,
            "titel": rapport.titel,
            "sha256": rapport.sha256,
            # Through JSON once first: integer keys become the strings the database returns.
            "snapshot": json.loads(json.dumps(rapport.snapshot)),
            "dataversie": rapport.dataversie,
            "vastgesteld_door": rapport.vastgesteld_door_id,
            # In UTC: the database returns the moment in its own time zone.
            "vastgesteld_op": rapport.vastgesteld_op.astimezone(UTC).isoformat(
                timespec="microseconds"
            ),
            "volgnummer": rapport.volgnummer,
            "vorige": rapport.vorige_handtekening,
            "sleutel_id": rapport.sleutel_id,
        }
    )


def onderteken_rapportage(rapport, *, sleutel: bytes) -> str:
    """The HMAC-SHA256 over the format, the metadata (length-prefixed) and the PDF bytes."""
    gegevens = _metadata(rapport)
    handtekening = hmac.new(sleutel, FORMAAT + b"\n", hashlib.sha256)
    handtekening.update(len(gegevens).to_bytes(8, "big"))
    handtekening.update(gegevens)
    handtekening.update(bytes(rapport.pdf))
    return handtekening.hexdigest()


KOPFORMAAT = b"koersportaal/rapportageketen/kop/v1"


def onderteken_kop(*, volgnummer: int, handtekening: str, sleutel: bytes) -> str:
    """The HMAC-SHA256 of the chain's head: the number and signature of the newest
    report. Only the current key signs or verifies it, so an earlier key (perhaps
    leaked) cannot move the head, and a removed newest report leaves a head pointing at
    it."""
    bericht = KOPFORMAAT + b"\n" + str(volgnummer).encode() + b"\n" + handtekening.encode()
    return hmac.new(sleutel, bericht, hashlib.sha256).hexdigest()


def vergrendel_keten(verbinding: BaseDatabaseWrapper, *, tabel: str) -> None:
    """Take the chain's write lock until the surrounding transaction ends.

    Whoever holds it reads the newest link and appends to it, so two reports frozen at
    the same moment never chain to the same predecessor. A lock on the newest row would
    not do: a second writer waiting for it gets that same row once it is released, not
    the one appended meanwhile. PostgreSQL: an advisory lock. SQLite: a write that
    changes nothing takes the database's write lock now, so the second writer waits (busy
    timeout) instead of failing when it tries to upgrade its read lock.
    """
    if not verbinding.in_atomic_block:
        raise RuntimeError("The chain lock only holds inside a transaction.")
    with verbinding.cursor() as cursor:
        if verbinding.vendor == "postgresql":
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [KETENSLOT])
        elif verbinding.vendor == "sqlite":
            naam = verbinding.ops.quote_name(tabel)
            cursor.execute(f"UPDATE {naam} SET volgnummer = volgnummer WHERE 0 = 1")
        else:  # pragma: no cover - the portal runs on PostgreSQL and SQLite only
            raise NotImplementedError(f"No chain lock for {verbinding.vendor}.")
