"""Demo open data: the demo province, its programs and the reporting periods that have opened
are published on /open/ (an administrator's choice in the admin; here made for the demo).
Idempotent. Runs after demo.province.seed."""

from django.utils import timezone

from agencies.models import Province
from opendata.models import PublishedPeriod, PublishedProgram, PublishedProvince
from programs.models import Program, ReportingPeriod


def seed(*, result) -> None:
    for province in Province.objects.filter(agencies__isnull=False).distinct():
        _obj, created = PublishedProvince.objects.get_or_create(province=province)
        result.add("published provinces", created)
    for program in Program.objects.filter(edition__is_current=True):
        _obj, created = PublishedProgram.objects.get_or_create(program=program)
        result.add("published programs", created)
    for period in ReportingPeriod.objects.filter(opens_on__lte=timezone.localdate()):
        _obj, created = PublishedPeriod.objects.get_or_create(period=period)
        result.add("published periods", created)
