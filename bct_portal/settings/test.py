"""Tests: the embedded default, or PostgreSQL when DATABASE_URL is set (as in CI)."""

from .base import *  # noqa: F401,F403

DEBUG = False
PERMISSIONS_STRICT = True  # an unknown permission name fails the test that asks for it
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Unit tests run tasks eagerly; the Celery integration test starts a real worker against REDIS_URL.
CELERY_TASK_ALWAYS_EAGER = True
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
