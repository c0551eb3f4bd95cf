"""The user's personal API tokens: made (the key shown once), listed and revoked."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Max
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from api import tokens
from api.forms import TokenForm
from api.models import ApiToken
from reform_portal import access
from reform_portal.access import capability_required


def _page(request: HttpRequest, form: TokenForm, *, key: str = "", made: ApiToken | None = None, status=200):
    user_tokens = (
        ApiToken.objects.filter(user=request.user)
        .annotate(last_used_at=Max("calls__at"), call_count=Count("calls"))
        .order_by("-created_at", "-pk")
    )
    response = render(
        request,
        "api/tokens.html",
        {"form": form, "tokens": user_tokens, "key": key, "made": made},
        status=status,
    )
    return response


@never_cache
@capability_required(access.USE_API)
def token_list(request: HttpRequest) -> HttpResponse:
    """GET: the user's tokens and the form; POST: make a token and show its key, once."""
    if request.method != "POST":
        return _page(request, TokenForm())
    form = TokenForm(request.POST)
    if form.is_valid():
        try:
            token, key = tokens.create_token(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The token was made. Copy it now: it will not be shown again."))
            return _page(request, TokenForm(), key=key, made=token)
    return _page(request, form, status=400)


@require_POST
@capability_required(access.USE_API)
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    if tokens.revoke_token(token=token, by=request.user):
        messages.success(request, _("The token “%(name)s” was revoked; it no longer works.") % {"name": token.name})
    else:
        messages.info(request, _("This token was already revoked."))
    return redirect("api_tokens:list")
