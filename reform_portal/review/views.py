"""What record pages share: the decision form's buttons and its handling."""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from reform_portal import review
from reform_portal.review.forms import DecisionForm


@dataclass(frozen=True)
class Decision:
    """A button of the decision form: the action it takes, its label, its look, and what
    the page says once it is done."""

    action: str
    label: str
    style: str
    done: str


def offered(record, decisions: list[Decision], *, by) -> list[Decision]:
    """The decisions `by` may take on `record` now (the buttons the page shows)."""
    return [decision for decision in decisions if review.allows(record, decision.action, by=by)]


def decide(request, record, decisions: list[Decision], *, page):
    """Takes the decision posted for `record`. `page(request, record, decision_form=…, status=…)`
    renders the record's page again when the reason is missing."""
    by_action = {decision.action: decision for decision in decisions}
    form = DecisionForm(request.POST)
    if not form.is_valid() or form.cleaned_data["decision"] not in by_action:
        messages.error(request, _("Choose what to do with it."))
        return redirect(record)
    decision = by_action[form.cleaned_data["decision"]]
    try:
        review.transition(record, decision.action, by=request.user, reason=form.cleaned_data["comment"])
    except review.TransitionError as error:
        messages.error(request, error.messages[0])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return page(request, record, decision_form=form, status=400)
    else:
        messages.success(request, decision.done)
    return redirect(record)
