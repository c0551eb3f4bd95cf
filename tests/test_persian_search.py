import pytest

from reform_portal.persian import search_key


@pytest.mark.parametrize(
    ("query", "stored"),
    [
        ("دستگاههای", "دستگاه‌های"),
        ("كرمان", "کرمان"),
        ("دستگاه های", "دستگاه‌های"),
        ("علي", "علی"),
        ("موسى", "موسی"),
        ("مدرسة", "مدرسه"),
        ("أحمد إمام", "احمد امام"),
        ("۱۴۰۵", "1405"),
        ("١٤٠٥", "۱۴۰۵"),
        ("مُحَمَّد", "محمد"),
        ("رحمٰن", "رحمن"),
        ("کـــرمان", "کرمان"),
        ("Circular", "CIRCULAR"),
        ("۲۳۱۳۲۷/ت ۴۳۹۱۵ک", "231327/ت43915ك"),
    ],
)
def test_variants_share_a_key(query, stored):
    assert search_key(query) == search_key(stored)


def test_key_drops_whitespace_of_every_kind():
    assert search_key(" a\tb\nc\u00a0d ") == "abcd"


def test_key_of_nothing_is_empty():
    assert search_key("") == ""
    assert search_key(None) == ""


def test_key_keeps_letters_that_differ():
    assert search_key("کرمان") != search_key("کرمانشاه")
    assert search_key("دستگاه") in search_key("دستگاه‌های اجرایی")


def test_key_drops_control_characters():
    """PostgreSQL refuses a NUL in a query: a search for it was a server error."""
    assert search_key("دستگاه\x00\x07\x7f") == search_key("دستگاه")
