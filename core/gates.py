"""Stage gates: other apps say when a project may enter a lifecycle stage.

"No authority without approval" (PID s3.4.2, DOMAIN.md s5): the business cases
app registers a gate that refuses Initiating or Delivery until the right case is
approved. Gates are consulted by ``Project.clean()`` and again by ``Project.save()``,
so the API, the browser, the admin and scripts all meet the same rule.
"""

import contextvars
from contextlib import contextmanager

_GATES = []
_suspended = contextvars.ContextVar("bct_gates_suspended", default=False)


def register(gate):
    """``gate(project, new_stage)`` returns a refusal message, or None to allow."""
    if gate not in _GATES:
        _GATES.append(gate)


@contextmanager
def suspended():
    """Record projects at the stages they already stood, without re-deciding their authority.

    Only for loading history that was decided elsewhere (``load_demo``, a tenant import); never in a
    request. Everything else meets the gates."""
    token = _suspended.set(True)
    try:
        yield
    finally:
        _suspended.reset(token)


def refusal(project, new_stage):
    if _suspended.get():
        return None
    for gate in _GATES:
        message = gate(project, new_stage)
        if message:
            return message
    return None
