"""The frozen reports, moved here from koers without touching a row.

State only: the table was created by koers.0001_initial and renamed by
koers.0002_voortgangsrapportage_naar_rapportages.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("koers", "0002_voortgangsrapportage_naar_rapportages"),
        ("opgaven", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='Voortgangsrapportage',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('peildatum', models.DateField(verbose_name='peildatum')),
                        ('moment', models.CharField(blank=True, choices=[('voorjaarsnota', 'Voorjaarsnota'), ('najaarsrapportage', 'Najaarsrapportage'), ('jaarstukken', 'Jaarstukken')], max_length=20, verbose_name='P&C-moment')),
                        ('titel', models.CharField(max_length=300, verbose_name='titel')),
                        ('pdf', models.BinaryField(verbose_name='pdf')),
                        ('sha256', models.CharField(max_length=64, verbose_name='SHA-256 van de pdf')),
                        ('snapshot', models.JSONField(help_text='De gegevens waaruit het rapport is opgebouwd.', verbose_name='gegevens')),
                        ('dataversie', models.CharField(max_length=64, verbose_name='dataversie')),
                        ('vastgesteld_op', models.DateTimeField(verbose_name='vastgesteld op')),
                        ('opgave', models.ForeignKey(blank=True, help_text='Leeg voor een rapportage over het hele programma.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='voortgangsrapportages', to='opgaven.opgave', verbose_name='opgave')),
                        ('programma', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='voortgangsrapportages', to='opgaven.programma', verbose_name='programma')),
                        ('vastgesteld_door', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='vastgesteld door')),
                    ],
                    options={
                        'verbose_name': 'vastgestelde voortgangsrapportage',
                        'verbose_name_plural': 'vastgestelde voortgangsrapportages',
                        'ordering': ['-vastgesteld_op', '-pk'],
                    },
                ),
            ],
        ),
    ]
