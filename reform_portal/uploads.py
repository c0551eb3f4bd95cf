"""Uploaded files (report evidence, circular attachments): checked, stored, served.

Every upload goes through `validate_upload`, which looks at the content, not only
the name; files are stored under random names outside `static/` and are served
only by views that have checked the user may see the object (`attachment_response`).
"""

import os
import uuid
import zipfile

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

from reform_portal.persian import format_file_size

# extension -> MIME type of every type we accept
ALLOWED_TYPES = {
    "pdf": "application/pdf",
    "jpg": "image/jpeg",
    "png": "image/png",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
_NAME_EXTENSIONS = {"pdf": "pdf", "jpg": "jpg", "jpeg": "jpg", "png": "png", "docx": "docx", "xlsx": "xlsx"}
ACCEPT_ATTRIBUTE = ".pdf,.jpg,.jpeg,.png,.docx,.xlsx"


def _sniff(uploaded) -> str | None:
    """The real type of the content as one of ALLOWED_TYPES' keys, or None."""
    uploaded.seek(0)
    head = uploaded.read(8192)
    uploaded.seek(0)
    kind = filetype.guess(head)
    if kind is None:
        return None
    if kind.extension in ("pdf", "png"):
        return kind.extension
    if kind.extension == "jpg":
        return "jpg"
    if kind.extension in ("zip", "docx", "xlsx"):
        try:
            with zipfile.ZipFile(uploaded) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError):
            return None
        finally:
            uploaded.seek(0)
        if "[Content_Types].xml" not in names:
            return None
        if any(name.startswith("word/") for name in names):
            return "docx"
        if any(name.startswith("xl/") for name in names):
            return "xlsx"
    return None


def validate_upload(uploaded) -> str:
    """Returns the file's canonical extension; raises ValidationError in Persian/English.

    Refuses files over settings.UPLOAD_MAX_BYTES, files whose content is not one of
    the allowed types, and files whose name claims another type than their content.
    """
    if uploaded.size > settings.UPLOAD_MAX_BYTES:
        raise ValidationError(
            _("“%(name)s” is %(size)s; files may be at most %(limit)s."),
            code="too_large",
            params={
                "name": os.path.basename(uploaded.name),
                "size": format_file_size(uploaded.size),
                "limit": format_file_size(settings.UPLOAD_MAX_BYTES),
            },
        )
    if uploaded.size == 0:
        raise ValidationError(_("“%(name)s” is empty."), code="empty", params={"name": os.path.basename(uploaded.name)})
    claimed = _NAME_EXTENSIONS.get(os.path.splitext(uploaded.name)[1].lower().lstrip("."))
    actual = _sniff(uploaded)
    if actual is None or claimed != actual:
        raise ValidationError(
            _("“%(name)s” is not an accepted file. Accepted types: PDF, JPEG, PNG, DOCX and XLSX."),
            code="bad_type",
            params={"name": os.path.basename(uploaded.name)},
        )
    return actual


def clean_original_name(name: str) -> str:
    """The name shown and offered on download: no folders, at most 200 characters."""
    base = os.path.basename(name.replace("\\", "/")).strip() or "file"
    stem, ext = os.path.splitext(base)
    return stem[: 200 - len(ext)] + ext


@deconstructible
class RandomUploadTo:
    """An `upload_to` storing files as <folder>/<yyyy>/<random hex>.<ext>; the
    user's file name is kept in the model, never in the path."""

    def __init__(self, folder: str):
        self.folder = folder

    def __call__(self, instance, filename: str) -> str:
        ext = os.path.splitext(filename)[1].lower()
        ext = "." + _NAME_EXTENSIONS[ext.lstrip(".")] if ext.lstrip(".") in _NAME_EXTENSIONS else ""
        return f"{self.folder}/{timezone.now():%Y}/{uuid.uuid4().hex}{ext}"

    def __eq__(self, other):
        return isinstance(other, RandomUploadTo) and other.folder == self.folder


def attachment_response(fieldfile, *, download_name: str, content_type: str | None = None) -> FileResponse:
    """Serves a stored file as a download. Call only after a permission check."""
    ext = os.path.splitext(fieldfile.name)[1].lower().lstrip(".")
    response = FileResponse(
        fieldfile.open("rb"),
        as_attachment=True,
        filename=download_name,
        content_type=content_type or ALLOWED_TYPES.get(_NAME_EXTENSIONS.get(ext, ""), "application/octet-stream"),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
