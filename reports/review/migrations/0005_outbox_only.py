# The outbox, second part: every row has its message now (the data was moved in
# 0004_outbox, a migration of its own: PostgreSQL alters no table with pending trigger events).

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('review', '0004_outbox'),
    ]

    operations = [
        migrations.AlterField(
            model_name='workflowmail',
            name='message',
            field=models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='workflow_mail', to='core.message', verbose_name='bericht'),
        ),
        migrations.RemoveField(
            model_name='workflowmail',
            name='sent_at',
        ),
        migrations.AlterField(
            model_name='workflowmail',
            name='kind',
            field=models.CharField(choices=[('submitted', 'ingediend'), ('approval', 'goedgekeurd namens een organisatie'), ('approved', 'goedgekeurd door het directieberaad'), ('sent_back', 'teruggestuurd'), ('published', 'gepubliceerd')], max_length=20, verbose_name='soort'),
        ),
    ]
