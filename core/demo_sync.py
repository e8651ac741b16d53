"""Idempotent writes for the demo loaders: find a row by its natural key, create it if missing, and save
it only when a value differs, so that a second ``load_demo`` adds no row and no history entry.

Every helper runs inside ``tenant_context(partnership)`` for tenant-owned models; the scoped default
manager does the look-up, so a natural key is only ever matched within the active tenant.
"""

from django.db import models

from core.models import User

CHANGE_REASON = "Demo data (manage.py load_demo)"
DEMO_PASSWORD = "demo-pass-2026"
EMAIL_DOMAIN = "example.nhs.uk"


def _stored(obj, name):
    """The value a field holds, comparable with what the loader wants (foreign keys by id)."""
    field = obj._meta.get_field(name)
    if isinstance(field, models.ForeignKey):
        return getattr(obj, field.attname)
    return getattr(obj, name)


def _wanted(obj, name, value):
    field = obj._meta.get_field(name)
    if isinstance(field, models.ForeignKey) and isinstance(value, models.Model):
        return value.pk
    return value


def upsert(model, lookup, values=None, create_only=None):
    """Get the row matching ``lookup`` (its natural key) or create it; return ``(obj, created)``.

    ``values`` are kept as the demo states them: an existing row is saved only if one differs.
    ``create_only`` values are set when the row is created and never touched afterwards: they are
    workflow state (a project's lifecycle stage, a stage's status) that other loaders or users move on.
    """
    values = values or {}
    create_only = create_only or {}
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values, **create_only)
        _validate_and_save(obj)
        return obj, True
    changed = [name for name, value in values.items() if _stored(obj, name) != _wanted(obj, name, value)]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        _validate_and_save(obj)
    return obj, False


def _validate_and_save(obj):
    # The tenant is filled by save() from the active tenant; unique checks are left to the database.
    obj.full_clean(exclude=["tenant"], validate_unique=False)
    obj._change_reason = CHANGE_REASON
    obj.save()


def link(manager, targets):
    """Add the missing many-to-many ``targets`` (never removes links added since by a user)."""
    present = set(manager.values_list("pk", flat=True))
    missing = [target for target in targets if target.pk not in present]
    if missing:
        manager.add(*missing)
    return len(missing)


def demo_user(username, first_name, last_name, *, is_staff=False, is_superuser=False):
    """A global demo user with the demo password (set only when created or when it does not check)."""
    values = {
        "first_name": first_name,
        "last_name": last_name,
        "email": f"{username}@{EMAIL_DOMAIN}",
        "is_active": True,
        "is_staff": is_staff,
        "is_superuser": is_superuser,
    }
    user = User.objects.filter(username=username).first()
    created = user is None
    if created:
        user = User(username=username, **values)
    changed = [name for name, value in values.items() if getattr(user, name) != value]
    for name in changed:
        setattr(user, name, values[name])
    if created or not user.check_password(DEMO_PASSWORD):
        user.set_password(DEMO_PASSWORD)
        changed.append("password")
    if created or changed:
        user.save()
    return user
