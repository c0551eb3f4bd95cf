"""The API's routes, under /api/v1/ (reform_portal/urls.py)."""

from django.urls import path, re_path
from rest_framework.routers import SimpleRouter

from api.views import channels, circulars, deputies, docs, figures, indicators, reference, reports

app_name = "api"

router = SimpleRouter()
router.register("provinces", reference.ProvinceViewSet, basename="province")
router.register("agencies", reference.AgencyViewSet, basename="agency")
router.register("programs", reference.ProgramViewSet, basename="program")
router.register("indicators", indicators.IndicatorViewSet, basename="indicator")
router.register("periods", reference.PeriodViewSet, basename="period")
router.register("assignments", reference.AssignmentViewSet, basename="assignment")
router.register("reports", reports.ReportViewSet, basename="report")
router.register("deputies", deputies.DeputyViewSet, basename="deputy")
router.register("circulars", circulars.CircularViewSet, basename="circular")
router.register("services", channels.ServiceViewSet, basename="service")
router.register("channel-reports", channels.ChannelReportViewSet, basename="channel-report")

urlpatterns = [
    path("schema/", docs.SchemaView.as_view(), name="schema"),
    path("docs/", docs.DocsView.as_view(), name="docs"),
    path("figures/province/", figures.ProvinceFiguresView.as_view(), name="figures-province"),
    path("figures/national/", figures.NationalFiguresView.as_view(), name="figures-national"),
    path("figures/programs/<int:pk>/", figures.ProgramFiguresView.as_view(), name="figures-program"),
    path("figures/agencies/<int:pk>/", figures.AgencyFiguresView.as_view(), name="figures-agency"),
    path("figures/channels/", figures.ChannelFiguresView.as_view(), name="figures-channels"),
    *router.urls,
    # Anything else under /api/v1/ is the API's JSON 404, not the pages' HTML one.
    re_path(r"^(?P<rest>.*)$", docs.not_found, name="not-found"),
]
