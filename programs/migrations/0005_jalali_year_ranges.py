"""Jalali years (a period's fiscal year, an edition's first and last year) must lie in
reform_portal.persian.JALALI_YEAR_MIN…JALALI_YEAR_MAX, so a Gregorian 2026 is refused.
Validators only: nothing changes in the database."""

from django.db import migrations, models

import reform_portal.validators


class Migration(migrations.Migration):
    dependencies = [
        ("programs", "0004_period_covering_indexes"),
    ]

    operations = [
        migrations.AlterField(
            model_name="reportingperiod",
            name="fiscal_year",
            field=models.PositiveSmallIntegerField(
                validators=[reform_portal.validators.validate_jalali_year], verbose_name="Jalali fiscal year"
            ),
        ),
        migrations.AlterField(
            model_name="roadmapedition",
            name="end_year",
            field=models.PositiveSmallIntegerField(
                blank=True,
                null=True,
                validators=[reform_portal.validators.validate_jalali_year],
                verbose_name="last Jalali year",
            ),
        ),
        migrations.AlterField(
            model_name="roadmapedition",
            name="start_year",
            field=models.PositiveSmallIntegerField(
                validators=[reform_portal.validators.validate_jalali_year], verbose_name="first Jalali year"
            ),
        ),
    ]
