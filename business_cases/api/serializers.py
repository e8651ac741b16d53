"""Serializers of API.md's ``briefs/`` and ``business-cases/`` (names are a contract) and their sub-resources."""

from rest_framework import serializers

from business_cases import money, tiers
from business_cases.models import (
    CRITERIA,
    Brief,
    BusinessCase,
    BusinessCaseVersion,
    CostShare,
    MoneyLine,
    PriorDecision,
    PrioritisationScore,
    StatedTotal,
)
from core.api.serializers_base import FastReadMixin, MemberField, TenantModelSerializer
from meetings.api.serializers import BoardDecisionSerializer

MONEY_ERRORS = {
    "invalid": "Enter an amount in pounds and pence, for example 250000.00.",
    "max_decimal_places": "Give the amount to the nearest penny (at most two decimal places).",
    "max_digits": "Enter an amount under £1,000,000,000,000.",
    "max_whole_digits": "Enter an amount under £1,000,000,000,000.",
}


def money_field(**kwargs):
    kwargs.setdefault("min_value", 0)
    return serializers.DecimalField(max_digits=14, decimal_places=2, error_messages={
        **MONEY_ERRORS, "min_value": "The amount cannot be negative."}, **kwargs)


def username(**kwargs):
    # allow_null: empty until the step is taken; the schema must say so (found by fuzzing the API).
    return serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True, **kwargs)


class BriefSerializer(FastReadMixin, TenantModelSerializer):
    cost = money_field()
    author = username()
    submitted_by = username()
    decided_by = username()

    class Meta:
        model = Brief
        fields = [
            "id", "title", "kind", "workstream", "workstream_kind", "description", "context", "output", "timeframe",
            "cost", "status", "author", "submitted_by", "submitted_at", "decided_by", "decided_at", "decision_note",
            "admitted_workstream", "admitted_project", "created", "updated",
        ]
        read_only_fields = ["status", "submitted_at", "decided_at", "decision_note", "admitted_workstream",
                            "admitted_project", "created", "updated"]


class MoneyLineSerializer(serializers.ModelSerializer):
    amount = money_field()

    class Meta:
        model = MoneyLine
        fields = ["id", "kind", "funding", "financial_year", "quarter", "phase", "description", "amount"]
        read_only_fields = ["id"]
        extra_kwargs = {"quarter": {"error_messages": {"min_value": money.QUARTER_ERROR,
                                                       "max_value": money.QUARTER_ERROR}}}

    def validate(self, attrs):
        if attrs.get("quarter") is not None and not attrs.get("financial_year"):
            raise serializers.ValidationError({"quarter": money.QUARTER_WITHOUT_YEAR})
        return attrs

    def validate_financial_year(self, value):
        if not value:
            return ""
        try:
            return money.parse_financial_year(value)
        except money.MoneyError as exc:
            raise serializers.ValidationError(str(exc)) from None


class CostShareSerializer(serializers.ModelSerializer):
    amount = money_field(required=False, allow_null=True)
    percent = serializers.DecimalField(max_digits=5, decimal_places=2, min_value=0, max_value=100, error_messages={
        "invalid": "Enter a percentage such as 22.5.", "min_value": "A percentage cannot be negative.",
        "max_value": "A percentage cannot be over 100."})
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)

    class Meta:
        model = CostShare
        fields = ["id", "phase", "organisation", "organisation_name", "label", "percent", "amount"]
        read_only_fields = ["id"]


class StatedTotalSerializer(serializers.ModelSerializer):
    amount = money_field()

    class Meta:
        model = StatedTotal
        fields = ["id", "kind", "phase", "amount", "source", "page"]
        read_only_fields = ["id"]


class MoneyProfileSerializer(serializers.Serializer):
    """PUT replaces whichever of ``lines``, ``split`` and ``stated_totals`` it carries; all or nothing."""

    lines = MoneyLineSerializer(many=True, required=False)
    split = CostShareSerializer(many=True, required=False)
    stated_totals = StatedTotalSerializer(many=True, required=False)

    def validate_split(self, rows):
        """Each phase's shares (and the whole case's) add up to 100 within the rounding rule (``money``)."""
        try:
            money.check_splits(rows)
        except money.MoneyError as exc:
            raise serializers.ValidationError(str(exc)) from None
        return rows

    def validate(self, attrs):
        if not attrs:
            raise serializers.ValidationError("Give at least one of lines, split and stated_totals.")
        return attrs


def case_rows(case, name):
    """A case's related rows: the list the view prefetched into ``prefetched_<name>`` (``Prefetch(to_attr=...)``,
    which skips building a queryset per case), else the related manager's."""
    rows = case.__dict__.get(f"prefetched_{name}")
    return rows if rows is not None else list(getattr(case, name).all())


def profile_data(case):
    """The money profile as the API shows it, from the case's (prefetched) rows."""
    lines, shares, stated = (case_rows(case, "money_lines"), case_rows(case, "cost_shares"),
                             case_rows(case, "stated_totals"))
    return {
        "case": case.pk,
        "ref": case.ref,
        "value": f"{case.value:.2f}",
        "lines": MoneyLineSerializer(lines, many=True).data,
        "split": CostShareSerializer(shares, many=True).data,
        "stated_totals": StatedTotalSerializer(stated, many=True).data,
        **money.as_json(money.summarise(case.value, lines, shares, stated)),
    }


class ScoreSerializer(serializers.ModelSerializer):
    scorer = username()
    total = serializers.IntegerField(read_only=True)

    class Meta:
        model = PrioritisationScore
        fields = ["id", "scorer", *CRITERIA, "total", "comment", "scored_at"]
        read_only_fields = ["id", "scored_at"]
        extra_kwargs = {name: {"error_messages": {
            "min_value": "Score each criterion from 1 (weakest) to 5 (strongest).",
            "max_value": "Score each criterion from 1 (weakest) to 5 (strongest).",
            "invalid": "Score each criterion with a whole number from 1 to 5.",
        }} for name in CRITERIA}


class BusinessCaseSerializer(FastReadMixin, TenantModelSerializer):
    value = money_field()
    sections = serializers.JSONField(required=False)
    workstream = serializers.IntegerField(source="project.workstream_id", read_only=True)
    project_name = serializers.CharField(source="project.name", read_only=True)
    required_sections = serializers.ListField(child=serializers.CharField(), read_only=True)
    section_requirements = serializers.DictField(child=serializers.CharField(), read_only=True)
    missing_sections = serializers.ListField(child=serializers.CharField(), read_only=True)
    awaiting_board = serializers.CharField(read_only=True, allow_null=True)
    author = username()
    submitted_by = username()
    recommended_by = username()
    decided_by = username()
    obc_approved_by = username()
    version_count = serializers.SerializerMethodField()
    prior_decisions = serializers.SerializerMethodField()
    money = serializers.SerializerMethodField()
    prioritisation = serializers.SerializerMethodField()

    class Meta:
        model = BusinessCase
        fields = [
            "id", "ref", "title", "project", "project_name", "workstream", "value", "tier", "document_type",
            "required_sections", "section_requirements", "missing_sections", "sections", "summary", "status",
            "awaiting_board", "restricted", "author", "submitted_by", "submitted_at", "recommended_by",
            "recommended_at", "decided_by", "decided_at", "decision_note", "obc_approved_by", "obc_approved_at",
            "withdrawn_reason", "version_count", "prior_decisions", "money", "prioritisation", "created", "updated",
        ]
        read_only_fields = ["ref", "tier", "document_type", "status", "submitted_at", "recommended_at", "decided_at",
                            "decision_note", "obc_approved_at", "withdrawn_reason", "created", "updated"]

    def validate_sections(self, value):
        try:
            cleaned = tiers.clean_sections(value)
        except tiers.TierError as exc:
            raise serializers.ValidationError(str(exc)) from None
        # Sections given are written; sections left out keep their text.
        if self.instance is not None:
            return {**(self.instance.sections or {}), **cleaned}
        return cleaned

    def get_version_count(self, case) -> int:
        count = getattr(case, "version_count", None)
        return count if count is not None else case.versions.count()

    def get_prior_decisions(self, case) -> list[dict]:
        """Stages decided outside the portal (``elsewhere``): never a portal decision, so ``obc_approved_by`` and
        ``obc_approved_at`` stay empty for them."""
        return PriorDecisionSerializer(case_rows(case, "prior_decisions"), many=True).data

    def get_money(self, case) -> dict:
        lines, shares = case_rows(case, "money_lines"), case_rows(case, "cost_shares")
        summary = money.as_json(money.summarise(case.value, lines, shares, case_rows(case, "stated_totals")))
        return {"totals": summary["totals"], "discrepancies": summary["discrepancies"]}

    def get_prioritisation(self, case) -> dict:
        rows = case_rows(case, "scores")
        if not rows:
            return {"count": 0, "average_total": None}
        return {"count": len(rows), "average_total": f"{sum(r.total for r in rows) / len(rows):.1f}"}


class VersionSerializer(serializers.ModelSerializer):
    submitted_by = username()
    value = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True)

    class Meta:
        model = BusinessCaseVersion
        fields = ["id", "number", "title", "document_type", "tier", "value", "sections", "money", "submitted_by",
                  "submitted_at"]
        read_only_fields = fields


class NoteSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")


class RequiredNoteSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=5000, error_messages={
        "required": "Give the reason for the decision.", "blank": "Give the reason for the decision."})


class BoardNoteSerializer(NoteSerializer, BoardDecisionSerializer):
    """A board's step: an optional note, and how the board decided (``decided_at_meeting`` or ``chairs_action``
    with ``reason``; ``conditions``, ``interests``)."""


class BoardRequiredNoteSerializer(RequiredNoteSerializer, BoardDecisionSerializer):
    """A board's rejection: its reason (``note``), and how the board decided."""


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=5000, error_messages={
        "required": "Say why the case is being stopped.", "blank": "Say why the case is being stopped."})


class GrantSerializer(serializers.Serializer):
    user = MemberField()


class PriorDecisionSerializer(TenantModelSerializer):
    """A stage decided outside the portal (``business-cases/<id>/prior-decisions/``). The model's checks (who, when
    or ``date_not_stated``, the document, no date in the future) run in ``elsewhere.record_prior_decision``, after
    the case's state and the caller's permission, as every workflow step orders them."""

    recorded_by = username()
    label = serializers.CharField(read_only=True)
    decided_in_portal = serializers.SerializerMethodField()

    class Meta:
        model = PriorDecision
        fields = ["id", "case", "stage", "outcome", "conditions", "decided_by", "body", "decided_on",
                  "date_not_stated", "document", "document_url", "note", "recorded_by", "recorded_at", "label",
                  "decided_in_portal"]
        read_only_fields = ["case", "recorded_at"]
        extra_kwargs = {
            "decided_by": {"error_messages": {
                "required": "Say who decided it: the body or people the document names.",
                "blank": "Say who decided it: the body or people the document names."}},
            "document": {"error_messages": {"required": "Name the document that records the decision.",
                                            "blank": "Name the document that records the decision."}},
            "document_url": {"error_messages": {"invalid": "Enter the link as a full address, starting https://."}},
        }

    def validate(self, attrs):
        return attrs  # the service validates, after the state and permission checks

    def get_decided_in_portal(self, decision) -> bool:
        return False
