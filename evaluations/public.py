"""What the annual evaluation adds to the open data (opendata/extensions.py): each agency's
overall score out of 1000 in the province's latest final evaluation. Preliminary scores, and
everything below the overall score, stay inside the portal."""

from django.utils.translation import gettext_lazy as _

from evaluations import selectors
from opendata.extensions import AgencyColumn

FINAL_SCORE = AgencyColumn(
    key="final_score",
    label=_("Final evaluation score (of 1000)"),
    values=lambda province, period, agency_ids: final_scores(province, agency_ids),
)


def final_scores(province, agency_ids) -> dict:
    wanted = set(agency_ids)
    return {
        result.agency.pk: result.overall
        for result in selectors.published_results(province)
        if result.agency.pk in wanted and result.overall is not None
    }
