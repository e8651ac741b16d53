"""Read configuration from the environment, failing at start with the variable's name.

Every setting the deployment may change is read here once, so a typo in an
environment variable stops the process with a message that says which one,
instead of surfacing later as a confusing runtime error.
"""

import os
from pathlib import Path
from urllib.parse import urlparse

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def get_str(name, default=None):
    value = os.environ.get(name)
    return default if value is None else value.strip()


def get_bool(name, default=False):
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be one of true/false/1/0/yes/no/on/off, not {raw!r}.")


def get_int(name, default):
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from None


def get_list(name, default=()):
    raw = os.environ.get(name)
    if raw is None:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def get_url(name, schemes):
    """A URL whose scheme is one of ``schemes``, or None when the variable is unset or empty."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return None
    parsed = urlparse(raw)
    if parsed.scheme not in schemes:
        allowed = ", ".join(sorted(schemes))
        raise ImproperlyConfigured(f"{name} must be a URL starting with one of {allowed}; got {raw!r}.")
    if parsed.scheme not in {"sqlite"} and not parsed.hostname and not parsed.path:
        raise ImproperlyConfigured(f"{name} has no host: {raw!r}.")
    return raw


def database_config(name, sqlite_path):
    """DATABASES['default'] from ``name`` (PostgreSQL or SQLite URL), or SQLite at ``sqlite_path``."""
    import dj_database_url

    url = get_url(name, {"postgres", "postgresql", "sqlite"})
    if url is None:
        Path(sqlite_path).parent.mkdir(parents=True, exist_ok=True)  # var/ on a fresh clone
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": str(sqlite_path), "OPTIONS": SQLITE_OPTIONS}
    try:
        config = dj_database_url.parse(url, conn_max_age=get_int("DATABASE_CONN_MAX_AGE", 60))
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} could not be read: {exc}") from None
    if config["ENGINE"].endswith("postgresql") and not config.get("NAME"):
        raise ImproperlyConfigured(f"{name} names no database: {url!r}.")
    if config["ENGINE"].endswith("sqlite3"):
        config["OPTIONS"] = {**SQLITE_OPTIONS, **config.get("OPTIONS", {})}
    return config


# SQLite configured for a web server (the embedded default serves a few people at once): every transaction
# takes the write lock when it begins (IMMEDIATE), so two requests never both read and then fail to upgrade to
# writing ("database is locked", which no timeout cures); a writer waits up to 20 s for another instead of
# failing at once; WAL lets pages read while someone writes; NORMAL sync is safe under WAL.
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
}
