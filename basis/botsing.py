"""A database refusal as a message: what a concurrent save made invalid.

A service validates (full_clean) before it saves, but another user's save can slip in
between: then a unique constraint, a check or a trigger refuses the write with an
IntegrityError. `zonder_botsing` turns that into a Dutch ValidationError, which the
views show on the form, instead of a server error.
"""

from collections.abc import Callable
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db import IntegrityError, OperationalError, transaction
from django.utils.translation import gettext as _

T = TypeVar("T")
DEADLOCK = "40P01"


def _sqlstate(fout: Exception) -> str | None:
    return getattr(fout.__cause__, "sqlstate", None)


def zonder_botsing(opslaan: Callable[[], T], *, opnieuw: Callable[[], None]) -> T:
    """Run `opslaan` in a savepoint; an IntegrityError becomes a ValidationError.

    `opnieuw` validates again, now that the other save is visible, to say precisely
    what is wrong (it raises ValidationError); if it finds nothing, a general message.
    The savepoint keeps the surrounding transaction usable either way.
    """
    try:
        with transaction.atomic():
            return opslaan()
    except (IntegrityError, OperationalError) as fout:
        # PostgreSQL breaks a deadlock (two users moving items under each other at once)
        # by refusing one of them: that, too, is a clash, any other error is not.
        if isinstance(fout, OperationalError) and _sqlstate(fout) != DEADLOCK:
            raise
        opnieuw()
        raise ValidationError(
            _(
                "Dit kon niet worden opgeslagen: iemand anders wijzigde tegelijk iets dat "
                "hiermee botst. Controleer de pagina en probeer het opnieuw."
            ),
            code="botsing",
        ) from fout
