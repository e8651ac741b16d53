"""The risk and issue registers and the mitigation actions as bulk feeds for Power BI and Excel (``core.feeds``):
the rows the user may read, as the API lists them (restricted items only for those who may see them)."""

from core import registry
from core.feeds import person
from core.tenancy import get_current_tenant_id
from risks.models import Issue, MitigationAction, Risk
from risks.rules import visible_q

PLACES = (("workstream_name", "workstream__name"), ("project_name", "project__name"))


def risks(user):
    return Risk.objects.visible_to(user)


def issues(user):
    return Issue.objects.visible_to(user)


def actions(user):
    return MitigationAction.objects.filter(visible_q(user, Risk, prefix="risk__"),
                                           risk__tenant_id=get_current_tenant_id())


registry.register_feed("risks", "Risks", Risk, risks, order=10,
                       extra=(("owner_full_name", person("owner")), *PLACES))
registry.register_feed("issues", "Issues", Issue, issues, order=11,
                       extra=(("owner_full_name", person("owner")), *PLACES))
registry.register_feed("mitigation_actions", "Mitigation actions", MitigationAction, actions, order=12,
                       extra=(("owner_full_name", person("owner")), ("risk_ref", "risk__ref")))
