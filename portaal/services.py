"""Writes that span the apps."""

from django.apps import apps
from django.core.management import call_command
from django.db import models, transaction
from django.utils.translation import gettext as _

from basis.dataversie import ververs_dataversie
from basis.rollen import DOMEIN_APPS
from opgaven.models import Programma

PROGRAMMA_FIXTURE = "programma-2026-2027"
FINANCIERINGSBRONNEN_FIXTURE = "financieringsbronnen"


class DatabaseNietLeeg(Exception):
    pass


def _domeinmodellen() -> list[type[models.Model]]:
    return [
        model
        for label in DOMEIN_APPS
        for model in apps.get_app_config(label).get_models()
        if not model.__name__.startswith("Historical")
    ]


@transaction.atomic
def laad_programma(*, fixture: str = PROGRAMMA_FIXTURE) -> Programma:
    """Load the programme document into an empty database, with a first history entry.

    The fixture has fixed primary keys, so loading it next to existing data
    would overwrite rows; that is refused instead.
    """
    gevuld = [m._meta.verbose_name_plural for m in _domeinmodellen() if m.objects.exists()]
    if gevuld:
        raise DatabaseNietLeeg(
            _("De database bevat al gegevens (%(wat)s); er is niets geladen.")
            % {"wat": ", ".join(str(naam) for naam in gevuld)}
        )
    call_command("loaddata", fixture, FINANCIERINGSBRONNEN_FIXTURE, verbosity=0)
    # loaddata saves raw, which simple-history skips: record the starting point.
    reden = _("Geladen uit het programmadocument")
    for model in _domeinmodellen():
        model.history.bulk_history_create(  # type: ignore[attr-defined]
            list(model.objects.all()), default_change_reason=reden
        )
    # The history rows came in bulk, without signals; the pages must not outlive this.
    ververs_dataversie()
    programma = Programma.objects.order_by("-pk").first()
    assert programma is not None, "the fixture holds a programme"
    return programma
