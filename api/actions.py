"""Calling the portal's actions from the API: the same services as the pages, their
refusals turned into the API's errors (api/errors.py) with messages in both languages."""

from collections.abc import Callable

from django.core.exceptions import ValidationError

from api.errors import refused
from reform_portal import review


def explain(record, action: str, *, by) -> Callable[[], None]:
    """A read-only re-check of `action` on `record` as it is now (reloaded from the database
    when it exists): raises the engine's refusal again (its state, the period, the
    workflow's completeness check), so that it can be rendered in each language."""

    def run() -> None:
        workflow = review.workflow_for(record)
        current = workflow.model.objects.select_related(*workflow.related).get(pk=record.pk) if record.pk else record
        row = review.find(current, action, by=by)
        if workflow.check is not None:
            workflow.check(row, current)

    return run


def perform(action: Callable, *, explained: Callable[[], None] | None = None):
    """action(), or the ApiError for its refusal (400, 409; PermissionDenied and Http404
    pass through to their 403 and 404)."""
    try:
        return action()
    except review.SubmissionRefused as error:
        raise refused(error, explain=explained, extra={"saved_report": error.record.pk}) from None
    except ValidationError as error:
        raise refused(error, explain=explained) from None
