"""reform_portal/uploads.py: content sniffing, size limit, random stored names, downloads."""

import io
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from reform_portal.uploads import (
    ACCEPT_ATTRIBUTE,
    RandomUploadTo,
    attachment_response,
    clean_original_name,
    validate_upload,
)


def pdf_bytes() -> bytes:
    return (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    )


def image_bytes(fmt: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (2, 2), (200, 30, 30)).save(buffer, format=fmt)
    return buffer.getvalue()


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'wordprocessingml.document.main+xml"/></Types>',
        )
        archive.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships/>')
        archive.writestr("word/document.xml", '<?xml version="1.0"?><w:document/>')
    return buffer.getvalue()


def xlsx_bytes() -> bytes:
    buffer = io.BytesIO()
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "گزارش"
    workbook.save(buffer)
    return buffer.getvalue()


def plain_zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "hello")
    return buffer.getvalue()


EXE = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"
    + b"\x00" * 48
    + b"This program cannot be run in DOS mode"
)
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


@pytest.mark.parametrize(
    ("name", "make", "expected"),
    [
        ("گزارش.pdf", pdf_bytes, "pdf"),
        ("photo.PNG", lambda: image_bytes("PNG"), "png"),
        ("photo.jpg", lambda: image_bytes("JPEG"), "jpg"),
        ("photo.jpeg", lambda: image_bytes("JPEG"), "jpg"),
        ("letter.docx", docx_bytes, "docx"),
        ("table.xlsx", xlsx_bytes, "xlsx"),
    ],
)
def test_accepts_real_files_of_each_type(name, make, expected):
    assert validate_upload(upload(name, make())) == expected


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("report.pdf", EXE),  # a renamed program
        ("setup.exe", EXE),
        ("report.pdf", HTML),  # a renamed web page
        ("page.html", HTML),
        ("image.png", SVG),
        ("image.png", pdf_bytes()),  # a PDF pretending to be an image
        ("document.pdf", image_bytes("PNG")),  # and the other way round
        ("photo.jpg", image_bytes("PNG")),
        ("table.xlsx", docx_bytes()),  # a Word file named as a spreadsheet
        ("archive.docx", plain_zip_bytes()),  # a zip that is no Office file
        ("report", pdf_bytes()),  # no extension
        ("report.pdf.exe", pdf_bytes()),
        ("notes.txt", b"just text"),
    ],
)
def test_refuses_files_whose_content_or_name_is_not_accepted(name, content):
    with pytest.raises(ValidationError) as excinfo:
        validate_upload(upload(name, content))
    assert excinfo.value.code == "bad_type"


def test_refuses_an_empty_file():
    with pytest.raises(ValidationError) as excinfo:
        validate_upload(upload("empty.pdf", b""))
    assert excinfo.value.code == "empty"


def test_size_limit_comes_from_settings(settings):
    content = pdf_bytes() + b"%" + b" " * 500
    settings.UPLOAD_MAX_BYTES = len(content)
    assert validate_upload(upload("fits.pdf", content)) == "pdf"
    settings.UPLOAD_MAX_BYTES = len(content) - 1
    with pytest.raises(ValidationError) as excinfo:
        validate_upload(upload("big.pdf", content))
    assert excinfo.value.code == "too_large"


def test_messages_name_only_the_base_name():
    with pytest.raises(ValidationError) as excinfo:
        validate_upload(upload("../../secret/page.pdf", HTML))
    message = excinfo.value.messages[0]
    assert "page.pdf" in message and "secret" not in message


def test_validation_leaves_the_file_readable_from_the_start():
    uploaded = upload("table.xlsx", xlsx_bytes())
    validate_upload(uploaded)
    assert uploaded.read(2) == b"PK"


@pytest.mark.parametrize(
    "name",
    [
        "../../etc/passwd.pdf",
        "..\\..\\windows\\system32\\evil.pdf",
        "/etc/passwd.pdf",
        "....//....//etc/passwd.pdf",
        "report.pdf\x00.exe",
        "گزارش فصل اول.pdf",
        "a" * 500 + ".pdf",
    ],
)
def test_stored_path_is_random_and_never_comes_from_the_users_name(name, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    stored_name = RandomUploadTo("evidence")(None, name)
    assert re.fullmatch(r"evidence/\d{4}/[0-9a-f]{32}(\.pdf)?", stored_name), stored_name
    assert ".." not in stored_name and "passwd" not in stored_name and "\\" not in stored_name

    storage = FileSystemStorage(location=tmp_path)
    saved = storage.save(stored_name, io.BytesIO(pdf_bytes()))
    path = Path(storage.path(saved)).resolve()
    assert path.is_relative_to(tmp_path.resolve())
    assert path.read_bytes() == pdf_bytes()


def test_two_uploads_of_the_same_name_get_different_stored_names():
    upload_to = RandomUploadTo("circulars")
    assert upload_to(None, "a.pdf") != upload_to(None, "a.pdf")


def test_unknown_extension_is_dropped_from_the_stored_name():
    assert re.fullmatch(r"evidence/\d{4}/[0-9a-f]{32}", RandomUploadTo("evidence")(None, "x.html"))


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("..\\..\\windows\\evil.pdf", "evil.pdf"),
        ("C:\\Users\\me\\گزارش.docx", "گزارش.docx"),
        ("/", "file"),
        ("   ", "file"),
    ],
)
def test_original_name_keeps_no_folders(name, expected):
    assert clean_original_name(name) == expected


def test_original_name_is_at_most_200_characters_and_keeps_its_extension():
    cleaned = clean_original_name("ب" * 400 + ".xlsx")
    assert len(cleaned) == 200 and cleaned.endswith(".xlsx")


def test_accept_attribute_lists_exactly_the_accepted_types():
    assert set(ACCEPT_ATTRIBUTE.split(",")) == {".pdf", ".jpg", ".jpeg", ".png", ".docx", ".xlsx"}


class _StoredFile:
    """What attachment_response needs of a FieldFile: a name and open()."""

    def __init__(self, storage, name):
        self.storage, self.name = storage, name

    def open(self, mode="rb"):
        return self.storage.open(self.name, mode)


@pytest.fixture
def stored_pdf(tmp_path):
    storage = FileSystemStorage(location=tmp_path)
    name = storage.save(RandomUploadTo("evidence")(None, "x.pdf"), io.BytesIO(pdf_bytes()))
    return _StoredFile(storage, name)


def test_download_is_an_attachment_with_the_original_name(stored_pdf):
    response = attachment_response(stored_pdf, download_name="گزارش فصل اول.pdf")
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=utf-8''" in disposition
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content) == pdf_bytes()
    response.file_to_stream.close()  # (response.close() would send request_finished)


def test_download_name_cannot_inject_headers(stored_pdf):
    response = attachment_response(stored_pdf, download_name='a"\r\nSet-Cookie: sessionid=x.pdf')
    header = response["Content-Disposition"]
    assert "\r" not in header and "\n" not in header
    assert not response.has_header("Set-Cookie") or "sessionid=x" not in response["Set-Cookie"]
    assert header.startswith("attachment;")
    response.file_to_stream.close()  # (response.close() would send request_finished)
