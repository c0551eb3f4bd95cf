"""The evaluation's documents: the dossier (PDF, XLSX), the evidence ZIP and the province workbook."""

import io
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from openpyxl import load_workbook

from evaluations import exports, selectors, services
from evaluations.models import IndicatorScore
from programs.models import Evidence
from tests.evaluations.conftest import PDF_BYTES
from tests.spreadsheets import FORMULA, xlsx_cells

pytestmark = pytest.mark.django_db


@pytest.fixture
def evidence(world, published):
    report = world.indicators["I1"].values.filter(report__assignment__agency=world.a).first().report
    file = Evidence(report=report, original_name="صورت‌جلسه.pdf", kind="pdf", size=len(PDF_BYTES),
                    uploaded_by=world.users["staff_a"], indicator=world.indicators["I1"])  # fmt: skip
    file.file.save("e.pdf", ContentFile(PDF_BYTES), save=False)
    file.save()
    return file


def test_the_dossier_xlsx_has_the_scorecards_numbers_and_no_formula(client, world, published, evidence):
    world.indicators["I1"].title_fa = FORMULA  # text typed by people never runs as a formula
    world.indicators["I1"].save()
    client.force_login(world.users["staff_a"])
    response = client.get(reverse("evaluations:dossier_xlsx", args=[published.pk, world.a.pk]))
    assert response.status_code == 200
    xlsx_cells(response.content)
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["summary", "indicators", "evidence"]
    summary = {row[0].value: row[1].value for row in book["summary"].iter_rows(min_row=2)}
    assert summary["امتیاز کل (از ۱۰۰۰)"] == 917.5
    assert summary["رتبه در استان"] == 1
    indicators = list(book["indicators"].iter_rows(min_row=2, values_only=True))
    i1 = next(row for row in indicators if row[1] == "I1")
    assert (i1[4], i1[5], i1[6], i1[10]) == (5, 120, 90, 3.75)
    assert i1[2] == "'" + FORMULA
    evidence_rows = list(book["evidence"].iter_rows(min_row=2, values_only=True))
    assert [row[3] for row in evidence_rows] == ["صورت‌جلسه.pdf"]


def test_the_dossier_pdf_is_persian_with_the_formulas(
    client, world, published, evidence, django_capture_on_commit_callbacks, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(world.users["it"])
    url = reverse("evaluations:dossier_pdf", args=[published.pk, world.a.pk])
    assert "آماده‌سازی فایل" in client.get(url).content.decode()  # the button that asks for it
    with django_capture_on_commit_callbacks(execute=True):  # the task runs in-process without a broker
        asked = client.post(url)
    job = client.get(asked["Location"]).context["job"]
    assert job.state == "done" and job.result_name == f"evaluation-{published.fiscal_year}-{world.a.code}.pdf"
    response = client.get(reverse("jobs:download", args=[job.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    card = selectors.scorecard(published, world.a)
    assert exports.formula(next(s for s in card.scores if s.indicator.code == "I1")) == (
        "عملکرد ÷ هدف = ۹۰ ÷ ۱۲۰ ← میزان تحقق ۰٫۷۵ · × وزن ۵ = ۳٫۷۵"
    )
    pdf = exports.build_dossier_pdf(card, [evidence], [], uncompressed=True)
    assert b"+Vazirmatn" in pdf  # the Persian font is embedded (shaped by WeasyPrint)


def test_the_evidence_zip_holds_every_file_and_an_index(client, world, published, evidence, settings):
    objection = services.file_objection(
        score=IndicatorScore.objects.get(cycle=published, agency=world.a, indicator__code="I3"),
        by=world.users["staff_a"], reason="دلیل",
        files=[__import__("django.core.files.uploadedfile", fromlist=["x"]).SimpleUploadedFile(
            "نامه.pdf", PDF_BYTES, content_type="application/pdf")],
    )  # fmt: skip
    assert objection.attachments.count() == 1
    client.force_login(world.users["staff_a"])
    response = client.get(reverse("evaluations:evidence_zip", args=[published.pk, world.a.pk]))
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert sorted(archive.namelist()) == ["001-صورت‌جلسه.pdf", "002-نامه.pdf", "index.txt"]
    assert archive.read("001-صورت‌جلسه.pdf") == PDF_BYTES
    settings.EVIDENCE_ZIP_MAX_BYTES = 10
    response = client.get(reverse("evaluations:evidence_zip", args=[published.pk, world.a.pk]))
    assert response.status_code == 302  # too large: sent back to the scorecard with a message


def test_the_province_workbook(client, world, published):
    client.force_login(world.users["gov"])
    response = client.get(reverse("evaluations:workbook", args=[published.pk]))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["ranking", "scores", "objections"]
    ranking = list(book["ranking"].iter_rows(min_row=2, values_only=True))
    assert [(row[0], row[2], row[7]) for row in ranking] == [(1, "EV-A", 917.5), (2, "EV-C", 660), (3, "EV-B", 350)]
    assert book["ranking"].sheet_view.rightToLeft
    assert len(list(book["scores"].iter_rows(min_row=2))) == IndicatorScore.objects.filter(cycle=published).count()


def test_documents_need_published_scores(client, world):
    from tests.evaluations.conftest import open_cycle

    cycle = open_cycle(world)
    client.force_login(world.users["it"])
    for name in ("dossier_pdf", "dossier_xlsx", "evidence_zip"):
        assert client.get(reverse(f"evaluations:{name}", args=[cycle.pk, world.a.pk])).status_code == 404
    assert client.get(reverse("evaluations:workbook", args=[cycle.pk])).status_code == 404
