from tests.dashboards.conftest import province  # noqa: F401 -- the small hand-made province the bench runs on
