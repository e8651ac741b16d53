"""Isolation proved by walking EVERY URL pattern (browser and API), found from the URL resolver, so a route
added later is walked without editing this file.

1. Another partnership's data: every persona walks every route with the ids of the *other* partnership's
   objects (the model behind ``<pk>`` resolved from the view: a DRF queryset, a class-based view's model, or
   the route's words, core.accounts.audit.model_for_route; an unresolved route is tried with every model of its
   app). Each of those objects' text fields carries a canary; no response may contain the other partnership's
   canary, no GET of another partnership's object may answer 2xx, and no write may answer 2xx or redirect.
2. Unexpected allows inside the partnership: for every API ``PATCH`` detail route and every browser edit page,
   a 2xx must mean ``user.has_perm`` allows the change; a partner viewer, who holds no RACI letter, gets no
   2xx or redirect from any write at all except the few in ``OPEN_TO_EVERY_MEMBER``.
3. Anonymous: nothing but the public pages answers without a login.
"""

import re
from functools import cache

import pytest
from django.apps import apps
from django.db import connection, models, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.test import APIClient

from core.accounts.audit import model_for_route
from core.models import ApiToken, Partnership, TenantModel, User
from core.tenancy import tenant_context

pytestmark = pytest.mark.django_db

LLR_PERSONAS = ["pmo.llr", "director.llr", "sro.llr", "delivery.llr", "partnership.llr", "ig.llr",
                "sro.urgentcare.llr", "lead.urgentcare.llr", "pm.poa.llr", "viewer.uhl.llr"]
NORTH_PERSONAS = ["pmo.north", "viewer.north"]
CANARY = {"llr": "CANARYLLR", "northshire": "CANARYNORTH"}
# Values for the URL parameters that are not an object's id.
SAMPLE_VALUES = {"level": "delivery_board", "name": "submit", "number": "1", "period": "2017-04-01"}
TEXT_FIELDS = ("title", "name", "description", "summary", "subject", "body", "purpose", "reason")

# Routes not walked, and why.
SKIPPED_PREFIXES = {
    "admin/": "Django admin: superusers only, scoped to the acting partnership (tests/programme/test_admin.py)",
    "^assets/": "a redirect to the NHS.UK frontend's static icons",
    "accounts/logout/": "ends the walking session",
}
# Writes that any signed-in member may make, because they concern only themselves or are open to every
# member by the PID: what a partner viewer (no RACI letter) may still do.
OPEN_TO_EVERY_MEMBER = {
    "accounts/partnership/": "choose the partnership to act in (only their own memberships are accepted)",
    "accounts/two-factor/": "their own second factor",
    "accounts/two-factor/verify/": "their own second factor",
    "accounts/tokens/": "their own API tokens",
    "accounts/tokens/<int:pk>/revoke/": "their own API tokens",
    "accounts/calendar/": "their own calendar subscription link",
    "programme/inbox/read/": "their own notifications",
    "programme/inbox/<int:pk>/read/": "their own notifications",
    "programme/inbox/preferences/": "their own email preference",
    "api/v1/^notifications/read-all/$": "their own notifications",
    "api/v1/^notifications/(?P<pk>[^/.]+)/read/$": "their own notifications",
    "changes/new/": "anyone with an interest may raise a change request (PID s4.7)",
    "api/v1/^change-requests/$": "anyone with an interest may raise a change request (PID s4.7)",
    "accounts/login/": "logging in",
}
SUCCESS_REDIRECT_EXEMPT = ("/accounts/login/", "/accounts/partnership/", "/accounts/two-factor/")


# The routes ---------------------------------------------------------------------------------------------------


def _walk(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.callback


@cache
def routes():
    """[(route, callback, api?, methods)] for every route but format-suffix duplicates and SKIPPED_PREFIXES."""
    found = []
    for route, callback in _walk(get_resolver().url_patterns):
        if "format" in route or route.startswith(tuple(SKIPPED_PREFIXES)):
            continue
        actions = getattr(callback, "actions", None)
        is_api = route.startswith("api/")
        if actions:
            methods = sorted(set(actions) - {"head", "options"})  # HEAD answers like GET; OPTIONS describes
        else:
            methods = ["get", "post"]
        found.append((route, callback, is_api, tuple(methods)))
    return found


def parameters(route):
    return re.findall(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>", route)


def build(route, values):
    url = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: str(values[m.group(1)]), route)
    url = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values[m.group(1)]), url)
    return "/" + url.replace("^", "").replace("$", "").replace("\\", "")


def tenant_models(app_label=None):
    return [m for m in apps.get_models() if issubclass(m, TenantModel) and not m._meta.abstract
            and (app_label is None or m._meta.app_label == app_label)]


def candidate_models(route, callback):
    model = model_for_route(route, callback)
    if model is not None:
        return [model]
    return tenant_models((getattr(callback, "__module__", "") or "").split(".")[0])


def first_id(model, tenant):
    return model.all_tenants.filter(tenant=tenant).order_by("pk").values_list("pk", flat=True).first()


def targets(route, callback, tenant):
    """The URLs of ``route`` naming ``tenant``'s objects (or the route itself when it takes no id)."""
    names = [a or b for a, b in parameters(route)]
    if "pk" not in names:
        return [build(route, {**SAMPLE_VALUES, **{n: SAMPLE_VALUES.get(n, "1") for n in names}})]
    urls = []
    for model in candidate_models(route, callback):
        pk = first_id(model, tenant)
        if pk is not None:
            urls.append(build(route, {**{n: SAMPLE_VALUES.get(n, "1") for n in names}, "pk": pk}))
    return urls


# Canaries and clients --------------------------------------------------------------------------------------


def plant_canaries(tenant):
    """Write the tenant's canary into every text field of the first row of every tenant model."""
    canary = CANARY[tenant.slug]
    for model in tenant_models():
        pk = first_id(model, tenant)
        if pk is None:
            continue
        values = {}
        for field in model._meta.concrete_fields:
            if field.name in TEXT_FIELDS and isinstance(field, (models.CharField, models.TextField)) \
                    and not field.choices and (field.max_length or 1000) >= 40 and not field.unique:
                values[field.name] = f"{canary} {model._meta.model_name} {field.name}"
        if values:
            model.all_tenants.filter(pk=pk).update(**values)


def browser_client(username, tenant):
    client = Client(raise_request_exception=False)  # a server error is reported as a 500 like any other answer
    client.force_login(User.objects.get(username=username))
    client.post("/accounts/partnership/", {"tenant": tenant.pk})
    return client


def api_client(username, tenant):
    with tenant_context(tenant):
        _, key = ApiToken.issue(User.objects.get(username=username), tenant, name="walk")
    client = APIClient(raise_request_exception=False)
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


# A plausible body for any write: enough for the usual workflow forms (a reason, a note, a decision) to pass
# validation, so a missing permission check shows as a write instead of hiding behind a 400.
WRITE_BODY = {"reason": "Isolation walk", "note": "Isolation walk", "comment": "Isolation walk",
              "decision": "approve", "outcome": "approve", "confirm": "1", "status": "closed"}
# Tables a request may write without having changed anything of the partnership's: bookkeeping.
BOOKKEEPING = {"programme_auditevent", "django_session", "axes_accessattempt", "axes_accessfailurelog",
               "axes_accesslog", "axes_accessattemptexpiration", "otp_totp_totpdevice"}
# On PostgreSQL the statement follows row-level security's "SELECT set_config(...); " prefix (core.db).
WRITE_SQL = re.compile(r'(?:^|;)\s*(?:INSERT INTO|UPDATE|DELETE FROM)\s+"?(\w+)"?', re.I)


def written_tables(queries):
    """The tables a request wrote, bookkeeping aside (a token's last-used time is bookkeeping too)."""
    found = set()
    for query in queries:
        match = WRITE_SQL.search(query["sql"])
        if not match or match.group(1) in BOOKKEEPING:
            continue
        if match.group(1) == "programme_apitoken" and '"last_used"' in query["sql"]:
            continue
        found.add(match.group(1))
    return found


def send(client, method, url, is_api):
    """One request whose effects are rolled back, so the walk leaves the data as it found it. The response
    carries ``written``: the tables it changed."""
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        if method == "get":
            response = client.get(url)
        elif is_api:
            response = getattr(client, method)(url, WRITE_BODY, format="json")
        else:
            response = getattr(client, method)(url, WRITE_BODY)
        transaction.set_rollback(True)
    response.written = written_tables(queries.captured_queries)
    return response


def succeeded(response):
    if 200 <= response.status_code < 300:
        return True
    if response.status_code in (301, 302, 303):
        return not response["Location"].startswith(SUCCESS_REDIRECT_EXEMPT)
    return False


# 1. Another partnership's data ---------------------------------------------------------------------------------


@pytest.mark.parametrize("username", LLR_PERSONAS + NORTH_PERSONAS)
def test_no_route_reaches_another_partnerships_objects(username):
    own = Partnership.objects.get(slug="northshire" if username.endswith(".north") else "llr")
    other = Partnership.objects.exclude(pk=own.pk).get(slug__in=["llr", "northshire"])
    plant_canaries(other)
    canary = CANARY[other.slug].encode()
    clients = {False: browser_client(username, own), True: api_client(username, own)}
    problems, walked = [], 0
    for route, callback, is_api, methods in routes():
        takes_id = "pk" in [a or b for a, b in parameters(route)]
        for url in targets(route, callback, other):
            # A write without an id names no object of the other partnership (ids in bodies:
            # tests/test_api_tenancy.py::TestForeignIdsInBodies); its list and search are read here.
            for method in methods if takes_id else ["get"]:
                response = send(clients[is_api], method, url, is_api)
                walked += 1
                body = getattr(response, "content", b"") or b""
                what = f"{method.upper()} {url}: {response.status_code}"
                if response.status_code >= 500:
                    problems.append(f"{what} (server error)")
                elif canary in body:
                    problems.append(f"{what} shows {other.slug}'s data")
                elif takes_id and method == "get" and 200 <= response.status_code < 300:
                    problems.append(f"{what} for {other.slug}'s object")
                elif method != "get" and route not in OPEN_TO_EVERY_MEMBER and (
                        succeeded(response) or response.written):
                    problems.append(f"{what} on {other.slug}'s object, wrote {sorted(response.written)}")
    assert walked > 150, walked
    assert problems == [], "\n".join(problems)


def test_the_canaries_are_seen_by_their_own_partnership():
    """The control for the walk above: the canary shows where it should, so its absence there means something."""
    llr = Partnership.objects.get(slug="llr")
    plant_canaries(llr)
    from risks.models import Risk

    client = browser_client("pmo.llr", llr)
    risk = Risk.all_tenants.filter(tenant=llr).order_by("pk").first()
    assert CANARY["llr"].encode() in client.get(f"/risks/{risk.pk}/").content
    assert CANARY["llr"].encode() in api_client("pmo.llr", llr).get(f"/api/v1/risks/{risk.pk}/").content


def test_the_walk_knows_the_model_behind_most_ids():
    unresolved = [route for route, callback, _, _ in routes()
                  if "pk" in [a or b for a, b in parameters(route)] and model_for_route(route, callback) is None]
    assert unresolved == [], "resolved by trying every model of the app, slowly: name them in ROUTE_ALIASES"


def test_the_write_detector_sees_a_real_write(llr):
    """The control for the write checks: an allowed workflow step through the same ``send`` is seen writing."""
    from risks.choices import Level
    from risks.models import Risk

    risk = Risk.all_tenants.filter(tenant=llr, level=Level.PROGRAMME, archived=False).order_by("pk").first()
    response = send(browser_client("pmo.llr", llr), "post", f"/risks/{risk.pk}/archive/", False)
    assert "risks_risk" in response.written
    assert not Risk.all_tenants.get(pk=risk.pk).archived  # and rolled back


# 2. Unexpected allows inside the partnership --------------------------------------------------------------------


def _assure(entry):
    from risks.rules import risk_perm

    return risk_perm("assure", entry.baf.level), entry


# Models whose change is governed by another object's permission: as their views ask it.
GOVERNED_BY = {
    "risks.mitigationaction": lambda action: (action.risk.perm("edit"), action.risk),  # its risk's register
    "risks.bafentry": _assure,  # the board's assurance of its BAF
}


def expected(user, obj):
    """(perm, object) whose has_perm must allow a change of ``obj``."""
    rule = GOVERNED_BY.get(obj._meta.label_lower)
    return rule(obj) if rule else (change_perm(obj), obj)


def change_perm(obj):
    if hasattr(obj, "perm"):
        try:
            return obj.perm("edit")
        except Exception:  # noqa: BLE001 - a model whose perm() knows no "edit"
            pass
    return f"{obj._meta.app_label}.change_{obj._meta.model_name}"


@pytest.mark.parametrize("username", LLR_PERSONAS)
def test_an_edit_succeeds_only_for_those_with_the_permission(username, llr):
    from core import rules

    user = User.objects.get(username=username)
    clients = {False: browser_client(username, llr), True: api_client(username, llr)}
    problems, checked = [], 0
    for route, callback, is_api, methods in routes():
        is_edit = ("patch" in methods and is_api) or (not is_api and route.endswith("<int:pk>/edit/"))
        if not is_edit:
            continue
        model = model_for_route(route, callback)
        for url in targets(route, callback, llr):
            response = send(clients[is_api], "patch" if is_api else "get", url, is_api)
            if response.status_code == 404:
                continue  # not visible to this persona (a restricted item): nothing to edit
            checked += 1
            pk = int(re.search(r"/(\d+)/", url).group(1))
            with tenant_context(llr):
                obj = model._default_manager.get(pk=pk)
                rules.clear_access_cache(user)
                perm, governing = expected(user, obj)
                allowed = user.has_perm(perm, governing)
            if 200 <= response.status_code < 300 and not allowed:
                problems.append(f"{url}: {response.status_code} but has_perm({perm}) is False")
    assert checked >= 10
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("username", ["viewer.uhl.llr", "viewer.north"])
def test_a_partner_viewer_changes_nothing(username):
    tenant = Partnership.objects.get(slug="northshire" if username.endswith(".north") else "llr")
    clients = {False: browser_client(username, tenant), True: api_client(username, tenant)}
    problems = []
    for route, callback, is_api, methods in routes():
        if route in OPEN_TO_EVERY_MEMBER:
            continue
        for url in targets(route, callback, tenant):
            for method in methods:
                if method == "get":
                    continue
                response = send(clients[is_api], method, url, is_api)
                if response.written or (is_api and 200 <= response.status_code < 300):
                    problems.append(f"{method.upper()} {url}: {response.status_code}, wrote {sorted(response.written)}")
    assert problems == [], "\n".join(problems)


# 3. Anonymous ---------------------------------------------------------------------------------------------------

PUBLIC = {
    "": "redirects to the person's work, which asks for a login",
    "healthz": "the load balancer's health check",
    "accounts/login/": "the login page",
    "api/schema/": "the OpenAPI schema (documentation, no data)",
    "api/docs/": "Swagger UI (documentation, no data)",
}


def test_nothing_but_the_public_pages_answers_without_a_login(llr):
    client, problems = Client(raise_request_exception=False), []
    for route, callback, _is_api, methods in routes():
        if route in PUBLIC:
            continue
        for url in targets(route, callback, llr):
            for method in methods:
                response = send(client, method, url, False)
                login = response.status_code == 302 and response["Location"].startswith("/accounts/login/")
                if response.written or not (login or response.status_code in (401, 403, 404, 405)):
                    problems.append(f"{method.upper()} {url}: {response.status_code}, wrote {sorted(response.written)}")
    assert problems == [], "\n".join(problems)
