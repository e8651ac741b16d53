"""Error pages that answer JSON under ``/api/`` (API.md's shapes) and the portal's HTML pages elsewhere.

The composition root names them as ``handler400``, ``handler403``, ``handler404`` and ``handler500``. Django calls
them for what never reaches DRF's exception handler: an unexpected exception (500), an oversized body or too many
fields rejected in a middleware (``RequestDataTooBig``, a ``SuspiciousOperation``: 400), an unknown API path (404).
"""

from django.http import JsonResponse
from django.views import defaults

API_PREFIX = "/api/"
MESSAGES = {
    400: "The request could not be read (too large, too many fields, or malformed).",
    403: "You do not have permission to perform this action.",
    404: "Not found.",
    500: "The server failed to answer this request. It has been logged; try again later.",
}


def _is_api(request):
    return request.path.startswith(API_PREFIX)


def _json(status):
    return JsonResponse({"detail": MESSAGES[status]}, status=status)


def bad_request(request, exception, template_name=defaults.ERROR_400_TEMPLATE_NAME):
    if _is_api(request):
        return JsonResponse({"non_field_errors": [MESSAGES[400]]}, status=400)
    return defaults.bad_request(request, exception, template_name)


def permission_denied(request, exception, template_name=defaults.ERROR_403_TEMPLATE_NAME):
    return _json(403) if _is_api(request) else defaults.permission_denied(request, exception, template_name)


def page_not_found(request, exception, template_name=defaults.ERROR_404_TEMPLATE_NAME):
    return _json(404) if _is_api(request) else defaults.page_not_found(request, exception, template_name)


def server_error(request, template_name=defaults.ERROR_500_TEMPLATE_NAME):
    return _json(500) if _is_api(request) else defaults.server_error(request, template_name)
