"""Background jobs of meetings and board packs. Celery's autodiscovery reads each app's ``tasks`` module: the
pack tasks live with the packs (``meetings/packs/tasks.py``) and are registered from here."""

from meetings.packs.tasks import *  # noqa: F401,F403
