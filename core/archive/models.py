"""Which models a partnership's archive holds, found by walking the app registry (nothing is listed by hand)."""

from django.apps import apps
from django.conf import settings


def label(model):
    return model._meta.label_lower


def _tenant_field(model):
    field = next((f for f in model._meta.concrete_fields if f.name == "tenant"), None)
    if field is not None and field.is_relation and field.related_model is apps.get_model("core", "Partnership"):
        return field
    return None


def tenant_models():
    """Concrete, managed models with a ``tenant`` foreign key to the partnership, by label."""
    return sorted(
        (model for model in apps.get_models()
         if not model._meta.proxy and model._meta.managed and _tenant_field(model) is not None),
        key=label,
    )


def link_models(tenant_set=None):
    """Auto-created many-to-many tables with a side in a tenant model: [(through model, that side's field)]."""
    tenant_set = set(tenant_set or tenant_models())
    found = []
    for model in apps.get_models(include_auto_created=True):
        if not model._meta.auto_created or not model._meta.managed:
            continue
        sides = [f for f in model._meta.concrete_fields if f.is_relation and f.related_model in tenant_set]
        if sides:
            found.append((model, sides[0]))
    return sorted(found, key=lambda pair: label(pair[0]))


def rows_of(model, tenant, link_field=None):
    """The partnership's rows of ``model`` (a tenant model, or a link table through ``link_field``), by pk."""
    manager = model._base_manager
    if link_field is not None:
        return manager.filter(**{f"{link_field.name}__tenant": tenant}).order_by("pk")
    return manager.filter(tenant=tenant).order_by("pk")


def user_fields(model):
    """The foreign keys of ``model`` that name a user."""
    user_label = settings.AUTH_USER_MODEL.lower()
    return [f for f in model._meta.concrete_fields
            if f.is_relation and f.related_model is not None and label(f.related_model) == user_label]


def file_fields(model):
    from django.db.models import FileField

    return [f for f in model._meta.concrete_fields if isinstance(f, FileField)]
