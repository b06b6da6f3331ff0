"""The chain of frozen reports (rapportages.keten): number, predecessor, key id, signature.

Added empty here; 0003 signs the reports that exist, 0004 then makes the number required
and unique. Three steps, so PostgreSQL never alters a table it has pending updates for.
"""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("rapportages", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="voortgangsrapportage",
            name="volgnummer",
            field=models.PositiveBigIntegerField(
                null=True,
                help_text="De rapportages vormen één keten: 1, 2, 3, ... in volgorde van vaststellen.",
                verbose_name="nummer in de keten",
            ),
        ),
        migrations.AddField(
            model_name="voortgangsrapportage",
            name="vorige_handtekening",
            field=models.CharField(
                blank=True,
                default="",
                help_text="Leeg voor de eerste rapportage in de keten.",
                max_length=64,
                verbose_name="handtekening van de vorige",
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="voortgangsrapportage",
            name="sleutel_id",
            field=models.CharField(
                default="",
                help_text="Vingerafdruk van de sleutel waarmee is ondertekend (RAPPORTAGE_SLEUTEL).",
                max_length=16,
                verbose_name="sleutel-id",
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="voortgangsrapportage",
            name="handtekening",
            field=models.CharField(
                default="",
                help_text="Over de pdf, alle gegevens en de handtekening van de vorige.",
                max_length=64,
                verbose_name="handtekening (HMAC-SHA256)",
            ),
            preserve_default=False,
        ),
    ]
