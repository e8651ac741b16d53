"""The risk register's reference numbers move to the kernel's one allocator (``core.numbering``): each
partnership's counters (kinds "R" for risks, "I" for issues, and the load-data markers "LOAD:<scale>") are copied
into ``core.ReferenceCounter`` with the same kind, then ``RegisterCounter`` goes."""

from django.db import migrations

KINDS_BACK = ("R", "I")  # and the load-data markers, "LOAD:<scale>"


def copy_forward(apps, schema_editor):
    old_model = apps.get_model("risks", "RegisterCounter")
    new_model = apps.get_model("core", "ReferenceCounter")
    db = schema_editor.connection.alias
    for old in old_model.objects.using(db).order_by("pk"):
        new, created = new_model.objects.using(db).get_or_create(
            tenant_id=old.tenant_id, kind=old.kind, defaults={"last": old.last})
        if not created and new.last < old.last:
            new.last = old.last
            new.save(update_fields=["last"])


def copy_back(apps, schema_editor):
    old_model = apps.get_model("risks", "RegisterCounter")
    new_model = apps.get_model("core", "ReferenceCounter")
    db = schema_editor.connection.alias
    for new in new_model.objects.using(db).order_by("pk"):
        if new.kind in KINDS_BACK or new.kind.startswith("LOAD:"):
            old_model.objects.using(db).update_or_create(
                tenant_id=new.tenant_id, kind=new.kind, defaults={"last": new.last})


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0002_reference_counter'),
        ('risks', '0004_models_moved_to_core'),
    ]

    operations = [
        migrations.RunPython(copy_forward, copy_back),
        migrations.DeleteModel(
            name='RegisterCounter',
        ),
    ]
