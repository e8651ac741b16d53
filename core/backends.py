"""Authentication backends: RACI role rules, then explicit per-object grants (django-guardian)."""

from django.contrib.auth.backends import ModelBackend
from guardian.backends import ObjectPermissionBackend

from core import rules
from core.tenancy import get_current_tenant_id


class RaciBackend(ModelBackend):
    """Username/password login, and ``has_perm`` answered from the tenant's roles and RACI matrix."""

    def has_perm(self, user_obj, perm, obj=None):
        if not user_obj.is_active:
            return False
        return bool(rules.has_perm(user_obj, perm, obj))

    def has_module_perms(self, user_obj, app_label):
        return user_obj.is_active and user_obj.is_superuser

    def get_all_permissions(self, user_obj, obj=None):
        return set()

    def get_user_permissions(self, user_obj, obj=None):
        return set()

    def get_group_permissions(self, user_obj, obj=None):
        return set()


class TenantObjectPermissionBackend(ObjectPermissionBackend):
    """django-guardian's grants, honoured only for objects of the active tenant to its members."""

    def has_perm(self, user_obj, perm, obj=None):
        if obj is None or obj.pk is None or getattr(obj, "tenant_id", None) != get_current_tenant_id():
            return False
        access = rules.current_access(user_obj)
        if access is None or not access.is_member:
            return False
        return super().has_perm(user_obj, perm, obj)

    def get_all_permissions(self, user_obj, obj=None):
        if obj is None or obj.pk is None or getattr(obj, "tenant_id", None) != get_current_tenant_id():
            return set()
        return super().get_all_permissions(user_obj, obj)
