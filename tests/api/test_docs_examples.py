"""The worked examples of docs/api.md, run: the Python programs against a running portal
(live_server), the HTTP exchanges replayed in order through the test client, each answer
checked against the one documented (its status, and the values it shows; «…» stands for
anything, $NAME for a value named earlier or captured here)."""

import contextlib
import io
import json
import re
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone

from tests import factories
from tests.api.conftest import make_token

DOC = Path(__file__).resolve().parents[2] / "docs" / "api.md"
FENCE = re.compile(r"```(\w[\w-]*)\n(.*?)```", re.S)


def blocks(kind: str) -> list[str]:
    return [body for language, body in FENCE.findall(DOC.read_text(encoding="utf-8")) if language == kind]


def python_example(name: str) -> str:
    found = [body for body in blocks("python") if body.startswith(f"# example: {name}\n")]
    assert len(found) == 1, name
    return found[0]


def _agency_world():
    province = factories.ProvinceFactory()
    agency = factories.AgencyFactory(province=province)
    it_office = factories.AgencyFactory(province=province, kind="it_office", group="")
    staff = factories.UserFactory(role="agency_staff", agency=agency)
    reviewer = factories.UserFactory(role="it_office_reviewer", agency=it_office)
    assignment = factories.AssignmentFactory(agency=agency, program=factories.ProgramFactory(owner=it_office))
    period = factories.PeriodFactory()
    return staff, reviewer, assignment, period


def _run(code: str, monkeypatch, url: str, token: str) -> str:
    monkeypatch.setenv("PORTAL_URL", url)
    monkeypatch.setenv("PORTAL_TOKEN", token)
    output = io.StringIO()
    with contextlib.redirect_stdout(output):
        exec(compile(code, str(DOC), "exec"), {"__name__": "example"})
    return output.getvalue()


@pytest.mark.django_db(transaction=True)
def test_the_bi_tools_nightly_pull(live_server, monkeypatch):
    staff, reviewer, assignment, period = _agency_world()
    factories.ReportFactory(
        assignment=assignment, period=period, state="submitted", first_submitted_at=timezone.now(), work_done="x"
    )
    output = _run(python_example("bi-nightly"), monkeypatch, live_server.url, make_token(reviewer, scope="read"))
    assert "reporting rate 100.0 progress 0.0" in output
    assert "1 reports changed since" in output


@pytest.mark.django_db(transaction=True)
def test_the_agency_system_submitting_its_report(live_server, monkeypatch):
    staff, reviewer, assignment, period = _agency_world()
    output = _run(python_example("agency-submit"), monkeypatch, live_server.url, make_token(staff))
    assert output.startswith("report ") and output.strip().endswith("is now submitted")


# --- the HTTP exchanges ------------------------------------------------------------------


def _json(text: str):
    """The documented JSON, with $NAME placeholders made strings and «…» kept as a wildcard."""
    return json.loads(re.sub(r'(?<!")\$([A-Z_]+)', r'"$\1"', text))


def _matches(documented, actual, names: dict, where="") -> None:
    if isinstance(documented, str) and documented.startswith("$"):
        name = documented[1:]
        if name in names:
            assert actual == names[name], f"{where}: {actual!r} is not ${name} ({names[name]!r})"
        else:
            names[name] = actual
    elif documented == "…":
        return
    elif isinstance(documented, dict):
        assert isinstance(actual, dict), where
        for key, value in documented.items():
            assert key in actual, f"{where}.{key} missing in {actual}"
            _matches(value, actual[key], names, f"{where}.{key}")
    elif isinstance(documented, list):
        assert isinstance(actual, list) and len(actual) >= len(documented), where
        for index, value in enumerate(documented):
            _matches(value, actual[index], names, f"{where}[{index}]")
    elif isinstance(documented, str) and "…" in documented:
        assert actual.startswith(documented.split("…")[0]), where
    else:
        assert documented == actual, f"{where}: documented {documented!r}, got {actual!r}"


def _request(text: str, names: dict):
    for name, value in names.items():
        text = text.replace(f"${name}", str(value))
    head, _, body = text.partition("\n\n")
    lines = head.strip().split("\n")
    method, path = lines[0].split(" ", 1)
    headers = dict(line.split(": ", 1) for line in lines[1:])
    return method, path, headers, body.strip()


@pytest.mark.django_db
def test_the_documented_exchanges_are_the_answers(db):
    staff, reviewer, assignment, period = _agency_world()
    names = {"TOKEN": make_token(staff), "ASSIGNMENT": assignment.pk, "PERIOD": period.pk}
    exchanges = blocks("http")
    assert len(exchanges) % 2 == 0 and len(exchanges) >= 10
    client = Client()
    for request_text, response_text in zip(exchanges[::2], exchanges[1::2], strict=True):
        method, path, headers, body = _request(request_text, names)
        response = client.generic(
            method, path, body.encode(), content_type=headers.pop("Content-Type", "application/json"),
            headers=headers,
        )  # fmt: skip
        status_line, _, documented = response_text.strip().partition("\n\n")
        assert status_line.startswith(f"HTTP/1.1 {response.status_code} "), (method, path, response.content[:400])
        _matches(_json(documented), response.json(), names, f"{method} {path}")
    assert names["REPORT"] and names["PROGRAM"] == assignment.program_id
