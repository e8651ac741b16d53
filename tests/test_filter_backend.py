"""``core.api.viewsets.FilterBackend`` filters exactly as django-filter's own backend does: the same SQL for every
filter of the risk register and the issue log, alone and together, for parameters that are not filters', and the
same 400 for a value a filter refuses; the form it keeps between requests is never changed by one."""

import types

import pytest
from django.test import RequestFactory
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request

from core.api.viewsets import FilterBackend
from programme.models import Project, Workstream
from risks.filtersets import IssueFilterSet, RiskFilterSet
from risks.models import Issue, Risk

pytestmark = pytest.mark.django_db

SHARED = [
    "", "page_size=5&cursor=abc&format=json", "archived=true", "archived=false", "archived=", "owner=pm.poa.llr",
    "search=vanguard%20care", "search=", "workstream={workstream}", "project={project}", "ordering=-ref",
    "ordering=title,-ref", "level=project&archived=true&search=a", "workstream=999999", "ordering=bogus",
]
RISKS = [
    "category=clinical", "nature=opportunity", "level=delivery_board", "status=closed", "residual_rag=red",
    "inherent_rag=amber", "overdue=true", "overdue=false", "overdue=maybe", "inherent_likelihood=3",
    "residual_impact=5", "residual_impact=9", "ordering=owner", "ordering=-residual_score", "level=nowhere",
    "category=clinical&residual_rag=amber&overdue=true&ordering=review_date",
]
ISSUES = ["priority=high", "status=resolved", "dispute_stage=joint_sros", "level=programme", "level=delivery_board",
          "ordering=-raised_on"]


def filtered(backend, filterset_class, model, query):
    request = Request(RequestFactory().get(f"/?{query}"))
    view = types.SimpleNamespace(filterset_class=filterset_class, filterset_fields=None)
    try:
        queryset = backend.filter_queryset(request, model.objects.all(), view)
    except ValidationError as error:
        return "400", error.detail
    return str(queryset.query), None


@pytest.mark.parametrize(("filterset_class", "model", "queries"),
                         [(RiskFilterSet, Risk, SHARED + RISKS), (IssueFilterSet, Issue, SHARED + ISSUES)])
def test_the_backend_filters_as_django_filters_own(in_llr, filterset_class, model, queries, subtests):
    ids = {"workstream": Workstream.objects.first().pk, "project": Project.objects.first().pk}
    for _ in range(2):  # the second time round, from the forms kept
        for query in queries:
            query = query.format(**ids)
            with subtests.test(query=query):
                assert (filtered(FilterBackend(), filterset_class, model, query)
                        == filtered(DjangoFilterBackend(), filterset_class, model, query))
    refused = filtered(FilterBackend(), filterset_class, model, "level=nowhere")
    assert refused[0] == "400" and "level" in refused[1]


def test_a_page_bound_to_the_kept_form_class_shows_and_filters_as_django_filters_own(
        llr, northshire, subtests):
    """``core.filters.bind_form`` (the register page and heat map): the same form HTML, errors and SQL as the
    form django-filter builds, in each partnership (the choices are the active partnership's), twice round."""
    from django.http import QueryDict

    from core.filters import bind_form
    from core.tenancy import tenant_context

    for tenant in (llr, northshire, llr):
        with tenant_context(tenant):
            ids = {"workstream": Workstream.objects.first().pk, "project": Project.objects.first().pk}
            for query in SHARED + RISKS:
                query = query.format(**ids)
                with subtests.test(tenant=tenant.slug, query=query):
                    ours = bind_form(RiskFilterSet(QueryDict(query), queryset=Risk.objects.all()))
                    theirs = RiskFilterSet(QueryDict(query), queryset=Risk.objects.all())
                    assert str(ours.form) == str(theirs.form)
                    assert ours.form.errors == theirs.form.errors
                    if ours.is_valid():
                        assert str(ours.qs.query) == str(theirs.qs.query)
