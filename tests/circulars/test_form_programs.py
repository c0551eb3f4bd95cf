"""The circular form offers related programs as check boxes (thirty titles need no Ctrl-click)
and its dates with the Jalali date picker."""

import pytest
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db


def test_related_programs_are_check_boxes_and_dates_have_the_picker(client, it_office_user):
    programs = [factories.ProgramFactory() for _ in range(3)]
    client.force_login(it_office_user)
    page = client.get(reverse("circulars:create")).content.decode()
    assert '<select name="programs"' not in page
    for program in programs:
        assert f'type="checkbox" name="programs" value="{program.pk}"' in page
    assert page.count('class="form-control jalali-date"') == 2 and "js/jalali-datepicker.js" in page
