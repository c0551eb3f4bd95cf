"""Circular pages through the test client, and every URL × every role."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from circulars import services
from circulars.models import Circular, CircularRead, CircularTarget
from tests import factories
from tests.circulars.helpers import draft, pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def published_a(it_office_user, agency_a):
    """A published circular addressed to agency A only, with one attachment."""
    circular = draft(it_office_user, target_mode="selected", selected_agencies=[agency_a], files=[pdf()])
    services.publish_circular(circular=circular, by=it_office_user)
    return circular


def test_staff_list_marks_unread_and_opening_records_the_read(client, staff_a, published_a):
    client.force_login(staff_a)
    page = client.get(reverse("circulars:list"))
    [row] = page.context["circulars"]
    assert row.is_read is False and row.acknowledged_at is None
    assert "badge text-bg-primary" in page.content.decode()
    detail = client.get(reverse("circulars:detail", args=[published_a.pk]))
    assert detail.status_code == 200
    assert CircularRead.objects.filter(user=staff_a, circular=published_a).count() == 1
    [row] = client.get(reverse("circulars:list")).context["circulars"]
    assert row.is_read is True


def test_body_is_plain_text_with_paragraphs(client, staff_a, it_office_user, agency_a):
    circular = draft(
        it_office_user, target_mode="selected", selected_agencies=[agency_a], body="<b>بند</b> اول\n\nبند دوم"
    )
    services.publish_circular(circular=circular, by=it_office_user)
    client.force_login(staff_a)
    page = client.get(reverse("circulars:detail", args=[circular.pk])).content.decode()
    assert "&lt;b&gt;بند&lt;/b&gt; اول" in page and "<b>بند</b>" not in page
    assert "<p>بند دوم</p>" in page
    assert "<bdi>۲۳۱۳۲۷/ت۴۳۹۱۵ک</bdi>" in page


def test_staff_acknowledges_through_the_page(client, staff_a, published_a):
    client.force_login(staff_a)
    response = client.post(reverse("circulars:acknowledge", args=[published_a.pk]), follow=True)
    assert response.status_code == 200
    target = CircularTarget.objects.get(circular=published_a)
    assert target.acknowledged_by == staff_a
    again = client.post(reverse("circulars:acknowledge", args=[published_a.pk]), follow=True)
    messages = [str(m) for m in again.context["messages"]]
    assert len(messages) == 1 and staff_a.username in messages[0]


def test_office_sees_rate_and_who_has_not_acknowledged(client, it_office_user, staff_a, agency_a, agency_b):
    circular = draft(it_office_user, target_mode="selected", selected_agencies=[agency_a, agency_b])
    services.publish_circular(circular=circular, by=it_office_user)
    services.acknowledge_circular(circular=circular, by=staff_a)
    client.force_login(it_office_user)
    page = client.get(reverse("circulars:detail", args=[circular.pk]))
    status = page.context["status"]
    assert (len(status["acknowledged"]), status["total"]) == (1, 2)
    assert [t.agency for t in status["pending"]] == [agency_b]
    assert agency_b.name_fa in page.content.decode()


def test_reminder_twice_the_same_day_is_refused_with_a_message(client, it_office_user, published_a):
    client.force_login(it_office_user)
    first = client.post(reverse("circulars:remind", args=[published_a.pk]), follow=True)
    assert [m.level_tag for m in first.context["messages"]] == ["success"]
    second = client.post(reverse("circulars:remind", args=[published_a.pk]), follow=True)
    [message] = list(second.context["messages"])
    assert message.level_tag == "error"
    assert published_a.reminders.count() == 1


def test_create_edit_and_publish_through_the_pages(client, it_office_user, agency_a, agency_b):
    client.force_login(it_office_user)
    response = client.post(
        reverse("circulars:create"),
        {
            "number": "۱۲۳/ت۴۵", "date": "۱۴۰۵/۰۱/۱۵", "subject": "موضوع", "body": "متن",
            "target_mode": "selected", "selected_agencies": [agency_a.pk, agency_b.pk],
            "acknowledge_by": "1405/1/25", "files": [pdf("الف.pdf"), pdf("ب.pdf")],
        },
    )  # fmt: skip
    assert response.status_code == 302, response.context["form"].errors
    circular = Circular.objects.get()
    assert circular.number == "۱۲۳/ت۴۵" and str(circular.date) == "2026-04-04"
    assert circular.attachments.count() == 2
    edit = client.get(reverse("circulars:edit", args=[circular.pk]))
    assert edit.status_code == 200
    removed = circular.attachments.first()
    response = client.post(
        reverse("circulars:edit", args=[circular.pk]),
        {
            "number": "۱۲۳/ت۴۵", "date": "1405/01/15", "subject": "موضوع تازه", "body": "متن",
            "target_mode": "selected", "selected_agencies": [agency_a.pk, agency_b.pk],
            "acknowledge_by": "1405/1/25", "remove_attachments": [removed.pk],
        },
    )  # fmt: skip
    assert response.status_code == 302
    assert circular.attachments.count() == 1
    confirm = client.get(reverse("circulars:publish", args=[circular.pk]))
    assert [a.pk for a in confirm.context["without_deputy"]] == sorted(
        [agency_a.pk, agency_b.pk], key=lambda pk: {agency_a.pk: agency_a.name_fa, agency_b.pk: agency_b.name_fa}[pk]
    )
    published = client.post(reverse("circulars:publish", args=[circular.pk]), follow=True)
    assert [m.level_tag for m in published.context["messages"]] == ["success"]
    circular.refresh_from_db()
    assert circular.state == Circular.State.PUBLISHED
    # publishing again (a second tab) is refused with a message and changes nothing
    again = client.post(reverse("circulars:publish", args=[circular.pk]), follow=True)
    assert [m.level_tag for m in again.context["messages"]] == ["error"]
    assert CircularTarget.objects.count() == 2
    assert client.get(reverse("circulars:edit", args=[circular.pk])).status_code == 302


def test_form_refuses_deadline_before_date_and_empty_selection(client, it_office_user):
    client.force_login(it_office_user)
    response = client.post(
        reverse("circulars:create"),
        {"number": "1", "date": "1405/02/01", "subject": "x", "body": "x", "target_mode": "selected",
         "acknowledge_by": "1405/01/01"},
    )  # fmt: skip
    errors = response.context["form"].errors
    assert "acknowledge_by" in errors and "selected_agencies" in errors
    assert not Circular.objects.exists()


def test_attachment_download_is_permission_checked(client, staff_a, staff_b, published_a):
    attachment = published_a.attachments.get()
    url = reverse("circulars:attachment", args=[published_a.pk, attachment.pk])
    client.force_login(staff_a)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    client.force_login(staff_b)
    assert client.get(url).status_code == 404


def test_staff_search_is_persian_insensitive(client, staff_a, it_office_user, agency_a):
    circular = draft(it_office_user, subject="دستگاه‌های كرمان", target_mode="selected", selected_agencies=[agency_a])
    services.publish_circular(circular=circular, by=it_office_user)
    client.force_login(staff_a)
    for query in ["دستگاههای", "دستگاه های", "کرمان"]:
        assert [c.pk for c in client.get(reverse("circulars:list"), {"q": query}).context["circulars"]] == [circular.pk]
    assert client.get(reverse("circulars:list"), {"q": "تهران"}).context["circulars"] == []
    # a NUL was a server error on PostgreSQL (found by tests/security/test_fuzz_pages.py)
    for user in (staff_a, it_office_user):
        client.force_login(user)
        response = client.get(reverse("circulars:list"), {"q": "کرمان\x00"})
        assert [c.pk for c in response.context["circulars"]] == [circular.pk]


def _query_count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries.captured_queries)


@pytest.mark.parametrize("role", ["staff", "office"])
def test_list_query_count_does_not_grow(client, role, it_office_user, staff_a, agency_a, agency_b):
    user = staff_a if role == "staff" else it_office_user
    client.force_login(user)
    url = reverse("circulars:list")

    def make(n):
        for _ in range(n):
            circular = draft(it_office_user, target_mode="selected", selected_agencies=[agency_a, agency_b])
            services.publish_circular(circular=circular, by=it_office_user)
            services.acknowledge_circular(circular=circular, by=staff_a)
            services.mark_read(circular=circular, user=staff_a)

    make(1)
    client.get(url)
    small = _query_count(client, url)
    make(6)
    assert _query_count(client, url) == small


def test_detail_query_count_does_not_grow(client, it_office_user, staff_a, agency_a):
    client.force_login(it_office_user)
    circular = draft(it_office_user, files=[pdf()])
    services.publish_circular(circular=circular, by=it_office_user)
    url = reverse("circulars:detail", args=[circular.pk])
    client.get(url)
    small = _query_count(client, url)
    for _ in range(5):
        factories.AgencyFactory()
    other = draft(it_office_user, files=[pdf(), pdf()])
    services.publish_circular(circular=other, by=it_office_user)
    services.acknowledge_circular(circular=other, by=staff_a)
    services.send_acknowledgement_reminder(circular=other, by=it_office_user)
    assert _query_count(client, reverse("circulars:detail", args=[other.pk])) == small


# The permission matrix: every URL × every role, on objects of agency A.
ROLES = ["staff_a", "staff_b", "governorate", "it_office", "anonymous"]
READERS = {"staff_a": 200, "staff_b": 404, "governorate": 200, "it_office": 200}
OFFICE_ONLY = {"staff_a": 403, "staff_b": 403, "governorate": 403, "it_office": 200}
OFFICE_POST = {"staff_a": 403, "staff_b": 403, "governorate": 403, "it_office": 302}
MATRIX = [
    # name, object, method, expected
    ("circulars:list", None, "get", {"staff_a": 200, "staff_b": 200, "governorate": 200, "it_office": 200}),
    ("circulars:create", None, "get", OFFICE_ONLY),
    ("circulars:detail", "published", "get", READERS),
    ("circulars:detail", "draft", "get", {"staff_a": 404, "staff_b": 404, "governorate": 404, "it_office": 200}),
    ("circulars:attachment", "published", "get", READERS),
    ("circulars:attachment", "draft", "get", {"staff_a": 404, "staff_b": 404, "governorate": 404, "it_office": 200}),
    ("circulars:edit", "draft", "get", OFFICE_ONLY),
    ("circulars:publish", "draft", "get", OFFICE_ONLY),
    ("circulars:publish", "draft", "post", OFFICE_POST),
    (
        "circulars:acknowledge",
        "published",
        "post",
        {"staff_a": 302, "staff_b": 404, "governorate": 403, "it_office": 403},
    ),
    ("circulars:remind", "published", "post", OFFICE_POST),
]


@pytest.mark.parametrize(("name", "obj", "method", "expected"), MATRIX, ids=[f"{r[0]}-{r[1]}-{r[2]}" for r in MATRIX])
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(request, client, name, obj, method, expected, role, it_office_user, agency_a):
    users = {
        "staff_a": request.getfixturevalue("staff_a"),
        "staff_b": request.getfixturevalue("staff_b"),
        "governorate": request.getfixturevalue("governorate_user"),
        "it_office": it_office_user,
        "anonymous": None,
    }
    circular = draft(it_office_user, target_mode="selected", selected_agencies=[agency_a], files=[pdf()])
    if obj == "published":
        services.publish_circular(circular=circular, by=it_office_user)
    args = []
    if obj is not None:
        args = [circular.pk]
        if name == "circulars:attachment":
            args.append(circular.attachments.get().pk)
    if users[role] is not None:
        client.force_login(users[role])
    response = getattr(client, method)(reverse(name, args=args))
    if role == "anonymous":
        assert response.status_code == 302 and response.url.startswith(reverse("login"))
    else:
        assert response.status_code == expected[role]


def test_missing_circular_is_404_for_everyone(client, it_office_user, staff_a):
    for user in (it_office_user, staff_a):
        client.force_login(user)
        assert client.get(reverse("circulars:detail", args=[9999])).status_code == 404


def test_circular_form_offers_the_offline_jalali_date_picker(client, it_office_user):
    client.force_login(it_office_user)
    html = client.get(reverse("circulars:create")).content.decode()
    assert "js/jalali-datepicker.js" in html and "css/jalali-datepicker.css" in html
    assert "cdn" not in html.lower()
