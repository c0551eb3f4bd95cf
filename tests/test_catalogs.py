"""Every user-visible string is translated: a string added to a template or to the
code without a Persian translation fails here."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent
CATALOGS = sorted(ROOT.glob("locale/*/LC_MESSAGES/django.po"))

needs_gettext = pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext (msgfmt) is not installed")


def test_both_catalogs_exist():
    assert {path.parts[-3] for path in CATALOGS} == {"fa", "en"}


@needs_gettext
@pytest.mark.parametrize("catalog", CATALOGS, ids=lambda path: path.parts[-3])
def test_msgfmt_reports_nothing_untranslated_or_fuzzy(catalog):
    result = subprocess.run(["msgfmt", "--statistics", "-o", os.devnull, str(catalog)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "untranslated" not in result.stderr and "fuzzy" not in result.stderr, result.stderr


@needs_gettext
def test_every_string_in_the_code_and_templates_is_in_the_persian_catalog(tmp_path):
    """Runs makemessages on a copy of the project and compares with the committed catalog."""
    copy = tmp_path / "project"
    shutil.copytree(
        ROOT,
        copy,
        ignore=shutil.ignore_patterns(
            ".venv", ".git", "node_modules", "media", "staticfiles", "vendor", "backups", "*.pyc", "__pycache__",
            "db.sqlite3", "tests", "docs",
        ),
    )  # fmt: skip
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "fa", "--no-obsolete", "--no-location"],
        cwd=copy, env={**os.environ, "DEBUG": "true"}, check=True, capture_output=True,
    )  # fmt: skip
    fresh = polib.pofile(str(copy / "locale/fa/LC_MESSAGES/django.po"))
    committed = {
        (entry.msgctxt, entry.msgid): entry for entry in polib.pofile(str(ROOT / "locale/fa/LC_MESSAGES/django.po"))
    }
    missing = [
        entry.msgid
        for entry in fresh
        if not (committed.get((entry.msgctxt, entry.msgid)) and committed[(entry.msgctxt, entry.msgid)].translated())
    ]
    assert not missing, f"untranslated strings (run `make messages` and translate): {missing}"
