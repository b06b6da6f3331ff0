"""Every report has its own number in the chain (all are numbered by 0003)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("rapportages", "0003_onderteken_bestaande_rapportages"),
    ]

    operations = [
        migrations.AlterField(
            model_name="voortgangsrapportage",
            name="volgnummer",
            field=models.PositiveBigIntegerField(
                help_text="De rapportages vormen één keten: 1, 2, 3, ... in volgorde van vaststellen.",
                unique=True,
                verbose_name="nummer in de keten",
            ),
        ),
    ]
