import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from agencies.models import Agency, LiaisonDeputy, User
from programs.models import Program, ProgressReport

pytestmark = pytest.mark.django_db


def _counts():
    return {model._meta.label: model.objects.count() for model in apps.get_models() if model._meta.app_label in (
        "agencies", "programs")}  # fmt: skip


def test_seed_demo_is_idempotent(settings):
    settings.DEBUG = True
    call_command("seed_demo")
    first = _counts()
    call_command("seed_demo")
    assert _counts() == first
    assert first["programs.ProgressReport"] > 500


def test_seed_demo_builds_the_province_the_brief_describes(settings):
    settings.DEBUG = True
    call_command("seed_demo")
    executives = Agency.objects.filter(kind=Agency.Kind.EXECUTIVE)
    assert executives.count() >= 25
    assert set(executives.values_list("group", flat=True)) == set(Agency.Group.values)
    assert Program.objects.count() == 30
    assert Program.objects.filter(owner__kind=Agency.Kind.IT_OFFICE).count() == 7
    assert Program.objects.exclude(owner__kind=Agency.Kind.IT_OFFICE).exclude(title_fa__contains="نمونه").count() == 0
    assert set(ProgressReport.objects.values_list("state", flat=True)) == set(ProgressReport.State.values) - {
        ProgressReport.State.AWAITING_SIGN_OFF  # the demo province does not require the deputy's sign-off
    }
    assert set(LiaisonDeputy.objects.values_list("state", flat=True)) == set(LiaisonDeputy.State.values)
    assert LiaisonDeputy.objects.filter(national_code__startswith="0").exists()
    for username in ["staff1", "staff2", "governorate", "itoffice", "admin"]:
        assert User.objects.get(username=username).check_password("reform1404")
    assert User.objects.get(username="staff1").agency != User.objects.get(username="staff2").agency


def test_seed_demo_refuses_demo_users_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("seed_demo")
    assert not User.objects.exists()
    call_command("seed_demo", "--without-users")
    assert not User.objects.exists()
    assert Program.objects.count() == 30
