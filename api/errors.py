"""Refusals as machine-readable errors: a code, and the message in Persian and in English.

    {"code": "already_submitted",
     "message": {"fa": "این گزارش قبلاً ارسال شده …", "en": "This report has already been submitted …"},
     "errors": {"percent": [{"code": "max_value", "message": {"fa": "…", "en": "…"}}]}}

- the capability is missing (PermissionDenied, or a read-only token writing): 403;
- the object is outside the user's scope, or missing (Http404 of the access lookups): 404;
- the record's state refuses the action (the review engine's TransitionError): 409;
- the input is not valid (a ValidationError, the forms' and the services' checks): 400;
- no or a bad token: 401; over the rate limit: 429 with Retry-After.

Messages are rendered in each language from what raised them. Where a service formatted
its message already (e.g. with the record's current state), the view passes `explain`: a
read-only re-check that raises the same refusal again, rendered once per language.
"""

from collections.abc import Callable

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.http import Http404
from django.utils import translation
from django.utils.encoding import force_str
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status

from reform_portal.review import TransitionError

LANGUAGES = ("fa", "en")
NON_FIELD = "non_field_errors"

INVALID = _("The request was not accepted; the fields named in “errors” say why.")
CSRF_FAILED = _("With the session, a write needs the CSRF token in the X-CSRFToken header.")
GENERIC = {
    exceptions.NotAuthenticated: _("Send a personal API token (Authorization: Bearer …) or log in."),
    exceptions.NotFound: _("Not found."),
    exceptions.PermissionDenied: _("You may not do this."),
    exceptions.ParseError: _("The request body is not valid JSON."),
    exceptions.NotAcceptable: _("The API answers only in JSON (Accept: application/json)."),
    exceptions.UnsupportedMediaType: _("Send the request body as JSON (Content-Type: application/json)."),
    exceptions.MethodNotAllowed: _("This method is not allowed here."),
    exceptions.Throttled: _("You have sent more requests in a short time than the portal allows."),
}


def in_both(message) -> dict[str, str]:
    """{"fa": …, "en": …}: a lazy message rendered in each language (a plain one twice)."""
    if isinstance(message, dict):
        return message
    result = {}
    for language in LANGUAGES:
        with translation.override(language):
            result[language] = force_str(message() if callable(message) else message)
    return result


class ApiError(exceptions.APIException):
    """A refusal with a code and a message in both languages (and field errors, if any)."""

    def __init__(self, *, status_code: int, code: str, message, errors: dict | None = None, extra=None):
        self.status_code = status_code
        self.code = code
        self.message = message
        self.errors = errors
        self.extra = extra or {}
        super().__init__(detail=force_str(message if not isinstance(message, dict) else message.get("en")), code=code)

    def payload(self) -> dict:
        data = {"code": self.code, "message": in_both(self.message)}
        if self.errors is not None:
            data["errors"] = self.errors
        data.update(self.extra)
        return data


class TokenRefused(exceptions.AuthenticationFailed):
    """401 for a token that is unknown, expired or revoked (one answer for all three)."""

    def __init__(self):
        super().__init__(detail=force_str(self.message), code="token_invalid")

    message = _("This API token is not valid: it is unknown, expired or revoked.")


def read_only_token() -> ApiError:
    return ApiError(
        status_code=status.HTTP_403_FORBIDDEN,
        code="token_read_only",
        message=_("This API token may only read; make a read-and-write token to change anything."),
    )


# --- ValidationErrors, in both languages ----------------------------------------------------


def _items(error: ValidationError) -> dict[str, list[ValidationError]]:
    if hasattr(error, "error_dict"):
        return {NON_FIELD if key == NON_FIELD_ERRORS else key: items for key, items in error.error_dict.items()}
    return {NON_FIELD: error.error_list}


def _render(error: ValidationError) -> dict[str, list[tuple[str, str]]]:
    """{field: [(code, message)]} in the active language."""
    rendered = {}
    for key, items in _items(error).items():
        rendered[key] = []
        for item in items:
            message = item.message % item.params if item.params else item.message
            rendered[key].append((item.code or "invalid", force_str(message)))
    return rendered


def _shape(rendered: dict) -> list:
    return [(key, [code for code, _message in items]) for key, items in sorted(rendered.items())]


def field_errors(error: ValidationError, explain: Callable[[], None] | None = None) -> dict:
    """{field: [{"code": …, "message": {"fa": …, "en": …}}]}. `explain` re-raises the same
    refusal without changing anything, so that messages a service formatted in one language
    are formatted again in each."""
    base = _render(error)
    by_language = {}
    for language in LANGUAGES:
        with translation.override(language):
            rendered = _render(error)
            if explain is not None:
                try:
                    explain()
                except ValidationError as again:
                    if _shape(_render(again)) == _shape(base):
                        rendered = _render(again)
                except (PermissionDenied, Http404):
                    pass
            by_language[language] = rendered
    return {
        key: [
            {"code": code, "message": {lang: by_language[lang][key][index][1] for lang in LANGUAGES}}
            for index, (code, _message) in enumerate(items)
        ]
        for key, items in base.items()
    }


def refused(error: ValidationError, *, explain: Callable[[], None] | None = None, extra=None) -> ApiError:
    """The ApiError for a service's ValidationError: 409 when the record's state refuses
    (TransitionError), else 400 with the field errors."""
    errors = field_errors(error, explain)
    if isinstance(error, TransitionError):
        first = next(iter(errors.values()))[0]
        return ApiError(status_code=409, code=first["code"], message=first["message"], extra=extra)
    return ApiError(status_code=400, code="invalid", message=INVALID, errors=errors, extra=extra)


def _drf_errors(fa, en) -> object:
    """Serializer errors in both languages (the same structure, rendered in each)."""
    if isinstance(en, dict):
        return {key: _drf_errors(fa.get(key) if isinstance(fa, dict) else None, value) for key, value in en.items()}
    if isinstance(en, list):
        if en and all(isinstance(item, exceptions.ErrorDetail) for item in en):
            fa = fa if isinstance(fa, list) and len(fa) == len(en) else en
            return [
                {"code": item.code or "invalid", "message": {"fa": str(other), "en": str(item)}}
                for item, other in zip(en, fa, strict=True)
            ]
        fa = fa if isinstance(fa, list) and len(fa) == len(en) else [None] * len(en)
        return [_drf_errors(other, item) for item, other in zip(en, fa, strict=True)]
    return en


def validated(serializer_class, *, data, **kwargs) -> dict:
    """The serializer's validated data, or an ApiError (400) with its errors in both
    languages (the serializer then runs once more, in Persian)."""
    with translation.override("en"):
        serializer = serializer_class(data=data, **kwargs)
        if serializer.is_valid():
            return serializer.validated_data
        en = serializer.errors
    with translation.override("fa"):
        again = serializer_class(data=data, **kwargs)
        again.is_valid()
        fa = again.errors
    return_errors = _drf_errors(fa, en)
    if isinstance(return_errors, list):
        return_errors = {NON_FIELD: return_errors}
    raise ApiError(status_code=400, code="invalid", message=INVALID, errors=return_errors)


# --- the handler ------------------------------------------------------------------------------


def _message_of(exc: exceptions.APIException):
    if isinstance(exc, TokenRefused):
        return exc.message
    for kind, message in GENERIC.items():
        if isinstance(exc, kind):
            return message
    return force_str(exc.detail) if not isinstance(exc.detail, list | dict) else INVALID


def exception_handler(exc, context):
    """REST_FRAMEWORK's EXCEPTION_HANDLER: every refusal in the shape above."""
    from rest_framework.views import exception_handler as drf_exception_handler  # (imports this module's users)

    if isinstance(exc, ValidationError):  # a service's or the engine's, not caught by the view
        exc = refused(exc)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, ApiError):
        response.data = exc.payload()
    elif isinstance(exc, exceptions.ValidationError):
        errors = _drf_errors(exc.detail, exc.detail)
        response.data = {
            "code": "invalid",
            "message": in_both(INVALID),
            "errors": {NON_FIELD: errors} if isinstance(errors, list) else errors,
        }
    else:
        code, message = exc.default_code, _message_of(exc)
        if isinstance(exc, TokenRefused):
            code = "token_invalid"
        elif isinstance(exc, exceptions.NotAuthenticated):
            code = "not_authenticated"
        elif isinstance(exc, exceptions.PermissionDenied) and str(exc.detail).startswith("CSRF Failed"):
            code, message = "csrf_failed", CSRF_FAILED  # (rest_framework.authentication.SessionAuthentication)
        response.data = {"code": code, "message": in_both(message)}
    response["Cache-Control"] = "no-store"
    return response
