import pytest
from django.core.management import call_command
from post_office.models import Email

from circulars.models import Circular, CircularRead, CircularTarget

pytestmark = pytest.mark.django_db


def _counts():
    return [model.objects.count() for model in (Circular, CircularTarget, CircularRead)]


def test_seed_demo_adds_circulars_once(settings):
    settings.DEBUG = True
    call_command("seed_demo")
    first = _counts()
    call_command("seed_demo")
    assert _counts() == first
    assert Circular.objects.filter(state="published").count() == 2
    assert Circular.objects.filter(state="draft").count() == 1
    acknowledged = CircularTarget.objects.filter(acknowledged_at__isnull=False).count()
    assert 0 < acknowledged < CircularTarget.objects.count()
    assert not Email.objects.exists()  # demo data queues no mail
    # staff1 has one acknowledged circular and one unread
    staff1_targets = CircularTarget.objects.filter(agency__users__username="staff1")
    assert staff1_targets.count() == 2
    assert staff1_targets.filter(acknowledged_at__isnull=False).count() == 1
    assert CircularRead.objects.filter(user__username="staff1").count() == 1
    assert all(c.search_text for c in Circular.objects.all())
