"""Error shapes of API.md: 400 with field messages, 403 naming the allowed roles, 409 for workflow states.

The API's translation of the domain's errors (``core.exceptions``): services raise those, never DRF's."""

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from rest_framework import exceptions, status
from rest_framework.response import Response

from core import integrity
from core.accounts import audit
from core.exceptions import DomainError, PermissionRefused, WrongState


def _django_validation_detail(exc):
    if hasattr(exc, "error_dict"):
        return {field: [str(m) for m in messages] for field, messages in exc.message_dict.items()}
    return {"non_field_errors": list(exc.messages)}


def _integrity_error(exc, context):
    """400 for a row the database refused after validation passed (a race): the constraint's plain-English message
    (``core.integrity``), never the database's text."""
    queryset = getattr(context.get("view"), "queryset", None)
    message = integrity.explain(exc, getattr(queryset, "model", None)).message
    return Response({"non_field_errors": [message]}, status=status.HTTP_400_BAD_REQUEST)


def exception_handler(exc, context):
    audit.api_refusal(context.get("request"), exc)  # a 403 is recorded in the security audit trail
    if isinstance(exc, DomainError):
        from rest_framework.views import set_rollback

        set_rollback()  # as DRF does for its own errors: nothing the refused request wrote is kept
    if isinstance(exc, PermissionRefused):
        return Response({"detail": exc.message, "allowed_roles": exc.allowed_roles},
                        status=status.HTTP_403_FORBIDDEN)
    if isinstance(exc, WrongState):
        return Response({"detail": exc.message}, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, DomainError):
        return Response({"detail": exc.message}, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, DjangoValidationError):
        return Response(_django_validation_detail(exc), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent)):  # the body, read by request.data
        return Response({"non_field_errors": [f"The request body is refused: {exc}"]},
                        status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, OverflowError):  # an id filter beyond any integer: SQLite cannot bind it (found by fuzzing)
        return Response({"non_field_errors": ["A number in the request is out of range."]},
                        status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, IntegrityError):
        return _integrity_error(exc, context)
    # Imported here: rest_framework.views imports the permission classes, which import this module.
    from rest_framework.views import exception_handler as drf_exception_handler

    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if response.status_code == 400 and isinstance(response.data, list):
        # API.md: a 400 is always an object of fields (DRF's own filters raise a bare list, e.g. a search term
        # with a NUL character on PostgreSQL).
        response.data = {"non_field_errors": [str(item) for item in response.data]}
    if isinstance(exc, exceptions.ParseError):
        response.data = {"non_field_errors": [f"Malformed request body: {exc.detail}"]}
    return response
