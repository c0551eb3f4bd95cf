"""Over-size request bodies are refused (413, a Persian page) before they are read.

Before the fix a request of any size was read to the end (the files of a multipart upload
spooled to disk) and only then was each file refused by validate_upload.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from programs.models import Evidence, ProgressReport
from tests import factories

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


class UnreadableBody:
    """A request body that fails the test if anything reads it."""

    def read(self, *args):
        raise AssertionError("the body was read")

    readline = read


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def report_start_url(staff_a):
    assignment = factories.AssignmentFactory(agency=staff_a.agency)
    return reverse("programs:report_start", args=[assignment.pk, factories.PeriodFactory().pk])


def assert_persian_413(response):
    assert response.status_code == 413
    html = response.content.decode()
    assert 'lang="fa"' in html and 'dir="rtl"' in html
    assert "پرونده‌های فرستاده‌شده بیش از حد بزرگ است" in html
    assert "۵۱٫۰ مگابایت" in html and "۱۰٫۰ مگابایت" in html  # the limits (51 MB; 10 MB a file)
    assert "no-store" in response["Cache-Control"]


def test_a_huge_declared_length_is_refused_without_reading_the_body(client, staff_a, report_start_url):
    client.force_login(staff_a)
    response = client.post(
        report_start_url,
        data=b"x",
        content_type="multipart/form-data; boundary=BoUnDaRy",
        CONTENT_LENGTH=str(4 * 1024**3),  # 4 GB announced
        **{"wsgi.input": UnreadableBody()},
    )
    assert_persian_413(response)
    assert not ProgressReport.objects.exists()


def test_refused_before_the_csrf_check_and_the_login(client):
    """Nothing before the refusal reads the body: not the CSRF check, not the login form."""
    response = client.post(
        reverse("login"),
        data=b"x",
        content_type="application/x-www-form-urlencoded",
        CONTENT_LENGTH=str(10**9),
        **{"wsgi.input": UnreadableBody()},
    )
    assert_persian_413(response)


def test_a_real_over_size_upload_is_refused_and_nothing_is_saved(client, staff_a, report_start_url, settings):
    settings.UPLOAD_MAX_BYTES = 3000
    settings.REQUEST_MAX_BYTES = 5000
    client.force_login(staff_a)

    def form(files):
        evidence = [
            SimpleUploadedFile(f"e{i}.pdf", PDF + b"%" * 2000, content_type="application/pdf") for i in range(files)
        ]
        return {"percent": "20", "status": "on_track", "work_done": "x", "save": "1", "evidence": evidence}

    response = client.post(report_start_url, form(3))  # three files, each within UPLOAD_MAX_BYTES
    assert response.status_code == 413
    assert not ProgressReport.objects.exists() and not Evidence.objects.exists()
    # Within the limit, the same form goes through.
    response = client.post(report_start_url, form(1))
    assert response.status_code == 302
    assert Evidence.objects.count() == 1


@pytest.mark.parametrize("length", ["", "not-a-number", "-5"])
def test_a_missing_or_malformed_length_is_left_to_django(client, length):
    """Django reads no body without a valid Content-Length, so there is nothing to refuse."""
    response = client.post(reverse("login"), data=b"", content_type="text/plain", CONTENT_LENGTH=length)
    assert response.status_code == 200


def test_the_413_page_follows_the_language(client):
    client.cookies["django_language"] = "en"
    response = client.post(reverse("login"), data=b"x", content_type="text/plain", CONTENT_LENGTH=str(10**9))
    assert response.status_code == 413
    html = response.content.decode()
    assert 'lang="en"' in html and "The files sent are too large" in html and "51.0" in html
