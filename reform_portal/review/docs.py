"""docs/workflows.md, rendered from the workflows' tables (tests/review/test_workflow_docs.py
fails when the file and the tables differ; `python manage.py workflows_doc` writes it)."""

from django.utils import translation

from reform_portal import access
from reform_portal.review.engine import NEW, REASON_OPTIONAL, REASON_REQUIRED, workflows

HEADER = """# Workflows

Generated from the review engine's tables (`reform_portal/review/`, each app's
`workflows.py`) by `python manage.py workflows_doc`; a test fails when this file and the
tables differ. An action is taken by someone holding its capability (roles and capabilities:
`reform_portal/access.py`, SECURITY.md) on a record within their scope: their own agency for
the agency's own work, their province for reviewers, every province for national reviewers.
"""


def _roles_with(capability: str | None) -> str:
    if capability is None:
        return "— (a step of another action)"
    roles = [role for role, caps in access.ROLE_CAPABILITIES.items() if capability in caps]
    if capability in access.SUPERUSER_CAPABILITIES:
        roles.append("superuser")
    if capability == access.REOPEN_REPORTS:
        roles.append("holders of `programs.reopen_progressreport`")
    if capability == access.REOPEN_EVALUATIONS:
        roles.append("holders of `evaluations.reopen_evaluationcycle`")
    return f"`{capability}`: " + ", ".join(roles)


def _states(states) -> str:
    return ", ".join("(new)" if state == NEW else f"`{state}`" for state in sorted(states))


def render() -> str:
    lines = [HEADER]
    with translation.override("en"):
        for workflow in sorted(workflows(), key=lambda workflow: workflow.kind):
            lines.append(f"## {workflow.model._meta.verbose_name} (`{workflow.kind}`)\n")
            used = {state for row in workflow.actions for state in (*row.sources, row.target)}
            states = ", ".join(f"`{value}` ({label})" for value, label in workflow.states.choices if value in used)
            lines.append(f"States: {states}.\n")
            lines.append("| action | from | to | who | reason | period open | only when | event |")
            lines.append("|---|---|---|---|---|---|---|---|")
            for row in workflow.actions:
                reason = {REASON_REQUIRED: "required", REASON_OPTIONAL: "optional"}.get(row.reason, "—")
                lines.append(
                    f"| `{row.name}` | {_states(row.sources)} | "
                    f"{'(unchanged)' if row.target is None else f'`{row.target}`'} | {_roles_with(row.capability)} | "
                    f"{reason} | {'yes' if row.period_open else '—'} | "
                    f"{row.condition.label if row.condition else '—'} | `{row.event}` |"
                )
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"
