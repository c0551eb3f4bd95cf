"""`make bench` runs on any data set and prints both measurements of every page."""

import io

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_bench_prints_computed_and_cached_timings(province):
    out = io.StringIO()
    call_command("bench", runs=2, warmup=1, skip_pdf=True, stdout=out)
    lines = out.getvalue().splitlines()
    header = next(line for line in lines if line.startswith("| page"))
    assert "computed p50" in header and "cached p50" in header and "cached × floor" in header
    rows = {line.split("|")[1].strip(): line for line in lines if line.startswith("| ") and line != header}
    assert {"floor (/_floor/)", "dashboard", "agency drill-down", "export heatmap.csv"} <= set(rows)
    dashboard = [cell.strip() for cell in rows["dashboard"].split("|")[1:-1]]
    computed_queries, cached_queries = int(dashboard[3]), int(dashboard[6])
    assert cached_queries < computed_queries  # the repeated request reused the figures


def test_the_floor_page_is_routed_only_for_the_benchmark(client, settings, province):
    """The portal's URLconf has no /_floor/; the benchmark's own URLconf (demo/urls.py) adds it."""
    from django.contrib.auth import get_user_model
    from django.urls import NoReverseMatch, reverse

    with pytest.raises(NoReverseMatch):
        reverse("floor")
    assert client.get("/_floor/").status_code in (302, 404)  # not a page: the login redirect or 404
    settings.ROOT_URLCONF = "demo.urls"
    client.force_login(get_user_model().objects.create(username="bench_floor"))
    assert client.get(reverse("floor")).status_code == 200
