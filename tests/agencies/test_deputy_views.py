"""Deputy pages through the test client: the form, the review pages, every URL by role."""

import pytest
from django.urls import reverse

from agencies import services
from agencies.models import LiaisonDeputy
from tests import factories

pytestmark = pytest.mark.django_db
State = LiaisonDeputy.State

FORM = {
    "full_name": "رضا محمدی",
    "position": "معاون توسعه مدیریت",
    "national_code": "0499370899",
    "mobile": "09141234567",
    "email": "deputy@example.ir",
    "office_phone": "044-33001234",
}


@pytest.fixture
def deputy_a(agency_a):
    return factories.DeputyFactory(agency=agency_a)


def login(client, user):
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("0499370899", "0499370899"),
        ("۰۴۹۹۳۷۰۸۹۹", "0499370899"),
        ("٠٤٩٩٣٧٠٨٩٩", "0499370899"),
        ("499370899", "0499370899"),
        ("13542419", "0013542419"),
        ("049-937-0899", "0499370899"),
    ],
)
def test_national_code_vectors_through_the_form(client, staff_a, typed, stored):
    response = login(client, staff_a).post(reverse("agencies:deputy_submit"), {**FORM, "national_code": typed})
    assert response.status_code == 302, response.context["form"].errors
    assert LiaisonDeputy.objects.get().national_code == stored


@pytest.mark.parametrize("typed", ["0499370898", "1111111111", "12345", "04993708991", "abc"])
def test_invalid_national_codes_are_refused_by_the_form(client, staff_a, typed):
    response = login(client, staff_a).post(reverse("agencies:deputy_submit"), {**FORM, "national_code": typed})
    assert response.status_code == 200
    assert "national_code" in response.context["form"].errors
    assert not LiaisonDeputy.objects.exists()


@pytest.mark.parametrize(
    "typed",
    [
        "09141234567",
        "+989141234567",
        "00989141234567",
        "989141234567",
        "۰۹۱۴۱۲۳۴۵۶۷",
        "٠٩١٤١٢٣٤٥٦٧",
        "+98 914 123 4567",
    ],
)
def test_mobile_vectors_through_the_form(client, staff_a, typed):
    response = login(client, staff_a).post(reverse("agencies:deputy_submit"), {**FORM, "mobile": typed})
    assert response.status_code == 302, response.context["form"].errors
    assert LiaisonDeputy.objects.get().mobile == "09141234567"


@pytest.mark.parametrize("typed", ["0914123456", "08141234567", "+4915112345678", "abc"])
def test_invalid_mobiles_are_refused_by_the_form(client, staff_a, typed):
    response = login(client, staff_a).post(reverse("agencies:deputy_submit"), {**FORM, "mobile": typed})
    assert "mobile" in response.context["form"].errors


def test_office_phone_in_persian_digits_is_stored_in_latin(client, staff_a):
    login(client, staff_a).post(reverse("agencies:deputy_submit"), {**FORM, "office_phone": "۰۴۴-۳۳۰۰۱۲۳۴"})
    assert LiaisonDeputy.objects.get().office_phone == "04433001234"  # canonical: area code + number, no dash


def test_form_is_prefilled_with_the_current_deputy(client, staff_a, deputy_a):
    response = login(client, staff_a).get(reverse("agencies:deputy_submit"))
    assert response.context["form"].initial["national_code"] == "0499370899"


def test_staff_overview_shows_confirmed_pending_and_history(client, staff_a, agency_a):
    factories.DeputyFactory(agency=agency_a, state=State.CONFIRMED, full_name="مدیر قدیم")
    services.submit_deputy(agency=agency_a, by=staff_a, **{**FORM, "full_name": "مدیر تازه"})
    page = login(client, staff_a).get(reverse("agencies:deputy")).content.decode()
    assert "مدیر قدیم" in page and "مدیر تازه" in page
    assert '<bdi dir="ltr">0499370899</bdi>' in page or '<bdi dir="ltr">۰۴۹۹۳۷۰۸۹۹</bdi>' in page


def test_review_list_groups_agencies_by_state(client, governorate_user, agency_a, agency_b):
    none = factories.AgencyFactory(name_fa="بدون معاون")
    factories.DeputyFactory(agency=agency_a, state=State.CONFIRMED)
    factories.DeputyFactory(agency=agency_b, state=State.AWAITING_IT_OFFICE)
    client = login(client, governorate_user)
    rows = client.get(reverse("agencies:deputy_review_list"), {"state": "all"}).context["rows"]
    states = {row.pk: row.deputy_state for row in rows}
    assert states[agency_a.pk] == "confirmed"
    assert states[agency_b.pk] == "awaiting_it_office"
    assert states[none.pk] == "none"
    filtered = client.get(reverse("agencies:deputy_review_list"), {"state": "awaiting_it_office"}).context["rows"]
    assert [row.pk for row in filtered] == [agency_b.pk]


def test_agency_with_confirmed_and_pending_is_listed_as_pending(client, it_office_user, agency_a):
    factories.DeputyFactory(agency=agency_a, state=State.CONFIRMED, full_name="الف")
    factories.DeputyFactory(agency=agency_a, state=State.AWAITING_GOVERNORATE, full_name="ب")
    rows = login(client, it_office_user).get(reverse("agencies:deputy_review_list"), {"state": "all"}).context["rows"]
    row = next(row for row in rows if row.pk == agency_a.pk)
    assert (row.deputy_state, row.confirmed_name, row.pending_name) == ("awaiting_governorate", "الف", "ب")


def test_review_list_query_count_does_not_grow(client, governorate_user, django_assert_num_queries):
    client = login(client, governorate_user)
    url = reverse("agencies:deputy_review_list")

    def make(n):
        for _ in range(n):
            agency = factories.AgencyFactory()
            factories.DeputyFactory(agency=agency, state=State.CONFIRMED)
            factories.DeputyFactory(agency=agency, state=State.AWAITING_IT_OFFICE)

    make(2)
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get(url)
    make(10)
    with django_assert_num_queries(len(small.captured_queries)):
        client.get(url)


def test_governorate_verifies_then_it_office_confirms_through_the_pages(
    client, staff_a, governorate_user, it_office_user, agency_a
):
    deputy = services.submit_deputy(agency=agency_a, by=staff_a, **FORM)
    page = login(client, governorate_user).get(reverse("agencies:deputy_review", args=[deputy.pk]))
    assert page.context["can_verify"] and not page.context["can_confirm"]
    client.post(reverse("agencies:deputy_verify", args=[deputy.pk]))
    deputy.refresh_from_db()
    assert deputy.state == State.AWAITING_IT_OFFICE
    # a second click (or a second reviewer) gets a clear message and changes nothing
    response = client.post(reverse("agencies:deputy_verify", args=[deputy.pk]), follow=True)
    assert "already been verified" in response.content.decode() or "تأیید" in response.content.decode()
    page = login(client, it_office_user).get(reverse("agencies:deputy_review", args=[deputy.pk]))
    assert page.context["can_confirm"]
    client.post(reverse("agencies:deputy_confirm", args=[deputy.pk]))
    deputy.refresh_from_db()
    assert deputy.state == State.CONFIRMED


def test_reject_without_reason_changes_nothing(client, staff_a, governorate_user, agency_a):
    deputy = services.submit_deputy(agency=agency_a, by=staff_a, **FORM)
    login(client, governorate_user).post(reverse("agencies:deputy_reject", args=[deputy.pk]), {"reason": " "})
    deputy.refresh_from_db()
    assert deputy.state == State.AWAITING_GOVERNORATE
    client.post(reverse("agencies:deputy_reject", args=[deputy.pk]), {"reason": "نامه معرفی پیوست نشده"})
    deputy.refresh_from_db()
    assert deputy.state == State.REJECTED and deputy.rejection_reason == "نامه معرفی پیوست نشده"


# The permission matrix: every new URL × every role.
ROLES = ["staff_a", "staff_b", "governorate", "it_office", "anonymous"]


def _users(request):
    return {
        "staff_a": request.getfixturevalue("staff_a"),
        "staff_b": request.getfixturevalue("staff_b"),
        "governorate": request.getfixturevalue("governorate_user"),
        "it_office": request.getfixturevalue("it_office_user"),
        "anonymous": None,
    }


# (url name, uses the deputy of agency A, method, {role: expected status})
STAFF_ONLY = {"staff_a": 200, "staff_b": 200, "governorate": 403, "it_office": 403}
REVIEWERS = {"staff_a": 403, "staff_b": 403, "governorate": 200, "it_office": 200}
MATRIX = [
    ("agencies:deputy", False, "get", {"staff_a": 200, "staff_b": 200, "governorate": 403, "it_office": 403}),
    ("agencies:deputy_submit", False, "get", {"staff_a": 200, "staff_b": 200, "governorate": 403, "it_office": 403}),
    (
        "agencies:deputy_review_list",
        False,
        "get",
        {"staff_a": 403, "staff_b": 403, "governorate": 200, "it_office": 200},
    ),
    ("agencies:deputy_review", True, "get", {"staff_a": 403, "staff_b": 403, "governorate": 200, "it_office": 200}),
    ("agencies:deputy_verify", True, "post", {"staff_a": 403, "staff_b": 403, "governorate": 302, "it_office": 403}),
    ("agencies:deputy_confirm", True, "post", {"staff_a": 403, "staff_b": 403, "governorate": 403, "it_office": 302}),
    ("agencies:deputy_reject", True, "post", {"staff_a": 403, "staff_b": 403, "governorate": 302, "it_office": 302}),
]


@pytest.mark.parametrize(("name", "with_pk", "method", "expected"), MATRIX, ids=[row[0] for row in MATRIX])
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(request, client, name, with_pk, method, expected, role, agency_a):
    users = _users(request)
    deputy = factories.DeputyFactory(agency=agency_a)
    url = reverse(name, args=[deputy.pk] if with_pk else [])
    if users[role] is not None:
        client.force_login(users[role])
    response = getattr(client, method)(url, {"reason": "x"} if method == "post" else {})
    if role == "anonymous":
        assert response.status_code == 302 and response.url.startswith(reverse("login"))
    else:
        assert response.status_code == expected[role]


def test_reviewer_of_another_province_gets_404(client, agency_a):
    elsewhere = factories.AgencyFactory(
        province=factories.ProvinceFactory(code="OTH", name_fa="استان دیگر"), kind="governorate", group=""
    )
    reviewer = factories.UserFactory(role="governorate_reviewer", agency=elsewhere)
    deputy = factories.DeputyFactory(agency=agency_a)
    client.force_login(reviewer)
    assert client.get(reverse("agencies:deputy_review", args=[deputy.pk])).status_code == 404
    assert client.post(reverse("agencies:deputy_verify", args=[deputy.pk])).status_code == 404
    assert client.get(reverse("agencies:deputy_review", args=[deputy.pk + 999])).status_code == 404


@pytest.mark.parametrize(
    ("role", "tab"), [("governorate_user", "awaiting_governorate"), ("it_office_user", "awaiting_it_office")]
)
def test_review_list_opens_on_the_tab_of_the_users_own_step(request, client, role, tab, agency_a, agency_b):
    factories.DeputyFactory(agency=agency_a, state=State.AWAITING_GOVERNORATE)
    factories.DeputyFactory(agency=agency_b, state=State.AWAITING_IT_OFFICE)
    response = login(client, request.getfixturevalue(role)).get(reverse("agencies:deputy_review_list"))
    assert response.context["state"] == tab
    assert {row.deputy_state for row in response.context["rows"]} == {tab}
    everything = client.get(reverse("agencies:deputy_review_list"), {"state": "all"})
    assert everything.context["state"] == "" and len(everything.context["rows"]) >= 2
