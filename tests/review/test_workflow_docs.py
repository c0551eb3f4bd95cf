"""docs/workflows.md is the review engine's tables, rendered: it cannot drift from the code."""

from pathlib import Path

from django.conf import settings

from reform_portal.review.docs import render


def test_docs_workflows_md_renders_the_tables():
    written = (Path(settings.BASE_DIR) / "docs" / "workflows.md").read_text(encoding="utf-8")
    assert written == render(), "docs/workflows.md differs from the tables: run `python manage.py workflows_doc`"
