"""The API of the engagement plan and log: ``engagement-activities/``, ``engagement-responses/``."""


def register(router):
    pass
