"""Tests: embedded defaults like dev, fast password hashing, in-memory email."""

from .base import *  # noqa: F401,F403
from .base import BASE_DIR, env

DEBUG = False
SECRET_KEY = env("SECRET_KEY", default="test-only-insecure-key")
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PRIVATE_MEDIA_ROOT = BASE_DIR / "var" / "test-private"
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.InMemoryStorage",
    },
    "private": {
        "BACKEND": "django.core.files.storage.InMemoryStorage",
    },
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
    },
}
# The second login step is tested where it is the subject (tests/duoplus/test_security.py,
# with the production default); elsewhere tests log people in directly.
TWO_FACTOR_REQUIRED_ROLES = env.list("TWO_FACTOR_REQUIRED_ROLES", default=[])
# The search index is rebuilt on save where a test is about it (marker search_index:
# tests/conftest.py); elsewhere a rebuild after every save of every test would cost minutes.
SEARCH_INDEX_ON_SAVE = False
