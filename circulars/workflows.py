"""The life cycle of a circular, as the review engine's table: written as a draft,
edited, published once (its targets fixed then), reminded about at most once a day."""

from django.utils.translation import gettext_lazy as _

from circulars.models import Circular, CircularEvent
from reform_portal import access
from reform_portal.persian import format_jalali_datetime
from reform_portal.review import NEW, Action, Workflow, register

S = Circular.State

ACTIONS = [
    Action("create", frozenset({NEW}), S.DRAFT, access.PUBLISH_CIRCULARS, "circular.created", _("Draft written"),
           edits=True),
    Action("edit", frozenset({S.DRAFT}), None, access.PUBLISH_CIRCULARS, "circular.edited", _("Draft edited"),
           edits=True),
    Action("publish", frozenset({S.DRAFT}), S.PUBLISHED, access.PUBLISH_CIRCULARS, "circular.published",
           _("Published"), stamp=("published",)),
    Action("remind", frozenset({S.PUBLISHED}), None, access.PUBLISH_CIRCULARS, "circular.reminded",
           _("Agencies that had not acknowledged were reminded")),
]  # fmt: skip


def _published(circular, *, by, now, reason):
    circular.published_by, circular.published_at = by, now
    return ["published_by", "published_at"]


def _refusal(circular: Circular, action: str) -> tuple[str, str]:
    if action == "publish":
        return _("This circular was already published on %(when)s; it was not sent again.") % {
            "when": format_jalali_datetime(circular.published_at)
        }, "already_published"
    if action == "remind":
        return _("A draft has not been sent to anyone; publish it first."), "not_published"
    return _("This circular has already been published and can no longer be edited."), "already_published"


CIRCULAR_WORKFLOW = register(
    Workflow(
        kind="circular",
        model=Circular,
        event_model=CircularEvent,
        event_field="circular",
        actions=ACTIONS,
        states=S,
        scope_of=lambda circular: (None, circular.province_id),
        refusal=_refusal,
        stamps={"published": _published},
        event_labels={"circular.acknowledged": _("Acknowledged by an agency")},
    )
)
