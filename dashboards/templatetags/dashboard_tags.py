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


#: The printed trend chart's series: the figure, its colour and its dash pattern (told apart in grey print too).
TREND_SERIES = (
    ("progress", "#0d6efd", ""),
    ("reporting_rate", "#198754", ""),
    ("on_time_rate", "#fd7e14", "4 3"),
)


@register.simple_tag
def trend_svg(points, labels):
    """The trend as an SVG line chart for the PDF (WeasyPrint draws SVG, not Chart.js): periods
    from right to left (oldest at the right, as the page reads), 0–100 % upwards, one line per
    figure of TREND_SERIES; `labels` names the figures in the same order, for the legend."""
    width, height, left, right, top, bottom = 250.0, 70.0, 10.0, 6.0, 4.0, 12.0
    plot_w, plot_h = width - left - right, height - top - bottom
    count = len(points)
    digits = to_persian_digits if is_persian_active() else str

    def x(index):  # right to left
        step = plot_w / count
        return left + plot_w - step * (index + 0.5)

    def y(value):
        return top + plot_h * (1 - float(value) / 100)

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {height + 8:.0f}" class="trend-svg">']
    for tick in (0, 25, 50, 75, 100):
        parts.append(
            f'<line x1="{left:.1f}" x2="{left + plot_w:.1f}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" stroke="#dee2e6" '
            f'stroke-width="0.3"/><text x="{left - 1:.1f}" y="{y(tick) + 1:.1f}" font-size="3" text-anchor="end" '
            f'fill="#6c757d">{digits(tick)}</text>'
        )
    for index, point in enumerate(points):
        parts.append(
            f'<text x="{x(index):.1f}" y="{height - bottom + 5:.1f}" font-size="3" text-anchor="middle" '
            f'fill="#212529">{escape(point.period.label)}</text>'
        )
    for name, colour, dash in TREND_SERIES:
        values = [(x(i), getattr(point.figures, name)) for i, point in enumerate(points)]
        coords = " ".join(f"{px:.1f},{y(value):.1f}" for px, value in values if value is not None)
        if coords:
            dashes = f' stroke-dasharray="{dash}"' if dash else ""
            parts.append(f'<polyline points="{coords}" fill="none" stroke="{colour}" stroke-width="0.8"{dashes}/>')
            for px, value in values:
                if value is not None:
                    parts.append(f'<circle cx="{px:.1f}" cy="{y(value):.1f}" r="0.9" fill="{colour}"/>')
    legend_x = left + plot_w
    for (_name, colour, dash), label in zip(TREND_SERIES, labels, strict=False):
        dashes = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(
            f'<line x1="{legend_x - 6:.1f}" x2="{legend_x:.1f}" y1="{height + 4:.1f}" y2="{height + 4:.1f}" '
            f'stroke="{colour}" stroke-width="0.8"{dashes}/><text x="{legend_x - 7:.1f}" y="{height + 5:.1f}" '
            f'font-size="3" text-anchor="end" fill="#212529">{escape(label)}</text>'
        )
        legend_x -= 8 + 2.2 * len(str(label))
    parts.append("</svg>")
    return mark_safe("".join(parts))  # numbers computed above; period labels and legend escaped
