"""The top bar's links: each marks itself when it is the page shown (or the section it leads to)."""

from django import template
from django.urls import reverse
from django.utils.html import format_html

register = template.Library()


def current_marker(path: str, url: str) -> str:
    """ "page" when `path` is the link's page, "true" when it lies under the link's section, else ""."""
    if path == url:
        return "page"
    if url != "/" and path.startswith(url):
        return "true"
    return ""


@register.simple_tag(takes_context=True)
def nav_link(context, name: str, label, *args):
    """<li><a class="nav-link"> to the URL named `name`, with aria-current and .active when current."""
    url = reverse(name, args=args)
    request = context.get("request")
    marker = current_marker(request.path, url) if request is not None else ""
    if marker:
        return format_html(
            '<li class="nav-item"><a class="nav-link active" aria-current="{}" href="{}">{}</a></li>',
            marker,
            url,
            label,
        )
    return format_html('<li class="nav-item"><a class="nav-link" href="{}">{}</a></li>', url, label)
