"""The heatmap row as one tag: a page can hold thousands of cells, far faster than includes."""

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from reform_portal.persian import format_percent, is_persian_active, to_persian_digits

register = template.Library()


@register.simple_tag
def heatmap_cells(row):
    """The <td>s of one agency's row. Each tells "not assigned", "no report yet" and "0 %"
    apart by look and by a screen-reader label, and links to its report when it has one."""
    unassigned = _("%(agency)s, program %(program)s: not assigned")
    no_report = _("%(agency)s, program %(program)s: no report yet")
    reported = _("%(agency)s, program %(program)s: %(value)s")
    agency = row.agency.name
    digits = to_persian_digits if is_persian_active() else str
    html = []
    for cell in row.cells:
        names = {"agency": agency, "program": digits(cell.program.number)}
        if cell.kind == "unassigned":
            css, shown, label = "hm-unassigned", "·", unassigned % names
        elif cell.kind == "no_report":
            css, shown, label = "hm-none", "?", no_report % names
        else:
            css, shown = f"hm-{cell.band}", digits(cell.percent)
            label = reported % {**names, "value": format_percent(cell.percent)}
        inner = f'<span aria-hidden="true">{shown}</span><span class="visually-hidden">{escape(label)}</span>'
        if cell.url:
            inner = f'<a href="{escape(cell.url)}">{inner}</a>'
        html.append(f'<td class="{css}">{inner}</td>')
    return mark_safe("".join(html))  # every variable part above is escaped
