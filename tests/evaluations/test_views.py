"""The evaluation's pages through the test client: opening a cycle, its settings, its steps,
an objection filed and decided."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from evaluations.models import EvaluationCycle, IndicatorScore, Objection
from tests import factories
from tests.evaluations.conftest import PDF_BYTES, YEAR, open_cycle

pytestmark = pytest.mark.django_db
SETTINGS = {"over_achievement_cap": "۱٫۲", "late_penalty": "0.1", "band_excellent": "900", "band_very_good": "800",
            "band_good": "700", "band_fair": "600"}  # fmt: skip


def test_the_it_office_opens_a_cycle_and_the_agency_sees_its_simulator(client, world):
    client.force_login(world.users["it"])
    response = client.post(reverse("evaluations:index"), {**SETTINGS, "fiscal_year": "۱۴۰۳",
                                                          "objection_opens_on": "1405/01/10"})  # fmt: skip
    cycle = EvaluationCycle.objects.get()
    assert response.status_code == 302 and response["Location"] == cycle.get_absolute_url()
    assert (cycle.province, cycle.fiscal_year, cycle.state, cycle.objection_opens_on.year) == (
        world.province, YEAR, "self_assessment", 2026,
    )  # fmt: skip
    response = client.post(reverse("evaluations:index"), {**SETTINGS, "fiscal_year": "1403"})
    assert response.status_code == 200 and "این استان برای این سال ارزیابی دارد" in response.content.decode()
    client.force_login(world.users["staff_a"])
    page = client.get(reverse("evaluations:scorecard", args=[cycle.pk, world.a.pk])).content.decode()
    assert 'id="stakes"' in page  # the score simulator


def test_a_national_reviewer_chooses_the_province(client, world):
    national = factories.UserFactory(role="it_office_reviewer", agency=None)
    client.force_login(national)
    client.post(reverse("evaluations:index"), {**SETTINGS, "fiscal_year": "1403", "province": world.province.pk})
    assert EvaluationCycle.objects.get().province == world.province


def test_settings_and_steps(client, world):
    cycle = open_cycle(world, objection_opens_on=None, objection_closes_on=None)
    client.force_login(world.users["it"])
    decide = reverse("evaluations:cycle_decide", args=[cycle.pk])
    client.post(decide, {"decision": "start_evaluation"})
    client.post(decide, {"decision": "publish"})  # refused: no objection window yet
    cycle.refresh_from_db()
    assert cycle.state == "under_evaluation"
    edit = reverse("evaluations:cycle_edit", args=[cycle.pk])
    response = client.post(edit, {**SETTINGS, "objection_opens_on": "1405/09/01", "objection_closes_on": "1405/08/01"})
    assert response.status_code == 400  # closes before it opens
    client.post(edit, {**SETTINGS, "objection_opens_on": "1405/09/01", "objection_closes_on": "1405/09/20"})
    client.post(decide, {"decision": "publish"})
    cycle.refresh_from_db()
    assert cycle.state == "preliminary" and cycle.scores.count() == 12
    page = client.get(reverse("evaluations:results", args=[cycle.pk])).content.decode()
    assert 'id="province-ranking"' in page and 'id="heatmap"' in page


def test_an_objection_through_the_pages(client, world, published):
    score = IndicatorScore.objects.get(cycle=published, agency=world.a, indicator__code="I1")
    client.force_login(world.users["staff_a"])
    page = client.get(reverse("evaluations:scorecard", args=[published.pk, world.a.pk])).content.decode()
    assert reverse("evaluations:objection_new", args=[score.pk]) in page
    url = reverse("evaluations:objection_new", args=[score.pk])
    assert client.post(url, {"reason": ""}).status_code == 200  # the reason is required
    attachment = SimpleUploadedFile("نامه.pdf", PDF_BYTES, "application/pdf")
    response = client.post(url, {"reason": "گزارش سه‌ماهه سوم ثبت نشده است.", "claimed_value": "۱۲۰",
                                 "attachments": [attachment]})  # fmt: skip
    objection = Objection.objects.get()
    assert response["Location"] == objection.get_absolute_url()
    assert client.get(url).context["refusal"]  # once per indicator
    client.force_login(world.users["it"])
    decide = reverse("evaluations:objection_decide", args=[objection.pk])
    assert client.post(decide, {"decision": "reject", "reason": ""}).status_code == 400
    assert client.post(decide, {"decision": "accept", "accepted_value": ""}).status_code == 400
    assert client.post(decide, {"decision": "accept", "accepted_value": "۱۲۰"}).status_code == 302
    score.refresh_from_db()
    assert (score.score, Objection.objects.get().state) == (5, "accepted")
    client.force_login(world.users["staff_b"])
    assert client.get(objection.get_absolute_url()).status_code == 404


def test_the_agency_home_links_to_the_simulator_while_the_cycle_is_open_then_to_the_scores(client, world):
    client.force_login(world.users["staff_a"])
    home = reverse("programs:agency", args=[world.a.pk])
    assert "شبیه‌ساز امتیاز" not in client.get(home).content.decode()  # no cycle yet
    cycle = open_cycle(world)
    page = client.get(home).content.decode()
    simulator = reverse("evaluations:scorecard", args=[cycle.pk, world.a.pk])
    assert "شبیه‌ساز امتیاز ارزیابی سال ۱۴۰۳" in page and f'href="{simulator}"' in page
    assert client.get(simulator).status_code == 200
    from evaluations import services

    services.start_evaluation(cycle=cycle, by=world.users["it"])
    services.publish_preliminary(cycle=EvaluationCycle.objects.get(pk=cycle.pk), by=world.users["it"])
    page = client.get(home).content.decode()
    assert "امتیازهای شما در ارزیابی سال ۱۴۰۳" in page and f'href="{simulator}"' in page
    # a reviewer of another province sees neither the agency nor a link to its cycle
    client.force_login(world.users["it2"])
    assert client.get(home).status_code == 404
