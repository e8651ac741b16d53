"""The five steps of change control (PID s4.7): log, assess, propose, decide, implement; and resubmitting a
deferred request as a new version.

Each function takes the acting user, runs in one transaction with the request's row locked, asks the workflow's
table (``change_control.workflows``) whether the request's state allows the step (``WrongState``, 409) and
whether the user may take it (``PermissionRefused``, 403, naming the roles that may, or separation of duties),
then checks the input (``ValidationError``, 400), so a refused step changes nothing. Who is told
what goes through ``core.notifications``: the PMO when a request arrives, the authority when it awaits
them (for the Delivery Board, those who record its decisions: its chair and the PMO), the consulted (C) roles
of the RACI matrix with the proposal, the originator of the decision ("the decision communicated back to the
originator") and the consulted and informed (C, I) roles of it.

A request the Delivery Board decides is the board's decision (PID s3.2, ``meetings.decisions``): its chair or the
PMO records it, at one of the board's meetings in progress or held (it enters that meeting's decisions log) or as a
chair's action with its reason; ``decide`` takes how (``how``, a ``meetings.decisions.HowDecided``).
"""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from change_control.choices import Authority, Decision, Kind, Priority, Status
from change_control.models import ChangeRequest
from change_control.rules import BOARD, PROCESS, affected_process, decided_as_board
from change_control.workflows import CHANGE, DECIDE, DECIDED_WORDS, IMPLEMENT, REQUEST, RESUBMIT
from core import notifications, rules, signals
from core.exceptions import PermissionRefused
from core.tenancy import get_current_tenant
from meetings import decisions

ADD = "change_control.add_changerequest"
AWAITING_DECISION = "change_control.awaiting_decision"  # a proposed request asks its authority to decide
IMPACT_FIELDS = ("programme", "business_case", "benefits", "risks", "resources")
MAX_COST = Decimal("999999999999.99")


def link(change_request):
    return reverse("change_control:detail", args=[change_request.pk])


def money(value):
    return "not assessed" if value is None else f"£{value:,.2f}"


def _locked(change_request):
    return ChangeRequest.objects.select_for_update(of=("self",)).get(pk=change_request.pk)


def _save(change_request, user, reason):
    change_request._history_user = user
    change_request._change_reason = reason
    change_request.save()


def _name(user):
    return user.get_full_name() or user.username


def check_step(change_request, user, step):
    """Refuse ``step`` on this request: 409 when its state forbids it, else 403 (naming the roles that may, or
    separation of duties) when ``user`` may not. The API calls it before reading a body; each step calls it
    again, row locked. Returns the table's row."""
    try:
        return REQUEST.check(user, change_request, step)
    except PermissionRefused as exc:
        if step == "decide" and decided_as_board(change_request):
            decisions.check_recorder(user, board_of(change_request))  # says who records the board's decision
            raise
        perm = REQUEST[step].perm
        if rules.separation_refusal(user, perm, change_request) is None:
            raise
        # Someone else must decide: say who (the request's authority), as the refusal always has.
        raise PermissionRefused(f"{exc.message} {rules.describe_refusal(perm, change_request)}",
                                exc.allowed_roles) from None


def board_of(change_request):
    """The body that decides ``change_request`` as a board (the Delivery Board), or None for a person's decision."""
    return decisions.board(BOARD) if decided_as_board(change_request) else None


def refusal(user, change_request, perm):
    """Why ``user`` may not take the request's next step (governed by ``perm``), in words for its page."""
    body = board_of(change_request)
    if perm == DECIDE and body is not None:
        return (f"The {body} decides this as a board: only {decisions.recorders(body)} may record its decision, at "
                "one of its meetings or as a chair's action. Members may read the request and comment on it.")
    return rules.describe_refusal(perm, change_request)


def versions(change_request):
    """Every version of the request, oldest first."""
    chain = [change_request]
    while chain[0].predecessor_id:
        chain.insert(0, ChangeRequest.objects.get(pk=chain[0].predecessor_id))
    while True:
        later = ChangeRequest.objects.filter(predecessor=chain[-1]).first()
        if later is None:
            return chain
        chain.append(later)


# Step 1: capture and log ------------------------------------------------------------------------------------

def log(user, title, description, kind=Kind.CHANGE_REQUEST, workstream=None, project=None, business_case=None,
        predecessor=None):
    """Any member raises a request against the programme, a workstream, a project or a business case."""
    with transaction.atomic():
        change_request = ChangeRequest(
            tenant=get_current_tenant(), kind=kind or Kind.CHANGE_REQUEST, title=(title or "").strip(),
            description=(description or "").strip(), workstream=workstream, project=project,
            business_case=business_case, originator=user, predecessor=predecessor,
            version=predecessor.version + 1 if predecessor else 1,
        )
        rules.require(user, RESUBMIT if predecessor else ADD, change_request)
        change_request.sync_hierarchy()
        change_request.full_clean(exclude=["tenant", "number", "ref", "authority", "originator", "predecessor"])
        reason = "Logged"
        if predecessor:
            reason = f"Resubmitted as version {change_request.version} of {predecessor.ref}"
        _save(change_request, user, reason)
        _tell_the_pmo(change_request, user)
        return change_request


def _tell_the_pmo(change_request, user):
    """The PMO is the focus for change control (PID s4.7): those with R for the process hear of each request."""
    pmo = [u for u in rules.role_holders(PROCESS, "R", change_request) if u.pk != user.pk]
    version = ""
    if change_request.predecessor_id:
        version = f" (version {change_request.version} of {change_request.predecessor.ref})"
    notifications.notify(
        pmo, f"{change_request.ref} logged: {change_request.title}",
        f"{_name(user)} raised a {change_request.get_kind_display().lower()}{version} against "
        f"{change_request.against_phrase}. It awaits assessment.\n\n"
        f"{change_request.description}",
        link=link(change_request), obj=change_request, kind="change_control.logged",
    )


def update(change_request, user, **values):
    """Correct a request's wording or placing while it is still only logged (R: the PMO)."""
    with transaction.atomic():
        change_request = _locked(change_request)
        check_step(change_request, user, "update")
        for name, value in values.items():
            setattr(change_request, name, value)
        change_request.sync_hierarchy()
        change_request.full_clean(exclude=["tenant", "number", "ref", "authority", "originator", "predecessor"])
        rules.require(user, CHANGE, change_request)
        _save(change_request, user, "Corrected")
        return change_request


# Step 2: analyse and assess ---------------------------------------------------------------------------------

def _decimal(value):
    if value is None or value == "":
        raise ValidationError({"cost_impact": ["Give the cost impact in pounds (0 if none)."]})
    try:
        amount = value if isinstance(value, Decimal) else Decimal(str(value).replace(",", "").replace("£", ""))
    except (InvalidOperation, ValueError):
        message = "Give the cost impact as an amount in pounds, e.g. 12500.00."
        raise ValidationError({"cost_impact": [message]}) from None
    if not amount.is_finite() or abs(amount) > MAX_COST or amount != amount.quantize(Decimal("0.01")):
        raise ValidationError({"cost_impact": ["Give the cost impact in pounds and pence, e.g. 12500.00."]})
    return amount.quantize(Decimal("0.01"))


def assess(change_request, user, cost_impact, time_impact_days=None, changes_stage_or_objective=False,
           changes_business_case_tier=False, impact=None, priority="", linked_risks=None):
    """Record the implications (PID s4.7 step 2); may be revised until the action is proposed."""
    with transaction.atomic():
        change_request = _locked(change_request)
        check_step(change_request, user, "assess")
        errors = {}
        try:
            change_request.cost_impact = _decimal(cost_impact)
        except ValidationError as exc:
            errors.update(exc.message_dict)
        impact = impact or {}
        unknown = set(impact) - set(IMPACT_FIELDS)
        if unknown:
            errors["impact"] = [f"Unknown impact area: {', '.join(sorted(unknown))}. Use {', '.join(IMPACT_FIELDS)}."]
        if priority and priority not in Priority.values:
            errors["priority"] = [f"Use one of {', '.join(Priority.values)}."]
        if errors:
            raise ValidationError(errors)
        change_request.time_impact_days = time_impact_days
        change_request.changes_stage_or_objective = bool(changes_stage_or_objective)
        change_request.changes_business_case_tier = bool(changes_business_case_tier)
        for area in IMPACT_FIELDS:
            if area in impact:
                setattr(change_request, f"impact_{area}", (impact[area] or "").strip())
        change_request.priority = priority or ""
        change_request.assessed_by = user
        change_request.assessed_at = timezone.now()
        change_request.status = Status.ASSESSED
        _save(change_request, user, "Assessed")
        if linked_risks is not None:
            change_request.linked_risks.set(linked_risks)
        return change_request


# Step 3: propose the action ---------------------------------------------------------------------------------

def propose(change_request, user, proposal):
    """Put the proposed action to the authority the assessment points to, and consult the C roles."""
    with transaction.atomic():
        change_request = _locked(change_request)
        check_step(change_request, user, "propose")
        proposal = (proposal or "").strip()
        if not proposal:
            raise ValidationError({"proposal": ["Say what action you propose."]})
        change_request.proposal = proposal
        change_request.proposed_by = user
        change_request.proposed_at = timezone.now()
        change_request.status = Status.PROPOSED
        _save(change_request, user, "Proposed")
        authority = _refer_up_until_someone_may_decide(change_request, user)
        summary = (
            f"{change_request.get_kind_display()} against {change_request.against_phrase}, raised by "
            f"{_name(change_request.originator) if change_request.originator else 'unknown'}.\n"
            f"Cost impact: {money(change_request.cost_impact)}. Decided by: "
            f"{change_request.get_authority_display()}.\n\nProposed action: {proposal}"
        )
        notifications.notify(
            [person for person in authority if person.pk != user.pk],
            f"{change_request.ref} awaits your decision: {change_request.title}", summary,
            link=link(change_request), obj=change_request, kind=AWAITING_DECISION,
        )
        notifications.notify_raci(
            [PROCESS, affected_process(change_request)], change_request,
            f"{change_request.ref} proposed for decision: {change_request.title}",
            summary + "\n\nYou are consulted on this change (RACI: C).",
            letters="C", exclude=[user, change_request.originator, *authority], link=link(change_request),
            kind="change_control.consulted",
        )
        return change_request


def _refer_up_until_someone_may_decide(change_request, user):
    """When nobody may decide at the derived level (everyone holding it took part in the request, or nobody
    holds it), refer it one level up, and again if need be: no request is left that nobody may decide."""
    found = deciders(change_request)
    while not found and change_request.authority != Authority.DELIVERY_BOARD:
        change_request.referred_up += 1
        to = Authority(change_request.derive_authority()).label
        _save(change_request, user, f"Referred up to the {to}: nobody else holds the authority to decide it")
        found = deciders(change_request)
    return found


def deciders(change_request):
    """Who may decide it now: the holders of its authority, less those who took part in it; for the Delivery Board,
    those who record its decisions: its chairs and the PMO (``meetings.decisions.may_record``), read in three
    queries rather than asked of every member."""
    body = board_of(change_request)
    if body is None:
        return rules.users_with_perm(DECIDE, change_request)
    found = {user.pk: user for user in rules.users_with_perm(decisions.SECRETARY_PERM, None)}
    found.update((user.pk, user) for user in body.chairs.filter(is_active=True, memberships__tenant_id=body.tenant_id))
    return sorted(found.values(), key=lambda user: user.username)


# Step 4: decide ---------------------------------------------------------------------------------------------

def decide(change_request, user, decision, rationale="", how=None):
    """Approve, reject or defer (only the derived authority, never a party to the request), and tell the
    originator and the C and I roles. A Delivery Board request is the board's decision: ``how`` says at which of
    its meetings, or by chair's action with the reason (``meetings.decisions``); it enters the board's decisions
    log in this transaction. ``how`` is not asked of a person's decision."""
    with transaction.atomic():
        change_request = _locked(change_request)
        check_step(change_request, user, "decide")
        if decision not in Decision.values:
            raise ValidationError({"decision": [f"Decide {', '.join(Decision.values)}."]})
        rationale = (rationale or "").strip()
        if decision != Decision.APPROVE and not rationale:
            raise ValidationError({"rationale": ["Give the reason, to be communicated to the originator."]})
        body = board_of(change_request)
        if body is not None:
            decisions.record(body, user, change_request, decision, how)
        change_request.decision = decision
        change_request.rationale = rationale
        change_request.decided_by = user
        change_request.decided_at = timezone.now()
        change_request.status = Status.DECIDED
        _save(change_request, user, f"Decided: {DECIDED_WORDS[decision]}")
        signals.change_request_decided.send(sender=ChangeRequest, change_request=change_request, user=user)
        notifications.mark_settled(change_request, AWAITING_DECISION)
        _tell_the_decision(change_request, user)
        return change_request


def who_decided(change_request, user):
    """Who took the decision, in words: the person, or the board and how (with who recorded it)."""
    if not decided_as_board(change_request):
        return f"{_name(user)} ({Authority(change_request.authority).label})"
    recorded = decisions.decisions_on(change_request).last()
    if recorded is not None and recorded.meeting is not None:
        how = f" at its meeting of {recorded.meeting.date:%-d %B %Y}"
    else:
        how = " by chair's action"
    return f"The {Authority(change_request.authority).label}{how} (recorded by {_name(user)})"


def _tell_the_decision(change_request, user):
    word = DECIDED_WORDS[change_request.decision]
    subject = f"{change_request.ref} {word}: {change_request.title}"
    body = (
        f"{who_decided(change_request, user)} {word} this "
        f"{change_request.get_kind_display().lower()}."
        + (f"\n\nRationale: {change_request.rationale}" if change_request.rationale else "")
    )
    if change_request.decision == Decision.DEFER:
        body += "\n\nA deferred request can be resubmitted, modified, as a new version."
    notifications.notify(
        [change_request.originator], subject, body, link=link(change_request), obj=change_request,
        kind="change_control.decided",
    )
    implementers = []
    if change_request.decision == Decision.APPROVE:
        implementers = [u for u in rules.users_with_perm(IMPLEMENT, change_request)
                        if u.pk not in (user.pk, change_request.originator_id)]
        notifications.notify(
            implementers, f"{change_request.ref} approved: to implement", body, link=link(change_request),
            obj=change_request, kind="change_control.to_implement",
        )
    notifications.notify_raci(
        [PROCESS, affected_process(change_request)], change_request, subject, body, letters="CI",
        exclude=[user, change_request.originator, *implementers], link=link(change_request),
        kind="change_control.informed",
    )


# Step 5: implement ------------------------------------------------------------------------------------------

def implement(change_request, user, note=""):
    """Record that an approved change has been carried out (R: the PMO, or the Programme Director)."""
    with transaction.atomic():
        change_request = _locked(change_request)
        check_step(change_request, user, "implement")
        change_request.implementation_note = (note or "").strip()
        change_request.implemented_by = user
        change_request.implemented_at = timezone.now()
        change_request.status = Status.IMPLEMENTED
        _save(change_request, user, "Implemented")
        notifications.notify(
            [change_request.originator], f"{change_request.ref} implemented: {change_request.title}",
            f"{_name(user)} recorded the change as implemented."
            + (f"\n\n{change_request.implementation_note}" if change_request.implementation_note else ""),
            link=link(change_request), obj=change_request, kind="change_control.implemented",
        )
        return change_request


# Resubmitting a deferred request ----------------------------------------------------------------------------

def resubmit(change_request, user, **changes):
    """A deferred request comes back, modified, as a new version that starts at logged; the deferred one is
    kept as it was. ``changes`` may give a new kind, title, description, workstream, project or business case."""
    with transaction.atomic():
        previous = _locked(change_request)
        check_step(previous, user, "resubmit")
        values = {
            "kind": previous.kind, "title": previous.title, "description": previous.description,
            "workstream": previous.workstream, "project": previous.project, "business_case": previous.business_case,
        }
        values.update({name: value for name, value in changes.items() if name in values})
        if "project" in changes and "workstream" not in changes:
            values["workstream"] = None
        if ("project" in changes or "workstream" in changes) and "business_case" not in changes:
            values["business_case"] = None
        new = log(user, predecessor=previous, **values)
        if previous.originator_id and previous.originator_id != user.pk:
            notifications.notify(
                [previous.originator], f"{previous.ref} resubmitted as {new.ref}",
                f"{_name(user)} resubmitted your deferred request as version {new.version}.",
                link=link(new), obj=new, kind="change_control.resubmitted",
            )
        return new
