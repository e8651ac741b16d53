"""The API of the stakeholder register: ``stakeholders/``."""


def register(router):
    pass
