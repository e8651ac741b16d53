"""Fuzz the REST API from its own OpenAPI schema (Schemathesis): never a 500, never an answer the schema denies.

Schemathesis loads ``/api/schema/`` from the Django WSGI application in this process and generates
requests for every operation (valid and invalid bodies, query strings and path parameters, mixed with the
demo's real ids so the detail endpoints and workflow actions are reached, not only their 404s). Each
request carries a token of ``pmo.llr``, the broadest role. Every answer must pass ``not_a_server_error``,
``response_schema_conformance``, ``content_type_conformance`` and ``documented_or_conventional_status``
(Schemathesis' status-code conformance, widened to API.md's error statuses with API.md's error bodies,
since drf-spectacular documents only the success responses). Each operation is one pytest test in its own
rolled-back transaction.

The coverage is fixed and derandomised, so a run is repeatable and the same on any machine: every operation,
``FUZZ_MAX_EXAMPLES`` (8) examples each, list pages capped at 20 rows; the time is whatever that takes (a few
minutes on a 2-core machine), never a budget that silently covers less. ``FUZZ_SEED`` (an integer) explores
other inputs. ``-m "not fuzz"`` leaves it out of a quick local loop; CI runs it.
"""

import os
from collections import defaultdict

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.urls import Resolver404, resolve

from core.models import ApiToken, Partnership, User
from core.tenancy import tenant_context

schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, Phase, seed, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance  # noqa: E402

pytestmark = pytest.mark.fuzz

MAX_EXAMPLES = int(os.environ.get("FUZZ_MAX_EXAMPLES", "8"))
SEED = os.environ.get("FUZZ_SEED")
# API.md's error statuses, and HTTP's refusals of a method or media type the schema does not offer (the fuzzer
# sends TRACE and text/plain on purpose): any operation may answer them with the documented error body,
# whether or not its schema entry lists them (drf-spectacular documents the success responses only).
CONVENTIONAL_ERRORS = {400, 401, 403, 404, 405, 409, 415}


@schemathesis.check
def documented_or_conventional_status(ctx, response, case):
    """A status the operation documents, or one of API.md's error statuses with API.md's error body."""
    documented = set(case.operation.responses.status_codes)
    if str(response.status_code) in documented or "default" in documented:
        return None
    if response.request.method in ("OPTIONS", "HEAD") and response.status_code == 200:
        return None  # the fuzzer tries methods the schema does not list; DRF describes the endpoint (OPTIONS)
    if response.status_code not in CONVENTIONAL_ERRORS:
        raise AssertionError(f"Undocumented status {response.status_code} (documented: {sorted(documented)})")
    try:
        body = response.json()
    except ValueError:
        body = None
    if body is None and response.status_code == 404 and not _resolves(case.formatted_path):
        return None  # no view has this path (an id the router's pattern refuses): Django's own 404 page
    if not isinstance(body, dict) or not body:
        raise AssertionError(f"A {response.status_code} must answer a JSON object, not {body!r}")
    if response.status_code == 400:
        if not all(isinstance(value, (list, dict, str)) for value in body.values()):
            raise AssertionError(f"A 400 answers {{field: [messages]}}, not {body!r}")
    elif not isinstance(body.get("detail"), str):
        raise AssertionError(f"A {response.status_code} answers {{'detail': ...}}, not {body!r}")
    return None


CHECKS = [not_a_server_error, response_schema_conformance, documented_or_conventional_status,
          content_type_conformance]


def _resolves(path):
    try:
        resolve(path)
    except Resolver404:
        return False
    return True


def _real_ids(path, tenant):
    """The demo's ids of the resource a path template names, e.g. /api/v1/risks/{id}/escalate/ -> risk ids."""
    try:
        match = resolve(path.replace("{id}", "1", 1).split("{", 1)[0])
    except Resolver404:
        return []
    view_class = getattr(match.func, "cls", None)
    queryset = getattr(view_class, "queryset", None)
    if queryset is None:
        return []
    with tenant_context(tenant):
        return list(queryset.model.objects.order_by("pk").values_list("pk", flat=True)[:50])


def _load_schema():
    """The schema /api/schema/ serves, generated in-process (no request needed, so it can parametrise tests)."""
    from drf_spectacular.generators import SchemaGenerator

    return schemathesis.openapi.from_dict(SchemaGenerator().get_schema(request=None, public=True))


schema = _load_schema()
OPERATIONS = [result.ok() for result in schema.get_all_operations()]
_ids_cache = {}
_made = defaultdict(int)  # requests made, per operation (read by the coverage test below)


@schema.hook
def map_query(context, query):
    """Keep list pages small: page_size up to 500 is valid, but 500 rows per example would spend the budget on
    rendering instead of on finding inputs the API mishandles."""
    if query and isinstance(query.get("page_size"), int) and query["page_size"] > 20:
        query = {**query, "page_size": 20}
    return query


def _ids_for(path):
    """Drawn lazily (inside the test, where the database is open); [] while collecting."""
    if path not in _ids_cache:
        try:
            _ids_cache[path] = _real_ids(path, Partnership.objects.get(slug="llr"))
        except RuntimeError:  # pytest-django: no database access at collection time
            return []
    return _ids_cache[path]


@schema.hook
def flatmap_path_parameters(context, path_parameters):
    """Keep the generated id or swap in one of the demo's real ids, so detail endpoints and actions are reached."""
    real = _ids_for(context.operation.path) if path_parameters and "id" in path_parameters else []
    if not real:
        return st.just(path_parameters)
    return st.one_of(st.just(path_parameters), st.sampled_from(real).map(lambda pk: {**path_parameters, "id": pk}))


@pytest.fixture
def fuzz_client(db, llr):
    """A pmo.llr token, and the WSGI application running in this thread inside the test's transaction."""
    with tenant_context(llr):
        _, key = ApiToken.issue(User.objects.get(username="pmo.llr"), llr, name="fuzz")
    # Like Django's test client: a request's start and end must not close the connection the test's transaction
    # is on (with DATABASE_CONN_MAX_AGE an older connection counts as obsolete).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield {"app": WSGIHandler(), "headers": {"Authorization": f"Token {key}"}}
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@schema.parametrize()
@(seed(int(SEED)) if SEED else (lambda test: test))
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=SEED is None,
    database=None,
    suppress_health_check=list(HealthCheck),
    phases=[Phase.explicit, Phase.generate, Phase.shrink],
)
def test_api_answers_within_its_schema(case, fuzz_client):
    _made[case.operation.label] += 1
    case.call_and_validate(checks=CHECKS, headers=fuzz_client["headers"], app=fuzz_client["app"])


def test_every_operation_is_fuzzed():
    """Run after the fuzzing above (same module, later in it): every operation of the schema was called, and
    none was cut short. A run of this test alone (without the fuzz tests) has nothing to check."""
    if not _made:
        pytest.skip("the fuzz tests did not run in this session")
    missing = sorted(operation.label for operation in OPERATIONS if _made[operation.label] == 0)
    assert not missing, f"operations never called: {missing}"
