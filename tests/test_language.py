"""The language switch: kept in the browser before login, on the user after it."""

import pytest
from django.conf import settings
from django.urls import reverse

from agencies.models import User
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def test_switch_before_login_is_kept_for_the_login_page(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("login")})
    assert response.status_code == 302
    page = client.get(reverse("login"))
    assert 'lang="en"' in page.content.decode() and 'dir="ltr"' in page.content.decode()


def test_switch_when_logged_in_is_saved_on_the_user(client, staff_a):
    client.force_login(staff_a)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert User.objects.get(pk=staff_a.pk).language == "en"


def test_login_applies_the_users_saved_language(client, staff_a):
    staff_a.language = "en"
    staff_a.save()
    response = client.post(reverse("login"), {"username": staff_a.username, "password": TEST_PASSWORD})
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    page = client.get(reverse("programs:agency", args=[staff_a.agency_id]))
    assert 'lang="en"' in page.content.decode()


def test_unknown_language_is_ignored(client, staff_a):
    client.force_login(staff_a)
    client.post(reverse("set_language"), {"language": "xx", "next": "/"})
    assert User.objects.get(pk=staff_a.pk).language == "fa"
