"""Benefit numbers move to the kernel's one allocator (``core.numbering``): each partnership's ``BenefitCounter``
is copied into ``core.ReferenceCounter`` as kind "B" (the references' prefix, B-0001), then the old counter goes."""

from django.db import migrations

KIND = "B"


def copy_forward(apps, schema_editor):
    old_model = apps.get_model("benefits", "BenefitCounter")
    new_model = apps.get_model("core", "ReferenceCounter")
    db = schema_editor.connection.alias
    for old in old_model.objects.using(db).order_by("pk"):
        new, created = new_model.objects.using(db).get_or_create(
            tenant_id=old.tenant_id, kind=KIND, defaults={"last": old.last})
        if not created and new.last < old.last:
            new.last = old.last
            new.save(update_fields=["last"])


def copy_back(apps, schema_editor):
    old_model = apps.get_model("benefits", "BenefitCounter")
    new_model = apps.get_model("core", "ReferenceCounter")
    db = schema_editor.connection.alias
    for new in new_model.objects.using(db).filter(kind=KIND).order_by("pk"):
        old_model.objects.using(db).update_or_create(tenant_id=new.tenant_id, defaults={"last": new.last})


class Migration(migrations.Migration):

    dependencies = [
        ('benefits', '0002_models_moved_to_core'),
        ('core', '0002_reference_counter'),
    ]

    operations = [
        migrations.RunPython(copy_forward, copy_back),
        migrations.DeleteModel(
            name='BenefitCounter',
        ),
    ]
