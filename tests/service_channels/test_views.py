"""The channel pages through the test client: permissions, forms, review, export."""

import io

import pytest
from django.urls import reverse

from service_channels.models import Channel, ChannelReport, Service, TransactionCount
from tests.service_channels.conftest import make_report, sc

ROLES = ["anonymous", "staff_a", "staff_b", "governorate", "it_office"]


@pytest.fixture
def users(staff_a, staff_b, governorate_user, it_office_user):
    return {"staff_a": staff_a, "staff_b": staff_b, "governorate": governorate_user, "it_office": it_office_user}


@pytest.fixture
def report_a(service_a, agency_a, period):
    return make_report(agency_a, period, {(service_a, Channel.ONLINE): 5}, state="submitted")


def _client(client, users, role):
    if role != "anonymous":
        client.force_login(users[role])
    return client


# url name, args (from fixtures), method, expected per role (anonymous, staff_a, staff_b, governorate, it_office)
MATRIX = [
    ("index", [], "get", ["login", 302, 302, 302, 302]),
    ("catalogue", ["agency_a"], "get", ["login", 200, 404, 200, 200]),
    ("service_create", [], "get", ["login", 200, 200, 403, 403]),
    ("service_edit", ["service_a"], "get", ["login", 200, 404, 403, 403]),
    ("counts_edit", ["period"], "get", ["login", 200, 200, 403, 403]),
    ("report_detail", ["report_a"], "get", ["login", 200, 404, 200, 200]),
    ("report_review", ["report_a"], "post", ["login", 403, 403, 403, 302]),
    ("review_queue", [], "get", ["login", 403, 403, 200, 200]),
    ("dashboard", [], "get", ["login", 403, 403, 200, 200]),
]


@pytest.mark.parametrize("name,args,method,expected", MATRIX, ids=[row[0] for row in MATRIX])
def test_permission_matrix(client, users, request, name, args, method, expected):
    objects = [request.getfixturevalue(arg).pk for arg in args]
    url = reverse(f"channels:{name}", args=objects)
    for role, answer in zip(ROLES, expected, strict=True):
        client.logout()
        _client(client, users, role)
        data = {"decision": "approve"} if method == "post" else None
        response = getattr(client, method)(url, data) if data else getattr(client, method)(url)
        if answer == "login":
            assert response.status_code == 302 and response.url.startswith(reverse("login")), (role, name)
        else:
            assert response.status_code == answer, (role, name, response.status_code)


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_export_permissions(client, users, fmt, period):
    url = reverse("channels:dashboard_export", args=["channels-ranking", fmt])
    for role, answer in zip(ROLES[1:], [403, 403, 200, 200], strict=True):
        client.force_login(users[role])
        assert client.get(url).status_code == answer, role


def test_staff_enter_counts_in_persian_digits_and_submit(client, staff_a, service_a, period):
    client.force_login(staff_a)
    url = reverse("channels:counts_edit", args=[period.pk])
    page = client.get(url)
    assert page.status_code == 200
    in_person, online = sc(service_a, Channel.IN_PERSON), sc(service_a, Channel.ONLINE)
    response = client.post(url, {f"count_{in_person.pk}": "۱٬۲۰۰", f"count_{online.pk}": "", "save": "1"})
    assert response.status_code == 302
    assert dict(TransactionCount.objects.values_list("service_channel__channel", "count")) == {
        "in_person": 1200,
        "online": None,
    }
    response = client.post(url, {f"count_{in_person.pk}": "۱۲۰", f"count_{online.pk}": "٣٠", "submit": "1"})
    report = ChannelReport.objects.get()
    assert response.status_code == 302 and response.url == report.get_absolute_url()
    assert report.state == "submitted"
    assert dict(TransactionCount.objects.values_list("service_channel__channel", "count")) == {
        "in_person": 120,
        "online": 30,
    }
    # Submitted: the form is not offered any more; a post changes nothing.
    response = client.post(url, {f"count_{in_person.pk}": "1", "save": "1"})
    assert response.status_code == 302 and response.url == report.get_absolute_url()
    assert TransactionCount.objects.get(service_channel=in_person).count == 120


def test_bad_numbers_keep_what_was_typed_and_save_nothing(client, staff_a, service_a, period):
    client.force_login(staff_a)
    in_person = sc(service_a, Channel.IN_PERSON)
    response = client.post(
        reverse("channels:counts_edit", args=[period.pk]), {f"count_{in_person.pk}": "-3", "submit": "1"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert 'value="-۳"' in response.content.decode()  # as typed, in Persian digits
    assert not ChannelReport.objects.exists()


def test_an_empty_first_save_creates_nothing(client, staff_a, service_a, period):
    client.force_login(staff_a)
    response = client.post(reverse("channels:counts_edit", args=[period.pk]), {"save": "1"})
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    assert not ChannelReport.objects.exists()


def test_return_without_a_reason_is_refused(client, it_office_user, report_a):
    client.force_login(it_office_user)
    response = client.post(reverse("channels:report_review", args=[report_a.pk]), {"decision": "return"})
    assert response.status_code == 400
    report_a.refresh_from_db()
    assert report_a.state == "submitted"
    response = client.post(
        reverse("channels:report_review", args=[report_a.pk]), {"decision": "return", "comment": "ناقص است"}
    )
    assert response.status_code == 302
    report_a.refresh_from_db()
    assert (report_a.state, report_a.review_comment) == ("returned", "ناقص است")


def test_double_approval_shows_a_clear_message(client, it_office_user, report_a):
    client.force_login(it_office_user)
    url = reverse("channels:report_review", args=[report_a.pk])
    client.post(url, {"decision": "approve"})
    response = client.post(url, {"decision": "approve"}, follow=True)
    messages = [str(message) for message in response.context["messages"]]
    # "This report is no longer waiting for review (it is now “Approved”); nothing was changed."
    assert "«" in messages[-1] or "“" in messages[-1], messages
    assert report_a.events.filter(action="counts.approved").count() == 1


def test_staff_add_a_service_with_jalali_dates(client, staff_a, agency_a):
    client.force_login(staff_a)
    response = client.post(
        reverse("channels:service_create"),
        {
            "code": "WEL-۱۲",
            "name_fa": "صدور کارت معلولیت",
            "name_en": "",
            "is_active": "on",
            "offered_in_person": "on",
            "offered_online": "on",
            "opened_online": "۱۴۰۴/۰۷/۰۱",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    service = Service.objects.get()
    assert (service.agency, service.code) == (agency_a, "WEL-12")
    assert str(service.channels.get(channel="online").opened_on) == "2025-09-23"
    assert service.channels.get(channel="in_person").opened_on is None


def test_a_service_needs_a_channel(client, staff_a):
    client.force_login(staff_a)
    response = client.post(reverse("channels:service_create"), {"code": "X", "name_fa": "بی‌مجرا"})
    assert response.status_code == 200 and not Service.objects.exists()


def test_dashboard_page_and_exports(client, it_office_user, service_a, service_b, agency_a, agency_b, period):
    make_report(agency_a, period, {(service_a, Channel.IN_PERSON): 3, (service_a, Channel.ONLINE): 1})
    make_report(agency_b, period, {(service_b, Channel.IN_PERSON): 3}, state="submitted")
    client.force_login(it_office_user)
    page = client.get(reverse("channels:dashboard"))
    assert page.status_code == 200
    assert "۲۵٫۰٪" in page.content.decode()  # 1 of 4 transactions online
    response = client.get(reverse("channels:dashboard_export", args=["channels-ranking", "csv"]))
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    header, first = text.lstrip("\ufeff").splitlines()[:2]
    assert "رتبه" in header or "Rank" in header
    assert "25.0" in first and agency_a.name_fa in first
    response = client.get(reverse("channels:dashboard_export", args=["channels-trend", "xlsx"]))
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.sheet_view.rightToLeft
    assert client.get(reverse("channels:dashboard_export", args=["nope", "csv"])).status_code == 404


def test_the_main_dashboard_links_to_the_channels_section(client, it_office_user):
    client.force_login(it_office_user)
    response = client.get(reverse("dashboards:dashboard"))
    assert response.status_code == 200
    assert f'href="{reverse("channels:dashboard")}"' in response.content.decode()
