"""What record pages share: the decision form's buttons and its handling."""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import QueryDict
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
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


def decide(request, record, decisions: list[Decision], *, page, done_url: str | None = None):
    """Takes the decision posted for `record`. `page(request, record, decision_form=…, status=…)`
    renders the record's page again when the reason is missing. Once the decision is taken the
    user goes to `done_url` (the queue they came from) when given, else back to the record."""
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
        if done_url:
            return redirect(done_url)
    return redirect(record)


@dataclass(frozen=True)
class QueueReturn:
    """Where a reviewer who opened a record from a queue goes back to: the queue with the same
    filters, order and page, the next record of the queue marked (`highlight`)."""

    url: str
    query: str
    next_pk: int | None

    @property
    def done_url(self) -> str:
        if self.next_pk is None:
            return self.url
        return f"{self.url}{'&' if '?' in self.url else '?'}highlight={self.next_pk}#queue-row-{self.next_pk}"

    @property
    def hidden_fields(self) -> list[tuple[str, str]]:
        """What the record page's decision form posts again to come back."""
        fields = [("queue", self.query)]
        if self.next_pk is not None:
            fields.append(("next", str(self.next_pk)))
        return fields


def queue_link(record_url: str, *, query: str, next_pk: int | None) -> str:
    """The link from a queue row to its record, carrying the queue's query string and the next record."""
    params = {"queue": query}
    if next_pk is not None:
        params["next"] = next_pk
    return f"{record_url}?{urlencode(params)}"


def queue_return(request, *, queue: str, keys: tuple[str, ...]) -> QueueReturn | None:
    """The queue the record page was opened from (GET) or its decision form came from (POST):
    only the queue's own keys are kept, so the URL built always leads to the queue page."""
    data = request.POST if request.method == "POST" else request.GET
    raw = data.get("queue")
    if raw is None:
        return None
    params = QueryDict(raw[:2000])
    kept = [(key, params[key]) for key in keys if params.get(key)]
    query = urlencode(kept)
    next_value = data.get("next", "")
    return QueueReturn(
        url=reverse(queue) + (f"?{query}" if query else ""),
        query=query,
        next_pk=int(next_value) if next_value.isdigit() else None,
    )


QUEUE_PAGE_SIZE = 50


def queue_page(request, records, *, keys: tuple[str, ...], state: str, sort: str, sorts, state_choices, counts) -> dict:
    """A review queue's page of `records` and what its template shows around it: the rows, each
    linking to its record with the queue's query and the next record (queue_link()), the row
    asked to be marked (`highlight`), the state tabs with their counts, the sort links and the
    query of the other pages. Only the queue's `keys` are carried from the URL."""
    page = Paginator(records, QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    offset = (page.number - 1) * page.paginator.per_page
    window = list(records[offset : offset + page.paginator.per_page + 1])  # the page and the first of the next
    rows, following = window[: page.paginator.per_page], window[page.paginator.per_page :]
    kept = [(key, value) for key in keys for value in request.GET.getlist(key)[:1] if value]
    query = urlencode(kept)
    without = {key: [(k, v) for k, v in kept if k not in (key, "page")] for key in ("state", "sort", "page")}
    next_pks = [record.pk for record in rows[1:]] + [record.pk for record in following] + [None]
    highlight = request.GET.get("highlight", "")
    highlight = int(highlight) if highlight.isdigit() else None
    for record, next_pk in zip(rows, next_pks, strict=False):
        record.queue_url = queue_link(record.get_absolute_url(), query=query, next_pk=next_pk)
        record.highlighted = record.pk == highlight
    return {
        "page": page,
        "rows": rows,
        "tabs": [
            (value, label, counts[value], urlencode([*without["state"], ("state", value)]), value == state)
            for value, label in state_choices
        ],
        "sort_links": {
            column: urlencode([*without["sort"], ("sort", f"-{column}" if sort == column else column)])
            for column in sorts
        },
        "page_query": urlencode(without["page"]),
        "highlighted": next((record for record in rows if record.highlighted), None),
    }
