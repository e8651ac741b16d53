"""The stakeholder register's services (PID s4.2): add and change a stakeholder, and erase its personal data on
request. Browser and API both call these, so the checks are the same everywhere:

- the RACI (``engagement.rules``): who may add and change stakeholders, and erasure by the PMO only;
- personal data (``PERSONAL_FIELDS``): only the PMO and the stakeholder's owner may give or change it (anyone else
  sending it is refused, 400, and nothing is saved); a page, the API and an export leave it out for everyone else
  (``visible_personal_data``);
- erasure on request: the personal fields blanked, who and when recorded (``erased_at``, ``erased_by``); history
  never held the personal fields, and a named person's name and description are replaced in the history too, so
  the engagement record that is kept is anonymised.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core import rules
from core.tenancy import get_current_tenant
from engagement.choices import StakeholderKind
from engagement.models import PERSONAL_FIELDS, Stakeholder
from engagement.rules import ADD_STAKEHOLDER, CHANGE_STAKEHOLDER, ERASE_STAKEHOLDER, is_pmo, may_see_personal_data

FIELDS = ("name", "kind", "category", "description", "interest", "influence", "current_support", "target_support",
          "owner", *PERSONAL_FIELDS)
LINKS = ("workstreams", "service_changes")
EXCLUDE = ["tenant", "number", "ref", "erased_at", "erased_by"]
PERSONAL_REFUSED = "Only the PMO and the stakeholder's owner may give or change its personal data."
ERASED_NAME = "Erased person ({ref})"


def _save(stakeholder, user, reason):
    stakeholder._history_user = user
    stakeholder._change_reason = reason
    stakeholder.save()


def _links(stakeholder, values):
    for name in LINKS:
        if values.get(name) is not None:
            getattr(stakeholder, name).set(values[name])


def _check_personal(user, stakeholder, values, before=None):
    """Refuse personal data from someone who may not see it: sent non-blank on a new stakeholder, or changed."""
    sent = {name for name in PERSONAL_FIELDS if name in values}
    if before is None:
        sent = {name for name in sent if values[name]}
    else:
        sent = {name for name in sent if values[name] != getattr(before, name)}
    if sent and not may_see_personal_data(user, before or stakeholder):
        raise ValidationError({name: [PERSONAL_REFUSED] for name in sorted(sent)})


def create_stakeholder(user, **values):
    with transaction.atomic():
        stakeholder = Stakeholder(tenant=get_current_tenant(), **{name: values[name] for name in FIELDS
                                                                  if name in values})
        rules.require(user, ADD_STAKEHOLDER, stakeholder, verb="add to the stakeholder register")
        _check_personal(user, stakeholder, values)
        stakeholder.full_clean(exclude=EXCLUDE)
        _save(stakeholder, user, "Added to the stakeholder register")
        _links(stakeholder, values)
        return stakeholder


def update_stakeholder(stakeholder, user, **values):
    with transaction.atomic():
        before = Stakeholder.objects.select_for_update(of=("self",)).get(pk=stakeholder.pk)
        rules.require(user, CHANGE_STAKEHOLDER, before, verb="change")
        _check_personal(user, before, values, before=before)
        stakeholder = Stakeholder.objects.get(pk=before.pk)
        for name in FIELDS:
            if name in values:
                setattr(stakeholder, name, values[name])
        stakeholder.full_clean(exclude=EXCLUDE)
        _save(stakeholder, user, "Changed")
        _links(stakeholder, values)
        return stakeholder


def erase(stakeholder, user, reason):
    """Erase the stakeholder's personal data on request (the PMO; ``reason`` says whose request and how it came).
    A named person's name becomes "Erased person (SH-0007)" and their description is blanked, here and in every
    history row, so the record of engagement kept is anonymised."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": ["Say why the personal data is erased (whose request, and when)."]})
    with transaction.atomic():
        stakeholder = Stakeholder.objects.select_for_update(of=("self",)).get(pk=stakeholder.pk)
        rules.require(user, ERASE_STAKEHOLDER, stakeholder, verb="erase the personal data of")
        for name in PERSONAL_FIELDS:
            setattr(stakeholder, name, "")
        anonymised = {}
        if stakeholder.kind == StakeholderKind.PERSON:
            anonymised = {"name": ERASED_NAME.format(ref=stakeholder.ref), "description": ""}
            for name, value in anonymised.items():
                setattr(stakeholder, name, value)
        stakeholder.erased_at, stakeholder.erased_by = timezone.now(), user
        _save(stakeholder, user, f"Personal data erased on request: {reason}"[:100])
        if anonymised:
            Stakeholder.history.filter(id=stakeholder.pk).update(**anonymised)
        return stakeholder


def visible_personal_data(user, stakeholder, pmo=None):
    """{field: value} of the personal data ``user`` may see (``pmo``: whether the user is the PMO, when known)."""
    allowed = (pmo if pmo is not None else is_pmo(user)) or (stakeholder.owner_id is not None
                                                             and stakeholder.owner_id == user.pk)
    return {name: getattr(stakeholder, name) for name in PERSONAL_FIELDS} if allowed else {}
