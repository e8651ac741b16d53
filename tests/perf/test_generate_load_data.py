"""``manage.py generate_load_data`` at its tiny scale: idempotent, every row in its own partnership, every derived
column as the models derive it, and usable at once by the load test's personas through the API."""

import io

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from benefits import realisation
from benefits.models import Benefit, derive_scope
from business_cases import tiers
from business_cases.models import BusinessCase
from change_control.models import OPEN_STATUSES, ChangeRequest
from core.models import Partnership, ReferenceCounter, TenantModel
from core.tenancy import tenant_context
from perf.generate import tenant_slugs
from perf.scale import SCALES
from risks.models import Risk

pytestmark = pytest.mark.django_db


def generated_ids():
    return set(Partnership.objects.filter(slug__in=tenant_slugs("tiny")).values_list("pk", flat=True))


def test_the_command_generates_once_and_then_changes_nothing(db):
    out = io.StringIO()
    call_command("generate_load_data", "--scale", "tiny", stdout=out)
    assert "Generated in" in out.getvalue()
    assert Partnership.objects.filter(slug__in=tenant_slugs("tiny")).count() == SCALES["tiny"].tenants
    before = {model: model.all_tenants.count() for model in (Risk, Benefit, BusinessCase, ChangeRequest)}
    again = io.StringIO()
    call_command("generate_load_data", "--scale", "tiny", stdout=again)
    assert "nothing to do" in again.getvalue()
    assert before == {model: model.all_tenants.count() for model in before}


def test_another_scale_is_refused_rather_than_mixed(load_data):
    with pytest.raises(CommandError, match="fresh database"):
        call_command("generate_load_data", "--scale", "small", stdout=io.StringIO())


def test_the_large_tenant_is_the_largest(load_data):
    large = load_data.result.large
    size = SCALES["tiny"].large
    assert large["risks"] == size.risks and large["projects"] == size.projects
    assert large["measurements"] == size.benefits * size.benefit_periods
    assert load_data.result.totals["risks"] > large["risks"]


def tenant_models():
    return [model for model in apps.get_models() if issubclass(model, TenantModel)]


def test_every_link_stays_inside_its_partnership(load_data):
    """Foreign keys and many-to-many links between tenant rows join rows of one partnership only."""
    generated = generated_ids()
    checked = 0
    for model in tenant_models():
        rows = model.all_tenants.filter(tenant__in=generated)
        for field in model._meta.concrete_fields + model._meta.many_to_many:
            target = field.related_model if field.is_relation else None
            if field.name == "tenant" or not (isinstance(target, type) and issubclass(target, TenantModel)):
                continue
            pairs = rows.filter(**{f"{field.name}__isnull": False}).values_list("tenant_id", f"{field.name}__tenant_id")
            assert all(own == other for own, other in pairs), f"{model.__name__}.{field.name} crosses tenants"
            checked += 1
    assert checked > 40


def test_history_rows_belong_to_their_objects_partnership(load_data):
    generated = generated_ids()
    for model in tenant_models():
        history = getattr(model, "history", None)
        if history is None:
            continue
        owners = dict(model.all_tenants.filter(tenant__in=generated).values_list("pk", "tenant_id"))
        for pk, tenant_id in history.model.all_tenants.filter(tenant__in=generated).values_list("id", "tenant_id"):
            assert owners.get(pk) == tenant_id, f"{model.__name__} history row of {pk} in tenant {tenant_id}"


def test_derived_columns_are_what_the_models_derive(load_data):
    with tenant_context(load_data.tenant):
        risks = list(Risk.objects.all())
        assert all(r.ref == f"R-{r.number:04d}" and r.residual_score == r.residual_likelihood * r.residual_impact
                   for r in risks)
        assert ReferenceCounter.objects.get(kind="R").last == max(r.number for r in risks)
        for benefit in Benefit.objects.prefetch_related("measurements", "projects"):
            position = realisation.position(benefit.points())
            assert (benefit.planned_total, benefit.planned_to_date, benefit.actual_to_date) == (
                position.planned_total, position.planned_to_date, position.actual_to_date)
            assert benefit.realisation_percent == position.percent and benefit.trend == (position.trend or "")
            projects = [(p.pk, p.workstream_id) for p in benefit.projects.all()]
            assert (benefit.level, benefit.scope_workstream_id, benefit.scope_project_id) == derive_scope(
                benefit.workstream_id, projects)
        assert ReferenceCounter.objects.get(kind="B").last == Benefit.objects.count()
        for case in BusinessCase.objects.all():
            assert case.tier == tiers.tier_for(case.value)
            tiers.check_document(case.tier, case.document_type)
        for request in ChangeRequest.objects.filter(status__in=OPEN_STATUSES):
            assert request.authority == request.derive_authority()


def test_history_spans_the_years_and_ends_at_each_risk_as_it_is(load_data):
    with tenant_context(load_data.tenant):
        dates = Risk.history.values_list("history_date", flat=True)
        assert (max(dates) - min(dates)).days > 365
        for risk in Risk.objects.all()[:20]:
            latest = risk.history.order_by("-history_date", "-history_id").first()
            assert (latest.residual_score, latest.review_date, latest.status) == (
                risk.residual_score, risk.review_date, risk.status)


def test_the_load_test_personas_read_and_write_through_the_api(load_data):
    api = load_data.api()
    with tenant_context(load_data.tenant):
        live = Risk.objects.filter(archived=False).count()
    assert api.get("/api/v1/me/").json()["tenant"] == load_data.tenant.slug
    assert api.get("/api/v1/risks/?page_size=1").json()["count"] == live
    created = api.post("/api/v1/risks/", {
        "title": "Load test risk", "category": "financial", "level": "programme", "inherent_likelihood": 3,
        "inherent_impact": 4, "residual_likelihood": 2, "residual_impact": 3}, format="json")
    assert created.status_code == 201, created.content
    assert created.json()["ref"] == f"R-{SCALES['tiny'].large.risks + 1:04d}"
    raised = api.post("/api/v1/change-requests/", {"title": "Load test", "description": "More beds."}, format="json")
    assert raised.status_code == 201, raised.content
    viewer = load_data.api("load.gm.viewer")
    with tenant_context(load_data.tenant):
        unrestricted = Risk.objects.filter(archived=False, restricted=False).count()
    assert viewer.get("/api/v1/risks/?page_size=1").json()["count"] >= unrestricted


def test_every_partnership_has_a_version_of_each_cached_computation(load_data):
    """bulk_create sends no signal: without a version the double counting and the realisation roll-ups (core.derived)
    would be computed on every request of the benchmark."""
    from core import derived
    from core.models import DerivedVersion

    assert {"benefits.double_counting", "benefits.realisation"} <= set(derived.keys())
    for tenant_id in generated_ids():
        keys = set(DerivedVersion.all_tenants.filter(tenant_id=tenant_id).values_list("key", flat=True))
        assert keys == set(derived.keys())
