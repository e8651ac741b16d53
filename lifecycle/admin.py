"""The lifecycle in the Django admin (superusers, one partnership at a time, with every change's history).

Workflow steps (submitting and deciding end-of-stage reports, signing off and deciding EIAs, closing the programme,
starting and closing workstreams) are taken on the lifecycle's own pages, where they are checked against
``lifecycle.workflows`` and recorded: here their states and who took them are read only, and nothing is deleted.
The log of Appendix 3 actions is read only altogether.
"""

from django.contrib import admin

from core.admin import TenantModelAdmin
from lifecycle.models import (
    EiaCharacteristic,
    EndOfStageReport,
    EqualityImpactAssessment,
    Lesson,
    LifecycleAction,
    ProgrammeClosure,
    QualityCriterion,
    QualityReview,
    WorkstreamLifecycle,
)


class NoDeleteAdmin(TenantModelAdmin):
    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(LifecycleAction)
class LifecycleActionAdmin(NoDeleteAdmin):
    list_display = ["created", "process_name", "kind", "decision", "actor", "target"]
    list_filter = ["kind", "decision", "process"]
    search_fields = ["process_name", "target", "note"]

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Lesson)
class LessonAdmin(NoDeleteAdmin):
    list_display = ["title", "stage", "workstream", "project", "created"]
    search_fields = ["title", "what_was_learned", "what_changed", "learned_by_name"]


@admin.register(EndOfStageReport)
class EndOfStageReportAdmin(NoDeleteAdmin):
    list_display = ["stage", "status", "submitted_at", "stage_closed_at"]
    list_filter = ["status"]
    readonly_fields = ["status", "prepared_by", "submitted_at", "delivery_board_decided_by",
                       "delivery_board_decided_at", "partnership_board_decided_by", "partnership_board_decided_at",
                       "decision_note", "stage_closed_at"]


@admin.register(WorkstreamLifecycle)
class WorkstreamLifecycleAdmin(NoDeleteAdmin):
    list_display = ["workstream", "status", "started_at", "closed_at"]
    list_filter = ["status"]
    readonly_fields = ["status", "started_by", "started_at", "closed_by", "closed_at"]


@admin.register(ProgrammeClosure)
class ProgrammeClosureAdmin(NoDeleteAdmin):
    list_display = ["__str__", "status", "submitted_at", "decided_at", "disbanded_at"]
    readonly_fields = ["status", "notified_by", "notified_at", "review_by", "redeployment_confirmed_by",
                       "submitted_by", "submitted_at", "decided_by", "decided_at", "decision_note", "disbanded_by",
                       "disbanded_at"]

    def has_add_permission(self, request, *args):
        return False  # notified on the closure page, once


class EiaCharacteristicInline(admin.TabularInline):
    model = EiaCharacteristic
    extra = 0
    fields = ["characteristic", "impact", "evidence", "mitigation"]
    can_delete = False


@admin.register(EqualityImpactAssessment)
class EqualityImpactAssessmentAdmin(NoDeleteAdmin):
    list_display = ["title", "workstream", "status", "created"]
    list_filter = ["status"]
    search_fields = ["title", "service_change", "summary"]
    readonly_fields = ["status", "created_by", "signed_off_by", "signed_off_at", "decided_by", "decided_at",
                       "decision_note"]
    inlines = [EiaCharacteristicInline]


class QualityReviewInline(admin.TabularInline):
    model = QualityReview
    extra = 0
    fields = ["reviewer", "reviewed_on", "outcome", "comments"]
    can_delete = False


@admin.register(QualityCriterion)
class QualityCriterionAdmin(NoDeleteAdmin):
    list_display = ["product", "workstream", "reviewer"]
    list_filter = ["reviewer"]
    search_fields = ["product", "acceptance_criteria"]
    inlines = [QualityReviewInline]
