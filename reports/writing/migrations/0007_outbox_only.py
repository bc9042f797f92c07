# The outbox, second part: every row has its message now (the data was moved in
# 0006_outbox, a migration of its own: PostgreSQL alters no table with pending trigger events).

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('writing', '0006_outbox'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='entryreminder',
            name='sent_at',
        ),
    ]
