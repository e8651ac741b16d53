"""Workflows as tables (STYLE.md): each workflow declares its states' transitions once, and the API's actions,
the browser's buttons and the tests all read the same table.

A ``Transition`` names the step, the states it leaves from, the state it reaches (None when a service decides,
e.g. approve-or-reject), and the permission that governs it (``core.rules``: RACI, explicit grants and
separation of duties). ``Workflow.check`` is the one guard a service calls before changing anything;
``Workflow.available`` lists the steps a user may take now, for the buttons on a page.
"""

from dataclasses import dataclass

from core import rules
from core.exceptions import WrongState


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: tuple
    target: str | None
    perm: str
    verb: str = ""  # how a refusal names the step ("decide", "approve"); the label in lower case by default

    @property
    def words(self):
        return self.verb or self.label.lower()


class Workflow:
    """The transitions of one model's ``field`` (usually ``status``). ``state(obj)`` reads the current state (a
    model may derive it from several fields); ``refused(obj, transition)``, when given, words the refusal of a
    step the state forbids in the app's own terms ("only a submitted RFF can be approved")."""

    def __init__(self, field, transitions, state=None, refused=None):
        self.field = field
        self.transitions = {transition.name: transition for transition in transitions}
        self._state = state
        self.refused = refused

    def __iter__(self):
        return iter(self.transitions.values())

    def __getitem__(self, name):
        return self.transitions[name]

    def state(self, obj):
        return self._state(obj) if self._state is not None else getattr(obj, self.field)

    def can_leave(self, obj, name):
        return self.state(obj) in self.transitions[name].sources

    def check(self, user, obj, name):
        """Raise ``WrongState`` (409) if ``obj``'s state forbids ``name``, else ``PermissionRefused`` (403) unless
        ``user`` may take it. Returns the transition."""
        transition = self.transitions[name]
        words = self.refused(obj, transition) if self.refused is not None and not self.can_leave(obj, name) else None
        if words:  # the app's own sentence; None leaves the generic one below
            raise WrongState(words)
        if not self.can_leave(obj, name):
            label = getattr(obj, "ref", None) or str(obj)
            state = self.state(obj)
            display = getattr(obj, f"get_{self.field}_display", None)
            shown = display() if display is not None and state == getattr(obj, self.field, None) else state
            raise WrongState(f"{label} is {str(shown).lower()}: it cannot be {_past(transition)} now.")
        rules.require(user, transition.perm, obj, verb=transition.words)
        return transition

    def may(self, user, obj, name):
        """True if ``user`` may take step ``name`` on ``obj`` now (state, roles, separation of duties)."""
        transition = self.transitions[name]
        return (self.can_leave(obj, name) and rules.separation_refusal(user, transition.perm, obj) is None
                and user.has_perm(transition.perm, obj))

    def available(self, user, obj):
        """The transitions ``user`` may take on ``obj`` now, in the table's order: the page's buttons."""
        return [transition for transition in self if self.may(user, obj, transition.name)]


def _past(transition):
    words = transition.words
    irregular = {"withdraw": "withdrawn", "close": "closed", "decide": "decided", "submit": "submitted",
                 "approve": "approved", "reject": "rejected", "propose": "proposed", "assess": "assessed",
                 "implement": "implemented", "resubmit": "resubmitted", "revise": "revised", "sign off": "signed off",
                 "publish": "published", "accept": "accepted", "recommend": "recommended", "archive": "archived",
                 "escalate": "escalated", "de-escalate": "de-escalated", "refer": "referred"}
    return irregular.get(words, words)
