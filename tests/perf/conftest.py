"""The generated load data at its tiny scale, and its large tenant's PMO through the API and the browser."""

from dataclasses import dataclass

import pytest
from django.test import Client
from rest_framework.test import APIClient

from core.middleware import SESSION_KEY
from core.models import ApiToken, Partnership, User
from core.tenancy import tenant_context
from perf.generate import generate, large_tenant_slug


@dataclass
class LoadData:
    result: object
    tenant: Partnership
    pmo: User

    def api(self, username=None):
        user = User.objects.get(username=username) if username else self.pmo
        with tenant_context(self.tenant):
            _, key = ApiToken.issue(user, self.tenant, name="test")
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        return client

    def browser(self):
        client = Client()
        client.force_login(self.pmo)
        session = client.session
        session[SESSION_KEY] = self.tenant.pk
        session.save()
        return client


@pytest.fixture
def load_data(db):
    result = generate("tiny", log=lambda line: None)
    tenant = Partnership.objects.get(slug=large_tenant_slug())
    return LoadData(result=result, tenant=tenant, pmo=User.objects.get(username="load.gm.pmo"))
