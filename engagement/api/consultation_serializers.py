"""Serializers of the consultation API (``service-changes/``, ``four-tests/``, ``test-evidence/``)."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from business_cases.models import BusinessCase
from core.api.serializers_base import TenantModelSerializer
from engagement import assurance
from engagement.models import EngagementActivity, FourTest, ServiceChange, TestEvidence
from meetings.models import MeetingDecision
from risks.models import Risk


def _visible(serializer, model):
    request = serializer.context.get("request")
    return model.objects.visible_to(request.user) if request is not None else model.objects.none()


class ClaimSerializer(serializers.Serializer):
    kind = serializers.CharField()
    text = serializers.CharField()
    source = serializers.CharField()
    link = serializers.CharField()
    summary = serializers.CharField()


class TestEvidenceSerializer(TenantModelSerializer):
    """A piece of evidence of one test: an engagement record names its ``activity``, a commissioners' decision its
    meeting ``decision``, clinical evidence or a document its ``title`` (and ``reference`` or ``url``)."""

    class Meta:
        model = TestEvidence
        fields = ["id", "four_test", "kind", "activity", "decision", "title", "reference", "url", "summary"]


class FourTestSerializer(TenantModelSerializer):
    """One of the Four Tests of a service change: its assessment (writable) and its evidence (read here; added
    through ``four-tests/{id}/evidence/`` or ``test-evidence/``). ``evidenced`` is false when it has none."""

    name = serializers.CharField(source="get_test_display", read_only=True)
    evidenced = serializers.SerializerMethodField()
    evidence = serializers.SerializerMethodField()

    class Meta:
        model = FourTest
        fields = ["id", "service_change", "test", "name", "assessment", "evidenced", "evidence"]
        read_only_fields = ["service_change", "test"]

    @extend_schema_field(serializers.BooleanField())
    def get_evidenced(self, test):
        return bool(list(test.evidence.all()))

    @extend_schema_field(ClaimSerializer(many=True))
    def get_evidence(self, test):
        return [{"id": item.pk, **{key: value for key, value in vars(assurance.claim(item)).items() if key != "pk"}}
                for item in test.evidence.all()]


class ServiceChangeSerializer(TenantModelSerializer):
    """A service change with its consultation tracker; ``four_tests`` summarises each test's evidence."""

    four_tests = serializers.SerializerMethodField()

    class Meta:
        model = ServiceChange
        fields = ["id", "ref", "title", "description", "workstream", "business_case", "eia", "status",
                  "pre_consultation_start", "pre_consultation_end", "consultation_start", "consultation_end",
                  "responses_received", "decision", "decided_on", "decision_record", "risks", "four_tests",
                  "created", "updated"]
        extra_kwargs = {"title": {"allow_blank": False}}

    def get_fields(self):
        fields = super().get_fields()
        fields["business_case"].queryset = _visible(self, BusinessCase)
        fields["risks"].child_relation.queryset = _visible(self, Risk)
        fields["risks"].required = False
        return fields

    @extend_schema_field(serializers.ListField(child=serializers.DictField()))
    def get_four_tests(self, change):
        """[{"id", "test", "name", "evidence_count", "evidenced"}] in PID s4.2's order."""
        tests = sorted(getattr(change, "tests", None) or change.four_tests.all(),
                       key=lambda test: assurance.TEST_ORDER.get(test.test, 99))
        found = []
        for test in tests:
            count = getattr(test, "evidence_count", None)
            if count is None:
                count = test.evidence.count()
            found.append({"id": test.pk, "test": test.test, "name": test.get_test_display(), "evidence_count": count,
                          "evidenced": bool(count)})
        return found


class AddEvidenceSerializer(serializers.Serializer):
    """Evidence to attach to the test of the URL."""

    kind = serializers.ChoiceField(choices=TestEvidence._meta.get_field("kind").choices)
    activity = serializers.PrimaryKeyRelatedField(queryset=EngagementActivity.objects.all(), required=False,
                                                  allow_null=True)
    decision = serializers.PrimaryKeyRelatedField(queryset=MeetingDecision.objects.all(), required=False,
                                                  allow_null=True)
    title = serializers.CharField(required=False, allow_blank=True, max_length=200)
    reference = serializers.CharField(required=False, allow_blank=True, max_length=200)
    url = serializers.URLField(required=False, allow_blank=True, max_length=200)
    summary = serializers.CharField(required=False, allow_blank=True, max_length=5000)
