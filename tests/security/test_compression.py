"""Pages are compressed on the wire (issue 19); compressed file formats are not compressed again."""

import gzip
import re

from django.urls import reverse

from tests import factories

GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}


def test_the_dashboard_goes_gzipped_to_a_browser_that_accepts_it(client, it_office_user):
    factories.ReportFactory.create_batch(3)
    client.force_login(it_office_user)
    plain = client.get(reverse("dashboards:dashboard"))
    packed = client.get(reverse("dashboards:dashboard"), **GZIP)
    assert plain.status_code == packed.status_code == 200
    assert not plain.has_header("Content-Encoding")
    assert packed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed["Vary"]
    page = gzip.decompress(packed.content).decode()
    assert "</html>" in page
    assert len(packed.content) < len(plain.content) / 3


def test_the_csrf_token_differs_on_every_compressed_page(client):
    """The BREACH mitigation: a secret on the page never repeats from one answer to the next."""
    pages = [gzip.decompress(client.get(reverse("login"), **GZIP).content).decode() for _ in range(2)]
    tokens = [re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1) for page in pages]
    assert tokens[0] != tokens[1]


def test_spreadsheets_and_json_are_treated_by_type(client, it_office_user):
    client.force_login(it_office_user)
    xlsx = client.get(reverse("dashboards:export", args=["ranking", "xlsx"]), **GZIP)
    assert xlsx.status_code == 200 and not xlsx.has_header("Content-Encoding")
    health = client.get("/healthz", **GZIP)
    assert health.status_code == 200
    assert health.get("Content-Encoding") in (None, "gzip")  # compressed when it is long enough to gain
