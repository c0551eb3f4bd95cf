from django.apps import AppConfig


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
