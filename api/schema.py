"""The OpenAPI 3 schema (drf-spectacular): every operation documents the API's error
answers (api/errors.py), ids in paths are bounded like the database's, and the texts are
translated (`/api/v1/schema/?lang=fa` or the active language)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular import openapi
from drf_spectacular.authentication import SessionScheme
from drf_spectacular.extensions import OpenApiAuthenticationExtension

from api.filters import MAX_ID

ERROR_STATUSES = ("400", "401", "403", "404", "409", "429")

DESCRIPTION = _(
    "The Reform Portal's API for other systems: read provinces, agencies, programs, periods, assignments, "
    "reports (with their timeline and evidence files), liaison deputies, circulars, service channels and the "
    "dashboards' figures; save, submit, sign off, approve and return reports, acknowledge circulars and submit "
    "transaction counts — through the same actions and with the same refusals as the pages. Authenticate with "
    "a personal token (Authorization: Bearer rpt_…, made on the «API tokens» page) or the portal's session. "
    "Every refusal has a code and a message in Persian and English. Lists are filtered, ordered (ordering) and "
    "paginated by cursor (next, previous). Dates are accepted in Jalali (1405/01/15) or ISO (2026-04-04) form "
    "and returned in ISO form. Worked examples: docs/api.md."
)

TAGS = {
    "reference": _("Provinces, agencies, programs, periods and assignments"),
    "reports": _("Progress reports and their life cycle"),
    "deputies": _("Liaison deputies"),
    "circulars": _("Circulars and acknowledgements"),
    "channels": _("Service channels and transaction counts"),
    "figures": _("The dashboards' figures"),
}


class AutoSchema(openapi.AutoSchema):
    def _get_response_bodies(self, direction="response"):
        from api.serializers import ErrorSerializer

        responses = super()._get_response_bodies(direction)
        if direction == "response":
            for code in ERROR_STATUSES:
                if code not in responses:
                    responses[code] = self._get_response_for_code(ErrorSerializer, code, direction=direction)
        return responses

    def _resolve_path_parameters(self, variables):
        parameters = super()._resolve_path_parameters(variables)
        for parameter in parameters:
            if parameter["schema"].get("type") == "integer":
                parameter["schema"] = {**parameter["schema"], "minimum": 1, "maximum": MAX_ID}
        return parameters


def only_the_api(endpoints):
    """PREPROCESSING_HOOKS: the schema documents /api/v1/ (not the docs pages themselves)."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v1/")]


def describe(result, generator, request, public):
    """POSTPROCESSING_HOOKS: the description and the tags, in the language of the request."""
    result["info"]["description"] = str(DESCRIPTION)
    result["tags"] = [{"name": name, "description": str(text)} for name, text in TAGS.items()]
    return result


class TokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.TokenAuthentication"
    name = "token"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "rpt_…",
            "description": str(_("A personal API token, made on the «API tokens» page.")),
        }


class PortalSessionScheme(SessionScheme):
    target_class = "api.authentication.SessionAuthentication"
