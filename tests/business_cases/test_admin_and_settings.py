"""Per-tenant tier thresholds (DOMAIN.md s5 *defaults*) and the admin pages of the app."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from business_cases import services
from business_cases.models import BusinessCase, BusinessCaseSettings
from core.tenancy import tenant_context

pytestmark = pytest.mark.django_db


def test_every_demo_tenant_has_the_default_thresholds(llr, northshire):
    for tenant in (llr, northshire):
        settings = BusinessCaseSettings.for_tenant(tenant)
        assert (settings.rff_ceiling, settings.obc_ceiling) == (Decimal("250000.00"), Decimal("500000.00"))


def test_new_thresholds_retier_drafts_only(llr, make_case):
    draft = make_case(value="300000.00")
    submitted = make_case(value="300000.00", status="submitted")
    assert (draft.tier, submitted.tier) == ("obc", "obc")
    with tenant_context(llr):
        settings = BusinessCaseSettings.for_tenant(llr)
        settings.rff_ceiling, settings.obc_ceiling = Decimal("400000.00"), Decimal("800000.00")
        settings.full_clean()
        settings.save()
        assert services.retier_drafts(llr.pk) >= 1
        assert BusinessCase.objects.get(pk=draft.pk).document_type == "rff"
        assert BusinessCase.objects.get(pk=submitted.pk).tier == "obc"
        settings.obc_ceiling = Decimal("100000.00")
        with pytest.raises(ValidationError):
            settings.full_clean()


def test_a_tenants_thresholds_apply_only_to_it(llr, northshire, make_case):
    with tenant_context(northshire):
        settings = BusinessCaseSettings.for_tenant(northshire)
        settings.rff_ceiling = Decimal("50000.00")
        settings.save()
    assert make_case(value="100000.00").tier == "rff"
    assert make_case(value="100000.00", tenant=northshire, project="Home first: discharge to assess",
                     author="pmo.north").tier == "obc"


def test_admin_pages(client, persona, llr):
    client.force_login(persona("admin"))
    session = client.session
    session["bct_tenant_id"] = llr.pk
    session.save()
    with tenant_context(llr):
        case = BusinessCase.objects.get(number=1)
    for url in ("/admin/business_cases/businesscase/", f"/admin/business_cases/businesscase/{case.pk}/change/",
                "/admin/business_cases/brief/", "/admin/business_cases/businesscasesettings/",
                "/admin/business_cases/businesscaseversion/", "/admin/business_cases/prioritisationscore/"):
        assert client.get(url).status_code == 200, url
    assert client.get("/admin/business_cases/businesscaseversion/1/delete/").status_code in (302, 403)
