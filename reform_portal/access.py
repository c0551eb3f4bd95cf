"""Who may do what: one access policy for every page, service, export and template.

Roles map to named capabilities (`capabilities(user)`); a capability says *what* a person
may do, their scope says *where*: their own agency, their province, or every province.
Views declare the capability they need (`capability_required`), lookups return only what
is in the user's scope (another agency's or province's object is a 404, exactly like a
missing one), the review engine asks `can_act_on` before every transition, and templates
read `caps` from the context processor. SECURITY.md states the rules in prose.

- Agency staff: write their agency's reports, counts and service catalogue, register its
  liaison deputy, acknowledge circulars, object to its evaluation scores; scope: their agency.
- Liaison deputy (a confirmed deputy who is a portal user): sign off the agency's reports
  before they reach the IT office; scope: their agency.
- Governorate reviewer: verify deputy registrations (step 1), read dashboards; scope: their
  province.
- IT office reviewer: review reports and counts, confirm deputies (step 2), write and
  publish circulars, read dashboards, run the annual evaluation (its cycle, the verified
  values, the decisions on objections); scope: their province.
- A reviewer without an agency is a national reviewer: the same capabilities over every
  province.
- Superuser: read everything in every province; reopen approved reports and final
  evaluations (the admin's recorded reopen actions).
- Staff without a portal role (data entry): nothing in the portal; they work in the admin
  site with the model permissions of their group.
"""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.utils.functional import SimpleLazyObject

WRITE_REPORTS = "write_reports"
REGISTER_DEPUTY = "register_deputy"
ACKNOWLEDGE_CIRCULARS = "acknowledge_circulars"
SIGN_OFF_REPORTS = "sign_off_reports"
REVIEW_REPORTS = "review_reports"
VERIFY_DEPUTIES = "verify_deputies"
CONFIRM_DEPUTIES = "confirm_deputies"
PUBLISH_CIRCULARS = "publish_circulars"
READ_CIRCULARS = "read_circulars"
SEE_DASHBOARDS = "see_dashboards"
REOPEN_REPORTS = "reopen_reports"
SEE_AGENCY = "see_agency"
SEE_PROVINCE = "see_province"
SEE_NATION = "see_nation"
MANAGE_EVALUATION = "manage_evaluation"
OBJECT_TO_SCORES = "object_to_scores"
REOPEN_EVALUATIONS = "reopen_evaluations"
#: Create personal API tokens and call the API (api/): every portal role and the superuser;
#: what a call may then do is decided by the user's other capabilities, as on the pages.
USE_API = "use_api"

#: The capabilities of each portal role (User.Role values).
ROLE_CAPABILITIES: dict[str, frozenset[str]] = {
    "agency_staff": frozenset(
        {WRITE_REPORTS, REGISTER_DEPUTY, ACKNOWLEDGE_CIRCULARS, READ_CIRCULARS, SEE_AGENCY, OBJECT_TO_SCORES}
    ),
    "liaison_deputy": frozenset({SIGN_OFF_REPORTS, READ_CIRCULARS, SEE_AGENCY}),
    "governorate_reviewer": frozenset({VERIFY_DEPUTIES, READ_CIRCULARS, SEE_DASHBOARDS, SEE_PROVINCE}),
    "it_office_reviewer": frozenset(
        {
            REVIEW_REPORTS,
            CONFIRM_DEPUTIES,
            PUBLISH_CIRCULARS,
            READ_CIRCULARS,
            SEE_DASHBOARDS,
            SEE_PROVINCE,
            MANAGE_EVALUATION,
        }
    ),  # fmt: skip
}
REVIEWER_ROLES = frozenset({"governorate_reviewer", "it_office_reviewer"})
SUPERUSER_CAPABILITIES = frozenset(
    {READ_CIRCULARS, SEE_DASHBOARDS, SEE_PROVINCE, SEE_NATION, REOPEN_REPORTS, REOPEN_EVALUATIONS}
)
#: Capabilities whose object must lie in the user's agency, not merely their province.
AGENCY_CAPABILITIES = frozenset(
    {WRITE_REPORTS, REGISTER_DEPUTY, ACKNOWLEDGE_CIRCULARS, SIGN_OFF_REPORTS, OBJECT_TO_SCORES}
)
#: Capabilities of the admin site, which has no scope: they reach every province.
ADMIN_CAPABILITIES = frozenset({REOPEN_REPORTS, REOPEN_EVALUATIONS})


def capabilities(user) -> frozenset[str]:
    """Everything the user may do somewhere (kept on the user object while what decides it
    stays the same)."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    key = (user.is_active, user.role, user.agency_id, user.is_superuser, user.is_staff)
    cached = getattr(user, "_portal_capabilities", None)
    if cached is not None and cached[0] == key:
        return cached[1]
    caps: set[str] = set()
    if user.is_active:
        caps |= ROLE_CAPABILITIES.get(user.role, frozenset())
        if user.role in REVIEWER_ROLES and user.agency_id is None:
            caps.add(SEE_NATION)
        if caps:
            caps.add(USE_API)
        if user.is_superuser:
            caps |= SUPERUSER_CAPABILITIES | {USE_API}
        elif user.is_staff:
            if user.has_perm("programs.reopen_progressreport"):
                caps.add(REOPEN_REPORTS)  # the admin's reopen action
            if user.has_perm("evaluations.reopen_evaluationcycle"):
                caps.add(REOPEN_EVALUATIONS)  # the admin's reopen action on a final evaluation
    result = frozenset(caps)
    user._portal_capabilities = (key, result)
    return result


def has(user, capability: str) -> bool:
    return capability in capabilities(user)


def sees_nation(user) -> bool:
    return has(user, SEE_NATION)


def user_province_id(user) -> int | None:
    """The province of the user's agency (None without one)."""
    return user.agency.province_id if user.agency_id is not None else None


def agencies_visible_to(user):
    """The agencies whose objects the user may see: every one (national), their province's,
    their own, or none."""
    from agencies.models import Agency

    agencies = Agency.objects.select_related("province", "county")
    if sees_nation(user):
        return agencies
    if has(user, SEE_PROVINCE) and user.agency_id is not None:
        return agencies.filter(province_id=user_province_id(user))
    if has(user, SEE_AGENCY):
        return agencies.filter(pk=user.agency_id)
    return agencies.none()


def in_scope(user, *, agency_id: int, province_id: int, capability: str) -> bool:
    """Whether an object of that agency and province lies within the user's reach for
    `capability`: the user's own agency for the agency's own work (writing, signing off),
    else their province, or every province for a national user."""
    if not has(user, capability):
        return False
    if capability in AGENCY_CAPABILITIES:
        return user.agency_id == agency_id
    if capability in ADMIN_CAPABILITIES or sees_nation(user):
        return True
    if has(user, SEE_PROVINCE):
        return user.agency_id is not None and user_province_id(user) == province_id
    return user.agency_id == agency_id


def can_act_on(user, capability: str, agency) -> bool:
    """`capability` on an object of `agency` (an Agency, its province loaded or not)."""
    return in_scope(user, agency_id=agency.pk, province_id=agency.province_id, capability=capability)


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def capability_required(*names: str):
    """A view decorator: the user needs one of the named capabilities (else 403). Objects
    are then looked up within the user's scope (else 404)."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not any(has(request.user, name) for name in names):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapper.required_capabilities = names
        return wrapper

    return decorator


class Capabilities:
    """What templates read as `caps`: `{% if caps.review_reports %}`."""

    def __init__(self, user):
        self._caps = capabilities(user)

    def __getattr__(self, name: str) -> bool:
        if name.startswith("_"):
            raise AttributeError(name)
        return name in self._caps

    def __contains__(self, name: str) -> bool:
        return name in self._caps


def context_processor(request) -> dict:
    user = getattr(request, "user", None)
    return {"caps": SimpleLazyObject(lambda: Capabilities(user)) if user is not None else None}
