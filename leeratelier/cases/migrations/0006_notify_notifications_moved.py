"""The case notifications moved to the notifications component (its migration 0002 copied them)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0005_meeting_discussions'),
        ('notifications', '0002_notify_from_cases'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='notificationpreference',
            name='user',
        ),
        migrations.DeleteModel(
            name='Notification',
        ),
        migrations.DeleteModel(
            name='NotificationPreference',
        ),
    ]
