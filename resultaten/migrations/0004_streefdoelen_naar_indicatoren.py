"""Every quantified target of a result becomes that result's first indicator."""

from django.db import migrations


def naar_indicatoren(apps, schema_editor):
    Resultaat = apps.get_model("resultaten", "Resultaat")
    Indicator = apps.get_model("resultaten", "Indicator")
    Indicator.objects.bulk_create(
        Indicator(
            resultaat=resultaat,
            naam=resultaat.eenheid,
            eenheid=resultaat.eenheid,
            streefwaarde=resultaat.streefwaarde,
            streefperiode=resultaat.streefperiode,
            volgorde=1,
        )
        for resultaat in Resultaat.objects.exclude(streefwaarde=None)
        if not Indicator.objects.filter(resultaat=resultaat).exists()
    )


def terug_naar_resultaten(apps, schema_editor):
    Resultaat = apps.get_model("resultaten", "Resultaat")
    Indicator = apps.get_model("resultaten", "Indicator")
    for indicator in Indicator.objects.order_by("-volgorde", "-pk"):
        Resultaat.objects.filter(pk=indicator.resultaat_id).update(
            streefwaarde=indicator.streefwaarde,
            eenheid=indicator.eenheid,
            streefperiode=indicator.streefperiode,
        )


class Migration(migrations.Migration):
    dependencies = [("resultaten", "0003_indicatoren_en_voortgang")]

    operations = [migrations.RunPython(naar_indicatoren, terug_naar_resultaten)]
