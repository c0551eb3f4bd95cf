from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "jobs"
    verbose_name = _("Background work")

    def ready(self):
        from jobs.admin_imports import ADMIN_IMPORT, run_import
        from jobs.registry import register

        register(ADMIN_IMPORT, run_import)
