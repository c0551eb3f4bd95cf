"""The channels dashboard's exports: shared writers, no live formulas, numbers as numbers."""

import pytest
from django.urls import reverse

from agencies.models import Agency
from service_channels.models import Channel
from tests.service_channels.conftest import make_report
from tests.spreadsheets import FORMULA, csv_fields, values, xlsx_cells

TABLES = ["channels-ranking", "channels-trend", "channels-by-channel"]


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_no_channel_export_carries_a_live_formula(client, it_office_user, service_a, service_b, agency_a, period, fmt):
    Agency.objects.filter(pk=agency_a.pk).update(name_fa=FORMULA)  # typed by the agency's own staff
    make_report(agency_a, period, {(service_a, Channel.IN_PERSON): 3, (service_a, Channel.ONLINE): 1})
    client.force_login(it_office_user)
    for table in TABLES:
        response = client.get(reverse("channels:dashboard_export", args=[table, fmt]))
        assert response.status_code == 200, table
        rows = xlsx_cells(response.content) if fmt == "xlsx" else csv_fields(response.content.decode())
        if table == "channels-ranking":
            assert "'" + FORMULA in values(rows)
            first = next(row for row in rows[1:] if getattr(row[1], "value", row[1]) == "'" + FORMULA)
            if fmt == "xlsx":
                assert [cell.value for cell in first[3:6]] == [25.0, 1, 4]  # 1 of 4 transactions online
                assert {cell.data_type for cell in first[3:6]} == {"n"}
            else:
                assert first[3:6] == ["25.0", "1", "4"]
