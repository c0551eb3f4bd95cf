"""The OpenAPI schema and the browsable documentation, served by the portal itself (no CDN),
in Persian and in English."""

import re

import pytest
import yaml
from django.test import Client

pytestmark = pytest.mark.django_db


def test_the_schema_is_openapi_3_in_persian_and_in_english(db):
    client = Client()
    fa = yaml.safe_load(client.get("/api/v1/schema/?lang=fa").content)
    en = yaml.safe_load(client.get("/api/v1/schema/?lang=en").content)
    assert fa["openapi"].startswith("3.") and en["openapi"].startswith("3.")
    assert en["info"]["description"].startswith("The Reform Portal's API")
    assert re.search("[\u0600-\u06ff]", fa["info"]["description"])
    assert fa["paths"].keys() == en["paths"].keys()
    assert "/api/v1/reports/{id}/approve/" in en["paths"]
    assert en["components"]["securitySchemes"]["token"] == {
        "type": "http", "scheme": "bearer", "bearerFormat": "rpt_…",
        "description": "A personal API token, made on the «API tokens» page.",
    }  # fmt: skip
    summaries = {
        language: [operation["summary"] for methods in schema["paths"].values() for operation in methods.values()]
        for language, schema in (("fa", fa), ("en", en))
    }
    assert all(re.search("[\u0600-\u06ff]", summary) for summary in summaries["fa"])
    assert not any(re.search("[\u0600-\u06ff]", summary) for summary in summaries["en"])
    json_schema = client.get("/api/v1/schema/", headers={"Accept": "application/json"})
    assert "json" in json_schema["Content-Type"] and json_schema.json()["openapi"] == en["openapi"]


def test_the_docs_page_uses_only_the_portals_own_files(db):
    page = Client().get("/api/v1/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert not [source for source in sources if source.startswith(("http:", "https:", "//"))]
    assert any("drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in source for source in sources)
    assert "<script>" not in html and "<style" not in html  # the CSP allows neither
    script = re.search(r'<script src="([^"]*script=[^"]*)"', html).group(1).replace("&amp;", "&")
    init = Client().get(script)
    assert init.status_code == 200 and init["Content-Type"].startswith("application/javascript")
    assert 'url: "/api/v1/schema/?lang\\u003Dfa"' in init.content.decode()  # in the page's language
    assert init["Cache-Control"].startswith("max-age=0")  # it holds the CSRF token


def test_the_public_pages_are_rate_limited_per_address(db, settings):
    from django.core.cache import cache

    settings.RATELIMIT_ENABLE = True
    # a day's window: building the schema takes seconds, and three of them could straddle the
    # end of a minute's window (the count starts again, and the third is let through)
    settings.RATELIMIT_OPEN_DATA = "2/d"
    cache.clear()
    client = Client()
    answers = [client.get("/api/v1/schema/", REMOTE_ADDR="10.7.7.7").status_code for _ in range(3)]
    assert answers == [200, 200, 429]
    assert client.get("/api/v1/docs/", REMOTE_ADDR="10.7.7.8").status_code == 200
