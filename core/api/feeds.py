"""The reporting exchange over HTTP (``core.feeds``): ``/api/v1/feeds/`` lists the feeds (an OData service
document), ``/api/v1/feeds/$metadata`` describes them (OData CSDL), ``/api/v1/feeds/<feed>`` answers a page of
rows as OData JSON: ``{"@odata.context", "value": [...], "@odata.nextLink" | "@odata.deltaLink"}``.

Power BI and Excel read it with "Get data > OData feed" or "From Web". The token goes in the ``Authorization``
header as ``Token <key>`` or ``Bearer <key>``, or as the password of Basic authentication (the user name is ignored):
the credential type Power Query stores for a URL. A partnership that has not turned the exchange on answers 404
with the reason; a query option the feed does not implement (``$filter``, ``$orderby``...) is a 400, never ignored,
so a tool that pushes a filter to the server learns that it must filter itself.
"""

import base64
import binascii
from urllib.parse import urlencode

from django.http import HttpResponse
from django.urls import reverse
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, status
from rest_framework.authentication import SessionAuthentication, get_authorization_header
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from core import feeds, registry
from core.exceptions import Invalid
from core.tenancy import get_current_tenant_id

from .authentication import ApiTokenAuthentication
from .permissions import RaciPermission

PARAMETERS = {"cursor", "since", "page_size", "$select", "$top", "$format", "$skiptoken", "$deltatoken"}
HEADER_HELP = ("Use 'Authorization: Token <key>', 'Bearer <key>', or Basic authentication with the key as the "
               "password.")


class FeedAuthentication(ApiTokenAuthentication):
    """An API token (``core.ApiToken``) as ``Token``, ``Bearer`` or the password of ``Basic``."""

    def key_of(self, request):
        header = get_authorization_header(request).split()
        if not header or header[0].lower() not in (b"token", b"bearer", b"basic"):
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(f"Invalid Authorization header. {HEADER_HELP}")
        try:
            if header[0].lower() != b"basic":
                return header[1].decode()
            _name, colon, key = base64.b64decode(header[1], validate=True).decode().partition(":")
        except (binascii.Error, UnicodeError, ValueError):
            raise exceptions.AuthenticationFailed(f"Invalid Authorization header. {HEADER_HELP}") from None
        if not colon or not key:
            raise exceptions.AuthenticationFailed(f"No key in the Basic credentials. {HEADER_HELP}")
        return key

    def authenticate_header(self, request):
        return 'Basic realm="BCT Portal reporting exchange", charset="UTF-8"'


class FeedAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = FeedAuthentication
    name = "feedAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "header", "name": "Authorization",
                "description": f"An API token (as for the rest of the API). {HEADER_HELP}"}


class ODataJSONRenderer(JSONRenderer):
    media_type = "application/json"
    format = "json"


class FeedBase(APIView):
    authentication_classes = [FeedAuthentication, SessionAuthentication]
    permission_classes = [RaciPermission]
    renderer_classes = [ODataJSONRenderer]

    def perform_content_negotiation(self, request, force=False):
        # OData clients ask for "application/json;odata.metadata=minimal" or, for $metadata, XML: answer anyway.
        return super().perform_content_negotiation(request, force=True)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        feeds.require_turned_on(get_current_tenant_id())

    def handle_exception(self, exc):
        if isinstance(exc, feeds.FeedsTurnedOff):
            return Response({"detail": exc.message}, status=status.HTTP_404_NOT_FOUND)
        return super().handle_exception(exc)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["OData-Version"] = "4.0"
        response["Cache-Control"] = "no-store"
        return response

    def root(self):
        return self.request.build_absolute_uri(reverse("feeds-root"))


class FeedRootView(FeedBase):
    """The feeds this partnership publishes (an OData service document): the URL to give Power BI or Excel."""

    @extend_schema(operation_id="feeds_list", responses=OpenApiTypes.OBJECT)
    def get(self, request):
        return Response({
            "@odata.context": f"{self.root()}$metadata",
            "value": [{"name": feed.key, "kind": "EntitySet", "url": feed.key, "title": feed.title}
                      for feed in registry.feeds()],
        })


class FeedMetadataView(FeedBase):
    """The feeds' columns and their types (OData CSDL, XML)."""

    # Left out of the OpenAPI schema: an OData document (described in docs/connecting_bi.md), at a path with "$".
    @extend_schema(exclude=True)
    def get(self, request):
        return HttpResponse(feeds.metadata(), content_type="application/xml; charset=utf-8")


def _whole_number(params, name, most=None):
    text = params.get(name)
    if text in (None, ""):
        return None
    try:
        number = int(text)
    except ValueError:
        number = 0
    if number < 1 or (most is not None and number > most):
        limit = f" to {most:,}" if most else ""
        raise Invalid({name: [f"{name} must be a whole number from 1{limit}, not {text!r}."]})
    return number


def _check(params):
    for name in params:
        if name in PARAMETERS:
            continue
        if name.startswith("$"):
            raise Invalid({name: [f"The feed does not support {name}: load the whole feed (or what changed since "
                                  "your last load, with since) and filter, sort or count in your reporting tool."]})
        raise Invalid({name: [f"{name} is not a parameter of the feed: the parameters are "
                              f"{', '.join(sorted(PARAMETERS))}."]})
    wanted = params.get("$format")
    if wanted and not wanted.lower().startswith(("json", "application/json")):
        raise Invalid({"$format": ["The feed answers JSON only ($format=json)."]})


class FeedView(FeedBase):
    """Every row of a register the user may read, a page at a time; the last page's ``@odata.deltaLink`` loads,
    later, only what changed since (with tombstones for rows deleted or no longer readable)."""

    @extend_schema(operation_id="feeds_read", responses=OpenApiTypes.OBJECT, parameters=[
        OpenApiParameter("since", str, description="The change cursor a previous load's @odata.deltaLink carried."),
        OpenApiParameter("cursor", str, description="The next page (from @odata.nextLink)."),
        OpenApiParameter("page_size", int, description=f"Rows per page, 1 to {feeds.MAX_PAGE_SIZE:,} "
                                                       f"(default {feeds.DEFAULT_PAGE_SIZE:,})."),
        OpenApiParameter("$select", str, description="Comma-separated columns (the key, id, always comes)."),
        OpenApiParameter("$top", int, description="At most this many rows in all (no delta link then)."),
    ])
    def get(self, request, key):
        feed = registry.feed(key)
        if feed is None:
            raise exceptions.NotFound(f"No feed is called {key!r}: the feeds are listed at {self.root()}.")
        params = request.query_params
        _check(params)
        tenant_id = get_current_tenant_id()
        cursor = params.get("cursor") or params.get("$skiptoken")
        if cursor:
            state = feeds.resume(feed, tenant_id, cursor)
        else:
            state = feeds.start(feed, tenant_id, since=params.get("since") or params.get("$deltatoken"),
                                select=params.get("$select") or None,
                                size=_whole_number(params, "page_size", feeds.MAX_PAGE_SIZE) or feeds.DEFAULT_PAGE_SIZE,
                                top=_whole_number(params, "$top"))
        page = feeds.read(feed, request.user, state)
        context = f"{self.root()}$metadata#{feed.key}"
        if page.select:
            context += f"({','.join(page.select)})"
        body = {"@odata.context": context + ("/$delta" if page.delta else ""),
                "value": page.rows + [{"@removed": {"reason": reason}, "id": pk} for pk, reason in page.removed]}
        url = request.build_absolute_uri(reverse("feeds-feed", args=[feed.key]))
        if page.next:
            body["@odata.nextLink"] = f"{url}?{urlencode({'cursor': page.next})}"
        if page.since:
            body["@odata.deltaLink"] = f"{url}?{urlencode({'since': page.since})}"
        return Response(body)
