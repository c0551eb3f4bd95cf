"""Refreshes the fa and en catalogs and compiles them (`make messages`).

1. `makemessages` collects every translatable string of the code and templates.
2. Persian translations waiting in `locale/pending/*.json` ({"msgid": "ترجمه"}; a key
   "context\\u0004msgid" for pgettext; a list value for plurals) fill empty or fuzzy
   entries of the fa catalog; a fuzzy guess without one is cleared, never kept.
3. The en catalog's entries are the msgids themselves (the source language).
4. `compilemessages`; then the fa entries still untranslated are listed.

Runs under a lock, so several people can refresh the catalogs at once.
"""

import fcntl
import json
import os
import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "locale"
PY = sys.executable
ENV = {**os.environ, "DEBUG": "true"}


def _pending() -> dict:
    translations = {}
    for path in sorted((LOCALE / "pending").glob("*.json")):
        translations.update(json.loads(path.read_text(encoding="utf-8")))
    return translations


def _key(entry) -> str:
    return f"{entry.msgctxt}\u0004{entry.msgid}" if entry.msgctxt else entry.msgid


def _fill_fa(po, pending) -> None:
    for entry in po:
        if entry.obsolete:
            continue
        value = pending.get(_key(entry))
        if value is not None:
            if entry.msgid_plural:
                values = value if isinstance(value, list) else [value, value]
                entry.msgstr_plural = {0: values[0], 1: values[-1]}
            else:
                entry.msgstr = value
        elif entry.fuzzy:
            entry.msgstr = ""
            entry.msgstr_plural = dict.fromkeys(entry.msgstr_plural, "")
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        entry.previous_msgid = entry.previous_msgid_plural = entry.previous_msgctxt = None


def _fill_en(po) -> None:
    for entry in po:
        if entry.msgid_plural:
            entry.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural}
        else:
            entry.msgstr = entry.msgid
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        entry.previous_msgid = entry.previous_msgid_plural = entry.previous_msgctxt = None


def main() -> int:
    LOCALE.mkdir(exist_ok=True)
    with open(LOCALE / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        subprocess.run(
            [PY, "manage.py", "makemessages", "-l", "fa", "-l", "en", "--no-obsolete", "--no-location",
             "--ignore=.venv", "--ignore=node_modules", "--ignore=static/vendor", "--ignore=staticfiles",
             "--ignore=tests"],
            cwd=ROOT, env=ENV, check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        fa = polib.pofile(str(LOCALE / "fa/LC_MESSAGES/django.po"), wrapwidth=0)
        _fill_fa(fa, _pending())
        fa.save()
        en = polib.pofile(str(LOCALE / "en/LC_MESSAGES/django.po"), wrapwidth=0)
        _fill_en(en)
        en.save()
        subprocess.run(
            [PY, "manage.py", "compilemessages", "--ignore=.venv", "--ignore=node_modules"],
            cwd=ROOT, env=ENV, check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip
    missing = [entry.msgid for entry in fa if not entry.translated() and not entry.obsolete]
    for msgid in missing:
        print(f"untranslated (fa): {msgid!r}")
    print(f"{len(fa) - len(missing)} fa entries translated, {len(missing)} missing")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
