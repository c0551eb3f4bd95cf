import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _check(**env):
    clean = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG")}
    return subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env={**clean, **env}, capture_output=True, text=True
    )


def test_refuses_to_start_without_secret_key_when_debug_is_off():
    result = _check(DEBUG="false")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_development_default_only_with_debug_on():
    assert _check(DEBUG="true").returncode == 0
    assert _check(DEBUG="false", SECRET_KEY="x" * 50).returncode == 0


def test_defaults(settings):
    assert settings.LANGUAGE_CODE == "fa"
    assert [code for code, _ in settings.LANGUAGES] == ["fa", "en"]
    assert settings.TIME_ZONE == "Asia/Tehran"
    assert settings.USE_TZ is True
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True
    assert "django.middleware.locale.LocaleMiddleware" in settings.MIDDLEWARE
