from tests.webhooks.receiver import endpoint, receiver  # noqa: F401 - fixtures
