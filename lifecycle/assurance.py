"""Equality impact assessments (PID s4.6), quality review (s4.5) and the lessons learned log (s3.6).

Same contract as ``services``: state (409), then ``user.has_perm`` (403), then input (400), in one transaction.
An EIA follows its table, ``workflows.EIA``; its approval is the Delivery Board's as a board (``lifecycle.boards``):
recorded by its chair or the PMO, at one of its meetings or by chair's action, in its decisions log.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from core import notifications, rules
from core.tenancy import get_current_tenant
from lifecycle import boards
from lifecycle.choices import (
    DIMENSIONS,
    DOMAINS,
    RATINGS,
    Decision,
    EiaStatus,
    Impact,
    ProtectedCharacteristic,
    QualityReviewer,
)
from lifecycle.models import EiaCharacteristic, EqualityImpactAssessment, Lesson, QualityCriterion, QualityReview
from meetings import decisions

from . import permissions as perms
from .services import _save
from .workflows import EIA

# The Equality Act 2010's nine must each be assessed before sign-off; carers are assessed where relevant.
EIA_AWAITING = "lifecycle.eia_awaiting"  # a signed-off EIA asks the Delivery Board's recorders to decide
REQUIRED_CHARACTERISTICS = [c for c in ProtectedCharacteristic.values if c != ProtectedCharacteristic.CARERS]


# EIAs ---------------------------------------------------------------------------------------------------------

def _set_characteristics(eia, rows):
    errors, seen = [], set()
    for row in rows:
        key, impact = row.get("characteristic"), row.get("impact")
        if key not in ProtectedCharacteristic.values:
            errors.append(f"Unknown characteristic '{key}'.")
        elif key in seen:
            errors.append(f"{ProtectedCharacteristic(key).label} is assessed twice.")
        elif impact not in Impact.values:
            errors.append(f"{ProtectedCharacteristic(key).label}: the impact is positive, neutral or negative.")
        seen.add(key)
    if errors:
        raise ValidationError({"characteristics": errors})
    eia.characteristics.all().delete()
    for row in rows:
        EiaCharacteristic(tenant=eia.tenant, assessment=eia, characteristic=row["characteristic"],
                          impact=row["impact"], evidence=(row.get("evidence") or "").strip(),
                          mitigation=(row.get("mitigation") or "").strip()).save()


def create_eia(user, workstream, title, service_change="", summary="", characteristics=()):
    with transaction.atomic():
        eia = EqualityImpactAssessment(tenant=get_current_tenant(), workstream=workstream, title=(title or "").strip(),
                                       service_change=service_change or "", summary=summary or "", created_by=user)
        rules.require(user, "lifecycle.add_equalityimpactassessment", eia)
        eia.full_clean(exclude=["tenant"])
        _save(eia, user, "Created")
        _set_characteristics(eia, list(characteristics))
        return eia


def update_eia(eia, user, characteristics=None, **values):
    with transaction.atomic():
        eia = EqualityImpactAssessment.objects.select_for_update().get(pk=eia.pk)
        EIA.check(user, eia, "edit")
        for name in ("title", "service_change", "summary"):
            if name in values:
                setattr(eia, name, values[name] or "")
        eia.full_clean(exclude=["tenant"])
        _save(eia, user, "Edited")
        if characteristics is not None:
            _set_characteristics(eia, list(characteristics))
        return eia


def sign_off_eia(eia, user):
    """The workstream SRO signs the EIA off (R for 'approve an EIA'); the Delivery Board is asked to approve."""
    with transaction.atomic():
        eia = EqualityImpactAssessment.objects.select_for_update().get(pk=eia.pk)
        EIA.check(user, eia, "sign_off")
        rows = {row.characteristic: row for row in eia.characteristics.all()}
        errors = [f"{ProtectedCharacteristic(key).label} has not been assessed." for key in REQUIRED_CHARACTERISTICS
                  if key not in rows]
        errors += [f"{row.get_characteristic_display()}: a negative impact needs a mitigation."
                   for row in rows.values() if row.impact == Impact.NEGATIVE and not row.mitigation]
        if errors:
            raise ValidationError({"characteristics": errors})
        eia.status, eia.signed_off_by, eia.signed_off_at = EiaStatus.SIGNED_OFF, user, timezone.now()
        _save(eia, user, "Signed off by the workstream SRO")
        notifications.notify_deciders(
            perms.EIA_APPROVE, eia, f"EIA awaits the Delivery Board: {eia.title}",
            f"{eia.workstream}: signed off by the workstream SRO. The Delivery Board decides it as a board: record "
            "its decision, taken at one of its meetings or by chair's action.",
            link=reverse("lifecycle:eia", args=[eia.pk]), kind=EIA_AWAITING, exclude=[user])
        return eia


def decide_eia(eia, user, decision, note="", how=None):
    """The Delivery Board approves the EIA and its mitigation plan, or returns it, as a board: recorded by its
    chair or the PMO, ``how`` it was decided (``meetings.decisions.HowDecided``)."""
    body = boards.recorder_board(user, boards.EIA_BOARD)
    with transaction.atomic():
        eia = EqualityImpactAssessment.objects.select_for_update().get(pk=eia.pk)
        EIA.check(user, eia, "decide")
        if decision not in Decision.values:
            raise ValidationError({"decision": [f"Decide {' or '.join(Decision.values)}."]})
        if decision == Decision.REJECT and not (note or "").strip():
            raise ValidationError({"note": ["Say what must change."]})
        decisions.record(body, user, eia, "approve" if decision == Decision.APPROVE else "return", how)
        eia.status = EiaStatus.APPROVED if decision == Decision.APPROVE else EiaStatus.REJECTED
        eia.decided_by, eia.decided_at, eia.decision_note = user, timezone.now(), (note or "").strip()
        _save(eia, user, f"{Decision(decision).label} by the Delivery Board")
        notifications.mark_settled(eia, EIA_AWAITING)
        notifications.notify([eia.signed_off_by, eia.created_by], f"EIA {eia.get_status_display().lower()}: "
                             f"{eia.title}", eia.decision_note, link=reverse("lifecycle:eia", args=[eia.pk]),
                             obj=eia, kind="lifecycle.eia_decided")
        return eia


# Quality ------------------------------------------------------------------------------------------------------

def add_criterion(user, workstream, product, acceptance_criteria, reviewer=QualityReviewer.CRG):
    """A workstream product's acceptance criteria; reviewed by the Clinical Reference Group unless ``reviewer``
    says otherwise (the API lets a client leave it out, issue 15)."""
    with transaction.atomic():
        criterion = QualityCriterion(tenant=get_current_tenant(), workstream=workstream, product=product,
                                     acceptance_criteria=acceptance_criteria, reviewer=reviewer)
        rules.require(user, "lifecycle.add_qualitycriterion", criterion)
        criterion.full_clean(exclude=["tenant"])
        return _save(criterion, user, "Created")


def _ratings(name, given, wanted):
    keys, ratings = [key for key, _ in wanted], {key for key, _ in RATINGS}
    given = given or {}
    errors = [f"Unknown {name[:-1]} '{key}'." for key in given if key not in keys]
    errors += [f"Rate '{label}'." for key, label in wanted if key not in given]
    errors += [f"'{key}': rate it {', '.join(sorted(ratings))}." for key, value in given.items()
               if key in keys and value not in ratings]
    if errors:
        raise ValidationError({name: errors})
    return {key: given[key] for key in keys}


def record_review(criterion, user, reviewer, reviewed_on, outcome, dimensions, domains, comments=""):
    """A Clinical Reference Group or Clinical Senate review, rated on every dimension and domain (PID s4.5)."""
    with transaction.atomic():
        review = QualityReview(tenant=get_current_tenant(), criterion=criterion, reviewer=reviewer,
                               reviewed_on=reviewed_on or timezone.localdate(), outcome=outcome,
                               comments=comments or "", recorded_by=user)
        rules.require(user, perms.QUALITY_REVIEW, review)
        errors = {}
        for name, given, wanted in (("dimensions", dimensions, DIMENSIONS), ("domains", domains, DOMAINS)):
            try:
                setattr(review, name, _ratings(name, given, wanted))
            except ValidationError as exc:
                errors.update(exc.message_dict)
        if errors:
            raise ValidationError(errors)
        review.full_clean(exclude=["tenant"])
        return _save(review, user, "Recorded")


# Lessons learned (PID s3.6) -----------------------------------------------------------------------------------

LESSON_FIELDS = ("title", "what_was_learned", "what_changed", "learned_by", "learned_by_name", "stage",
                 "workstream", "project")


def _check_where(lesson):
    if lesson.project_id and lesson.workstream_id and lesson.project.workstream_id != lesson.workstream_id:
        raise ValidationError({"project": [f"{lesson.project} is not a project of {lesson.workstream}."]})


def add_lesson(user, **values):
    """Any member logs a lesson; the PMO is its custodian (edits it)."""
    with transaction.atomic():
        lesson = Lesson(tenant=get_current_tenant(), recorded_by=user,
                        **{k: v for k, v in values.items() if k in LESSON_FIELDS})
        rules.require(user, perms.LESSON_ADD, lesson)
        if lesson.learned_by is None and not lesson.learned_by_name:
            lesson.learned_by = user
        if lesson.project_id and not lesson.workstream_id:
            lesson.workstream = lesson.project.workstream
        _check_where(lesson)
        lesson.full_clean(exclude=["tenant"])
        return _save(lesson, user, "Logged")


def update_lesson(lesson, user, **values):
    with transaction.atomic():
        lesson = Lesson.objects.select_for_update().get(pk=lesson.pk)
        rules.require(user, perms.LESSON_CHANGE, lesson)
        for name, value in values.items():
            if name in LESSON_FIELDS:
                setattr(lesson, name, value)
        if lesson.project_id and not lesson.workstream_id:
            lesson.workstream = lesson.project.workstream
        _check_where(lesson)
        lesson.full_clean(exclude=["tenant"])
        return _save(lesson, user, "Edited")


def search_lessons(text="", stage=None, workstream=None, project=None):
    found = Lesson.objects.select_related("learned_by", "stage", "workstream", "project__workstream")
    for word in (text or "").split():
        found = found.filter(Q(title__icontains=word) | Q(what_was_learned__icontains=word)
                             | Q(what_changed__icontains=word) | Q(learned_by_name__icontains=word)
                             | Q(learned_by__first_name__icontains=word) | Q(learned_by__last_name__icontains=word))
    if stage:
        found = found.filter(stage=stage)
    if workstream:
        found = found.filter(workstream=workstream)
    if project:
        found = found.filter(project=project)
    return found
