import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """Every cycle and phase has its template and step (filled by 0007); now required. A migration
    of its own: PostgreSQL does not alter a table with pending trigger events of the data step."""

    dependencies = [
        ("cycles", "0007_cycle_templates"),
    ]

    operations = [
        migrations.AlterField(
            model_name='learningcycle',
            name='template',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='cycles', to='cycles.cycletemplate', verbose_name='steps'),
        ),
        migrations.AlterField(
            model_name='phase',
            name='step',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='cycles.cycletemplatestep'),
        ),
    ]
