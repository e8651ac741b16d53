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


# Every role of the RACI matrix when these migrations were written (a migration's data stays frozen).
MATRIX_ROLES = ["partnership_board", "joint_sro", "delivery_board", "implementation_group", "programme_director", "pmo",
                "workstream_sro", "workstream_lead", "project_manager", "partner_viewer"]


class SeedProcess(migrations.RunPython):
    """Give the partnerships made before a process existed its rows of the RACI matrix (``core.raci``'s product
    default, ``letters`` by role, frozen in the migration); rows already there (perhaps edited by the PMO) are left
    alone, and a partnership whose matrix was never seeded gets the whole of it when it is. Reversing does nothing."""

    def __init__(self, process, name, letters):
        self.process, self.name, self.letters = process, name, dict(letters)
        super().__init__(self.seed, migrations.RunPython.noop)

    def deconstruct(self):
        return self.__class__.__qualname__, [self.process, self.name, self.letters], {}

    def seed(self, apps, schema_editor):
        Partnership = apps.get_model("core", "Partnership")
        RaciEntry = apps.get_model("core", "RaciEntry")
        for tenant_id in Partnership.objects.values_list("pk", flat=True):
            if not RaciEntry.objects.filter(tenant_id=tenant_id).exists():
                continue
            existing = set(RaciEntry.objects.filter(tenant_id=tenant_id, process=self.process)
                           .values_list("role", flat=True))
            RaciEntry.objects.bulk_create([
                RaciEntry(tenant_id=tenant_id, process=self.process, process_name=self.name, group="Product defaults",
                          role=role, letters=self.letters.get(role, ""))
                for role in MATRIX_ROLES if role not in existing
            ])
