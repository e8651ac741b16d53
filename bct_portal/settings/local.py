"""Development: the embedded default (SQLite under var/, tasks in-process) unless the environment says otherwise."""

from bct_portal import env

from .base import *  # noqa: F401,F403

DEBUG = env.get_bool("DEBUG", True)
PERMISSIONS_STRICT = env.get_bool("PERMISSIONS_STRICT", DEBUG)
