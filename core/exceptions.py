"""The domain's refusals. Services raise these and nothing else; they import no web framework.

The API translates them (``core.api.exceptions``): ``PermissionRefused`` → 403 naming the roles that would be
allowed, ``WrongState`` → 409, ``Invalid`` (or Django's ``ValidationError``, of which it is one) → 400 with the
fields named. The browser translates them (``core.views.refuse`` and ``core.views.report``): the 403 page, or a
message on the page the user returns to.
"""

from django.core.exceptions import ValidationError


class DomainError(Exception):
    """Something the domain refuses, with a sentence a user can act on."""

    default_message = "This is not allowed."

    def __init__(self, message=None):
        self.message = str(message or self.default_message)
        super().__init__(self.message)

    def __str__(self):
        return self.message


class PermissionRefused(DomainError):
    """The user's roles (or separation of duties) do not allow this step. ``allowed_roles`` names who may."""

    default_message = "Your roles in this partnership do not allow this."

    def __init__(self, message=None, allowed_roles=()):
        super().__init__(message)
        self.allowed_roles = list(allowed_roles)


class WrongState(DomainError):
    """The item's current state forbids this workflow step."""

    default_message = "This step is not allowed in the item's current state."


class Invalid(ValidationError):
    """Bad input: ``Invalid({"field": ["message"]})`` or ``Invalid("message")``. A Django ``ValidationError``, so
    forms, model ``clean()`` and services speak the same language."""


DOMAIN_ERRORS = (DomainError, ValidationError)


def message_of(exc):
    """One sentence for a user from any domain error."""
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc)
