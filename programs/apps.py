from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgramsConfig(AppConfig):
    name = "programs"
    verbose_name = _("Programs and reports")

    def ready(self):
        from programs import workflows  # noqa: F401 -- registers the progress report's life cycle
