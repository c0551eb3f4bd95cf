"""The actions that change programs' data: reports (on the review engine), reporting
periods, reminders."""

from programs.services.periods import close_period, create_year_periods, open_period, period_bounds
from programs.services.reminders import reminder_kind, send_reminders
from programs.services.reports import (
    REPORT_FIELDS,
    TransitionError,
    add_evidence,
    approve_report,
    remove_evidence,
    reopen_report,
    return_report,
    save_and_submit,
    save_draft,
    send_back_report,
    sign_off_report,
    submit_report,
    verify_indicator_value,
)

__all__ = [
    "REPORT_FIELDS",
    "TransitionError",
    "add_evidence",
    "approve_report",
    "close_period",
    "create_year_periods",
    "open_period",
    "period_bounds",
    "reminder_kind",
    "remove_evidence",
    "reopen_report",
    "return_report",
    "save_and_submit",
    "save_draft",
    "send_back_report",
    "send_reminders",
    "sign_off_report",
    "submit_report",
    "verify_indicator_value",
]
