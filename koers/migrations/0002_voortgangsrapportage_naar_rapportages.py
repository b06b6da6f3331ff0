"""The frozen reports moved to the rapportages app: the table is renamed, the rows stay.

The model leaves koers' state here and enters rapportages' state in
rapportages.0001_initial (SeparateDatabaseAndState on both sides), so no row is
copied or rewritten: the PDF bytes and their SHA-256 stay as they were.
"""

from django.db import migrations


def _inhoudstype_mee(apps, schema_editor):
    # Permissions and admin log entries point at the content type: keep them.
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="koers", model="voortgangsrapportage").update(
        app_label="rapportages"
    )


def _inhoudstype_terug(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="rapportages", model="voortgangsrapportage").update(
        app_label="koers"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("koers", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterModelTable(
                    name="voortgangsrapportage", table="rapportages_voortgangsrapportage"
                ),
            ],
            state_operations=[migrations.DeleteModel(name="Voortgangsrapportage")],
        ),
        migrations.RunPython(_inhoudstype_mee, _inhoudstype_terug),
    ]
