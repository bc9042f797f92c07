# The outbox, second part: every row has its message now (the data was moved in
# 0004_outbox, a migration of its own: PostgreSQL alters no table with pending trigger events).

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('planning', '0004_outbox'),
    ]

    operations = [
        migrations.AlterField(
            model_name='roundnotice',
            name='message',
            field=models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='round_notice', to='core.message', verbose_name='bericht'),
        ),
        migrations.RemoveField(
            model_name='roundnotice',
            name='sent_at',
        ),
    ]
