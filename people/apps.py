from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    """The people who use the portal: accepting an invitation, their profile and password,
    changed addresses, the second factor, their work to do, and reviewers chased."""

    name = "people"
    verbose_name = _("People")
    default_auto_field = "django.db.models.BigAutoField"
