"""A highlight report: a project's or a workstream's position for one reporting period (PID s3: "progress
monitoring, reporting and forecasting"), in five dimensions, each with the author's RAG, the RAG the registers
suggest, a one-line forecast and commentary."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from core import numbering
from core.models import TenantModel, tenant_history
from core.rules import Scope
from core.tenancy import get_current_tenant
from reporting import cycle
from reporting.choices import DIMENSIONS, Rag, ReportLevel, ReportStatus

REF_PREFIX = "HR"
EDITABLE = (ReportStatus.DRAFT, ReportStatus.RETURNED)


def _rag(verbose_name, **extra):
    return models.CharField(verbose_name, max_length=5, choices=Rag.choices, **extra)


def _user(**extra):
    return models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                             related_name="+", **extra)


class HighlightReport(TenantModel):
    """One version of a project's (or a workstream's) report for a period. The project manager (a workstream's
    lead) writes and submits it; the SRO signs it off or returns it with a reason. A signed-off version is frozen:
    reopening it starts the next version, a draft copy. ``prefill`` keeps the register facts the suggestions were
    computed from, as they stood when the report was last saved."""

    number = models.PositiveIntegerField(editable=False)
    ref = models.CharField(max_length=12, editable=False)
    level = models.CharField(max_length=12, choices=ReportLevel.choices, editable=False)
    workstream = models.ForeignKey("programme.Workstream", on_delete=models.PROTECT, related_name="+")
    project = models.ForeignKey("programme.Project", on_delete=models.PROTECT, null=True, blank=True,
                                related_name="+")
    period_start = models.DateField("period from", help_text="The first day of the reporting period.")
    period_end = models.DateField("period to", editable=False)
    due_date = models.DateField("due", editable=False)
    version = models.PositiveSmallIntegerField(default=1, editable=False)
    status = models.CharField(max_length=12, choices=ReportStatus.choices, default=ReportStatus.DRAFT,
                              editable=False)

    schedule_rag = _rag("schedule RAG")
    schedule_suggested = _rag("schedule RAG suggested", blank=True, editable=False)
    schedule_forecast = models.CharField("schedule forecast", max_length=200, blank=True)
    schedule_commentary = models.TextField("schedule commentary", blank=True)
    finance_rag = _rag("finance RAG")
    finance_suggested = _rag("finance RAG suggested", blank=True, editable=False)
    finance_forecast = models.CharField("finance forecast", max_length=200, blank=True)
    finance_commentary = models.TextField("finance commentary", blank=True)
    benefits_rag = _rag("benefits RAG")
    benefits_suggested = _rag("benefits RAG suggested", blank=True, editable=False)
    benefits_forecast = models.CharField("benefits forecast", max_length=200, blank=True)
    benefits_commentary = models.TextField("benefits commentary", blank=True)
    risks_rag = _rag("risks RAG")
    risks_suggested = _rag("risks RAG suggested", blank=True, editable=False)
    risks_forecast = models.CharField("risks forecast", max_length=200, blank=True)
    risks_commentary = models.TextField("risks commentary", blank=True)
    resources_rag = _rag("resources RAG")
    resources_suggested = _rag("resources RAG suggested", blank=True, editable=False)
    resources_forecast = models.CharField("resources forecast", max_length=200, blank=True)
    resources_commentary = models.TextField("resources commentary", blank=True)

    overall_rag = _rag("overall RAG")
    overall_suggested = _rag("overall RAG suggested", blank=True, editable=False)
    overall_commentary = models.TextField(
        "overall commentary", blank=True,
        help_text="Required when the overall RAG is amber or red or differs from the suggested (roll-up) RAG: "
                  "the reason for overriding it.")
    achievements = models.TextField("achievements this period", blank=True)
    plans_next = models.TextField("plans for next period", blank=True)
    decisions_needed = models.TextField("decisions needed", blank=True)
    escalations = models.TextField("issues for escalation", blank=True)
    prefill = models.JSONField(default=dict, blank=True, editable=False)

    author = _user(editable=False)
    submitted_by = _user(editable=False)
    submitted_at = models.DateTimeField(null=True, blank=True, editable=False)
    signed_off_by = _user(editable=False)
    signed_off_at = models.DateTimeField(null=True, blank=True, editable=False)
    returned_by = _user(editable=False)
    returned_at = models.DateTimeField(null=True, blank=True, editable=False)
    return_reason = models.TextField(blank=True, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    history = tenant_history(excluded_fields=["updated"])

    class Meta:
        ordering = ["-period_start", "workstream__name", "project__name", "-version"]
        indexes = [models.Index(fields=["tenant", "status", "period_start"], name="reporting_tenant_status_period")]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "number"], name="reporting_number_unique_per_tenant",
                                    violation_error_message="Another highlight report already has this number."),
            models.UniqueConstraint(fields=["project", "period_start", "version"], condition=Q(project__isnull=False),
                                    name="reporting_project_period_version_once",
                                    violation_error_message="This project already has this version of a report "
                                                            "for this period."),
            models.UniqueConstraint(fields=["workstream", "period_start", "version"],
                                    condition=Q(project__isnull=True),
                                    name="reporting_workstream_period_version_once",
                                    violation_error_message="This workstream already has this version of a "
                                                            "report for this period."),
            models.CheckConstraint(
                condition=Q(level=ReportLevel.PROJECT, project__isnull=False)
                | Q(level=ReportLevel.WORKSTREAM, project__isnull=True),
                name="reporting_level_matches_place",
                violation_error_message="A project report names its project; a workstream report names none."),
            *[models.CheckConstraint(condition=Q(**{f"{name}_rag__in": Rag.values}),
                                     name=f"reporting_{name}_rag_is_rag",
                                     violation_error_message=f"The {name} RAG is red, amber or green.")
              for name in [*DIMENSIONS, "overall"]],
        ]

    def __str__(self):
        return f"{self.ref} {self.place} {self.period_label}"

    def raci_scope(self):
        return Scope(workstream_id=self.workstream_id, project_id=self.project_id)

    def parties(self):
        """Separation of duties (``core.rules``): nobody signs off a report they wrote or submitted."""
        return {self.author_id: "wrote", self.submitted_by_id: "submitted"}

    @property
    def place(self):
        return self.project if self.project_id else self.workstream

    @property
    def period_label(self):
        months = (self.period_end.year - self.period_start.year) * 12 + self.period_end.month - \
            self.period_start.month + 1
        return cycle.period_label(self.period_start, months)

    @property
    def is_editable(self):
        return self.status in EDITABLE

    @property
    def is_frozen(self):
        return self.status == ReportStatus.SIGNED_OFF

    def rag_of(self, dimension):
        return getattr(self, f"{dimension}_rag")

    def dimensions(self):
        """[{key, label, rag, suggested, forecast, commentary, facts}] for the five dimensions."""
        facts = self.prefill.get("dimensions", {}) if isinstance(self.prefill, dict) else {}
        return [{"key": str(d), "label": d.label, "rag": getattr(self, f"{d}_rag"),
                 "suggested": getattr(self, f"{d}_suggested"), "forecast": getattr(self, f"{d}_forecast"),
                 "commentary": getattr(self, f"{d}_commentary"), "facts": facts.get(str(d), {}).get("facts", [])}
                for d in DIMENSIONS]

    def sync_place(self):
        if self.project_id and self.project is not None:
            self.workstream_id = self.project.workstream_id
        self.level = ReportLevel.PROJECT if self.project_id else ReportLevel.WORKSTREAM

    def commentary_errors(self):
        """{field: [message]} for every RAG that is amber or red, or differs from its suggestion, without
        commentary (the issue's rule; the overall RAG's commentary is the reason for overriding the roll-up)."""
        errors = {}
        for name in [*map(str, DIMENSIONS), "overall"]:
            rag, suggested = getattr(self, f"{name}_rag"), getattr(self, f"{name}_suggested")
            if getattr(self, f"{name}_commentary").strip():
                continue
            if rag in (Rag.RED, Rag.AMBER):
                errors[f"{name}_commentary"] = [f"Explain the {name} RAG: commentary is required for "
                                                f"{Rag(rag).label.lower()}."]
            elif suggested and rag and rag != suggested:
                errors[f"{name}_commentary"] = [f"Explain why the {name} RAG is {Rag(rag).label.lower()} when the "
                                                f"registers suggest {Rag(suggested).label.lower()}."]
        return errors

    def clean(self):
        self.sync_place()
        errors = {}
        for name in [*map(str, DIMENSIONS), "overall"]:
            value = getattr(self, f"{name}_rag")
            if value not in Rag.values:
                errors[f"{name}_rag"] = [f"Choose red, amber or green for {name} (not {value!r})."
                                         if value else f"Choose the {name} RAG: red, amber or green."]
        errors.update({key: value for key, value in self.commentary_errors().items() if key not in errors})
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        if self.tenant_id is None:
            self.tenant = get_current_tenant() or self.tenant
        self.sync_place()
        return numbering.number_and_save(self, REF_PREFIX,
                                         lambda: super(HighlightReport, self).save(*args, **kwargs))
