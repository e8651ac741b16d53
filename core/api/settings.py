"""The API of a partnership's settings changed with a reason (``core.settings_pages``): one object per partnership,
read by every member (GET), changed by those the permission allows (PUT with every field, PATCH with any), each
change with its ``reason``. Refused is a 403 before any validation; bad input a 400 naming the field; either
changes nothing. A subclass names its serializer (with a write-only ``reason``), permission, verb and ``current()``."""

from rest_framework.response import Response
from rest_framework.views import APIView

from core import rules, settings_pages


class SettingsView(APIView):
    serializer_class = None  # drf-spectacular documents every method with it
    permission = ""
    verb = ""

    def current(self):
        raise NotImplementedError

    def get(self, request):
        return Response(self.serializer_class(self.current()).data)

    def put(self, request):
        return self._change(request, partial=False)

    def patch(self, request):
        return self._change(request, partial=True)

    def _change(self, request, partial):
        settings = self.current()
        rules.require(request.user, self.permission, settings, verb=self.verb)
        body = self.serializer_class(settings, data=request.data, partial=partial)
        body.is_valid(raise_exception=True)
        values = dict(body.validated_data)
        reason = values.pop("reason", "")
        changed = settings_pages.change(settings, request.user, self.permission, self.verb, reason, values)
        return Response(self.serializer_class(changed).data)

