"""Every app's API lists download as .xlsx or CSV with ``?format=xlsx|csv``, their filters applied."""

from django.core.exceptions import ValidationError
from rest_framework.renderers import JSONRenderer

from core.exports import describe_filters, export_response, wants_export


class ExportMixin:
    """``?format=xlsx|csv`` on a list downloads it (DRF would otherwise look for a renderer of that name). The view
    names ``export_slug``, ``export_title`` and ``export_columns`` (``core.exports.Column``); an invalid filter is a
    domain error, which the API's exception handler answers with a 400."""

    export_slug = export_title = ""
    export_columns = ()

    def perform_content_negotiation(self, request, force=False):
        if wants_export(request):
            return JSONRenderer(), "application/json"
        return super().perform_content_negotiation(request, force)

    def list(self, request, *args, **kwargs):
        if wants_export(request):
            filterset = self.filterset_class(request.query_params, queryset=self.get_queryset(), request=request)
            if not filterset.is_valid():
                raise ValidationError(filterset.errors)
            return export_response(request, self.export_slug, self.export_title, self.export_columns, filterset.qs,
                                   describe_filters(filterset))
        return super().list(request, *args, **kwargs)
