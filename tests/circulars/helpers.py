import datetime
import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from circulars import services

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name="پیوست.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def docx(name="نامه.docx"):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return SimpleUploadedFile(name, buffer.getvalue())


def draft(by, **changes):
    today = timezone.localdate()
    data = {
        "number": "۲۳۱۳۲۷/ت۴۳۹۱۵ک",
        "date": today,
        "subject": "نحوه اجرای برنامه‌های تحول اداری در دستگاه‌های اجرایی",
        "body": "بند اول.\n\nبند دوم.",
        "target_mode": "all",
        "acknowledge_by": today + datetime.timedelta(days=10),
    }
    data.update(changes)
    return services.create_draft(by=by, **data)
