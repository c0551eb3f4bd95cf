"""Forgot password, change password: Django's views with the portal's pages and email; the
same answer for known and unknown addresses; rate-limited; other sessions end."""

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from post_office.models import Email

from agencies.models import Invitation
from tests import factories
from tests.factories import TEST_PASSWORD
from tests.people.conftest import last_email, link_in

pytestmark = pytest.mark.django_db
NEW = "another-long-pass-1404"


def test_login_page_links_to_the_reset(client):
    assert reverse("password_reset") in client.get(reverse("login")).content.decode()


def test_known_and_unknown_addresses_get_the_same_answer(client):
    factories.UserFactory(username="known", email="known@example.ir")
    known = client.post(reverse("password_reset"), {"email": "known@example.ir"})
    unknown = client.post(reverse("password_reset"), {"email": "nobody@example.ir"})
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert Email.objects.filter(to=["known@example.ir"]).count() == 1
    assert not Email.objects.filter(to=["nobody@example.ir"]).exists()


def test_the_reset_link_sets_a_new_password(client):
    user = factories.UserFactory(username="known", email="known@example.ir", language="en")
    client.post(reverse("password_reset"), {"email": "KNOWN@example.ir"})
    email = last_email("known@example.ir")
    assert "new password" in email.subject.lower() or email.subject
    link = link_in(email.message, "/accounts/reset/")
    form = client.get(link, follow=True)
    assert form.status_code == 200 and form.context["validlink"]
    done = client.post(form.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW})
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW)
    assert not client.get(link, follow=True).context["validlink"]  # once


def test_an_invited_user_who_lost_the_invitation_can_reset(client):
    user = factories.UserFactory(username="invited", email="inv@example.ir")
    user.set_unusable_password()
    user.save()
    Invitation.objects.create(user=user, token_hash="y" * 64, expires_at=user.date_joined)
    client.post(reverse("password_reset"), {"email": "inv@example.ir"})
    assert last_email("inv@example.ir") is not None


def test_reset_requests_are_rate_limited(client, settings):
    settings.RATELIMIT_ENABLE = True
    settings.RATELIMIT_PASSWORD_RESET_EMAIL = "2/h"
    cache.clear()
    answers = [client.post(reverse("password_reset"), {"email": "x@example.ir"}).status_code for _ in range(3)]
    assert answers == [302, 302, 429]
    assert "fa" in client.post(reverse("password_reset"), {"email": "x@example.ir"})["Content-Language"]


def test_changing_the_password_keeps_this_session_and_ends_the_others(staff_a):
    here, elsewhere = Client(), Client()
    for client in (here, elsewhere):
        assert client.post(reverse("login"), {"username": "staff_a", "password": TEST_PASSWORD}).status_code == 302
    response = here.post(
        reverse("password_change"), {"old_password": TEST_PASSWORD, "new_password1": NEW, "new_password2": NEW}
    )
    assert response.status_code == 302
    assert here.get(reverse("people:profile")).status_code == 200
    assert elsewhere.get(reverse("people:profile"))["Location"].startswith(reverse("login"))


def test_a_reset_ends_every_session(client, staff_a):
    staff_a.email = "staff.a@example.ir"
    staff_a.save()
    elsewhere = Client()
    elsewhere.post(reverse("login"), {"username": "staff_a", "password": TEST_PASSWORD})
    client.post(reverse("password_reset"), {"email": "staff.a@example.ir"})
    link = link_in(last_email("staff.a@example.ir").message, "/accounts/reset/")
    form = client.get(link, follow=True)
    client.post(form.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW})
    assert elsewhere.get(reverse("people:profile")).status_code == 302
