"""A form refused by the CSRF check gets the portal's own page, in the user's language,
not Django's English one."""

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_refused_form_says_so_in_persian(staff_a):
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff_a)
    response = client.post(reverse("agencies:deputy_submit"), {"full_name": "رضا"})
    assert response.status_code == 403
    html = response.content.decode()
    assert 'lang="fa"' in html and 'dir="rtl"' in html
    assert "فرم فرستاده نشد" in html
    assert "CSRF" not in html and "Forbidden" not in html


def test_the_login_form_without_its_cookie_names_the_cookie(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "x", "password": "y"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "فرم فرستاده نشد" in html and "کوکی" in html


def test_in_english_the_page_is_english(staff_a):
    staff_a.language = "en"
    staff_a.save()
    client = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="en")
    client.cookies["django_language"] = "en"
    client.force_login(staff_a)
    response = client.post(reverse("agencies:deputy_submit"), {})
    assert response.status_code == 403
    assert "The form could not be sent" in response.content.decode()
