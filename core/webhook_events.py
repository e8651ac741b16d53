"""What each announced event says on the outgoing webhooks (``core.webhooks``): receivers of the ``core.signals``
the apps send, each turning the event into a neutral ``Message`` and announcing it. Only titles, dates,
references, bodies' names and people's names leave the portal; of a restricted risk only its reference."""

from django.dispatch import receiver

from core import signals, webhooks
from core.models import WebhookEvent
from core.webhooks import Message

TEXT_LENGTH = 600


def _name(user):
    if user is None:
        return ""
    return user.get_full_name() or "a member of the programme"  # never the username or email address


def _short(text):
    text = " ".join(str(text or "").split())
    return text if len(text) <= TEXT_LENGTH else text[:TEXT_LENGTH - 1].rstrip() + "…"


@receiver(signals.board_pack_published, dispatch_uid="core.webhook_events.pack_published")
def pack_published(sender, pack, user=None, link="", **kwargs):
    meeting = pack.meeting
    facts = [("Board", meeting.body.name), ("Meeting", f"{meeting.date:%d %B %Y}"), ("Version", pack.version)]
    if pack.pages:
        facts.append(("Pages", pack.pages))
    if user is not None:
        facts.append(("Published by", _name(user)))
    webhooks.announce(WebhookEvent.PACK_PUBLISHED, f"pack-{pack.pk}", Message(
        title=f"Board pack published: {meeting.body.name}, {meeting.date:%d %B %Y}",
        text="The board pack is ready to read in the portal.", link=link, facts=tuple(facts)))


@receiver(signals.decision_recorded, dispatch_uid="core.webhook_events.decision_recorded")
def decision_recorded(sender, decision, body_name="", user=None, link="", restricted=False, **kwargs):
    facts = [("Body", body_name), ("Decided on", f"{decision.decided_on:%d %B %Y}")]
    if decision.outcome:
        facts.append(("Outcome", decision.outcome.replace("-", " ").replace("_", " ")))
    if decision.chairs_action:
        facts.append(("How", "Chair's action between meetings"))
    if user is not None:
        facts.append(("Recorded by", _name(user)))
    webhooks.announce(WebhookEvent.DECISION_RECORDED, f"decision-{decision.pk}", Message(
        title=f"Decision recorded: {body_name}", link=link, facts=tuple(facts),
        text="A decision on a restricted item: read it in the portal." if restricted else _short(decision.text)))


@receiver(signals.risk_escalated_to_baf, dispatch_uid="core.webhook_events.risk_escalated")
def risk_escalated(sender, risk, board, key, user=None, link="", **kwargs):
    title = f"{risk.ref} (restricted)" if risk.restricted else f"{risk.ref}: {risk.title}"
    facts = [("Risk", title), ("Framework", board)]
    if user is not None:
        facts.append(("Accepted by", _name(user)))
    webhooks.announce(WebhookEvent.RISK_ESCALATED, f"risk-{key}", Message(
        title=f"Risk escalated onto the {board}: {risk.ref}", link=link, facts=tuple(facts)))


@receiver(signals.highlight_report_overdue, dispatch_uid="core.webhook_events.report_overdue")
def report_overdue(sender, place, period, due, key, link="", **kwargs):
    webhooks.announce(WebhookEvent.REPORT_OVERDUE, f"overdue-{key}", Message(
        title=f"Highlight report overdue: {place}, {period}",
        text=f"The highlight report for {place} was due on {due:%d %B %Y} and has not been submitted.",
        link=link, facts=(("For", place), ("Period", period), ("Due", f"{due:%d %B %Y}"))))
