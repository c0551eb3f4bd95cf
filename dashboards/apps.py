from django.apps import AppConfig
from django.db.models.signals import post_migrate, pre_migrate
from django.utils.translation import gettext_lazy as _


class DashboardsConfig(AppConfig):
    name = "dashboards"
    verbose_name = _("Dashboards")

    def ready(self):
        from dashboards import jobs
        from dashboards.cache import drop_triggers_before_migrate, install_triggers_after_migrate
        from jobs.registry import register

        register(jobs.PROVINCE_STATUS_PDF, jobs.province_status_pdf)

        # SQLite fails to rebuild a table that another table's trigger names: away during migrations
        pre_migrate.connect(drop_triggers_before_migrate, sender=self, dispatch_uid="dashboards_data_version")
        post_migrate.connect(install_triggers_after_migrate, sender=self, dispatch_uid="dashboards_data_version")
