"""Writes of the reports app: vaststellen (freezing) a report. Runs the insert in one transaction."""

import hashlib
import logging
from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from basis.dataversie import dataversie
from basis.historie import weergavenaam
from opgaven.models import Opgave, Programma
from rapportages.document import VASTGESTELD, render_pdf
from rapportages.gegevens import verzamel
from rapportages.models import Voortgangsrapportage
from rapportages.snapshot import als_json, begrotingscijfers_csv, snapshot

logger = logging.getLogger(__name__)


def stel_rapportage_vast(
    *,
    programma: Programma,
    peildatum: date,
    gebruiker: AbstractBaseUser,
    opgave: Opgave | None = None,
    moment: str = "",
) -> Voortgangsrapportage:
    """Render the report as vastgesteld and store its exact bytes, checksum and data.

    The render (seconds) happens before the transaction, which only holds the insert and,
    inside it, the chain's lock (Voortgangsrapportage.save appends and signs).
    """
    versie = dataversie()
    # Everything, for the snapshot; the PDF shows the same as a concept.
    gegevens = verzamel(programma, peildatum=peildatum, opgave=opgave, moment=moment, limiet=None)
    tijdstip = timezone.now()
    gegevens_json = snapshot(gegevens)
    # The PDF carries its own figures: they are in the bytes that are stored and signed.
    bijlagen = (
        ("gegevens.json", als_json(gegevens_json), _("De gegevens van deze rapportage (JSON)")),
        (
            "begroting.csv",
            begrotingscijfers_csv(gegevens),
            _("Begroting en uitvoering per begrotingsregel en jaar op de peildatum (CSV)"),
        ),
    )
    inhoud = render_pdf(
        gegevens,
        status=VASTGESTELD,
        bijlagen=bijlagen,
        vastgesteld_door=weergavenaam(gebruiker),
        vastgesteld_op=tijdstip,
    )
    with transaction.atomic():
        rapport = Voortgangsrapportage.objects.create(
            programma=programma,
            opgave=opgave,
            peildatum=peildatum,
            moment=moment,
            titel=gegevens.titel,
            pdf=inhoud,
            sha256=hashlib.sha256(inhoud).hexdigest(),
            snapshot=gegevens_json,
            dataversie=versie,
            vastgesteld_door=gebruiker,
            vastgesteld_op=tijdstip,
        )
    # The newest link, outside the database: a removed newest report has no successor
    # to notice it, this line does.
    logger.info(
        "Voortgangsrapportage %s vastgesteld door %s (sha256 %s; nr. %s in de keten, "
        "handtekening %s)",
        rapport.pk,
        gebruiker.get_username(),
        rapport.sha256,
        rapport.volgnummer,
        rapport.handtekening,
    )
    return rapport
