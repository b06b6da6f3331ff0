"""Scale data for benchmarks: the programme's items multiplied inside the current programme.

Pages show the current programme, so copies inside it are what makes them
heavier; every copy gets its history row, as real edits would.
"""

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from budget.models import Begrotingsbedrag, Begrotingsregel
from opgaven.models import Activiteit, Doel, Programma
from resultaten.models import Resultaat


@transaction.atomic
def maak_schaaldata(*, programma: Programma, factor: int) -> dict[str, int]:
    """Add (factor - 1) copies of every activity, result, doel and budget line."""
    kopieen = range(1, factor)
    aantallen: dict[str, int] = {}

    activiteiten = list(Activiteit.objects.filter(opgave__programma=programma, bovenliggend=None))
    nieuw = [
        Activiteit(
            opgave_id=a.opgave_id,
            thema_id=a.thema_id,
            omschrijving=f"{a.omschrijving} (schaal {k})",
            volgorde=a.volgorde + 1000 * k,
        )
        for k in kopieen
        for a in activiteiten
    ]
    aantallen["activiteiten"] = len(bulk_create_with_history(nieuw, Activiteit, batch_size=1000))

    resultaten = list(Resultaat.objects.filter(opgave__programma=programma))
    nieuw = [
        Resultaat(
            opgave_id=r.opgave_id,
            omschrijving=f"{r.omschrijving} (schaal {k})",
            volgorde=r.volgorde + 1000 * k,
        )
        for k in kopieen
        for r in resultaten
    ]
    aantallen["resultaten"] = len(bulk_create_with_history(nieuw, Resultaat, batch_size=1000))

    doelen = list(Doel.objects.filter(opgave__programma=programma, bovenliggend=None))
    nieuw = [
        Doel(opgave_id=d.opgave_id, tekst=f"{d.tekst} (schaal {k})", volgorde=d.volgorde + 1000 * k)
        for k in kopieen
        for d in doelen
    ]
    aantallen["doelen"] = len(bulk_create_with_history(nieuw, Doel, batch_size=1000))

    regels = list(
        Begrotingsregel.objects.filter(opgave__programma=programma).prefetch_related("bedragen")
    )
    nieuwe_regels = [
        Begrotingsregel(
            opgave_id=r.opgave_id,
            omschrijving=f"{r.omschrijving} (schaal {k})",
            volgorde=r.volgorde + 1000 * k,
        )
        for k in kopieen
        for r in regels
    ]
    nieuwe_regels = bulk_create_with_history(nieuwe_regels, Begrotingsregel, batch_size=1000)
    # bulk_create_with_history does not return keys on every database: read them back.
    per_naam = {
        (r.opgave_id, r.omschrijving): r.pk
        for r in Begrotingsregel.objects.filter(omschrijving__contains=" (schaal ")
    }
    bedragen = [
        Begrotingsbedrag(
            regel_id=per_naam[(r.opgave_id, f"{r.omschrijving} (schaal {k})")],
            jaar=b.jaar,
            bedrag=b.bedrag,
        )
        for k in kopieen
        for r in regels
        for b in r.bedragen.all()
    ]
    aantallen["begrotingsregels"] = len(nieuwe_regels)
    aantallen["begrotingsbedragen"] = len(
        bulk_create_with_history(bedragen, Begrotingsbedrag, batch_size=1000)
    )
    return aantallen
