"""Import and export (django-import-export) of the service catalogue.

One row per service, found by its natural key: agency code + service code. The
columns ``in_person``, ``counter_office``, ``public_service_office`` and ``online``
say whether the service is offered through that channel: empty for no, a Jalali date
(1404/07/01, any digits) for "since that day", or 1 / بله for "yes, date unknown".
``programs`` lists program numbers of the ``program_edition`` (separated by commas,
«،» or semicolons). Re-importing the same file changes nothing.
"""

import copy
import datetime
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from import_export import fields, widgets

from agencies.resources import agency_widget
from agencies.validators import normalize_code
from programs.models import Program
from programs.resources import EditionProgramsMixin, JalaliDateWidget
from reform_portal import persian
from reform_portal.import_widgets import (
    CodeWidget,
    PersianTextWidget,
    PortalMeta,
    PortalResource,
    StrictBooleanWidget,
    _text,
    latin_code,
)
from service_channels.models import Channel, Service, ServiceChannel

#: A channel cell that says "offered" without a date.
_YES = StrictBooleanWidget.TRUE
_NOT_OFFERED = StrictBooleanWidget.FALSE


class OfferedChannel:
    """A channel cell read from the file: offered (with its opening date or None) or not."""

    def __init__(self, offered: bool, opened_on: datetime.date | None = None):
        self.offered, self.opened_on = offered, opened_on

    def __eq__(self, other):
        return isinstance(other, OfferedChannel) and (self.offered, self.opened_on) == (other.offered, other.opened_on)

    def __hash__(self):
        return hash((self.offered, self.opened_on))


class ChannelWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        if isinstance(value, datetime.date | datetime.datetime):
            return OfferedChannel(True, JalaliDateWidget().clean(value))
        text = persian.normalize_persian_text(latin_code(value)).lower()
        if not text or text in _NOT_OFFERED:
            return OfferedChannel(False)
        if text in _YES:
            return OfferedChannel(True)
        try:
            return OfferedChannel(True, persian.parse_jalali_date(text))
        except persian.JalaliYearError as error:
            raise ValueError(str(error)) from None
        except ValueError:
            raise ValueError(
                gettext("“%(value)s” is neither a Jalali date such as 1404/07/01, nor 1 (offered), nor empty.")
                % {"value": _text(value)}
            ) from None

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        if value.opened_on is None:
            return "1"
        return JalaliDateWidget().render(value.opened_on)


class ProgramNumbersWidget(EditionProgramsMixin, widgets.ManyToManyWidget):
    """Program numbers of the row's ``program_edition``: «1، 2» or 1;2."""

    def __init__(self, **kwargs):
        super().__init__(Program, field="number", **kwargs)

    def clean(self, value, row=None, **kwargs):
        numbers = [part for part in re.split(r"[,;،\s]+", latin_code(value)) if part]
        if not numbers:
            return self.model.objects.none()
        edition = latin_code((row or {}).get("program_edition"))
        if not edition:
            raise ValueError(gettext("Name the programs' edition (program_edition) to list program numbers."))
        wanted = []
        for number in numbers:
            number = number[:-2] if number.endswith(".0") else number
            if not number.isdigit():
                raise ValueError(gettext("“%(value)s” is not a whole number.") % {"value": number})
            wanted.append(int(number))
        found = self.programs_of(edition)
        missing = [str(number) for number in wanted if number not in found]
        if missing:
            raise ValueError(
                gettext("There is no program number %(number)s in the edition “%(edition)s”.")
                % {"number": "، ".join(missing), "edition": edition}
            )
        return [found[number] for number in wanted]

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return ", ".join(str(program.number) for program in value.all())


class ServiceResource(PortalResource):
    # The code in its canonical form before the row is matched: «كرمان» finds the stored «کرمان».
    normalizers = {"agency": latin_code, "code": normalize_code, "program_edition": latin_code}

    agency = fields.Field(attribute="agency", column_name="agency", widget=agency_widget())
    code = fields.Field(attribute="code", column_name="code", widget=CodeWidget())
    name_fa = fields.Field(attribute="name_fa", column_name="name_fa", widget=PersianTextWidget())
    name_en = fields.Field(attribute="name_en", column_name="name_en", widget=widgets.CharWidget())
    program_edition = fields.Field(column_name="program_edition", readonly=True)
    programs = fields.Field(attribute="programs", column_name="programs", widget=ProgramNumbersWidget())
    in_person = fields.Field(attribute="channel_in_person", column_name="in_person", widget=ChannelWidget())
    counter_office = fields.Field(
        attribute="channel_counter_office", column_name="counter_office", widget=ChannelWidget()
    )
    public_service_office = fields.Field(
        attribute="channel_public_service_office", column_name="public_service_office", widget=ChannelWidget()
    )
    online = fields.Field(attribute="channel_online", column_name="online", widget=ChannelWidget())
    is_active = fields.Field(attribute="is_active", column_name="is_active", widget=StrictBooleanWidget())

    class Meta(PortalMeta):
        model = Service
        import_id_fields = ["agency", "code"]
        fields = [
            "agency", "code", "name_fa", "name_en", "program_edition", "programs",
            "in_person", "counter_office", "public_service_office", "online", "is_active",
        ]  # fmt: skip
        export_order = fields

    def get_queryset(self):
        return super().get_queryset().select_related("agency").prefetch_related("channels", "programs__edition")

    # --- channels: read from the file into attributes, written with the services ---

    def after_init_instance(self, instance, new, row, **kwargs):
        # The service's channel rows as stored (prefetched with the service, none if new).
        instance.stored_channels = {row_.channel: row_ for row_ in instance.channels.all()} if instance.pk else {}
        for channel in Channel.values:
            stored = instance.stored_channels.get(channel)
            setattr(
                instance, f"channel_{channel}", OfferedChannel(stored is not None, getattr(stored, "opened_on", None))
            )

    def import_instance(self, instance, row, **kwargs):
        """Field errors, bad program numbers and a service without any channel are all
        reported as the row's validation errors, so the preview lists them."""
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if "programs" in row:
            try:
                self.fields["programs"].clean(row)
            except ValueError as error:
                errors["programs"] = [ValidationError(str(error), code="invalid")]
        if not any(getattr(instance, f"channel_{channel}").offered for channel in Channel.values):
            errors["in_person"] = [
                ValidationError(gettext("Mark at least one channel through which the service is offered."))
            ]
        if errors:
            raise ValidationError(errors)

    # Unchanged rows are skipped by the default skip_row: the channel attributes compare
    # by value (OfferedChannel.__eq__), like the model's own fields.

    def _export_channel(self, service: Service, channel: str) -> str:
        row = next((row for row in service.channels.all() if row.channel == channel), None)
        return ChannelWidget().render(OfferedChannel(True, row.opened_on) if row else None)

    def dehydrate_in_person(self, service):
        return self._export_channel(service, Channel.IN_PERSON)

    def dehydrate_counter_office(self, service):
        return self._export_channel(service, Channel.COUNTER_OFFICE)

    def dehydrate_public_service_office(self, service):
        return self._export_channel(service, Channel.PUBLIC_SERVICE_OFFICE)

    def dehydrate_online(self, service):
        return self._export_channel(service, Channel.ONLINE)

    def dehydrate_program_edition(self, service):
        programs = list(service.programs.all()) if service.pk else []
        return programs[0].edition.code if programs else ""

    def after_save_instance(self, instance, row, **kwargs):
        """The service's channel rows to add, re-date or remove, written with the services
        by the confirmation (reform_portal/importing.py). A channel that transactions were
        reported through is never removed: the row is an error, in the preview already."""
        for channel in Channel.values:
            wanted = getattr(instance, f"channel_{channel}")
            current = instance.stored_channels.get(channel)
            if wanted.offered and current is None:
                self.plan_save(ServiceChannel(service=instance, channel=channel, opened_on=wanted.opened_on))
            elif wanted.offered and current.opened_on != wanted.opened_on:
                before = copy.copy(current)
                current.opened_on = wanted.opened_on
                self.plan_save(current, before)
            elif not wanted.offered and current is not None:
                if current.counts.exists():
                    message = gettext(
                        "Transactions were already reported through “%(channels)s”; that channel cannot be removed."
                    )
                    raise ValueError(message % {"channels": current.get_channel_display()})
                self.plan_delete(current)
