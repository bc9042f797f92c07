# The outbox, second part: every row has its message now (the data was moved in
# 0002_outbox, a migration of its own: PostgreSQL alters no table with pending trigger events).

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('questions', '0002_outbox'),
    ]

    operations = [
        migrations.AlterField(
            model_name='questionnotice',
            name='message',
            field=models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='question_notice', to='core.message', verbose_name='bericht'),
        ),
        migrations.RemoveField(
            model_name='questionnotice',
            name='sent_at',
        ),
        migrations.AlterField(
            model_name='questionnotice',
            name='kind',
            field=models.CharField(choices=[('asked', 'vraag gesteld'), ('assigned', 'vraag toegewezen'), ('released', 'antwoord vrijgegeven'), ('due', 'antwoord vandaag verwacht'), ('late', 'antwoorden te laat')], max_length=20, verbose_name='soort'),
        ),
    ]
