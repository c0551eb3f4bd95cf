from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "evaluations"
    verbose_name = _("Annual evaluation")

    def ready(self):
        from evaluations import jobs, workflows  # noqa: F401 -- workflows registers the cycle's and the objection's life cycles
        from jobs.registry import register

        register(jobs.DOSSIER_PDF, jobs.dossier_pdf)

        from evaluations.public import FINAL_SCORE
        from opendata.extensions import register_agency_column

        register_agency_column(FINAL_SCORE)

        from evaluations.selectors import agency_home_links
        from programs.extensions import register_agency_links

        register_agency_links("evaluation", agency_home_links)
