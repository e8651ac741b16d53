"""The programme's lifecycle as actions (PID s3.3, s3.6, Appendix 3): each guarded by the tenant's RACI matrix.

Every function takes the acting user and runs in one transaction: the item's state first (``WrongState``,
409), then ``user.has_perm`` (``PermissionRefused``, 403 naming the roles that may), then the input
(``ValidationError``, 400). Each Appendix 3 process carried out leaves a ``LifecycleAction`` and tells the
process's consulted and informed (C, I) roles through ``notifications.notify_raci``. The stateful items (the
end-of-stage report, programme closure) follow their tables in ``lifecycle.workflows``, whose ``check`` is their
guard; the one permission check is ``core.rules.require``.

The boards' steps (an end-of-stage report's decisions, the programme's closure, an Appendix 3 process the PID gives
to a board: ``lifecycle.boards``) are the boards' (PID s3.2): they take ``how`` (``meetings.decisions.HowDecided``:
the board's meeting, or a chair's action with its reason), are refused to all but the board's chair and the PMO
(403) before anything else, and enter the board's decisions log (``meetings.decisions.record``) in the step's
transaction. Whoever may record is asked for the decision, and the decision settles that request.

What stops a workstream or project closing, beyond its open projects, and what it must hand over, come from the
apps that own them through ``core.registry`` (``closure_checks``, ``handovers``): nothing here names them.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from core import notifications, registry, rules, signals
from core.exceptions import WrongState
from core.models import RaciEntry
from core.tenancy import get_current_tenant
from lifecycle import boards
from lifecycle.choices import ActionKind, ClosureStatus, Decision, ReportStatus, WorkstreamStatus
from lifecycle.models import EndOfStageReport, LifecycleAction, ProgrammeClosure, WorkstreamLifecycle
from meetings import decisions
from programme.choices import ProjectStage, StageStatus
from programme.models import Project, Stage, Workstream

from . import permissions as perms
from . import workflows
from .workflows import CLOSURE, CLOSURE_PROCESSES, REPORT

OPEN_REPORT = (ReportStatus.DRAFT, ReportStatus.SUBMITTED, ReportStatus.DELIVERY_APPROVED)
AWAITING_DECISION = "lifecycle.awaiting_decision"
REPORT_AWAITING = "lifecycle.report_awaiting"  # an end-of-stage report asks its board's recorders to decide
CLOSURE_AWAITING = "lifecycle.closure_awaiting"


def _save(obj, user, reason):
    obj._history_user = user
    obj._change_reason = reason[:100]  # the history's reason column holds 100 characters
    obj.save()
    return obj


def _name(user):
    return user.get_full_name() or user.username


def process_name(key):
    name = perms.PROCESS_NAMES.get(key)
    if name is None:
        name = RaciEntry.objects.filter(process=key).values_list("process_name", flat=True).first() or key
    return name


def candidate(**where):
    """An unsaved action in the active tenant: the object a permission is asked of before anything exists."""
    return LifecycleAction(tenant=get_current_tenant(), **where)


# Any Appendix 3 process: perform (R), decide (A) ------------------------------------------------------------

def check_process(key):
    if key not in perms.PROCESS_NAMES:
        raise ValidationError({"process": [f"'{key}' is not a process of PID Appendix 3."]})


def record(user, key, kind=ActionKind.PERFORMED, note="", target="", decides=None, decision="", tell=True, ask=True,
           **where):
    """Write the ``LifecycleAction`` of ``key`` and tell its roles: the consulted (C) are asked for their view, the
    informed (I) are told, and, of something newly performed (unless ``ask`` is False: the step asks itself), the
    accountable (A) are asked to decide; for a board's process, whoever may record the board's decision."""
    action = LifecycleAction(
        tenant=get_current_tenant(), process=key, process_name=process_name(key), kind=kind, actor=user,
        note=(note or "").strip(), target=(target or "")[:200], decides=decides, decision=decision, **where,
    )
    _save(action, user, f"{action.process_name}: {action.get_kind_display().lower()}")
    if tell:
        verb = "performed" if kind == ActionKind.PERFORMED else f"decided ({action.get_decision_display().lower()})"
        subject = f"{action.process_name.capitalize()}: {verb} by {_name(user)}"
        body = (f"{_name(user)} {verb} '{action.process_name}'" + (f" for {action.target}" if action.target else "")
                + "." + (f"\n\n{action.note}" if action.note else ""))
        link = reverse("lifecycle:process", args=[key])
        consulted = notifications.notify_raci(
            key, action, subject, body + "\n\nYou are consulted (RACI: C): comment on the process's page.",
            letters="C", exclude=[user], link=link, kind="lifecycle.consulted")
        notifications.notify_raci(key, action, subject, body, letters="I",
                                  exclude=[user, *(row.recipient for row in consulted)], link=link,
                                  kind="lifecycle.informed")
        if kind == ActionKind.PERFORMED and ask:
            _ask_to_decide(user, key, action, subject, body, link)
    return action


def _ask_to_decide(user, key, action, subject, body, link):
    kind = boards.PROCESS_BOARDS.get(key)
    if kind is None:
        notifications.notify_raci(key, action, subject, body + "\n\nYou are accountable (RACI: A).",
                                  letters="A", exclude=[user], link=link, kind=AWAITING_DECISION)
        return
    board = decisions.board(kind)
    notifications.notify_deciders(
        perms.decide_perm(key), action, subject,
        body + f"\n\nThe {board} decides this as a board: record its decision, taken at one of its meetings or by "
        "chair's action.", link=link, kind=AWAITING_DECISION, exclude=[user])


def _performed(key, action, undecided=False):
    """``action`` checked to be something performed for ``key``, or the latest such (undecided, if asked)."""
    if action is None:
        found = LifecycleAction.objects.filter(process=key, kind=ActionKind.PERFORMED)
        if undecided:
            found = found.exclude(decisions__kind=ActionKind.DECIDED)
        action = found.order_by("-created", "-pk").first()
        if action is None:
            wanted = "awaits a decision" if undecided else "has been performed to comment on"
            raise WrongState(f"Nothing for '{process_name(key)}' {wanted}.")
    if action.process != key or action.kind != ActionKind.PERFORMED:
        raise WrongState("Only a performed action of this process can be decided or commented on.")
    return action


def perform(user, key, note="", target="", **where):
    """Carry out Appendix 3 process ``key`` (R)."""
    check_process(key)
    with transaction.atomic():
        rules.require(user, perms.perform_perm(key), candidate(process=key, **where))
        return record(user, key, note=note, target=target, **where)


def decide(user, key, action=None, decision=Decision.APPROVE, note="", how=None):
    """Approve or reject (A) what was performed for ``key``: ``action``, or the latest undecided one. A board's
    process (``boards.PROCESS_BOARDS``) is the board's decision, recorded ``how`` it was taken."""
    check_process(key)
    body = boards.recorder_board(user, boards.PROCESS_BOARDS.get(key))
    with transaction.atomic():
        action = _performed(key, action, undecided=True)
        if action.decisions.filter(kind=ActionKind.DECIDED).exists():
            raise WrongState("This action has already been decided.")
        rules.require(user, perms.decide_perm(key), action)
        if decision not in Decision.values:
            raise ValidationError({"decision": [f"Decide {' or '.join(Decision.values)}."]})
        if body is not None:
            decisions.record(body, user, action, decision, how)
        notifications.mark_settled(action, AWAITING_DECISION)
        return record(user, key, ActionKind.DECIDED, note=note, target=action.target, decides=action,
                      decision=decision, stage=action.stage, workstream=action.workstream, project=action.project)


def comment(user, key, action=None, note=""):
    """A consulted role (C) gives its view on what was performed for ``key``: ``action``, or the latest one.
    The performer and the accountable roles (A) are told (of a board's process, whoever records its decision)."""
    check_process(key)
    with transaction.atomic():
        action = _performed(key, action)
        rules.require(user, perms.comment_perm(key), action)
        note = (note or "").strip()
        if not note:
            raise ValidationError({"note": ["Write the comment."]})
        done = record(user, key, ActionKind.COMMENTED, note=note, target=action.target, decides=action, tell=False,
                      stage=action.stage, workstream=action.workstream, project=action.project)
        accountable = (rules.users_with_perm(perms.decide_perm(key), action) if key in boards.PROCESS_BOARDS
                       else rules.role_holders(key, "A", action))
        notifications.notify(
            [action.actor, *accountable], f"{action.process_name.capitalize()}: comment from {_name(user)}",
            note, link=reverse("lifecycle:process", args=[key]), obj=done, kind="lifecycle.commented")
        return done


def may(user, key):
    """(may perform, may decide, may comment on) ``key`` at the tenant's scope, for the pages."""
    obj = candidate(process=key)
    return tuple(user.has_perm(perm(key), obj) for perm in (perms.perform_perm, perms.decide_perm, perms.comment_perm))


# The RACI matrix itself (the PMO keeps it, with history) ------------------------------------------------------

def _baseline(entry, letters):
    """The matrix is seeded in bulk, without history rows: keep the seeded letters as the first row before the
    first edit, so that the edit's history shows what it changed."""
    if entry.history.exists():
        return
    values = {field.attname: getattr(entry, field.attname) for field in RaciEntry._meta.concrete_fields}
    values["letters"] = letters
    RaciEntry.history.model.all_tenants.create(**values, history_date=timezone.now(), history_type="+",
                                               history_change_reason="As seeded")


def set_letters(user, changes, reason=""):
    """Set the letters of matrix cells: ``changes`` maps ``RaciEntry`` to new letters (R, A, C, I; blank for none).
    All or nothing; each changed cell keeps who, when and why in its history. Who may act changes at once."""
    with transaction.atomic():
        errors, changed = [], []
        for entry, letters in changes.items():
            entry = RaciEntry.objects.select_for_update().get(pk=entry.pk)
            rules.require(user, perms.RACI_CHANGE, entry)
            old = entry.letters
            entry.letters = (letters or "").strip().upper()
            try:
                entry.full_clean(exclude=["tenant", "process", "process_name", "group", "role"])
            except ValidationError:
                errors.append(f"{entry.get_role_display()}: use each of R, A, C and I at most once.")
                continue
            if set(entry.letters) != set(old):  # "AR" as seeded is "RA" as written: the same letters
                changed.append((entry, old))
        if errors:
            raise ValidationError({"letters": errors})
        for entry, old in changed:
            _baseline(entry, old)
            why = (reason or "").strip() or f"{entry.get_role_display()}: {old or '-'} → {entry.letters or '-'}"
            _save(entry, user, why[:100])
        keepers = RaciEntry.objects.filter(process=perms.RACI_KEEPER, letters__contains="R")
        if not keepers.exists():
            raise ValidationError({"letters": [
                f"Some role must keep R for '{process_name(perms.RACI_KEEPER)}', or nobody could edit the matrix."]})
        rules.clear_access_cache(user)
        return [entry for entry, _ in changed]


# Stages and end-of-stage reports (PID s3.3) -----------------------------------------------------------------

REPORT_FIELDS = ("changes_delivered", "benefits_delivered", "next_stage_plan", "risks_summary")


def _locked_report(report):
    return EndOfStageReport.objects.select_for_update(of=("self",)).select_related("stage").get(pk=report.pk)


def next_stage(stage):
    return Stage.objects.filter(sequence__gt=stage.sequence).order_by("sequence").first()


def prepare_report(user, stage, lessons=None, **values):
    """The Programme Director drafts the end-of-stage report of ``stage`` (R for 'prepare for the next stage')."""
    with transaction.atomic():
        if stage.status == StageStatus.CLOSED:
            raise WrongState(f"{stage} is closed.")
        if EndOfStageReport.objects.filter(stage=stage, status__in=OPEN_REPORT).exists():
            raise WrongState(f"{stage} already has an end-of-stage report in progress.")
        report = EndOfStageReport(tenant=get_current_tenant(), stage=stage, prepared_by=user)
        rules.require(user, perms.EOS_PREPARE, report)
        for name in REPORT_FIELDS:
            setattr(report, name, (values.get(name) or "").strip())
        _save(report, user, "Prepared")
        if lessons is not None:
            report.lessons.set(lessons)
        return report


def update_report(report, user, lessons=None, **values):
    with transaction.atomic():
        report = _locked_report(report)
        REPORT.check(user, report, "edit")
        for name in REPORT_FIELDS:
            if name in values:
                setattr(report, name, (values[name] or "").strip())
        report.status = ReportStatus.DRAFT
        _save(report, user, "Edited")
        if lessons is not None:
            report.lessons.set(lessons)
        return report


def submit_report(report, user):
    """Put the report to the Delivery Board (and consult the process's C roles)."""
    with transaction.atomic():
        report = _locked_report(report)
        REPORT.check(user, report, "submit")
        missing = [name for name in ("changes_delivered", "next_stage_plan") if not getattr(report, name)]
        if missing:
            raise ValidationError({name: ["Needed before the report goes to the Delivery Board."] for name in missing})
        report.status = ReportStatus.SUBMITTED
        report.submitted_at = timezone.now()
        _save(report, user, "Submitted to the Delivery Board")
        record(user, "prepare_for_the_next_stage", target=str(report.stage), stage=report.stage)
        _ask_board(report, "delivery_board")
        return report


def _ask_board(report, board):
    deciders = rules.users_with_perm(REPORT[board].perm, report)
    notifications.notify(
        deciders, f"End-of-stage report for {report.stage} awaits your decision",
        f"The end-of-stage report for {report.stage} asks approval to proceed to the next stage.",
        link=reverse("lifecycle:report", args=[report.pk]), obj=report, kind=REPORT_AWAITING,
    )


def decide_report(report, user, board, decision, note="", how=None):
    """The Delivery Board, then the Partnership Board, approves progression, each as a board: recorded by its chair
    or the PMO, ``how`` it was decided (at its meeting or by chair's action), in its decisions log."""
    if board not in workflows.BOARDS:
        raise ValidationError({"board": ["Use delivery_board or partnership_board."]})
    body = boards.recorder_board(user, boards.REPORT_BOARDS[board])
    with transaction.atomic():
        report = _locked_report(report)
        REPORT.check(user, report, board)
        if decision not in Decision.values:
            raise ValidationError({"decision": [f"Decide {' or '.join(Decision.values)}."]})
        if decision == Decision.REJECT and not (note or "").strip():
            raise ValidationError({"note": ["Say why, for the Programme Director."]})
        decisions.record(body, user, report, decision, how)
        setattr(report, f"{board}_decided_by", user)
        setattr(report, f"{board}_decided_at", timezone.now())
        report.decision_note = (note or "").strip()
        if decision == Decision.REJECT:
            report.status = ReportStatus.REJECTED
        else:
            report.status = ReportStatus.DELIVERY_APPROVED if board == "delivery_board" else ReportStatus.APPROVED
        _save(report, user, f"{Decision(decision).label} by the {board.replace('_', ' ').title()}")
        notifications.mark_settled(report, REPORT_AWAITING)
        record(user, "approve_end_of_stage", ActionKind.DECIDED, note=note, target=str(report.stage),
               decision=decision, stage=report.stage, tell=False)
        if report.status == ReportStatus.DELIVERY_APPROVED:
            _ask_board(report, "partnership_board")
        if report.status == ReportStatus.APPROVED:
            signals.end_of_stage_report_approved.send(sender=type(report), report=report, user=user)
        notifications.notify(
            [report.prepared_by], f"End-of-stage report for {report.stage}: {report.get_status_display().lower()}",
            report.decision_note, link=reverse("lifecycle:report", args=[report.pk]), obj=report,
            kind="lifecycle.report_decided",
        )
        return report


def close_stage(report, user, note=""):
    """Review at end of stage and close the stage (R): only once both boards approved; the next stage starts."""
    with transaction.atomic():
        report = _locked_report(report)
        report.stage = stage = Stage.objects.select_for_update().get(pk=report.stage_id)
        REPORT.check(user, report, "close")
        stage.status = StageStatus.CLOSED
        _save(stage, user, "Closed after its end-of-stage report was approved")
        following = next_stage(stage)
        if following is not None and following.status == StageStatus.PLANNED:
            following.status = StageStatus.ACTIVE
            _save(following, user, f"Started: the end-of-stage report of {stage} was approved")
        report.stage_closed_at = timezone.now()
        _save(report, user, "Stage closed")
        target = f"{stage} → {following}" if following else str(stage)
        record(user, "review_at_end_of_stage_and_close_the_stage", note=note, target=target, stage=stage)
        return report


# Workstreams and projects: start and close (Appendix 3) ------------------------------------------------------

def workstream_status(workstream):
    found = WorkstreamLifecycle.objects.filter(workstream=workstream).first()
    return found.status if found else WorkstreamStatus.ACTIVE


def start_workstream(user, name, kind, description="", sro=None, lead=None, note=""):
    with transaction.atomic():
        rules.require(user, perms.START, candidate(process="start_workstreams_and_projects"))
        workstream = Workstream(tenant=get_current_tenant(), name=(name or "").strip(), kind=kind,
                                description=description or "", sro=sro, lead=lead)
        workstream.full_clean(exclude=["tenant"])
        if Workstream.objects.filter(name__iexact=workstream.name).exists():
            raise ValidationError({"name": [f"There is already a workstream called '{workstream.name}'."]})
        _save(workstream, user, "Started")
        _save(WorkstreamLifecycle(tenant=workstream.tenant, workstream=workstream, status=WorkstreamStatus.ACTIVE,
                                  started_by=user, started_at=timezone.now()), user, "Started")
        record(user, "start_workstreams_and_projects", note=note, target=f"Workstream {workstream}",
               workstream=workstream)
        return workstream


def start_project(user, workstream, name, description="", manager=None, note=""):
    """A new project starts in Starting Up (its business case then authorises Initiating, PID s3.4.2)."""
    with transaction.atomic():
        if workstream_status(workstream) == WorkstreamStatus.CLOSED:
            raise WrongState(f"{workstream} is closed: no project can start in it.")
        rules.require(user, perms.START, candidate(process="start_workstreams_and_projects", workstream=workstream))
        project = Project(tenant=get_current_tenant(), workstream=workstream, name=(name or "").strip(),
                          description=description or "", manager=manager, stage=ProjectStage.STARTING_UP)
        project.full_clean(exclude=["tenant"])
        if Project.objects.filter(workstream=workstream, name__iexact=project.name).exists():
            raise ValidationError({"name": [f"{workstream} already has a project called '{project.name}'."]})
        _save(project, user, "Started")
        record(user, "start_workstreams_and_projects", note=note, target=f"Project {project}",
               workstream=workstream, project=project)
        return project


def open_blockers(target):
    """Why ``target`` (a workstream or project) cannot close yet, whatever it hands over: its projects not closed,
    and what each app's registered closure check finds (e.g. risks still on its register, neither closed nor
    transferred to another)."""
    reasons = []
    if not isinstance(target, Project):
        for project in Project.objects.filter(workstream=target).exclude(stage=ProjectStage.CLOSED):
            reasons.append(f"Project '{project}' is not closed.")
    for check in registry.closure_checks():
        reasons += check.blockers(target)
    return reasons


def closure_blockers(target, handed_over=()):
    """Every reason ``target`` cannot close yet: ``open_blockers``, then each item it has still to hand over (a
    benefit not embedded nor given a new owner) unless it is among ``handed_over``."""
    return open_blockers(target) + [
        f"{_noun(item).capitalize()} {item.ref} has not been handed over: embed it or give it a new owner."
        for _, item in to_hand_over(target) if item not in handed_over
    ]


def to_hand_over(target):
    """``(handover, item)`` for each item ``target`` must hand over before it closes (its benefits), from every
    app's registered handover (``core.registry.handovers``), in the registry's order."""
    return [(handover, item) for handover in registry.handovers() for item in handover.items(target)]


def find_to_hand_over(pk):
    """The item numbered ``pk`` that a registered handover finds (of the active partnership, readable), or None."""
    for handover in registry.handovers():
        item = handover.find(pk)
        if item is not None:
            return item
    return None


def _noun(item):
    """What an item is, in words: its model's name ("benefit")."""
    meta = getattr(item, "_meta", None)
    return str(meta.verbose_name) if meta is not None else "item"


def close(user, target, note="", handovers=None):
    """Close a workstream or project (R for 'close workstreams and projects'). ``handovers`` maps items it must
    hand over (its benefits, ``to_hand_over``) to their new owners, recorded by the app that owns them. Refused
    (409, with every reason) while anything is open."""
    is_project = isinstance(target, Project)
    with transaction.atomic():
        target = type(target).objects.select_for_update().get(pk=target.pk)
        closed = target.stage == ProjectStage.CLOSED if is_project else workstream_status(target) == "closed"
        if closed:
            raise WrongState(f"{target} is already closed.")
        where = {"project": target, "workstream": target.workstream} if is_project else {"workstream": target}
        rules.require(user, perms.CLOSE, candidate(process="close_workstreams_and_projects", **where))
        due = {item: handover for handover, item in to_hand_over(target)}
        for item, owner in (handovers or {}).items():
            if item not in due:
                raise ValidationError({"handovers": [f"{item.ref} is not a {_noun(item)} {target} has to hand over."]})
            if owner is None or owner.pk == item.owner_id:
                raise ValidationError({"handovers": [f"Give {item.ref} a new owner to hand it over."]})
            due[item].hand_over(item, owner, user, f"Handed over to {_name(owner)} on closing {target}")
        reasons = closure_blockers(target, set(handovers or {}))
        if reasons:
            raise WrongState(f"{target} cannot close yet: " + " ".join(reasons))
        if is_project:
            target.stage = ProjectStage.CLOSED
            _save(target, user, "Closed")
        else:
            lifecycle, _ = WorkstreamLifecycle.objects.get_or_create(
                workstream=target, defaults={"tenant": target.tenant, "status": WorkstreamStatus.ACTIVE})
            lifecycle.status = WorkstreamStatus.CLOSED
            lifecycle.closed_by = user
            lifecycle.closed_at = timezone.now()
            lifecycle.closure_note = (note or "").strip()
            _save(lifecycle, user, "Closed")
        record(user, "close_workstreams_and_projects", note=note,
               target=f"{'Project' if is_project else 'Workstream'} {target}", **where)
        return target


# Programme closure (PID s3.6) ---------------------------------------------------------------------------------

def current_closure():
    return ProgrammeClosure.objects.first()


def closure_step(user, step, text="", decision=Decision.APPROVE, how=None):
    """One step (``workflows.CLOSURE``) of closing the programme; returns the ``ProgrammeClosure``. The decision
    (``decide``) is the Partnership Board's, recorded by its chair or the PMO ``how`` it was taken."""
    key = CLOSURE_PROCESSES[step]
    body = boards.recorder_board(user, boards.CLOSURE_BOARD) if step == "decide" else None
    with transaction.atomic():
        closure = ProgrammeClosure.objects.select_for_update().first() or ProgrammeClosure(tenant=get_current_tenant())
        CLOSURE.check(user, closure, step)
        text = (text or "").strip()
        now = timezone.now()
        if step == "notify":
            closure.notified_by, closure.notified_at = user, now
        elif step == "report":
            if not text:
                raise ValidationError({"text": ["Write the closure report."]})
            closure.closure_report = text
        elif step == "review":
            if not text:
                raise ValidationError({"text": ["Write the post-implementation review."]})
            closure.post_implementation_review, closure.review_by = text, user
        elif step == "redeploy":
            waiting = [reason for check in registry.closure_checks() if check.unredeployed
                       for reason in check.unredeployed()]
            if waiting:
                raise ValidationError({"text": waiting})
            closure.redeployment_confirmed, closure.redeployment_note = True, text
            closure.redeployment_confirmed_by = user
        elif step == "submit":
            missing = {}
            if not closure.closure_report:
                missing["closure_report"] = ["The closure report is needed."]
            if not closure.post_implementation_review:
                missing["post_implementation_review"] = ["The post-implementation review is needed."]
            if not closure.redeployment_confirmed:
                missing["redeployment_confirmed"] = ["Redeployment of all programme resource must be confirmed."]
            if missing:
                raise ValidationError(missing)
            closure.status, closure.submitted_by, closure.submitted_at = ClosureStatus.SUBMITTED, user, now
        elif step == "decide":
            if decision not in Decision.values:
                raise ValidationError({"decision": [f"Decide {' or '.join(Decision.values)}."]})
            closure.status = ClosureStatus.APPROVED if decision == Decision.APPROVE else ClosureStatus.REJECTED
            closure.decided_by, closure.decided_at, closure.decision_note = user, now, text
            decisions.record(body, user, closure, decision, how)
        elif step == "disband":
            closure.status, closure.disbanded_by, closure.disbanded_at = ClosureStatus.DISBANDED, user, now
        _save(closure, user, f"Closure: {step}")
        submitted = None
        if step == "decide":
            notifications.mark_settled(closure, CLOSURE_AWAITING)
            submitted = (LifecycleAction.objects.filter(process=key, kind=ActionKind.PERFORMED)
                         .exclude(decisions__kind=ActionKind.DECIDED).order_by("-created", "-pk").first())
            if submitted is not None:
                notifications.mark_settled(submitted, AWAITING_DECISION)
        kind = ActionKind.DECIDED if step == "decide" else ActionKind.PERFORMED
        # The submission asks the board itself (below), so its action does not ask again.
        record(user, key, kind, note=text, target="Programme closure", decides=submitted,
               decision=decision if step == "decide" else "", ask=step != "submit")
        if step == "submit":
            notifications.notify(
                rules.users_with_perm(perms.APPROVE_CLOSURE, closure), "Programme closure awaits your approval",
                "The closure report, post-implementation review and confirmation of redeployment are ready.",
                link=reverse("lifecycle:closure"), obj=closure, kind=CLOSURE_AWAITING)
        return closure
