"""The API's JSON parser: DRF's, with a body nested too deeply for Python's parser answered as a 400.

``json`` raises ``RecursionError`` for about a thousand nested ``[`` (issue 15, item 4); DRF's parser catches only
``ValueError``, so the request answered 500. Set as the first of ``DEFAULT_PARSER_CLASSES``."""

from rest_framework import parsers
from rest_framework.exceptions import ParseError


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError("JSON parse error - the body is nested too deeply.") from None
