from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from agencies import invitations
from people.forms import CodeForm, EmailChangeForm, MobileChangeForm, PortalPasswordResetForm, ProfileForm
from people.services import contact, profile, second_factor
from reform_portal.notifications import channel_choices
from reform_portal.ratelimits import PASSWORD_RESET, rate_limit

PASSWORD_BACKEND = "django.contrib.auth.backends.ModelBackend"


def _next(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return default


# --- invitations ---------------------------------------------------------------------------

INVALID_STATUS = {
    invitations.EXPIRED: 410, invitations.USED: 410, invitations.REVOKED: 410, invitations.UNKNOWN: 404,
}  # fmt: skip


@login_not_required
@never_cache
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """The invitation's link: choose a password (then logged in, on the profile page), or
    a page saying why the link no longer works and what to do."""
    found = invitations.find(token)
    if found.state != invitations.VALID:
        return render(
            request, "people/invitation_invalid.html", {"state": found.state, "invitation": found.invitation},
            status=INVALID_STATUS[found.state],
        )  # fmt: skip
    user = found.invitation.user
    form = SetPasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = invitations.accept(token, password=form.cleaned_data["new_password1"])
        except invitations.InvitationNotValid as error:
            return render(
                request, "people/invitation_invalid.html", {"state": error.lookup.state},
                status=INVALID_STATUS[error.lookup.state],
            )  # fmt: skip
        login(request, user, backend=PASSWORD_BACKEND)
        messages.success(
            request, _("Welcome! Your password is set. Check your details and how you want to be notified.")
        )
        return redirect("people:profile")
    return render(request, "people/invitation.html", {"form": form, "invited": user, "invitation": found.invitation})


# --- the profile -----------------------------------------------------------------------------


def _tokens_url() -> str:
    """The page of personal API tokens, where the API is installed."""
    try:
        return reverse("api_tokens:list")
    except NoReverseMatch:
        return ""


def _profile_page(request, *, form=None, email_form=None, mobile_form=None, code_form=None, status=200):
    user = request.user
    required = second_factor.requires_second_factor(user)
    context = {
        "form": form or ProfileForm(
            user=user, chosen=channel_choices(user.notification_preferences),
            initial={"first_name": user.first_name, "last_name": user.last_name, "language": user.language},
        ),
        "email_form": email_form or EmailChangeForm(),
        "mobile_form": mobile_form or MobileChangeForm(),
        "code_form": code_form or CodeForm(),
        "pending_mobile": contact.pending_mobile_change(user),
        "second_factor_required": required,
        "second_factor_enrolled": second_factor.is_enrolled(user) if required else False,
        "recovery_codes_left": second_factor.recovery_codes_left(user) if required else 0,
        "tokens_url": _tokens_url(),
    }  # fmt: skip
    return render(request, "people/profile.html", context, status=status)


@never_cache
def profile_view(request: HttpRequest) -> HttpResponse:
    """Name, language and notification choices; links to the email, mobile, password and
    second-factor steps."""
    if request.method != "POST":
        return _profile_page(request)
    form = ProfileForm(request.POST, user=request.user, chosen=frozenset())
    if not form.is_valid():
        return _profile_page(request, form=form)
    profile.update_profile(
        user=request.user, first_name=form.cleaned_data["first_name"], last_name=form.cleaned_data["last_name"],
        language=form.cleaned_data["language"], chosen=form.chosen(),
    )  # fmt: skip
    messages.success(request, _("Your profile was saved."))
    response = redirect("people:profile")
    response.set_cookie(settings.LANGUAGE_COOKIE_NAME, form.cleaned_data["language"], samesite="Lax")
    return response


@require_POST
def email_change(request: HttpRequest) -> HttpResponse:
    form = EmailChangeForm(request.POST)
    if not form.is_valid():
        return _profile_page(request, email_form=form)
    contact.request_email_change(user=request.user, email=form.cleaned_data["email"])
    messages.info(request, _("We sent a link to the new address. Your email changes when you follow it."))
    return redirect("people:profile")


@login_not_required
@never_cache
def verify_email(request: HttpRequest, pk: int, token: str) -> HttpResponse:
    """The link sent to a new address: a button confirms it (a mail scanner that follows
    links changes nothing)."""
    if request.method == "POST":
        try:
            user = contact.confirm_email(change_id=pk, token=token)
        except ValidationError as error:
            return render(request, "people/verify_email.html", {"error": error.messages[0]}, status=410)
        messages.success(request, _("Your email address is now %(email)s.") % {"email": user.email})
        return redirect("people:profile" if request.user.is_authenticated else "login")
    return render(request, "people/verify_email.html", {})


@require_POST
def mobile_change(request: HttpRequest) -> HttpResponse:
    form = MobileChangeForm(request.POST)
    if not form.is_valid():
        return _profile_page(request, mobile_form=form)
    contact.request_mobile_change(user=request.user, mobile=form.cleaned_data["mobile"])
    messages.info(request, _("We sent a 6-digit code to the new mobile. Type it below to confirm the number."))
    return redirect("people:profile")


@require_POST
def mobile_confirm(request: HttpRequest) -> HttpResponse:
    form = CodeForm(request.POST)
    if not form.is_valid():
        return _profile_page(request, code_form=form)
    try:
        user = contact.confirm_mobile(user=request.user, code=form.cleaned_data["code"])
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("people:profile")
    if user is None:
        form.add_error("code", _("This is not the code we sent."))
        return _profile_page(request, code_form=form)
    messages.success(request, _("Your mobile is now confirmed."))
    return redirect("people:profile")


@require_POST
def mobile_remove(request: HttpRequest) -> HttpResponse:
    profile.remove_mobile(user=request.user)
    messages.success(request, _("Your mobile was removed; you will get no more text messages."))
    return redirect("people:profile")


# --- passwords (Django's views, the portal's templates and email) ---------------------------


@method_decorator(rate_limit(*PASSWORD_RESET), name="post")
class PasswordResetView(auth_views.PasswordResetView):
    """The same answer for known and unknown addresses; POSTs limited per client address and
    per address typed (RATELIMIT_PASSWORD_RESET_IP, _EMAIL)."""

    form_class = PortalPasswordResetForm
    template_name = "registration/password_reset_form.html"


class PasswordChangeView(auth_views.PasswordChangeView):
    """Changing the password keeps this session and ends every other one (Django checks a
    hash of the password in each session)."""

    template_name = "registration/password_change_form.html"
    success_url = reverse_lazy("people:profile")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Your password was changed. Your other sessions have ended."))
        return response


# --- the second factor -------------------------------------------------------------------


def _require_second_factor_role(user) -> None:
    if not second_factor.requires_second_factor(user):
        raise PermissionDenied


@never_cache
def otp_setup(request: HttpRequest) -> HttpResponse:
    """Enrol an authenticator app: scan the QR code (or type the secret), type a code it
    shows; then the recovery codes are shown, once."""
    user = request.user
    _require_second_factor_role(user)
    if second_factor.is_enrolled(user) and not user.is_verified():
        return redirect(f"{reverse('people:otp_verify')}?next={request.get_full_path()}")
    device = second_factor.pending_totp(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        confirmed = second_factor.confirm_totp(user, form.cleaned_data["code"])
        if confirmed is not None:
            device, codes = confirmed
            otp_login(request, device)
            return render(request, "people/recovery_codes.html", {"codes": codes, "next": _next(request, "/")})
        form.add_error("code", _("This code is not right. Check the time on your phone and type the newest code."))
    return render(
        request, "people/otp_setup.html",
        {"form": form, "qr": second_factor.qr_data_uri(device), "secret": second_factor.secret_for_typing(device),
         "next": _next(request, "")},
    )  # fmt: skip


@never_cache
def otp_verify(request: HttpRequest) -> HttpResponse:
    """After the password: the authenticator's code, or a recovery code."""
    user = request.user
    _require_second_factor_role(user)
    if not second_factor.is_enrolled(user):
        return redirect("people:otp_setup")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = second_factor.verify(user, form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            return redirect(_next(request, reverse("home")))
        form.add_error("code", _("This code is not right (or you typed wrong codes too often: wait a little)."))
    return render(request, "people/otp_verify.html", {"form": form, "next": _next(request, "")})


@never_cache
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """How many recovery codes are left; a POST makes new ones (the old ones stop working)."""
    user = request.user
    _require_second_factor_role(user)
    if not second_factor.is_enrolled(user):
        return redirect("people:otp_setup")
    if request.method == "POST":
        return render(request, "people/recovery_codes.html", {"codes": second_factor.new_recovery_codes(user)})
    return render(request, "people/recovery_codes.html", {"left": second_factor.recovery_codes_left(user)})
