"""The evaluation's documents: an agency's dossier (PDF and XLSX), the ZIP of its evidence,
and the province workbook for the national evaluation system.

Each is built by a plain function from what the selectors return, so that a background task
can build it as well as a request can (`build_*`); the views only send the bytes. Numbers
are the same as the pages': the figures of evaluations/metrics.py. Spreadsheets go through
reform_portal/tabular.py (right-to-left sheets, no live formulas); the PDF through
WeasyPrint with the portal's Vazirmatn font (shaped Persian), as the dashboards' PDF.
"""

import os
import zipfile

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from evaluations.models import IndicatorScore
from evaluations.selectors import Results, Scorecard
from programs.models import Indicator
from reform_portal.persian import format_jalali_date, format_jalali_datetime
from reform_portal.tabular import EXPORT_LANGUAGE, Table, to_xlsx_book

DOSSIER_TITLE = gettext_lazy("Evaluation dossier")


def _font_url() -> str:
    from pathlib import Path

    return (Path(settings.BASE_DIR) / "static" / "vendor" / "vazirmatn").as_uri()


def formula(score: IndicatorScore) -> str:
    """How the score was computed, in words and numbers (the dossier and the scorecard)."""
    indicator = score.indicator
    if score.score is None:
        return _("Not scored: no target is set for this agency.")
    if score.actual is None:
        return _("No approved value for the year: achievement 0.")
    if indicator.kind == Indicator.Kind.YES_NO:
        text = _("Yes/no: achievement %(achievement)s") % {"achievement": _number(score.achievement)}
    elif indicator.kind == Indicator.Kind.QUALITATIVE:
        text = _("Level «%(level)s»: achievement %(achievement)s") % {
            "level": score.detail.get("level") or _number(score.actual), "achievement": _number(score.achievement),
        }  # fmt: skip
    elif indicator.direction == Indicator.Direction.LOWER:
        text = _("target ÷ actual = %(target)s ÷ %(actual)s → achievement %(achievement)s") % {
            "target": _number(score.target, 2), "actual": _number(score.actual, 2),
            "achievement": _number(score.achievement),
        }  # fmt: skip
    else:
        text = _("actual ÷ target = %(actual)s ÷ %(target)s → achievement %(achievement)s") % {
            "target": _number(score.target, 2), "actual": _number(score.actual, 2),
            "achievement": _number(score.achievement),
        }  # fmt: skip
    text += " · " + _("× weight %(weight)s") % {"weight": _number(score.weight)}
    if score.late:
        text += " · " + _("late data: less the cycle's share")
    return text + " = " + _number(score.score)


def _number(value, places: int | None = None) -> str:
    from reform_portal.persian import format_number

    return format_number(value, places=places)


def _source(score: IndicatorScore) -> str:
    return str(IndicatorScore.Source(score.source).label)


def dossier_tables(card: Scorecard, evidence, attachments) -> list[Table]:
    with translation.override(EXPORT_LANGUAGE):
        result = card.result
        summary = Table(
            "summary",
            _("Summary"),
            [_("Figure"), _("Value")],
            [
                [_("Agency"), card.agency.name_fa],
                [_("Agency group"), card.agency.get_group_display()],
                [_("Jalali fiscal year"), card.cycle.fiscal_year],
                [_("State"), card.cycle.get_state_display()],
                [_("General indicators (out of 1000)"), result.general if result else None],
                [_("Specific indicators (out of 1000)"), result.specific if result else None],
                [_("Overall score (out of 1000)"), result.overall if result else None],
                [_("Grade"), result.grade_label if result else ""],
                [_("Rank in the province"), result.rank if result else None],
                [_("Rank in the agency group"), result.group_rank if result else None],
            ],
        )
        indicators = Table(
            "indicators",
            _("Indicators"),
            [
                _("Set"),
                _("Code"),
                _("Indicator"),
                _("Program"),
                _("Weight"),
                _("Target"),
                _("Actual"),
                _("Source"),
                _("Achievement"),
                _("Late data"),
                _("Score"),
                _("Preliminary score"),
                _("Points out of 1000"),
                _("How it was computed"),
                _("Objection"),
            ],  # fmt: skip
            [
                [
                    score.get_indicator_set_display(),
                    score.indicator.code,
                    score.indicator.title_fa,
                    score.indicator.program.number,
                    score.weight,
                    score.target,
                    score.actual,
                    _source(score),
                    score.achievement,
                    _("yes") if score.late else _("no"),
                    score.score,
                    score.preliminary_score,
                    score.points,
                    formula(score),
                    score.current_objection.get_state_display() if score.current_objection else "",
                ]  # fmt: skip
                for score in card.scores
            ],
        )
        files = Table(
            "evidence",
            _("Evidence"),
            [_("Reporting period"), _("Program"), _("Indicator"), _("File"), _("Size in bytes"), _("Uploaded at")],
            [
                [
                    file.report.period.label,
                    file.report.assignment.program.number,
                    file.indicator.code if file.indicator else "",
                    file.original_name,
                    file.size,
                    format_jalali_datetime(file.uploaded_at),
                ]  # fmt: skip
                for file in evidence
            ]
            + [
                [
                    _("Objection"),
                    "",
                    attachment.objection.score.indicator.code,
                    attachment.original_name,
                    attachment.size,
                    format_jalali_datetime(attachment.uploaded_at),
                ]  # fmt: skip
                for attachment in attachments
            ],
        )
    return [summary, indicators, files]


def build_dossier_xlsx(card: Scorecard, evidence, attachments) -> bytes:
    return to_xlsx_book(dossier_tables(card, evidence, attachments))


def build_dossier_pdf(card: Scorecard, evidence, attachments, *, uncompressed: bool = False) -> bytes:
    """The agency's dossier: its scores, indicator by indicator with the formula, its rank and
    grade, and the list of its evidence. Persian, shaped (WeasyPrint + Vazirmatn)."""
    from weasyprint import HTML

    with translation.override(EXPORT_LANGUAGE):
        rows = [(score, formula(score)) for score in card.scores]
        html = render_to_string(
            "evaluations/dossier_pdf.html",
            {
                "card": card, "rows": rows, "evidence": evidence, "attachments": attachments,
                "title": DOSSIER_TITLE, "font_url": _font_url(),
                "generated_at": format_jalali_datetime(timezone.now()),
                "window": (format_jalali_date(card.cycle.objection_opens_on),
                           format_jalali_date(card.cycle.objection_closes_on)),
            },
        )  # fmt: skip
        return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(uncompressed_pdf=uncompressed)


class ZipTooLarge(ValueError):
    """The files add up to more than EVIDENCE_ZIP_MAX_BYTES."""


def zip_name(index: int, name: str) -> str:
    """A name inside the archive: numbered, so that two files of the same name both survive."""
    return f"{index:03d}-{os.path.basename(name) or 'file'}"


def build_evidence_zip(evidence, attachments, stream) -> int:
    """Writes a ZIP of the agency's evidence files and objection attachments into `stream`
    (stored, not compressed: the files are PDFs, images and Office files, compressed
    already), with a list of what is inside. Refuses, before reading any file, when they add
    up to more than EVIDENCE_ZIP_MAX_BYTES. Returns the number of files."""
    limit = settings.EVIDENCE_ZIP_MAX_BYTES
    total = sum(file.size for file in evidence) + sum(attachment.size for attachment in attachments)
    if total > limit:
        raise ZipTooLarge(total)
    lines = []
    with zipfile.ZipFile(stream, "w", compression=zipfile.ZIP_STORED) as archive:
        index = 0
        for file in evidence:
            index += 1
            name = zip_name(index, file.original_name)
            with file.file.open("rb") as source, archive.open(name, "w", force_zip64=True) as target:
                for chunk in iter(lambda source=source: source.read(1 << 20), b""):
                    target.write(chunk)
            code = file.indicator.code if file.indicator else ""
            lines.append(f"{name}\t{file.report.period.label}\t{file.report.assignment.program.number}\t{code}")
        for attachment in attachments:
            index += 1
            name = zip_name(index, attachment.original_name)
            with attachment.file.open("rb") as source, archive.open(name, "w", force_zip64=True) as target:
                for chunk in iter(lambda source=source: source.read(1 << 20), b""):
                    target.write(chunk)
            lines.append(f"{name}\tobjection\t\t{attachment.objection.score.indicator.code}")
        archive.writestr("index.txt", "\n".join(lines) + "\n")
    return index


def province_tables(results: Results, scores: list[IndicatorScore], objections) -> list[Table]:
    """The province workbook for the national evaluation system: the ranking, every agency's
    score on every indicator, and the objections with their decisions."""
    with translation.override(EXPORT_LANGUAGE):
        ranking = Table(
            "ranking",
            _("Agencies ranked"),
            [
                _("Rank"),
                _("Rank in the agency group"),
                _("Agency code"),
                _("Agency"),
                _("Agency group"),
                _("General indicators (out of 1000)"),
                _("Specific indicators (out of 1000)"),
                _("Overall score (out of 1000)"),
                _("Grade"),
                _("Last year's score"),
                _("Change"),
            ],  # fmt: skip
            [
                [
                    row.rank,
                    row.group_rank,
                    row.agency.code,
                    row.agency.name_fa,
                    row.agency.get_group_display(),
                    row.general,
                    row.specific,
                    row.overall,
                    row.grade_label,
                    row.previous_overall,
                    row.change,
                ]  # fmt: skip
                for row in results.agencies
            ],
        )
        indicator_scores = Table(
            "scores",
            _("Scores by indicator"),
            [
                _("Agency code"),
                _("Agency"),
                _("Set"),
                _("Code"),
                _("Indicator"),
                _("Weight"),
                _("Target"),
                _("Actual"),
                _("Source"),
                _("Achievement"),
                _("Late data"),
                _("Score"),
                _("Preliminary score"),
            ],  # fmt: skip
            [
                [
                    score.agency.code,
                    score.agency.name_fa,
                    score.get_indicator_set_display(),
                    score.indicator.code,
                    score.indicator.title_fa,
                    score.weight,
                    score.target,
                    score.actual,
                    _source(score),
                    score.achievement,
                    _("yes") if score.late else _("no"),
                    score.score,
                    score.preliminary_score,
                ]  # fmt: skip
                for score in scores
            ],
        )
        objection_rows = Table(
            "objections",
            _("Objections"),
            [
                _("Agency"),
                _("Code"),
                _("State"),
                _("Reason"),
                _("Claimed value"),
                _("Accepted value"),
                _("Reason for the decision"),
                _("Filed at"),
                _("Decided at"),
            ],  # fmt: skip
            [
                [
                    objection.score.agency.name_fa,
                    objection.score.indicator.code,
                    objection.get_state_display(),
                    objection.reason,
                    objection.claimed_value,
                    objection.accepted_value,
                    objection.decision_reason,
                    format_jalali_datetime(objection.filed_at),
                    format_jalali_datetime(objection.decided_at) if objection.decided_at else "",
                ]  # fmt: skip
                for objection in objections
            ],
        )
    return [ranking, indicator_scores, objection_rows]


def build_province_workbook(results: Results, scores, objections) -> bytes:
    return to_xlsx_book(province_tables(results, scores, objections))


def dossier_filename(card: Scorecard, extension: str) -> str:
    return f"evaluation-{card.cycle.fiscal_year}-{card.agency.code}.{extension}"
