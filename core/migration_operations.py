"""Migration operations the project's own migrations use."""

from django.db import migrations


class StateOnly(migrations.SeparateDatabaseAndState):
    """Operations that change Django's migration state only (models that moved app keep their tables).

    Django re-renders the model registry after each state operation; the moves hold ~545 of them, which made
    ``migrate`` take a minute and more. Here the rendered registry is dropped, every operation applied to the
    plain state, and the registry rendered once at the end: the same resulting state, in seconds."""

    def __init__(self, operations):
        super().__init__(database_operations=[], state_operations=operations)

    def deconstruct(self):
        return self.__class__.__qualname__, [], {"operations": self.state_operations}

    def state_forwards(self, app_label, state):
        rendered = state.__dict__.pop("apps", None)
        super().state_forwards(app_label, state)
        if rendered is not None:
            state.apps  # noqa: B018 - renders the registry once, as the next operation expects it rendered
