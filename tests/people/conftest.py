import re

import pytest
from post_office.models import Email

from notices import sms


@pytest.fixture(autouse=True)
def _empty_sms_outbox():
    sms.outbox.clear()
    yield
    sms.outbox.clear()


def link_in(text: str, marker: str) -> str:
    """The path of the first link in `text` that contains `marker`."""
    match = re.search(r"http://127\.0\.0\.1:8000(\S*" + re.escape(marker) + r"\S*)", text)
    assert match, text
    return match.group(1)


def last_email(to: str) -> Email:
    return Email.objects.filter(to=[to]).order_by("-pk").first()
