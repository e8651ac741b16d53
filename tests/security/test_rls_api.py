"""The API's tenant isolation tests (tests/test_api_tenancy.py), run again connected as the application role.

Here Django's default connection is the non-owner, non-superuser role for the whole module, so every
request goes through PostgreSQL's row-level security as well as the scoped managers: the endpoints still
answer 200 for the owner tenant (the per-transaction tenant reaches the database; the token and membership
look-ups cross tenants only through their narrow exception) and 404 or nothing for another.
"""

import pytest
from django.db import connection
from rest_framework.test import APIClient

from core.models import ApiToken, Partnership, User
from core.tenancy import tenant_context
from tests.security.test_rls import PASSWORD, ROLE, app_role, connected_as, demo  # noqa: F401 (fixtures)
from tests.test_api_tenancy import (  # noqa: F401 (collected here too)
    TestForeignIdsInBodies,
    test_another_tenants_object_is_not_found_and_never_listed,
    test_the_api_has_the_programme_endpoints,
    test_token_fixes_the_tenant_even_for_a_member_of_both,
    test_unauthenticated_and_bad_token,
)

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row-level security is PostgreSQL's (CI runs these on PostgreSQL)"
)


@pytest.fixture(scope="module", autouse=True)
def as_app_role(app_role, django_db_blocker):  # noqa: F811
    with django_db_blocker.unblock(), connected_as(ROLE, PASSWORD):
        yield


@pytest.fixture
def api(db):
    """As tests/conftest.py's, but the token is issued in its own tenant: the app role cannot write another's."""

    def client_for(username, tenant_slug=None):
        user = User.objects.get(username=username)
        slug = tenant_slug or ("northshire" if username.endswith(".north") else "llr")
        tenant = Partnership.objects.get(slug=slug)
        with tenant_context(tenant):
            _, key = ApiToken.issue(user, tenant, name="test")
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        client.user = user
        client.tenant = tenant
        return client

    return client_for


@pytest.mark.django_db
def test_connected_as_the_app_role():
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user, rolsuper FROM pg_roles WHERE rolname = current_user")
        assert cursor.fetchone() == (ROLE, False)


@pytest.mark.django_db
def test_revoked_token_is_refused(llr):
    from core.models import ApiToken, User

    with tenant_context(llr):
        token, key = ApiToken.issue(User.objects.get(username="pmo.llr"), llr)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get("/api/v1/me/").status_code == 200
    with tenant_context(llr):
        token.revoke()
    assert client.get("/api/v1/me/").status_code == 401


@pytest.mark.django_db
def test_a_token_without_any_tenant_context_still_authenticates(api):
    """The token look-up runs before any tenant is active: only its cross-tenant exception finds the row."""
    me = api("pmo.north").get("/api/v1/me/")
    assert me.status_code == 200 and me.json()["tenant"] == "northshire"
