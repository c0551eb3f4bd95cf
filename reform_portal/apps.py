from django.apps import AppConfig
from django.db.models.signals import post_migrate

#: Base data and reports whose every change is kept by django-auditlog (who, when, what).
AUDITED_MODELS = {
    "agencies.Province": {},
    "agencies.County": {},
    "agencies.Agency": {},
    "agencies.LiaisonDeputy": {},
    "agencies.User": {
        "exclude_fields": ["password", "last_login"],
        "m2m_fields": {"groups", "user_permissions"},
    },
    "programs.RoadmapEdition": {},
    "programs.Program": {},
    "programs.Assignment": {},
    "programs.ReportingPeriod": {},
    "programs.ProgressReport": {},
}


class ReformPortalConfig(AppConfig):
    name = "reform_portal"
    verbose_name = "Reform Portal"

    def ready(self):
        # The admin formats dates with Django's Gregorian formatter in changelists and
        # read-only fields and offers no hook for it; route those through Jalali.
        from django.contrib.admin import helpers, utils
        from django.contrib.admin.templatetags import admin_list

        from reform_portal.admin import jalali_display_for_value

        jalali_field = jalali_display_for_value(utils.display_for_field)
        jalali_value = jalali_display_for_value(utils.display_for_value)
        for module in (utils, helpers, admin_list):
            module.display_for_field = jalali_field
            if hasattr(module, "display_for_value"):
                module.display_for_value = jalali_value

        self._name_third_party_apps()
        self._register_audit_log()
        self._translate_group_names()
        # Permissions do not exist during the migrations of a fresh database: the group
        # is filled in after them (and again, harmlessly, after every later migrate).
        # post_migrate is only sent for apps with models, so hang on to auth's.
        post_migrate.connect(
            _data_entry_group, sender=self.apps.get_app_config("auth"), dispatch_uid="reform_portal_data_entry_group"
        )

    def _name_third_party_apps(self):
        """Headings of the admin's index in the portal's languages: django-axes has no name of
        its own (its label, "Axes", would show) and django-post-office's is English only."""
        from django.utils.translation import gettext_lazy as _

        names = {"axes": _("Login attempts"), "post_office": _("Outgoing email")}
        for label, name in names.items():
            if self.apps.is_installed(label):
                self.apps.get_app_config(label).verbose_name = name

    def _translate_group_names(self):
        """Groups are stored under an English msgid ("Data entry") and shown translated wherever
        the admin names one (filters, history, the user's form), not only in the group list."""
        from django.contrib.auth.models import Group
        from django.utils.translation import gettext

        Group.__str__ = lambda group: gettext(group.name)

    def _register_audit_log(self):
        from auditlog.registry import auditlog

        for label, options in AUDITED_MODELS.items():
            model = self.apps.get_model(label)
            if not auditlog.contains(model):
                auditlog.register(model, **options)


def _data_entry_group(sender, using="default", **kwargs):
    from reform_portal.admin import ensure_data_entry_group

    ensure_data_entry_group(using=using)
