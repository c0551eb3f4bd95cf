from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from notices import services
from notices.selectors import get_notification_for_user, notifications_for

PAGE_SIZE = 30


@require_GET
def notification_list(request: HttpRequest) -> HttpResponse:
    """The user's notifications, newest first, unread ones marked. A fixed number of queries."""
    page = Paginator(notifications_for(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notices/list.html", {"page": page, "notifications": page.object_list})


def _safe(request, url: str) -> str | None:
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}, require_https=False):
        return url
    return None


@require_GET
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Marks the notification read and goes to what it is about."""
    notification = get_notification_for_user(request.user, pk)
    services.mark_read(notification=notification)
    return redirect(_safe(request, notification.url) or "notices:list")


@require_POST
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    notification = get_notification_for_user(request.user, pk)
    services.mark_read(notification=notification)
    return redirect("notices:list")


@require_POST
def notification_read_all(request: HttpRequest) -> HttpResponse:
    if services.mark_all_read(user=request.user):
        messages.success(request, _("All notifications are marked as read."))
    return redirect("notices:list")
