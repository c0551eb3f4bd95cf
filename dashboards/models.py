from django.db import models
from django.utils.translation import gettext_lazy as _


class DataVersion(models.Model):
    """Rows per province (cache.SLOTS of them) whose tokens change, inside the writing
    transaction, whenever data that the province's dashboards show changes (database
    triggers: dashboards/cache.py); a write changes one slot, so writers of a province
    seldom queue behind each other.

    Rendered dashboards are cached under the tokens of the provinces they show, so a cached
    page is exact: the moment a change commits, its province's token is new and no page
    cached before it matches. A plain number, not a foreign key: the triggers write it
    while the province's rows are being deleted.
    """

    pk = models.CompositePrimaryKey("province_id", "slot")
    province_id = models.BigIntegerField(_("province"))
    slot = models.PositiveSmallIntegerField(_("slot"))
    token = models.CharField(_("token"), max_length=64)

    class Meta:
        verbose_name = _("dashboard data version")
        verbose_name_plural = _("dashboard data versions")

    def __str__(self):
        return f"{self.province_id}/{self.slot}: {self.token}"
