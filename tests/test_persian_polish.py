"""Persian to the last digit: file sizes, decimal marks, form messages and number boxes."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.utils import translation

from reform_portal import persian
from reform_portal.forms import DigitsIntegerField


def test_file_size_number_first_then_unit_with_the_persian_decimal_mark():
    with translation.override("fa"):
        assert persian.format_file_size(13 * 1024) == "۱۳٫۰ کیلوبایت"
        assert persian.format_file_size(500) == "۵۰۰ بایت"
        assert persian.format_file_size(10 * 1024 * 1024) == "۱۰٫۰ مگابایت"
    with translation.override("en"):
        assert persian.format_file_size(13 * 1024) == "13.0 KB"
        assert persian.format_file_size(1) == "1 byte"


def test_digits_filter_writes_decimals_with_the_persian_mark():
    template = Template("{% load persian %}{{ value|digits }}|{{ size|file_size }}")
    with translation.override("fa"):
        assert template.render(Context({"value": Decimal("49.6"), "size": 2048})) == "۴۹٫۶|۲٫۰ کیلوبایت"
    with translation.override("en"):
        assert template.render(Context({"value": Decimal("49.6"), "size": 2048})) == "49.6|2.0 KB"


def test_number_messages_name_their_limits_in_persian_digits():
    field = DigitsIntegerField(min_value=0, max_value=100)
    with translation.override("fa"), pytest.raises(ValidationError) as raised:
        field.clean("۱۵۰")
    message = " ".join(raised.value.messages)
    assert "۱۰۰" in message and "100" not in message


def test_number_box_shows_its_value_in_the_languages_digits():
    field = DigitsIntegerField()
    with translation.override("fa"):
        assert 'value="۶۵"' in field.widget.render("percent", 65)
        assert 'value="۶۵"' in field.widget.render("percent", "65")  # as typed, before a refused save
    with translation.override("en"):
        assert 'value="65"' in field.widget.render("percent", "۶۵")
