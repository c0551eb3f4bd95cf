"""The OpenAPI schema and its browsable documentation (Swagger UI, served by the portal
from drf-spectacular-sidecar's files: no CDN; its start-up script is a separate file, as
the Content-Security-Policy allows no inline script). Both are public: they describe the
API, not data."""

from django.contrib.auth.decorators import login_not_required
from django.utils import translation
from django.views.decorators.cache import never_cache
from drf_spectacular.plumbing import set_query_parameters
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny

from api.views.base import ApiView, conditional_get
from reform_portal.ratelimits import Limit, address_key, rate_limit

#: Public pages, counted per client address like the open data's (RATELIMIT_OPEN_DATA).
PUBLIC = Limit("api-public", address_key, "RATELIMIT_OPEN_DATA")


class SchemaView(SpectacularAPIView):
    """The OpenAPI 3 schema, in the language asked for (?lang=fa or en) or the active one."""

    @classmethod
    def as_view(cls, *args, **kwargs):
        return login_not_required(rate_limit(PUBLIC)(conditional_get(super().as_view(*args, **kwargs))))


class DocsView(SpectacularSwaggerSplitView):
    url_name = "api:schema"
    template_name = "api/docs.html"
    title = "Reform Portal API"

    @classmethod
    def as_view(cls, *args, **kwargs):
        view = never_cache(super().as_view(*args, **kwargs))  # the script holds the CSRF token
        return login_not_required(rate_limit(PUBLIC)(view))

    def _get_schema_url(self, request):
        url = super()._get_schema_url(request)
        return url if "lang=" in url else set_query_parameters(url, lang=translation.get_language())


class NotFoundView(ApiView):
    """Anything else under /api/v1/: the API's JSON 404 (after a session's CSRF check)."""

    permission_classes = [AllowAny]
    schema = None  # not an operation of the API

    def _not_found(self, request, *args, **kwargs):
        raise NotFound

    get = post = put = patch = delete = _not_found


not_found = NotFoundView.as_view()
