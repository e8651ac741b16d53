"""The API of service changes and consultation: ``service-changes/``."""


def register(router):
    pass
