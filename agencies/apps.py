from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgenciesConfig(AppConfig):
    name = "agencies"
    verbose_name = _("Agencies and people")

    def ready(self):
        from agencies import workflows  # noqa: F401 -- registers the deputy registration's life cycle
