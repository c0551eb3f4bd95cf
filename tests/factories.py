import datetime

import factory
from django.utils import timezone

from agencies.models import Agency, LiaisonDeputy, Province, User
from programs.models import Assignment, Program, ProgressReport, ReportingPeriod, RoadmapEdition

TEST_PASSWORD = "test-pass-1404"


class ProvinceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Province
        django_get_or_create = ["code"]

    code = "TST"
    name_fa = "استان آزمون"
    name_en = "Test province"


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    province = factory.SubFactory(ProvinceFactory)
    code = factory.Sequence(lambda n: f"AG-{n}")
    name_fa = factory.Sequence(lambda n: f"اداره کل آزمون {n}")
    name_en = factory.Sequence(lambda n: f"Test agency {n}")
    kind = Agency.Kind.EXECUTIVE
    group = Agency.Group.PRODUCTION


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def _save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class EditionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoadmapEdition
        django_get_or_create = ["code"]

    code = "test-edition"
    title_fa = "ویرایش آزمون"
    start_year = 1404


class ProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Program

    edition = factory.SubFactory(EditionFactory)
    number = factory.Sequence(lambda n: n + 1)
    title_fa = factory.Sequence(lambda n: f"برنامه آزمون {n}")
    axis = Program.Axis.E_GOVERNMENT
    owner = factory.SubFactory(AgencyFactory, kind=Agency.Kind.IT_OFFICE, group="")


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    program = factory.SubFactory(ProgramFactory)
    agency = factory.SubFactory(AgencyFactory)


class PeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportingPeriod

    fiscal_year = factory.Sequence(lambda n: 1405 + n)
    number = 1
    opens_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))
    due_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=10))
    closes_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=25))


class ReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressReport

    assignment = factory.SubFactory(AssignmentFactory)
    period = factory.SubFactory(PeriodFactory)
    percent = 40


class DeputyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LiaisonDeputy

    agency = factory.SubFactory(AgencyFactory)
    full_name = "رضا محمدی"
    position = "معاون توسعه مدیریت"
    national_code = "0499370899"
    mobile = "09141234567"
    email = "deputy@example.ir"
