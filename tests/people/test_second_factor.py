"""The second factor for reviewers and administrators, switched on as in production: enrol
before anything else, verify after each login (the admin's login included), recovery codes
work once; roles outside OTP_REQUIRED_ROLES are not asked."""

import re
import time

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests import factories
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def enforced(settings):
    settings.OTP_ENFORCED = True
    settings.OTP_REQUIRED_ROLES = ["it_office_reviewer", "governorate_reviewer", "superuser", "staff"]


def _code(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """The app's code now (or the next step's: a code once accepted is never accepted again)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():06d}"


def _unthrottle(user):
    """A wrong code slows the next attempts down (django-otp's throttling); tests do not wait."""
    from django_otp import devices_for_user

    for device in devices_for_user(user):
        device.throttle_reset()


def _login(client, username, url=None):
    response = client.post(url or reverse("login"), {"username": username, "password": TEST_PASSWORD})
    assert response.status_code == 302
    return response


def _enrol(client) -> list[str]:
    page = client.get(reverse("people:otp_setup"))
    assert page.status_code == 200 and 'src="data:image/svg+xml;base64,' in page.content.decode()
    device = TOTPDevice.objects.get(confirmed=False)
    response = client.post(reverse("people:otp_setup"), {"code": _code(device), "next": "/"})
    assert response.status_code == 200
    return re.findall(r"<li class=\"col\">(\d{8})</li>", response.content.decode())


def test_a_reviewer_must_enrol_before_anything_else(client, it_office_user):
    _login(client, "ito")
    response = client.get(reverse("dashboards:dashboard"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("people:otp_setup"))
    codes = _enrol(client)
    assert len(codes) == 10
    assert client.get(reverse("dashboards:dashboard")).status_code == 200


def test_after_enrolling_each_login_asks_for_the_code(client, it_office_user):
    _login(client, "ito")
    _enrol(client)
    client.post(reverse("logout"))
    _login(client, "ito")
    response = client.get(reverse("programs:review_queue"))
    assert response["Location"].startswith(reverse("people:otp_verify"))
    wrong = client.post(reverse("people:otp_verify"), {"code": "000000", "next": reverse("programs:review_queue")})
    assert wrong.status_code == 200
    _unthrottle(it_office_user)
    device = TOTPDevice.objects.get(user=it_office_user)
    ok = client.post(
        reverse("people:otp_verify"), {"code": _code(device, steps_ahead=1), "next": reverse("programs:review_queue")}
    )
    assert ok.status_code == 302 and ok["Location"] == reverse("programs:review_queue")
    assert client.get(reverse("programs:review_queue")).status_code == 200


def test_a_recovery_code_works_once(client, it_office_user):
    _login(client, "ito")
    codes = _enrol(client)
    for attempt in range(2):
        client.post(reverse("logout"))
        _login(client, "ito")
        response = client.post(reverse("people:otp_verify"), {"code": codes[0], "next": "/review/"})
        assert (response.status_code == 302) == (attempt == 0)


def test_the_admin_login_asks_for_the_second_factor_too(client):
    factories.UserFactory(username="boss", is_staff=True, is_superuser=True)
    _login(client, "boss", url=reverse("admin:login"))
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("people:otp_setup"))
    _enrol(client)
    assert client.get(reverse("admin:index")).status_code == 200


def test_agency_staff_are_not_asked(client, staff_a):
    _login(client, "staff_a")
    assert client.get(reverse("programs:agency", args=[staff_a.agency_id])).status_code == 200
    assert client.get(reverse("people:otp_setup")).status_code == 403


def test_logout_and_language_work_before_the_second_factor(client, governorate_user):
    _login(client, "gov")
    assert client.post(reverse("set_language"), {"language": "en", "next": "/"}).status_code == 302
    assert client.post(reverse("logout")).status_code == 302


def test_switched_off_nothing_is_asked(client, settings, it_office_user):
    settings.OTP_ENFORCED = False
    _login(client, "ito")
    assert client.get(reverse("programs:review_queue")).status_code == 200


def test_the_admin_resets_a_lost_second_factor_and_the_user_enrols_again(client, settings, it_office_user):
    settings.OTP_REQUIRED_ROLES = ["it_office_reviewer"]  # the administrator's own second factor is tested above
    _login(client, "ito")
    _enrol(client)
    client.post(reverse("logout"))
    boss = factories.UserFactory(username="boss", is_staff=True, is_superuser=True)
    admin_client = type(client)()
    admin_client.force_login(boss)
    response = admin_client.post(
        reverse("admin:agencies_user_changelist"),
        {"action": "reset_second_factor", "_selected_action": [it_office_user.pk], "index": 0},
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=it_office_user).exists()
    _login(client, "ito")
    assert client.get(reverse("programs:review_queue"))["Location"].startswith(reverse("people:otp_setup"))
    assert admin_client.get("/admin/otp_totp/totpdevice/").status_code == 404  # secrets never listed


def test_new_recovery_codes_replace_the_old(client, it_office_user):
    _login(client, "ito")
    old = _enrol(client)
    page = client.post(reverse("people:recovery_codes"))
    new = re.findall(r"<li class=\"col\">(\d{8})</li>", page.content.decode())
    assert len(new) == 10 and not set(new) & set(old)
    client.post(reverse("logout"))
    _login(client, "ito")
    assert client.post(reverse("people:otp_verify"), {"code": old[0]}).status_code == 200
    _unthrottle(it_office_user)
    assert client.post(reverse("people:otp_verify"), {"code": new[0]}).status_code == 302
