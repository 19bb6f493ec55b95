"""The notifications component's part in the data export and account deletion."""

from leeratelier.cases import services as case_services
from leeratelier.core import privacy
from leeratelier.notifications.models import Announcement, Notification, NotificationSetting
from tests.cases.test_views import CASE


def test_export_holds_settings_and_notifications_and_deletion_removes_them(member, colleague, hidden_atelier):
    NotificationSetting.objects.create(user=colleague, kind="case-new", frequency="off")
    case_services.post_case(hidden_atelier, member, **CASE)
    Announcement.objects.create(
        atelier_key=hidden_atelier.translation_key, title="Hallo", body="Tekst", sent_by=colleague
    )
    data, files = privacy._exporters["notifications"].function(colleague)
    assert data["email_settings"] == {"case-new": "off"} and files == []
    assert [n["kind"] for n in data["notifications"]] == ["case-new"]
    assert data["announcements_sent"][0]["title"] == "Hallo"
    privacy.erase_account(colleague, keep_contributions=False)
    assert not Notification.objects.filter(recipient_id=colleague.pk).exists()
    assert not Announcement.objects.exists() and not NotificationSetting.objects.exists()
