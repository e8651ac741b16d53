"""The read-only fast path (``core.api.serializers_base.FastReadMixin``) answers exactly what DRF's own
``Serializer.to_representation`` does: every hot list and detail, byte for byte, and the edge cases of DRF's
attribute walk (a missing attribute skipped, a callable called, a null relation, an enum value)."""

import datetime
import json

import pytest
from django.utils import timezone
from rest_framework import mixins, serializers
from rest_framework.renderers import JSONRenderer

from core.api.serializers_base import FastReadMixin, MemberField
from core.models import User
from risks.choices import Level
from risks.models import Risk

pytestmark = pytest.mark.django_db

URLS = [
    "risks/", "issues/", "mitigation-actions/", "baf-entries/", "benefits/", "briefs/", "business-cases/",
    "change-requests/", "projects/", "workstreams/",
]


def drf_to_representation(self, instance):
    return super(FastReadMixin, self).to_representation(instance)


def test_every_hot_endpoint_answers_the_same_bytes_as_drf(load_data, monkeypatch, subtests):
    api = load_data.api()
    for path in URLS:
        with subtests.test(path=path):
            url = f"/api/v1/{path}?page_size=100"
            fast = api.get(url)
            assert fast.status_code == 200
            results = fast.json()["results"]
            assert results, path
            detail = f"/api/v1/{path}{results[0]['id']}/"
            fast_detail = api.get(detail).content
            with monkeypatch.context() as patched:
                patched.setattr(FastReadMixin, "to_representation", drf_to_representation)
                assert api.get(url).content == fast.content
                assert api.get(detail).content == fast_detail


class PlainRisk(serializers.ModelSerializer):
    owner = MemberField(required=False, allow_null=True)
    absent = serializers.CharField(read_only=True)  # no such attribute: DRF skips the field
    absent_default = serializers.CharField(read_only=True, default="fallback")
    level_label = serializers.CharField(source="get_level_display", read_only=True)  # a callable: called
    owner_username = serializers.CharField(source="owner.username", read_only=True, default=None)
    flag = serializers.BooleanField(read_only=True)
    count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Risk
        fields = [
            "id", "ref", "title", "level", "status", "project", "workstream", "owner", "date_identified",
            "review_date", "restricted", "inherent_score", "created", "absent", "absent_default", "level_label",
            "owner_username", "flag", "count", "objectives",
        ]


class FastRisk(FastReadMixin, PlainRisk):
    pass


def render(serializer_class, instance):
    return JSONRenderer().render(serializer_class(instance).data)


def test_the_fast_path_matches_drf_on_the_edge_cases():
    owner = User(username="someone")
    now = timezone.now()
    cases = [
        Risk(pk=7, ref="R-7", title="A", level=Level.PROJECT, status="open", project_id=3, owner=owner,
             date_identified=datetime.date(2026, 1, 2), review_date=None, restricted=True, inherent_score=12,
             created=now),
        Risk(pk=8, ref="R-8", title="", level="programme", status="", project_id=None, owner=None,
             date_identified=None, inherent_score=None, created=None),
    ]
    cases[0].flag, cases[0].count = True, "3"
    cases[1].flag, cases[1].count = 0, 5
    for risk in cases:
        risk._prefetched_objects_cache = {"objectives": []}  # no database for the many-to-many
        fast, plain = render(FastRisk, risk), render(PlainRisk, risk)
        assert fast == plain
        assert "absent" not in json.loads(fast)


def test_the_risk_lists_link_ids_read_from_the_link_tables_are_the_prefetches(load_data, monkeypatch):
    """The list reads its objective and benefit ids as pairs (``risks.api.rows.link_ids``); the bytes are those of
    the prefetches the detail still uses, restricted benefits hidden alike (the rest: test_api_list_rows.py)."""
    from benefits.models import Benefit
    from core.tenancy import tenant_context
    from risks.api import views

    api = load_data.api()
    url = "/api/v1/risks/?page_size=100"
    with tenant_context(load_data.tenant):  # the load data links no benefits to risks: link three, in reverse order
        first, second = Risk.objects.filter(pk__in=[row["id"] for row in api.get(url).json()["results"][:2]])
        benefits = list(Benefit.objects.order_by("-number")[:3])
        first.benefits.add(*benefits)
        second.benefits.add(benefits[1])
    paired = api.get(url)
    rows = paired.json()["results"]
    assert any(len(row["objectives"]) > 1 for row in rows)
    assert sorted(len(row["benefits"]) for row in rows if row["benefits"]) == [1, 3]
    with monkeypatch.context() as patched:
        patched.setattr(views.RiskViewSet, "list", mixins.ListModelMixin.list)
        patched.setattr(views.RiskViewSet, "get_queryset", lambda self: views.risk_queryset(self.request.user))
        assert api.get(url).content == paired.content
