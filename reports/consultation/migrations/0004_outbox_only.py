# The outbox, second part: every row has its message now (the data was moved in
# 0003_outbox, a migration of its own: PostgreSQL alters no table with pending trigger events).

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('consultation', '0003_outbox'),
    ]

    operations = [
        migrations.AlterField(
            model_name='consultationnotice',
            name='message',
            field=models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='consultation_notice', to='core.message', verbose_name='bericht'),
        ),
        migrations.RemoveField(
            model_name='consultationnotice',
            name='sent_at',
        ),
    ]
