import os

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.utils import translation

from tests import factories

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop


def _drives_a_browser(item) -> bool:
    return "page" in getattr(item, "fixturenames", ())


def pytest_collection_modifyitems(config, items):
    """The browser tests (those driving Chromium through `page`) are the longest: they go
    first, so that the other workers share out the rest meanwhile. They test pages, which do
    not depend on the database: they run on SQLite, and the PostgreSQL run skips them, which
    keeps CI (both databases) within its time."""
    items.sort(key=lambda item: not _drives_a_browser(item))
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        return
    skip = pytest.mark.skip(reason="browser tests run on SQLite only")
    for item in items:
        if _drives_a_browser(item):
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    """Hashing with PBKDF2 dominates a test's time; the hasher is not what is tested."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _default_language():
    """A request in English leaves English active in the thread (LocaleMiddleware does not
    undo it); each test starts in the portal's default language."""
    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts without cached dashboards (a rolled-back test's data version may return)."""
    cache.clear()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "fa-IR"}


@pytest.fixture
def agency_a(db):
    return factories.AgencyFactory(code="T-A", name_fa="اداره کل الف")


@pytest.fixture
def agency_b(db):
    return factories.AgencyFactory(code="T-B", name_fa="اداره کل ب")


@pytest.fixture
def staff_a(agency_a):
    return factories.UserFactory(username="staff_a", role="agency_staff", agency=agency_a)


@pytest.fixture
def staff_b(agency_b):
    return factories.UserFactory(username="staff_b", role="agency_staff", agency=agency_b)


@pytest.fixture
def governorate_user(db):
    return factories.UserFactory(
        username="gov", role="governorate_reviewer", agency=factories.AgencyFactory(kind="governorate", group="")
    )


@pytest.fixture
def it_office_user(db):
    return factories.UserFactory(
        username="ito", role="it_office_reviewer", agency=factories.AgencyFactory(kind="it_office", group="")
    )
