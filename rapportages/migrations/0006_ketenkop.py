"""The chain's head: the newest report's number and signature, signed on its own."""

from django.db import migrations, models


def zet_kop(apps, schema_editor):
    # Model-free signing (rapportages.keten), as 0003 does: the head of the chain as it
    # stands now, signed with today's key.
    from rapportages import keten

    rapportages = apps.get_model("rapportages", "Voortgangsrapportage")
    nieuwste = (
        rapportages.objects.using(schema_editor.connection.alias)
        .order_by("-volgnummer")
        .values_list("volgnummer", "handtekening")
        .first()
    )
    if nieuwste is None:
        return
    volgnummer, handtekening = nieuwste
    sleutel = keten.huidige_rapportagesleutel()
    apps.get_model("rapportages", "Ketenkop").objects.using(
        schema_editor.connection.alias
    ).create(
        pk=1,
        volgnummer=volgnummer,
        handtekening=handtekening,
        sleutel_id=keten.sleutel_id_van(sleutel),
        kophandtekening=keten.onderteken_kop(
            volgnummer=volgnummer, handtekening=handtekening, sleutel=sleutel
        ),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("rapportages", "0005_peildatum_binnen_venster"),
    ]

    operations = [
        migrations.CreateModel(
            name="Ketenkop",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "volgnummer",
                    models.PositiveBigIntegerField(verbose_name="nummer van de nieuwste rapportage"),
                ),
                (
                    "handtekening",
                    models.CharField(
                        max_length=64, verbose_name="handtekening van de nieuwste rapportage"
                    ),
                ),
                ("sleutel_id", models.CharField(max_length=16, verbose_name="sleutel-id")),
                (
                    "kophandtekening",
                    models.CharField(max_length=64, verbose_name="handtekening van de kop"),
                ),
            ],
            options={
                "verbose_name": "kop van de rapportageketen",
                "verbose_name_plural": "kop van de rapportageketen",
            },
        ),
        migrations.RunPython(zet_kop, migrations.RunPython.noop),
    ]
