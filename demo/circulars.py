"""Demo circulars: two published (some agencies acknowledged) and one draft.

Idempotent: each circular is found by its number before it is created; rows are
written directly (no email is queued for demo data). Runs after demo.province.seed.
"""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from agencies.models import Agency, LiaisonDeputy, User
from circulars.models import Circular, CircularRead, CircularTarget
from circulars.selectors import resolve_targets
from circulars.services import circular_search_text
from programs.models import Program

CIRCULARS = [
    {
        "number": "۲۳۱۳۲۷/ت۴۳۹۱۵ک",
        "days_ago": 20,
        "deadline_in": 10,
        "subject": "نحوه اجرای برنامه‌های سی‌گانه تحول نظام اداری در دستگاه‌های اجرایی استان",
        "body": (
            "با سلام و احترام،\n"
            "پیرو ابلاغ نقشه راه اصلاح نظام اداری، دستگاه‌های اجرایی استان موظف‌اند برنامه عملیاتی "
            "خود را برای اجرای برنامه‌های سی‌گانه تهیه و گزارش پیشرفت هر سه‌ماهه را در سامانه ثبت کنند.\n\n"
            "دفتر فناوری اطلاعات استانداری بر اجرای هفت برنامه مربوط به دولت الکترونیک، دفاتر پیشخوان "
            "دولت، دفاتر خدمات عمومی و اطلاع‌رسانی نظارت دقیق خواهد داشت.\n\n"
            "خواهشمند است وصول این بخشنامه را در سامانه تأیید فرمایید."
        ),
        "mode": Circular.TargetMode.ALL,
        "group": "",
        "programs": [1, 2, 3, 4],
        "state": Circular.State.PUBLISHED,
        "acknowledge_share": 0.6,
    },
    {
        "number": "۴۵۶۱/ف‌الف/۱۴۰۵",
        "days_ago": 6,
        "deadline_in": 14,
        "subject": "ارسال مشخصات معاون ذیربط و واگذاری خدمات به دفاتر پیشخوان دولت",
        "body": (
            "با سلام،\n"
            "دستگاه‌های گروه تولیدی مشخصات معاون ذیربط خود را ابتدا برای استانداری و سپس برای "
            "دفتر فناوری اطلاعات ارسال کنند.\n\n"
            "فهرست خدماتی که از طریق دفاتر پیشخوان دولت و دفاتر خدمات عمومی قابل ارائه است تا پایان "
            "مهلت تعیین‌شده اعلام شود."
        ),
        "mode": Circular.TargetMode.GROUP,
        "group": Agency.Group.PRODUCTION,
        "programs": [1, 2],
        "state": Circular.State.PUBLISHED,
        "acknowledge_share": 0.3,
    },
    {
        "number": "پیش‌نویس/۱۴۰۵/۷",
        "days_ago": 1,
        "deadline_in": 20,
        "subject": "اطلاع‌رسانی عمومی درباره خدمات الکترونیکی دستگاه‌ها (پیش‌نویس)",
        "body": "متن این بخشنامه در دست تهیه است.",
        "mode": Circular.TargetMode.ALL,
        "group": "",
        "programs": [3],
        "state": Circular.State.DRAFT,
        "acknowledge_share": 0,
    },
]


@transaction.atomic
def seed(*, result=None, today: datetime.date | None = None) -> int:
    """Creates the demo circulars that are missing; returns how many were created."""
    today = today or timezone.localdate()
    it_office_user = User.objects.filter(username="itoffice").first()
    created = 0
    for spec in CIRCULARS:
        if Circular.objects.filter(number=spec["number"]).exists():
            continue
        date = today - datetime.timedelta(days=spec["days_ago"])
        circular = Circular(
            number=spec["number"],
            date=date,
            subject=spec["subject"],
            body=spec["body"],
            target_mode=spec["mode"],
            target_group=spec["group"],
            acknowledge_by=today + datetime.timedelta(days=spec["deadline_in"]),
            state=spec["state"],
            created_by=it_office_user,
            province_id=it_office_user.agency.province_id if it_office_user and it_office_user.agency_id else None,
            created_at=timezone.now() - datetime.timedelta(days=spec["days_ago"]),
        )
        published_at = timezone.make_aware(datetime.datetime.combine(date, datetime.time(9, 30)))
        if spec["state"] == Circular.State.PUBLISHED:
            circular.published_by, circular.published_at = it_office_user, published_at
        circular.search_text = circular_search_text(circular)
        circular.save()
        circular.programs.set(Program.objects.filter(edition__code="roadmap-1404", number__in=spec["programs"]))
        if spec["state"] == Circular.State.PUBLISHED:
            _publish(circular, spec["acknowledge_share"], published_at)
        created += 1
    if result is not None:
        result.add("circulars", created)
    return created


def _publish(circular: Circular, share: float, published_at: datetime.datetime) -> None:
    agencies = list(resolve_targets(circular).order_by("code"))
    confirmed = set(
        LiaisonDeputy.objects.filter(agency__in=agencies, state=LiaisonDeputy.State.CONFIRMED).values_list(
            "agency_id", flat=True
        )
    )
    staff = {user.agency_id: user for user in User.objects.filter(role=User.Role.AGENCY_STAFF).order_by("-pk")}
    rng = random.Random(f"circular:{circular.number}")
    targets, reads = [], []
    for agency in agencies:
        target = CircularTarget(circular=circular, agency=agency, had_confirmed_deputy=agency.pk in confirmed)
        user = staff.get(agency.pk)
        acknowledged = rng.random() < share
        if user is not None and user.username == "staff1":
            acknowledged = circular.target_mode == Circular.TargetMode.ALL  # one acknowledged, one unread
        if acknowledged:
            target.acknowledged_by = user
            target.acknowledged_at = published_at + datetime.timedelta(days=rng.randint(1, 4), hours=rng.randint(0, 6))
            if user is not None:
                reads.append(CircularRead(circular=circular, user=user, first_read_at=target.acknowledged_at))
        targets.append(target)
    CircularTarget.objects.bulk_create(targets)
    CircularRead.objects.bulk_create(reads)
