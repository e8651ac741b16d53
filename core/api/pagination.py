"""The API's list pages (API.md): ``{"count", "count_exact", "next", "previous", "results"}``.

Pages follow each other by cursor (``core.keyset``): ``next`` and ``previous`` carry ``?cursor=``, so the last page of
a large register costs what the first does and rows inserted between two requests are never repeated or skipped.
``?page=N`` still opens the N-th page (by offset: fine near the start, slow deep into a large list) and its links
are cursors. ``count`` is exact up to ``core.keyset.COUNT_CAP`` rows; beyond that it is the cap and ``count_exact``
is false (an exact count costs as much as reading the whole list).
"""

from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from core import keyset
from core.exceptions import Invalid


def _positive(text, name):
    try:
        number = int(text)
    except (TypeError, ValueError):
        number = 0
    if number < 1:
        raise Invalid({name: [f"{name} must be a whole number from 1, not {text!r}."]})
    return number


class PortalPagination(BasePagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500
    cursor_query_param = "cursor"
    page_query_param = "page"

    def get_page_size(self, request):
        text = request.query_params.get(self.page_size_query_param)
        if not text:
            return self.page_size
        return min(_positive(text, "page_size"), self.max_page_size)

    def paginate_queryset(self, queryset, request, view=None, rows=None):
        """One page of ``queryset``; or of ``rows``, the same queryset read another way (``.values()``), counted from
        ``queryset`` so that the count reads no more than the filter needs."""
        self.request = request
        size = self.get_page_size(request)
        cursor = request.query_params.get(self.cursor_query_param) or None
        page = request.query_params.get(self.page_query_param)
        offset = 0 if cursor or not page else (_positive(page, "page") - 1) * size
        self.count, self.count_exact = keyset.capped_count(queryset)
        self.window = keyset.window(queryset if rows is None else rows, size, cursor, offset)
        return self.window.rows

    def _link(self, cursor):
        if cursor is None:
            return None
        url = remove_query_param(self.request.build_absolute_uri(), self.page_query_param)
        return replace_query_param(url, self.cursor_query_param, cursor)

    def get_paginated_response(self, data):
        return Response({
            "count": self.count,
            "count_exact": self.count_exact,
            "next": self._link(self.window.next),
            "previous": self._link(self.window.previous),
            "results": data,
        })

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["count", "count_exact", "results"],
            "properties": {
                "count": {"type": "integer", "example": 123,
                          "description": f"Exact up to {keyset.COUNT_CAP:,} rows; beyond, the cap (see count_exact)."},
                "count_exact": {"type": "boolean", "description": "False when count is the cap, not the total."},
                "next": {"type": "string", "nullable": True, "format": "uri"},
                "previous": {"type": "string", "nullable": True, "format": "uri"},
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        return [
            {"name": self.cursor_query_param, "required": False, "in": "query",
             "description": "The page after (or before) another: take it from a response's next or previous link.",
             "schema": {"type": "string"}},
            {"name": self.page_query_param, "required": False, "in": "query",
             "description": "Open the N-th page directly (by offset; prefer following next for large lists).",
             "schema": {"type": "integer"}},
            {"name": self.page_size_query_param, "required": False, "in": "query",
             "description": f"Rows per page, 1 to {self.max_page_size} (default {self.page_size}).",
             "schema": {"type": "integer"}},
        ]
