"""Sign the reports frozen before the chain existed, oldest first.

This is where trust begins: the chain vouches for these reports as they are in the
database when this migration runs, not as they were when they were vastgesteld (their
SHA-256 covered only the PDF). Reports frozen from now on are signed as they are stored.
It uses the live signing code on purpose: the migration must sign exactly what
`controleer_rapportages` verifies, with the key in the settings at migration time.
Backwards there is nothing to undo: 0002 backwards drops the columns.
"""

from django.db import migrations

from rapportages import keten


def onderteken(apps, schema_editor):
    Voortgangsrapportage = apps.get_model("rapportages", "Voortgangsrapportage")
    rapporten = Voortgangsrapportage.objects.using(schema_editor.connection.alias)
    sleutel = keten.huidige_rapportagesleutel()
    vorige = ""
    volgorde = rapporten.order_by("vastgesteld_op", "pk").values_list("pk", flat=True)
    for nummer, pk in enumerate(list(volgorde), start=1):
        rapport = rapporten.get(pk=pk)
        rapport.volgnummer = nummer
        rapport.vorige_handtekening = vorige
        rapport.sleutel_id = keten.sleutel_id_van(sleutel)
        rapport.handtekening = keten.onderteken_rapportage(rapport, sleutel=sleutel)
        rapporten.filter(pk=pk).update(
            volgnummer=rapport.volgnummer,
            vorige_handtekening=rapport.vorige_handtekening,
            sleutel_id=rapport.sleutel_id,
            handtekening=rapport.handtekening,
        )
        vorige = rapport.handtekening


class Migration(migrations.Migration):

    dependencies = [
        ("rapportages", "0002_keten"),
    ]

    operations = [
        migrations.RunPython(onderteken, migrations.RunPython.noop, elidable=False),
    ]
