"""The notifications page and the top bar's unread count: only one's own, mark read, links
to the object; a fixed number of queries whatever the number of notifications."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from notices.models import Notification
from tests import factories

pytestmark = pytest.mark.django_db


def _notify(user, n=1, url="/reports/1/"):
    return [
        Notification.objects.create(user=user, kind="returns", template="report_returned", title_fa=f"گزارش {i}",
                                    title_en=f"Report {i}", url=url)
        for i in range(n)
    ]  # fmt: skip


def test_the_top_bar_shows_the_unread_count(client, staff_a):
    client.force_login(staff_a)
    html = client.get(reverse("notices:list")).content.decode()
    assert 'id="unread-count"' not in html
    _notify(staff_a, 3)
    html = client.get(reverse("notices:list")).content.decode()
    assert 'id="unread-count">۳' in html


def test_opening_a_notification_marks_it_read_and_goes_to_its_object(client, staff_a):
    (notification,) = _notify(staff_a)
    client.force_login(staff_a)
    response = client.get(reverse("notices:open", args=[notification.pk]))
    assert response.status_code == 302 and response["Location"] == "/reports/1/"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_another_users_notification_is_a_404(client, staff_a, staff_b):
    (notification,) = _notify(staff_b)
    client.force_login(staff_a)
    for url in (reverse("notices:open", args=[notification.pk]), reverse("notices:read", args=[notification.pk])):
        response = client.get(url) if url.endswith(f"/{notification.pk}/") else client.post(url)
        assert response.status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None
    assert "Report 0" not in client.get(reverse("notices:list")).content.decode()


def test_mark_one_and_mark_all_read(client, staff_a):
    first, second, third = _notify(staff_a, 3)
    client.force_login(staff_a)
    assert client.post(reverse("notices:read", args=[first.pk])).status_code == 302
    assert Notification.objects.filter(read_at__isnull=True).count() == 2
    client.post(reverse("notices:read_all"))
    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_titles_follow_the_language(client, staff_a):
    _notify(staff_a)
    client.force_login(staff_a)
    assert "گزارش 0" in client.get(reverse("notices:list")).content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert "Report 0" in client.get(reverse("notices:list")).content.decode()


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_list_runs_the_same_queries_with_few_and_many_notifications(client, staff_a):
    client.force_login(staff_a)
    _notify(staff_a, 2)
    few = _queries(client, reverse("notices:list"))
    _notify(staff_a, 80)
    _notify(factories.UserFactory(), 50)
    assert _queries(client, reverse("notices:list")) == few
