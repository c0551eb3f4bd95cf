from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChannelsConfig(AppConfig):
    name = "service_channels"
    verbose_name = _("Service channels")

    def ready(self):
        # The catalogue is base data: every change is kept, like the other base data.
        from auditlog.registry import auditlog

        from programs.indicators import register_source
        from programs.models import Indicator
        from service_channels import workflows  # noqa: F401 -- registers the counts' life cycle
        from service_channels.selectors import outside_share_values

        register_source(Indicator.Source.OUTSIDE_SHARE, outside_share_values)  # the computed indicator

        for name in ("Service", "ServiceChannel", "ChannelReport"):
            model = self.get_model(name)
            if not auditlog.contains(model):
                auditlog.register(model)
