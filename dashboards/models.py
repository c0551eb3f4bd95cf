from django.db import models
from django.utils.translation import gettext_lazy as _


class DataVersion(models.Model):
    """One row whose token changes, inside the writing transaction, whenever data that
    the dashboards show changes (database triggers: dashboards/cache.py).

    Rendered dashboards are cached under the token, so a cached page is exact: the
    moment a change commits, its token is new and no page cached before it matches.
    """

    token = models.CharField(_("token"), max_length=64)

    class Meta:
        verbose_name = _("dashboard data version")
        verbose_name_plural = _("dashboard data versions")

    def __str__(self):
        return self.token
