"""Template helpers of the evaluation pages; each calls evaluations.metrics or reform_portal.persian."""

from decimal import Decimal

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from evaluations import metrics
from reform_portal import persian

register = template.Library()


@register.filter
def grade_label(code):
    return metrics.grade_label(code)


@register.filter
def achievement(value):
    """An achievement (0.7875) as a percent with one decimal («۷۸٫۸٪»)."""
    return "" if value is None or value == "" else persian.format_percent(Decimal(value) * 100, decimals=1)


def achievement_band(value) -> str:
    """The colour band of an achievement: none (does not apply), unscored, zero, low (< 0.5),
    mid (< 0.8), high (< 1), full (≥ 1)."""
    if value is None:
        return "none"
    if value == "":
        return "unscored"
    value = Decimal(value)
    if value == 0:
        return "zero"
    if value < Decimal("0.5"):
        return "low"
    if value < Decimal("0.8"):
        return "mid"
    return "high" if value < 1 else "full"


@register.simple_tag
def achievement_cells(cells):
    """One heatmap row's cells, as one piece of HTML (a template include per cell is slow; each
    distinct value is formatted once). The texts are digits and fixed labels, escaped once."""
    labels = {"none": (escape(_("does not apply")), "·"), "unscored": (escape(_("not scored: no target")), "?")}
    memo: dict = {}
    parts = []
    for value in cells:
        html = memo.get(value)
        if html is None:
            band = achievement_band(value)
            if band in labels:
                title, text = labels[band]
            else:
                title = text = escape(persian.format_percent(Decimal(value) * 100, decimals=0))
            html = memo[value] = f'<td class="ach ach-{band}" title="{title}">{text}</td>'
        parts.append(html)
    return mark_safe("".join(parts))  # built from escaped parts


@register.simple_tag
def signed(value, places=1):
    """A change with its sign («+۱۲٫۵», «−۳»); empty for None."""
    if value is None:
        return ""
    text = persian.format_number(abs(value), places=int(places))
    sign = "+" if value > 0 else ("−" if value < 0 else "")
    return format_html("<bdi>{}{}</bdi>", sign, text)
