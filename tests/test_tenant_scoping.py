"""Every model is tenant-scoped, or is on a short list of global models with a reason (STYLE.md)."""

import pytest
from django.apps import apps
from django.db.models.lookups import Exact

from core.models.base import CurrentTenantId, TenantModel
from core.tenancy import tenant_context

# Models that belong to no tenant, and why they are safe to leave global.
GLOBAL_MODELS = {
    "core.partnership": "the tenant itself; users only reach the ones they are members of",
    "core.user": "a person may belong to several partnerships; links to users are checked against membership",
    "auth.permission": "Django's permission names, the same for every tenant",
    "auth.group": "unused by the portal; roles are RoleAssignments inside a tenant",
    "auth.group_permissions": "unused (see auth.group)",
    "core.user_groups": "unused (see auth.group)",
    "core.user_user_permissions": "unused: permissions come from roles and the RACI matrix",
    "contenttypes.contenttype": "Django's model registry",
    "programme.body_chairs": "links a body to the people who chair it; read only through the tenant-scoped body, "
    "and only the partnership's members can be linked (TenantAdminMixin, meetings.decisions)",
    "meetings.meetingdecision_interests": "who declared an interest in a board decision; read only through the "
    "tenant-scoped decision, and only members are accepted (meetings.decisions)",
    "sessions.session": "a browser session; it names the chosen tenant, checked against membership per request",
    "admin.logentry": "Django admin's log; the admin is for superusers only",
    "guardian.userobjectpermission": "guardian's generic table, unused: grants go to tenant-scoped direct tables",
    "guardian.groupobjectpermission": "guardian's generic table, unused",
    "axes.accessattempt": "failed log-ins by user name and address, kept before anyone is known to be in a tenant; "
    "only the admin (superusers) reads it",
    "axes.accessattemptexpiration": "when an axes lock-out ends (see axes.accessattempt)",
    "axes.accesslog": "log-in and log-out times by user name; superusers only (see axes.accessattempt)",
    "axes.accessfailurelog": "each failed log-in; superusers only (see axes.accessattempt)",
    "account.emailaddress": "django-allauth's table, unused: single sign-on matches members by the provider's "
    "verified email and keeps no address of its own (core.accounts.sso)",
    "account.emailconfirmation": "django-allauth's table, unused (see account.emailaddress)",
    "socialaccount.socialapp": "django-allauth's table, unused: the providers are the tenant-scoped "
    "core.IdentityProvider",
    "socialaccount.socialaccount": "django-allauth's table, unused: a sign-in is matched by email, never linked",
    "socialaccount.socialtoken": "django-allauth's table, unused (SOCIALACCOUNT_STORE_TOKENS is off)",
    "otp_totp.totpdevice": "a person's authenticator key, which belongs to the person, not a partnership; "
    "only its owner reaches it, through /accounts/two-factor/",
}


def _label(model):
    return f"{model._meta.app_label}.{model._meta.model_name}"


def _scoped_by_current_tenant(queryset):
    """True when the queryset's WHERE compares the tenant column with the active tenant at compile time."""
    stack = [queryset.query.where]
    while stack:
        node = stack.pop()
        if isinstance(node, Exact) and isinstance(node.rhs, CurrentTenantId):
            return getattr(node.lhs.target, "name", None) == "tenant"
        stack.extend(getattr(node, "children", []))
    return False


def _is_link_between_tenant_models(model):
    """An auto-created many-to-many table joining two tenant-owned models (checked by core.signals)."""
    if not model._meta.auto_created:
        return False
    targets = [field.related_model for field in model._meta.concrete_fields if field.is_relation]
    return len(targets) == 2 and all(
        issubclass(target, TenantModel) or _has_scoped_tenant(target) for target in targets
    )


def _has_scoped_tenant(model):
    return any(field.name == "tenant" for field in model._meta.concrete_fields) and _scoped_by_current_tenant(
        model._default_manager.all()
    )


def test_every_model_is_tenant_scoped_or_listed_as_global():
    unscoped = []
    for model in apps.get_models(include_auto_created=True):
        label = _label(model)
        if label in GLOBAL_MODELS or _has_scoped_tenant(model) or _is_link_between_tenant_models(model):
            continue
        unscoped.append(label)
    assert unscoped == [], f"Models reachable across tenants: {unscoped}"


def test_global_list_names_only_real_models():
    labels = {_label(model) for model in apps.get_models(include_auto_created=True)}
    assert set(GLOBAL_MODELS) - labels == set()


@pytest.mark.django_db
def test_default_managers_return_only_the_active_tenants_rows(llr, northshire):
    checked = 0
    for model in apps.get_models():
        if not _has_scoped_tenant(model):
            continue
        every_row = model._base_manager.values_list("tenant_id", flat=True)
        if not {llr.pk, northshire.pk} <= set(every_row):
            continue
        checked += 1
        with tenant_context(llr):
            assert set(model._default_manager.values_list("tenant_id", flat=True)) == {llr.pk}, _label(model)
        assert model._default_manager.count() == 0, f"{_label(model)} leaks rows with no tenant active"
    # The demo has rows of many models in both partnerships; a handful would mean the demo shrank.
    assert checked >= 8


def _history_managers():
    for model in apps.get_models():
        name = getattr(model._meta, "simple_history_manager_attribute", None)
        if name:
            yield model, getattr(model, name)


def test_every_history_manager_is_scoped():
    """``Model.history`` is simple_history's own manager, not the historical model's default one."""
    unscoped = [_label(model) for model, manager in _history_managers() if not _scoped_by_current_tenant(manager.all())]
    assert list(_history_managers()), "no model keeps history"
    assert unscoped == []


@pytest.mark.django_db
def test_history_of_another_tenant_is_not_reachable(llr, northshire):
    from programme.models import Project

    with tenant_context(llr):
        llr_history = set(Project.history.values_list("tenant_id", flat=True))
    assert llr_history == {llr.pk}
    assert Project.history.count() == 0


@pytest.mark.django_db
def test_guardian_generic_tables_stay_empty():
    from guardian.models import GroupObjectPermission, UserObjectPermission

    assert UserObjectPermission.objects.count() == 0
    assert GroupObjectPermission.objects.count() == 0


def _foreign_keys_between_tenant_models():
    for model in apps.get_models():
        if not issubclass(model, TenantModel) or model._meta.proxy:
            continue
        for field in model._meta.concrete_fields:
            related = field.related_model if field.is_relation else None
            if (field.name != "tenant" and isinstance(related, type) and issubclass(related, TenantModel)
                    and field.many_to_one):
                yield model, field


def test_saving_refuses_a_foreign_key_into_another_partnership(llr, northshire):
    """``TenantModel.save`` checks every foreign key's partnership (defence behind the scoped managers): an llr
    row pointed at a northshire row is refused and nothing is written, unless the model derives that field from
    another (an issue's workstream from its project), in which case what is saved stays in llr."""
    from django.core.exceptions import ValidationError
    from django.db import transaction

    refused = []
    for model, field in _foreign_keys_between_tenant_models():
        row = model.all_tenants.filter(tenant=llr).order_by("pk").first()
        foreign = field.related_model.all_tenants.filter(tenant=northshire).order_by("pk").first()
        if row is None or foreign is None:
            continue
        before = getattr(row, field.attname)
        setattr(row, field.attname, foreign.pk)
        if field.is_cached(row):
            field.delete_cached_value(row)
        with tenant_context(llr):
            try:
                with transaction.atomic():
                    row.save()
            except ValidationError as error:
                messages = [message for found in error.message_dict.values() for message in found]
                assert "Not found in this partnership." in messages, (model, field.name, messages)
                assert getattr(model.all_tenants.get(pk=row.pk), field.attname) == before
                refused.append(f"{model._meta.label}.{field.name}")
            except Exception:  # noqa: BLE001 - refused for another reason (an immutable version): nothing written
                assert getattr(model.all_tenants.get(pk=row.pk), field.attname) == before
        saved = getattr(model.all_tenants.get(pk=row.pk), field.attname)
        assert saved is None or field.related_model.all_tenants.get(pk=saved).tenant_id == llr.pk, (
            f"{model._meta.label}.{field.name} saved a link into another partnership")
    # The demo has rows on both sides of most links; the project → workstream link is one of them.
    assert "programme.Project.workstream" in refused
    assert len(refused) >= 20, refused
