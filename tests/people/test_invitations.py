"""Onboarding without the IT office's phone: creating or importing a user sends an
invitation (email, and SMS with a mobile) whose link chooses a password once, before it
expires; the admin resends it and sees who has not accepted; an expired link says so."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from post_office.models import Email

from agencies import invitations
from agencies.models import Invitation
from notices import sms
from notices.models import Notification
from tests import factories
from tests.people.conftest import last_email, link_in

pytestmark = pytest.mark.django_db
User = get_user_model()
NEW_PASSWORD = "a-long-new-pass-1404"


@pytest.fixture
def admin_client(client):
    client.force_login(factories.UserFactory(username="root", is_staff=True, is_superuser=True))
    return client


def _invite(**fields):
    user = factories.UserFactory(email="new.user@example.ir", **fields)
    user.set_unusable_password()
    user.save()
    invitations.invite(user)
    return user, link_in(last_email("new.user@example.ir").message, "/accounts/invitation/")


def test_creating_a_user_in_the_admin_sends_an_invitation_by_email_and_sms(admin_client, agency_a):
    response = admin_client.post(
        reverse("admin:agencies_user_add"),
        {
            "username": "newstaff", "usable_password": "false", "first_name": "مینا", "last_name": "رحیمی",
            "email": "mina@example.ir", "agency": agency_a.pk, "role": "agency_staff", "language": "fa",
            "mobile": "+98 912 555 4433", "_save": "1",
        },
    )  # fmt: skip
    assert response.status_code == 302, response.context["adminform"].form.errors
    user = User.objects.get(username="newstaff")
    assert user.mobile == "09125554433" and not user.has_usable_password()
    invitation = Invitation.objects.get(user=user)
    assert invitation.expires_at > timezone.now() + datetime.timedelta(days=6)
    body = last_email("mina@example.ir").message
    assert "newstaff" in body and "/accounts/invitation/" in body
    assert [message.to for message in sms.outbox] == ["09125554433"]
    assert "/accounts/invitation/" in sms.outbox[0].body
    assert not Notification.objects.exists()  # an account message, not a portal notice


def test_the_link_sets_a_password_once_and_logs_in(client):
    user, link = _invite()
    page = client.get(link)
    assert page.status_code == 200 and user.username in page.content.decode()
    response = client.post(link, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("people:profile")
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert client.get(reverse("people:profile")).status_code == 200  # logged in
    client.logout()
    again = client.get(link)
    assert again.status_code == 410 and "استفاده" in again.content.decode()
    assert (
        client.post(link, {"new_password1": "x-other-pass-99", "new_password2": "x-other-pass-99"}).status_code == 410
    )
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_a_weak_password_is_refused_and_the_link_still_works(client):
    user, link = _invite()
    response = client.post(link, {"new_password1": "12345", "new_password2": "12345"})
    assert response.status_code == 200
    assert client.get(link).status_code == 200


def test_an_expired_link_explains_itself(client):
    user, link = _invite()
    Invitation.objects.update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    response = client.get(link)
    assert response.status_code == 410
    html = response.content.decode()
    assert 'id="invitation-state"' in html and "منقضی" in html


def test_a_resent_invitation_revokes_the_old_link(client):
    user, old_link = _invite()
    invitations.invite(user)
    new_link = link_in(last_email("new.user@example.ir").message, "/accounts/invitation/")
    assert old_link != new_link
    assert client.get(old_link).status_code == 410
    assert client.get(new_link).status_code == 200


def test_an_unknown_link_is_a_404(client):
    assert client.get(reverse("people:invitation", args=["nope"])).status_code == 404


def test_the_admin_lists_who_has_not_accepted_and_resends(admin_client):
    pending, _link = _invite(username="pending.user")
    accepted = factories.UserFactory(username="accepted.user", email="acc@example.ir")
    Invitation.objects.create(user=accepted, token_hash="x" * 64, expires_at=timezone.now(), accepted_at=timezone.now())
    factories.UserFactory(username="never.invited")
    changelist = reverse("admin:agencies_user_changelist")
    html = admin_client.get(changelist + "?invitation=pending").content.decode()
    assert "pending.user" in html and "accepted.user" not in html and "never.invited" not in html
    html = admin_client.get(changelist + "?invitation=accepted").content.decode()
    assert "accepted.user" in html and "pending.user" not in html
    response = admin_client.post(
        changelist, {"action": "send_invitation", "_selected_action": [pending.pk], "index": 0}
    )
    assert response.status_code == 302
    assert Invitation.objects.filter(user=pending).count() == 2
    assert Invitation.objects.filter(user=pending, revoked_at__isnull=True).count() == 1


def test_importing_users_invites_them_after_the_confirmation_not_on_the_preview(admin_client, agency_a):
    content = (
        "username,first_name,last_name,email,mobile,agency,role,language,is_active\n"
        f"imp.one,علی,رضایی,imp.one@example.ir,۰۹۱۲۳۴۵۶۷۸۹,{agency_a.code},agency_staff,fa,1\n"
        f"imp.two,زهرا,کریمی,imp.two@example.ir,,{agency_a.code},agency_staff,fa,1\n"
    )
    upload = SimpleUploadedFile("users.csv", content.encode(), content_type="text/csv")
    preview = admin_client.post(reverse("admin:agencies_user_import"), {"import_file": upload, "format": "0"})
    assert preview.status_code == 200
    assert not Invitation.objects.exists() and sms.outbox == []
    confirm = preview.context["confirm_form"]
    assert admin_client.post(reverse("admin:agencies_user_process_import"), confirm.initial).status_code == 302
    users = User.objects.filter(username__startswith="imp.")
    assert {user.username: user.mobile for user in users} == {"imp.one": "09123456789", "imp.two": ""}
    assert Invitation.objects.filter(user__in=users).count() == 2
    assert last_email("imp.two@example.ir") is not None
    assert [message.to for message in sms.outbox] == ["09123456789"]


def test_a_confirmed_deputy_without_a_password_is_invited(it_office_user, governorate_user):
    from agencies import services as deputy_services

    deputy = factories.DeputyFactory(
        agency=factories.AgencyFactory(province=it_office_user.agency.province), state="awaiting_it_office",
        email="deputy.new@example.ir",
    )  # fmt: skip
    deputy_services.confirm_deputy(deputy=deputy, by=it_office_user)
    deputy.refresh_from_db()
    assert deputy.user is not None and deputy.user.mobile == "09141234567"
    assert Invitation.objects.filter(user=deputy.user).count() == 1
    assert Email.objects.filter(to=["deputy.new@example.ir"], message__contains="/accounts/invitation/").exists()
    assert [message.to for message in sms.outbox] == ["09141234567"]
