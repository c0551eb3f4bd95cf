"""Persian helpers in one place: digits, text normalisation and Jalali dates.

Template filters, form fields, validators and services call these; each has unit
tests in tests/test_persian.py.
"""

import datetime
import re
from decimal import ROUND_HALF_UP, Decimal

import jdatetime
from django.utils import timezone
from django.utils.translation import get_language, gettext, gettext_lazy, ngettext

PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
ARABIC_INDIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
LATIN_DIGITS = "0123456789"

_TO_LATIN = str.maketrans(PERSIAN_DIGITS + ARABIC_INDIC_DIGITS, LATIN_DIGITS * 2)
_TO_PERSIAN = str.maketrans(LATIN_DIGITS + ARABIC_INDIC_DIGITS, PERSIAN_DIGITS * 2)
_ARABIC_LETTERS = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "ە": "ه", "ۀ": "هٔ"})

ZWNJ = "\u200c"
PERSIAN_MONTHS = (
    "فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور",
    "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند",
)  # fmt: skip
JALALI_MONTHS_EN = (
    "Farvardin", "Ordibehesht", "Khordad", "Tir", "Mordad", "Shahrivar",
    "Mehr", "Aban", "Azar", "Dey", "Bahman", "Esfand",
)  # fmt: skip
_DUE_TODAY = gettext_lazy("due today")
_DATE_RE = re.compile(r"^\s*(\d{4})\s*[/\-.]\s*(\d{1,2})\s*[/\-.]\s*(\d{1,2})\s*$")

#: The Jalali years a typed date or year may fall in. Every date the portal deals with
#: (reform programs since 1381, circulars, periods) is inside; a Gregorian year typed by
#: mistake (2026-03-21 read as Jalali is Gregorian 2647) is not.
JALALI_YEAR_MIN = 1300
JALALI_YEAR_MAX = 1500
#: Gregorian years that a mistyped date plausibly has; such a date gets a message naming its Jalali day.
_GREGORIAN_GUESS = range(1900, 2201)


def to_latin_digits(value: str) -> str:
    """Persian and Arabic-Indic digits become Latin; everything else is kept."""
    return str(value).translate(_TO_LATIN)


def to_persian_digits(value) -> str:
    return str(value).translate(_TO_PERSIAN)


def is_persian_active() -> bool:
    return (get_language() or "fa").split("-")[0] == "fa"


def localize_digits(value) -> str:
    """Digits in the active language's script (Persian digits in fa)."""
    text = str(value)
    return to_persian_digits(text) if is_persian_active() else to_latin_digits(text)


def localize_number(value) -> str:
    """A number in the active language: Persian digits and the Persian decimal mark «٫» in fa
    («۱۳٫۵»), Latin digits and "." in en."""
    text = str(value)
    if is_persian_active():
        return to_persian_digits(text).replace(".", "٫")
    return to_latin_digits(text)


_KB = 1024


def format_file_size(size) -> str:
    """«۱۳٫۰ کیلوبایت» / "13.0 KB": the number first, then its unit, in the active language."""
    if size is None:
        return ""
    size = int(size)
    if size < _KB:
        return ngettext("%(size)s byte", "%(size)s bytes", size) % {"size": localize_number(size)}
    if size < _KB * _KB:
        return gettext("%(size)s KB") % {"size": localize_number(f"{size / _KB:.1f}")}
    return gettext("%(size)s MB") % {"size": localize_number(f"{size / (_KB * _KB):.1f}")}


def normalize_persian_text(value: str) -> str:
    """Arabic ي ى ك become Persian ی ک; repeated spaces fold; ends are trimmed.

    Stored names and titles go through this, so the same word is stored one way.
    """
    if value is None:
        return value
    text = str(value).translate(_ARABIC_LETTERS)
    text = re.sub(r"[ \t]+", " ", text)
    return text.strip()


def format_percent(value, *, decimals: int = 0) -> str:
    """«۶۵٪» in fa, "65%" in en; an empty string for None."""
    if value is None:
        return ""
    number = f"{float(value):.{decimals}f}"
    if is_persian_active():
        return to_persian_digits(number).replace(".", "٫") + "٪"
    return f"{number}%"


def format_number(value, *, places: int | None = None) -> str:
    """A number without trailing zeros («۱۲٫۵» in fa, "12.5" in en), rounded half up to
    `places` decimals when given; an empty string for None."""
    if value is None:
        return ""
    number = Decimal(str(value))
    if places is not None:
        number = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    text = format(number, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text in ("-0", ""):
        text = "0"
    if is_persian_active():
        return to_persian_digits(text).replace(".", "٫")
    return text


def jalali_month_name(month: int) -> str:
    return PERSIAN_MONTHS[month - 1] if is_persian_active() else JALALI_MONTHS_EN[month - 1]


def to_jalali(value) -> jdatetime.date | jdatetime.datetime | None:
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return jdatetime.datetime.fromgregorian(datetime=value)
    return jdatetime.date.fromgregorian(date=value)


def format_jalali_date(value, *, long: bool = False) -> str:
    """«۱۴۰۵/۰۱/۱۵» (or «۱۵ فروردین ۱۴۰۵» with long=True) in fa; Latin digits in en."""
    jalali = to_jalali(value)
    if jalali is None:
        return ""
    if long:
        text = f"{jalali.day} {jalali_month_name(jalali.month)} {jalali.year}"
    else:
        text = f"{jalali.year:04d}/{jalali.month:02d}/{jalali.day:02d}"
    return localize_digits(text)


def format_jalali_datetime(value) -> str:
    """«۱۴۰۵/۰۱/۱۵ ۱۴:۰۵» in the portal's time zone."""
    jalali = to_jalali(value)
    if jalali is None:
        return ""
    if not isinstance(jalali, jdatetime.datetime):
        return format_jalali_date(value)
    text = f"{jalali.year:04d}/{jalali.month:02d}/{jalali.day:02d} {jalali.hour:02d}:{jalali.minute:02d}"
    return localize_digits(text)


class JalaliYearError(ValueError):
    """A well-formed date or year outside JALALI_YEAR_MIN…JALALI_YEAR_MAX. ``str()`` is the
    message for the person who typed it, in the active language."""


def _range() -> dict:
    return {"min": localize_digits(JALALI_YEAR_MIN), "max": localize_digits(JALALI_YEAR_MAX)}


def _in_range(year: int) -> bool:
    return JALALI_YEAR_MIN <= year <= JALALI_YEAR_MAX


def check_jalali_year(year: int) -> None:
    """Raises JalaliYearError unless ``year`` is a plausible Jalali year (a fiscal year, say)."""
    if _in_range(year):
        return
    if year in _GREGORIAN_GUESS:
        starting = jdatetime.date.fromgregorian(date=datetime.date(year, 12, 31)).year
        raise JalaliYearError(
            gettext("%(year)s looks like a Gregorian year: the Jalali year that starts in it is %(jalali)s.")
            % {"year": localize_digits(year), "jalali": localize_digits(starting)}
        )
    raise JalaliYearError(
        gettext("The year %(year)s is outside the Jalali years %(min)s–%(max)s.")
        % {"year": localize_digits(year), **_range()}
    )


def _check_typed_year(typed: str, year: int, month: int, day: int) -> None:
    if _in_range(year):
        return
    try:
        gregorian = datetime.date(year, month, day) if year in _GREGORIAN_GUESS else None
    except ValueError:
        gregorian = None
    if gregorian is not None:
        raise JalaliYearError(
            gettext("“%(typed)s” looks like a Gregorian date: enter it in the Jalali calendar, here %(jalali)s.")
            % {"typed": localize_digits(typed.strip()), "jalali": format_jalali_date(gregorian)}
        )
    raise JalaliYearError(
        gettext("The year %(year)s is outside the Jalali years %(min)s–%(max)s; enter a date such as 1405/01/15.")
        % {"year": localize_digits(year), **_range()}
    )


def parse_jalali_date(value: str) -> datetime.date:
    """Reads «۱۴۰۵/۰۱/۱۵», «1405/1/15» or «۱۴۰۵-۱-۱۵» as a Gregorian date.

    Raises ValueError for anything that is not a real Jalali day (e.g. 1404/12/30,
    since 1404 is not a leap year), and its subclass JalaliYearError, with a message
    for the user, for a year outside JALALI_YEAR_MIN…JALALI_YEAR_MAX: «2026-03-21» is
    refused as Gregorian-looking, never stored as the Jalali year 2026 (Gregorian 2647).
    """
    match = _DATE_RE.match(to_latin_digits(value or ""))
    if not match:
        raise ValueError("not a Jalali date in the form YYYY/MM/DD")
    year, month, day = (int(part) for part in match.groups())
    _check_typed_year(value, year, month, day)
    return jdatetime.date(year, month, day).togregorian()


def check_date_in_jalali_range(value: datetime.date) -> None:
    """Raises JalaliYearError unless a date handed over as a date (a spreadsheet's date
    cell) falls in the accepted Jalali years. A cell holding the Gregorian year 1405 is
    most likely a Jalali date that the spreadsheet took for a Gregorian one."""
    if value.year in _GREGORIAN_GUESS and _in_range(to_jalali(value).year):
        return
    if _in_range(value.year):
        raise JalaliYearError(
            gettext(
                "The spreadsheet holds this date as the Gregorian %(value)s; if the Jalali %(jalali)s is meant, "
                "format the cell as text and type the date again."
            )
            % {
                "value": localize_digits(value.isoformat()),
                "jalali": localize_digits(f"{value.year:04d}/{value.month:02d}/{value.day:02d}"),
            }
        )
    raise JalaliYearError(
        gettext("The date %(value)s is outside the Jalali years %(min)s–%(max)s.")
        % {"value": localize_digits(value.isoformat()), **_range()}
    )


def jalali_year_start(year: int) -> datetime.date:
    """1 Farvardin of a Jalali year, the first day of the fiscal year."""
    return jdatetime.date(year, 1, 1).togregorian()


def jalali_month_bounds(year: int, month: int) -> tuple[datetime.date, datetime.date]:
    first = jdatetime.date(year, month, 1)
    next_first = jdatetime.date(year + 1, 1, 1) if month == 12 else jdatetime.date(year, month + 1, 1)
    return first.togregorian(), next_first.togregorian() - datetime.timedelta(days=1)


def jalali_today() -> jdatetime.date:
    return jdatetime.date.fromgregorian(date=timezone.localdate())


_SEARCH_LETTERS = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "ة": "ه", "أ": "ا", "إ": "ا"})
# harakat U+064B–U+065F, superscript alef U+0670, tatweel U+0640, ZWNJ/ZWJ U+200C–U+200D,
# the directional marks LRM/RLM U+200E–U+200F, every kind of whitespace, and control
# characters (PostgreSQL refuses a NUL in a query)
_SEARCH_DROP = re.compile(r"[\u064b-\u065f\u0670\u0640\u200c-\u200f\s\x00-\x1f\x7f]+")


def search_key(text: str) -> str:
    """The form in which text is stored for search and in which queries are matched.

    «دستگاه‌های»، «دستگاههای» and «دستگاه های» share one key, as do «كرمان» and «کرمان»:
    Arabic letters become Persian, diacritics, tatweel, ZWNJ and whitespace go, Latin
    letters are lowercased and every digit becomes Latin.
    """
    if not text:
        return ""
    key = to_latin_digits(str(text)).translate(_SEARCH_LETTERS)
    return _SEARCH_DROP.sub("", key).lower()


def format_days_left(due: datetime.date, today: datetime.date | None = None) -> str:
    """«۵ روز مانده», «امروز», «۳ روز گذشته» — how far a due date is from today."""
    days = (due - (today or timezone.localdate())).days
    if days == 0:
        return str(_DUE_TODAY)
    if days > 0:
        text = ngettext("%(days)s day left", "%(days)s days left", days) % {"days": days}
    else:
        text = ngettext("%(days)s day overdue", "%(days)s days overdue", -days) % {"days": -days}
    return localize_digits(text)


def format_signed(value) -> str:
    """«+۵» / «−۳» / «۰»: a change, with its sign, in the active language's digits."""
    if value is None:
        return ""
    number = int(value)
    sign = "+" if number > 0 else "−" if number < 0 else ""
    return "\u2066" + sign + localize_digits(abs(number)) + "\u2069"
