"""The channels dashboard's tables as XLSX and CSV, written by the shared writers
(reform_portal/tabular.py: right-to-left sheet, Persian headers, UTF-8 BOM CSV, no live
formulas). Numbers equal the page's: percents with one decimal, counts as integers."""

from django.utils import translation
from django.utils.translation import gettext as _

from reform_portal.persian import format_jalali_date
from reform_portal.tabular import EXPORT_LANGUAGE, Table
from service_channels.selectors import ChannelDashboard


def _percent(ratio):
    return ratio.percent if ratio is not None else None


def channel_tables(dashboard: ChannelDashboard) -> dict[str, Table]:
    with translation.override(EXPORT_LANGUAGE):
        ranking = Table(
            "channels-ranking",
            _("Agencies ranked by transactions handled outside their own counters"),
            [
                _("Rank"),
                _("Agency"),
                _("Agency group"),
                _("Transactions outside the agency %"),
                _("Transactions outside the agency"),
                _("All transactions"),
                _("Services offered outside the agency %"),
                _("Services offered outside the agency"),
                _("Services offered"),
                _("State of the counts"),
                *[period.label for period in dashboard.periods],
            ],  # fmt: skip
            [
                [
                    row.rank,
                    row.agency.name_fa,
                    row.agency.get_group_display(),
                    _percent(row.transactions),
                    row.transactions.part if row.transactions else None,
                    row.transactions.whole if row.transactions else None,
                    row.services.percent,
                    row.services.part,
                    row.services.whole,
                    _state_label(row.report_state),
                    *row.trend,
                ]
                for row in dashboard.agencies
            ],
            frozenset({3, 6, *range(10, 10 + len(dashboard.periods))}),
        )
        trend = Table(
            "channels-trend",
            _("Service channels over periods"),
            [
                _("Reporting period"),
                _("Due on"),
                _("Services offered outside the agency %"),
                _("Services offered outside the agency"),
                _("Services offered"),
                _("Transactions outside the agency %"),
                _("Transactions outside the agency"),
                _("All transactions"),
                _("Agencies with approved counts"),
            ],  # fmt: skip
            [
                [
                    point.period.label,
                    format_jalali_date(point.period.due_on),
                    point.services.percent,
                    point.services.part,
                    point.services.whole,
                    point.transactions.percent,
                    point.transactions.part,
                    point.transactions.whole,
                    point.agencies_approved,
                ]
                for point in dashboard.trend
            ],
            frozenset({2, 5}),
        )
        channels = Table(
            "channels-by-channel",
            _("Transactions by channel"),
            [_("Channel"), _("Transactions"), _("Share of all transactions %")],
            [[str(label), total, percent] for label, total, percent in dashboard.by_channel],
            frozenset({2}),
        )
    return {table.slug: table for table in (ranking, trend, channels)}


def _state_label(state: str) -> str:
    from service_channels.models import ChannelReport

    return str(ChannelReport.State(state).label) if state else _("No counts yet")
