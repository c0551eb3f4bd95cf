import pytest


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    """Many logins here: a fast hasher keeps the run short (production keeps PBKDF2)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
