import pytest
from django.urls import reverse

from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_pages_need_login(client):
    for url in [reverse("home"), reverse("dashboards:dashboard"), reverse("programs:agency", args=[1])]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_login_page_is_persian_and_right_to_left(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'lang="fa"' in html and 'dir="rtl"' in html
    assert "ورود" in html


def test_wrong_password_gets_a_persian_message(client, staff_a):
    response = client.post(reverse("login"), {"username": "staff_a", "password": "wrong"})
    assert response.status_code == 200
    assert "alert-danger" in response.content.decode()


def _login(client, username):
    response = client.post(reverse("login"), {"username": username, "password": TEST_PASSWORD})
    assert response.status_code == 302, response.content
    return client.get(reverse("home"))


def test_agency_staff_land_on_their_agency(client, staff_a):
    response = _login(client, "staff_a")
    assert response["Location"] == reverse("programs:agency", args=[staff_a.agency_id])


@pytest.mark.parametrize("user_fixture", ["governorate_user", "it_office_user"])
def test_reviewers_land_on_the_dashboard(client, request, user_fixture):
    user = request.getfixturevalue(user_fixture)
    response = _login(client, user.username)
    assert response["Location"] == reverse("dashboards:dashboard")
    assert client.get(response["Location"]).status_code == 200


def test_administrators_land_on_the_admin(client):
    UserFactory(username="boss", is_staff=True, is_superuser=True)
    assert _login(client, "boss")["Location"] == reverse("admin:index")


def test_user_without_role_is_told_so(client):
    UserFactory(username="norole")
    response = _login(client, "norole")
    assert response.status_code == 200
    assert "نقشی" in response.content.decode()


def test_agency_staff_cannot_see_another_agency_or_the_overview(client, staff_a, agency_b):
    client.force_login(staff_a)
    assert client.get(reverse("programs:agency", args=[staff_a.agency_id])).status_code == 200
    assert client.get(reverse("programs:agency", args=[agency_b.pk])).status_code == 404
    assert client.get(reverse("programs:agency", args=[999999])).status_code == 404
    assert client.get(reverse("programs:review_queue")).status_code == 403


def test_logout_needs_post_and_ends_the_session(client, staff_a):
    client.force_login(staff_a)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302


def test_language_switch_works_before_login(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("login")})
    assert response.status_code == 302
    html = client.get(reverse("login")).content.decode()
    assert 'lang="en"' in html and 'dir="ltr"' in html
