from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    """In-portal notifications and the SMS outbox: a part of the shared library (it imports
    no app of the portal), fed by reform_portal/notifications.py."""

    name = "notices"
    verbose_name = _("Notifications")
    default_auto_field = "django.db.models.BigAutoField"
