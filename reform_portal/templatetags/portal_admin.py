"""The admin's history pages, readable: each change of an audited object (django-auditlog) shown
with the field's name, the labels of coded values, Jalali dates in the portal's time zone,
the names of related records instead of their ids, and «—» for nothing."""

import re

from django import template
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeData, mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reform_portal import persian

register = template.Library()

EMPTY = "—"
M2M_OPERATIONS = {"add": gettext_lazy("added"), "delete": gettext_lazy("removed")}


def _value(field, value) -> str:
    """One stored value (auditlog keeps them as text) as the person reading the history knows it."""
    if value in (None, "None", ""):
        return EMPTY
    if field is None:
        return persian.localize_digits(value)
    choices = dict(field.flatchoices) if getattr(field, "choices", None) else None
    if choices:
        return str(choices.get(value, choices.get(str(value), value)))
    if isinstance(field, models.ForeignKey):
        related = field.related_model._default_manager.filter(pk=value).first()
        return str(related) if related is not None else persian.localize_digits(value)
    if isinstance(field, models.DateTimeField):
        parsed = parse_datetime(str(value).replace(" ", "T", 1))
        return persian.format_jalali_datetime(parsed) if parsed else persian.localize_digits(value)
    if isinstance(field, models.DateField):
        parsed = parse_date(str(value)[:10])
        return persian.format_jalali_date(parsed) if parsed else persian.localize_digits(value)
    if isinstance(field, models.BooleanField):
        return _("Yes") if str(value) in ("True", "true", "1") else _("No")
    return persian.localize_digits(value)


def _field(model, name):
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


@register.filter
def portal_changes(entry) -> str:
    """A log entry's changes as a table: field, before, after (and added or removed related records)."""
    changes = entry.changes_dict or {}
    model = entry.content_type.model_class()
    rows = []
    for name, change in sorted(changes.items()):
        field = _field(model, name) if model is not None else None
        if field is not None and (getattr(field, "primary_key", False) or not (field.concrete or field.many_to_many)):
            continue  # a reverse relation, written down by the audit log as "app.Model.None"
        index = len(rows) + 1
        label = capfirst(field.verbose_name) if field is not None and hasattr(field, "verbose_name") else name
        if isinstance(change, dict) and change.get("type") == "m2m":
            objects = format_html_join(mark_safe("<br>"), "<bdi>{}</bdi>", ((item,) for item in change["objects"]))
            operation = M2M_OPERATIONS.get(change.get("operation"), change.get("operation"))
            rows.append(format_html("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                                    persian.localize_digits(index), label, operation, objects))  # fmt: skip
            continue
        before, after = ("***", "***") if name == "password" else (change + [None, None])[:2]
        rows.append(
            format_html(
                '<tr><td>{}</td><td>{}</td><td dir="auto">{}</td><td dir="auto">{}</td></tr>',
                persian.localize_digits(index),
                label,
                _value(field, before),
                _value(field, after),
            )  # fmt: skip
        )
    if not rows:
        return ""
    header = format_html("<tr><th>#</th><th>{}</th><th>{}</th><th>{}</th></tr>", _("Field"), _("From"), _("To"))
    # every part is built with format_html above
    return persian_html(mark_safe(f'<div class="changes-scroll"><table>{header}{"".join(rows)}</table></div>'))


@register.simple_tag
def localized_paginator_number(cl, i):
    """The admin's page link (django.contrib.admin's paginator_number) with its number in the
    active language's digits."""
    from django.contrib.admin.templatetags.admin_list import paginator_number

    return persian_html(paginator_number(cl, i))


_TAGS = re.compile(r"(<[^>]*>)")
_LATIN_TOKEN = re.compile(r"&#?\w+;|[A-Za-z][A-Za-z0-9_@.:/+\-]*(?: [A-Za-z][A-Za-z0-9_@.:/+\-]*)*|[0-9]+")


def persian_html(html) -> str:
    """HTML (escaped, safe) as the Persian admin should show it: in the text between tags, words in
    Latin letters (codes, usernames, e-mail addresses, English names) isolated in <bdi dir="ltr">,
    and the remaining digits in Persian. Tags and character references are left as they are.
    In English, the HTML is unchanged."""
    if not persian.is_persian_active():
        return html

    def token(match: re.Match) -> str:
        text = match.group(0)
        if text.startswith("&"):
            return text
        if text[0].isdigit():
            return persian.to_persian_digits(text)
        return f'<bdi dir="ltr">{text}</bdi>'

    parts = _TAGS.split(str(html))
    return mark_safe("".join(part if part.startswith("<") else _LATIN_TOKEN.sub(token, part) for part in parts))


@register.filter
def persian_cell(html) -> str:
    """A change list cell (already escaped by the admin) through persian_html."""
    return persian_html(html)


@register.filter
def persian_text(value) -> str:
    """Text (an object's name) escaped unless it is safe HTML already, then through persian_html."""
    return persian_html(value if isinstance(value, SafeData) else escape(str(value)))
