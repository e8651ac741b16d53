"""The LLR Programme Plan, from the PID's stages (s3.3) and the Points of Access Full Business Case's
implementation (seed 004, s5: mobilisation, Phase 1 Standardisation with detailed co-design, Phase 2 Integration,
Phase 3 Service Migration; s5.2: readiness 6-10 months, integration 10, migration 10; s7.8: the programme depends on
Mobile Working within LPT Community Health).

Where the source gives a date it is used, moved by ``core.demo.Calendar`` like every demo date (the FBC's spend
starts in 2016/17 Q2, so Phase 1 starts in July 2016 and the 30 months run to December 2018). The mobilisation tasks
have no dates in the source: they are placed in the weeks before Phase 1. The plan was baselined when the end-of-stage
report of Delivery stage 1 was approved; two mobilisation items have slipped since and are late. Idempotent: an item
already present (found by its title) is left as it is.
"""

import datetime

from django.utils import timezone

from benefits.models import Benefit
from business_cases.models import BusinessCase
from core import demo
from core.models import User
from lifecycle.models import EndOfStageReport
from plan.choices import BaselineReason, DependencyType, ExternalKind, ItemKind, ItemStatus, Level
from plan.models import Baseline, BaselineEntry, ExternalDependency, PlanDependency, PlanItem
from programme.models import Project, Stage

POA = "Integrating LLR Points of Access"
FS, SS, FF = DependencyType.FINISH_TO_START, DependencyType.START_TO_START, DependencyType.FINISH_TO_FINISH

# (title, kind, start, baseline (the date in the Delivery stage 1 baseline), forecast, outputs); None: no start.
POA_ITEMS = [
    ("Programme mobilisation documents approved by the Programme Board", ItemKind.MILESTONE, None, (2016, 6, 17),
     (2016, 6, 17), "The PID, programme plan and cost model baselining all programme activities; roles and "
     "responsibilities; the RAID log; the programme board set up to manage the implementation phases (s5.1.1.1)."),
    ("Skills and capacity assessment", ItemKind.DELIVERABLE, (2016, 5, 2), (2016, 6, 3), (2016, 7, 15),
     "How much of the teams' time is available to the programme, what additional resource is needed and how it "
     "is sourced, and which organisation hosts the programme team (s5.1.1.2)."),
    ("Programme Management Office set up", ItemKind.DELIVERABLE, (2016, 6, 6), (2016, 6, 24), (2016, 7, 29),
     "Programme Manager, Programme Support and Change Manager in post; governance controls, stakeholder "
     "engagement, benefits tracking, change and RAID management (s5.1.1.3)."),
    ("Phase 1 – Standardisation", ItemKind.DELIVERABLE, (2016, 7, 1), (2017, 4, 30), (2017, 4, 30),
     "Business processes re-designed with standard operating procedures and performance metrics; business user "
     "requirements; a benefits baseline and measurement method; the estates strategy (s5.1.2)."),
    ("Detailed co-design", ItemKind.DELIVERABLE, (2016, 7, 1), (2017, 3, 31), (2017, 3, 31),
     "The optimal approach for integration and co-location, and a more detailed business case (s5.1.2)."),
    ("Detailed business case approved", ItemKind.MILESTONE, None, (2017, 4, 28), (2017, 4, 28),
     "The programme board's decision on the configuration and phasing of integration and co-location (s5.1.3)."),
    ("ICT configuration and integration", ItemKind.DELIVERABLE, (2017, 5, 1), (2018, 2, 28), (2018, 2, 28),
     "ICT reconfigured and integrated, and any additional ICT (a capacity management system) procured, to the "
     "business user requirements of Phase 1 (s5.1.3)."),
    ("Phase 2 – Integration", ItemKind.DELIVERABLE, (2017, 5, 1), (2018, 2, 28), (2018, 2, 28),
     "One governance structure; management events; light-touch multi-skilling of co-located teams (s5.1.3)."),
    ("Integrated point of access for adult social care and community services", ItemKind.STEP_CHANGE, None,
     (2018, 2, 28), (2018, 2, 28),
     "Leicestershire County and Leicester City Adult Social Care contact centres and LPT Community Services SPA "
     "working as an integrated point of access (s7.6.1.2)."),
    ("Phase 3 – Service Migration", ItemKind.STEP_CHANGE, (2018, 3, 1), (2018, 12, 31), (2018, 12, 31),
     "The remaining standardised Health and ASC customer services migrated to the agreed locations (s5.1.4)."),
]
POA_LINKS = [
    ("Skills and capacity assessment", "Programme Management Office set up", FS),
    ("Programme mobilisation documents approved by the Programme Board", "Phase 1 – Standardisation", FS),
    ("Phase 1 – Standardisation", "Detailed co-design", SS),
    ("Detailed co-design", "Detailed business case approved", FS),
    ("Detailed business case approved", "Phase 2 – Integration", FS),
    ("Phase 1 – Standardisation", "ICT configuration and integration", FS),
    ("Phase 2 – Integration", "ICT configuration and integration", SS),
    ("Phase 2 – Integration", "Integrated point of access for adult social care and community services", FF),
    ("Phase 2 – Integration", "Phase 3 – Service Migration", FS),
]
LATE = {"Skills and capacity assessment", "Programme Management Office set up"}


def _user(username):
    return User.objects.filter(username=username).first()


def _item(title, **values):
    found = PlanItem.objects.filter(title=title).first()
    if found is not None:
        return found
    item = PlanItem(title=title, **values)
    item._change_reason = "Demo data"
    item.save()
    return item


def _status(forecast, today, late=False):
    if late:
        return ItemStatus.LATE
    return ItemStatus.ON_TRACK if forecast - today < datetime.timedelta(weeks=26) else ItemStatus.NOT_STARTED


def load(partnership):
    if partnership.slug != "llr":
        return
    moved = demo.calendar_for(partnership)
    today = timezone.localdate()
    pmo, manager = _user("pmo.llr"), _user("pm.poa.llr")
    items = {}
    # Programme level: the end of each stage of PID s3.3.
    for stage in Stage.objects.order_by("sequence"):
        done = stage.end < today
        items[stage.name] = _item(
            f"End of {stage.name}", kind=ItemKind.MILESTONE, level=Level.PROGRAMME, stage=stage, owner=pmo,
            baseline_date=stage.end, forecast_date=stage.end, actual_date=stage.end if done else None,
            status=ItemStatus.COMPLETE if done else _status(stage.end, today),
            outputs="The stage closed on its end-of-stage report (PID s3.3).")
    poa = Project.objects.filter(name=POA).first()
    if poa is None:
        return
    stages = list(Stage.objects.order_by("sequence"))
    for title, kind, start, baseline, forecast, outputs in POA_ITEMS:
        start_day = moved.date(start) if start else None
        forecast_day = moved.date(forecast)
        late = title in LATE
        stage = next((s for s in stages if s.start <= forecast_day <= s.end), None)
        items[title] = _item(
            title, kind=kind, level=Level.PROJECT, project=poa, stage=stage, owner=manager, outputs=outputs,
            start_date=start_day, baseline_date=moved.date(baseline), forecast_date=forecast_day,
            status=_status(forecast_day, today, late))
    for before, after, type_ in POA_LINKS:
        PlanDependency.objects.get_or_create(predecessor=items[before], successor=items[after],
                                             defaults={"type": type_})
    ict = items["ICT configuration and integration"]
    if not ict.external_dependencies.exists():
        ExternalDependency.objects.create(
            item=ict, title="Mobile Working within LPT Community Health", kind=ExternalKind.PROGRAMME,
            owner="LPT Community Health", due_date=ict.start_date,
            note="The FBC (s7.8) names it: this programme depends on it and it depends on this programme.")
    step = items["Integrated point of access for adult social care and community services"]
    step.delivered_by.add(poa)
    step.benefits.add(*Benefit.objects.filter(projects=poa))
    step.business_cases.add(*BusinessCase.objects.filter(project=poa))
    _baseline_at_end_of_stage_one(moved)


def _baseline_at_end_of_stage_one(moved):
    report = EndOfStageReport.objects.filter(stage__name="Delivery stage 1").select_related("stage").first()
    if report is None or Baseline.objects.filter(end_of_stage_report=report).exists():
        return
    baseline = Baseline(label=f"End of {report.stage}", reason=BaselineReason.END_OF_STAGE, stage=report.stage,
                        end_of_stage_report=report, taken_by=report.partnership_board_decided_by,
                        taken_at=report.partnership_board_decided_at or timezone.now())
    baseline.save()
    BaselineEntry.objects.bulk_create([
        BaselineEntry(tenant_id=baseline.tenant_id, baseline=baseline, item=item, ref=item.ref, title=item.title,
                      kind=item.kind, status=item.status, start_date=item.start_date, baseline_date=item.baseline_date)
        for item in PlanItem.objects.exclude(baseline_date__isnull=True)
    ])
