"""Persian-aware admin search: Arabic letters, ZWNJ, spaces, diacritics and digits do not matter."""

import pytest
from django.urls import reverse

from reform_portal import persian
from reform_portal.admin import NESTED_REPLACEMENTS, SEARCH_KEY_REPLACEMENTS, admin_search_key
from tests import factories


@pytest.mark.parametrize(("old", "new"), SEARCH_KEY_REPLACEMENTS)
def test_database_folding_agrees_with_search_key(old, new):
    # The query goes through normalize_persian_text and search_key; the column through the table.
    assert admin_search_key(f"ب{old}ب") == admin_search_key(f"ب{new}ب") == persian.search_key(f"ب{new}ب")


def test_nested_folding_is_part_of_the_full_folding():
    assert set(NESTED_REPLACEMENTS) <= set(SEARCH_KEY_REPLACEMENTS)


@pytest.fixture
def agencies(db):
    return [
        factories.AgencyFactory(code="WAZ-12", name_fa="اداره کل دستگاه‌های اجرایی"),
        factories.AgencyFactory(code="WAZ-30", name_fa="اداره کل راه و شهرسازی کرمان"),
        factories.AgencyFactory(code="WAZ-40", name_fa="سازمان مدیریت و برنامه‌ریزی"),
    ]


def names(response):
    return sorted(agency.code for agency in response.context["cl"].result_list)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("دستگاههاي", ["WAZ-12"]),  # no ZWNJ, Arabic ي
        ("دستگاه های", ["WAZ-12"]),  # a space for the ZWNJ (each word must match)
        ("كرمان", ["WAZ-30"]),  # Arabic ك
        ("بَرنامه‌ریزی", ["WAZ-40"]),  # a diacritic
        ("۱۲", ["WAZ-12"]),  # Persian digits for a Latin code
        ("waz-1", ["WAZ-12"]),  # case does not matter
        ("اداره کل", ["WAZ-12", "WAZ-30"]),
    ],
)
def test_agency_changelist_search(admin_client, agencies, query, expected):
    response = admin_client.get(reverse("admin:agencies_agency_changelist"), {"q": query})
    assert response.status_code == 200
    assert names(response) == expected


def test_search_finds_persian_digits_stored_in_a_title(admin_client, db):
    factories.ProgramFactory(title_fa="برنامه شماره ۷ دولت الکترونیک")
    factories.ProgramFactory(title_fa="برنامه دیگر")
    response = admin_client.get(reverse("admin:programs_program_changelist"), {"q": "شماره 7"})
    assert [program.title_fa for program in response.context["cl"].result_list] == ["برنامه شماره ۷ دولت الکترونیک"]


def test_search_across_a_relation_and_an_integer_field(admin_client, agencies):
    factories.AssignmentFactory(agency=agencies[1], program=factories.ProgramFactory(number=77))
    factories.AssignmentFactory(agency=agencies[0], program=factories.ProgramFactory(number=78))
    url = reverse("admin:programs_assignment_changelist")
    response = admin_client.get(url, {"q": "كرمان"})
    assert [a.agency.code for a in response.context["cl"].result_list] == ["WAZ-30"]
    response = admin_client.get(url, {"q": "۷۸"})
    assert [a.program.number for a in response.context["cl"].result_list] == [78]


def test_autocomplete_uses_the_same_search(admin_client, agencies):
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "programs", "model_name": "assignment", "field_name": "agency", "term": "كرمان"},
    )
    assert response.status_code == 200
    assert [item["text"] for item in response.json()["results"]] == ["اداره کل راه و شهرسازی کرمان"]
