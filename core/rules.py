"""The one answer to "may this user do ACTION on OBJ?" (DOMAIN.md s3).

Each app registers its permissions here, naming the RACI process that governs
them and the letters that grant them. ``core.backends.RaciBackend`` serves
the answer through ``user.has_perm(perm, obj)`` to the API, the browser, the
admin and tasks alike; nothing re-implements it in a view.

Rights: R may do the work (create, edit, submit); A decides (approve, reject,
accept, close); C may comment; I may read. Every member may read the tenant's
registers unless an item is restricted.
"""

import functools
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.functional import LazyObject, empty

from core.choices import SCOPED_ROLES, Role, ScopeType
from core.exceptions import PermissionRefused
from core.tenancy import get_current_tenant_id


@dataclass(frozen=True)
class Rule:
    """``process`` None: every member of the tenant may (e.g. raising a change request, PID s4.7).
    ``roles(obj)``: only these roles' letters count for ``obj`` (e.g. a change request's derived authority).
    ``excluded(user, obj)``: True refuses ``user`` whatever their roles.
    ``separate``: nobody who took part in ``obj`` (its ``parties()``) may (separation of duties, DOMAIN.md s3).
    ``governed_by(obj)``: the permission whose rule governs ``obj`` instead, or None for this one (a change request
    the Delivery Board decides is the board's to record, not one member's: ``change_control.rules``)."""

    process: str | None
    letters: str = "R"
    roles: Callable | None = None
    excluded: Callable | None = None
    separate: bool = False
    governed_by: Callable | None = None

    def roles_for(self, obj):
        """The roles whose letters count for ``obj``, or None for every role."""
        if self.roles is None or obj is None:
            return None
        return set(self.roles(obj))


@dataclass(frozen=True)
class Scope:
    """Where an object sits in the hierarchy, for matching roles held at a workstream or project."""

    workstream_id: int | None = None
    project_id: int | None = None


TENANT_SCOPE = Scope()
_RULES: dict[str, Rule] = {}
_ROLE_ASSIGNMENTS = []  # [model]: who holds which role where, told by the app that keeps the hierarchy


def use_role_assignments(model):
    """Name the model recording who holds which role at which scope: a tenant model with ``user``, ``role``,
    ``workstream`` and ``project`` (``programme.RoleAssignment``, told from ``ProgrammeConfig.ready``). The kernel
    knows roles and scopes, not the hierarchy they are held in, so it imports no app."""
    _ROLE_ASSIGNMENTS[:] = [model]


def role_assignments():
    if not _ROLE_ASSIGNMENTS:
        raise LookupError("No app has named the role assignment model (core.rules.use_role_assignments).")
    return _ROLE_ASSIGNMENTS[0]


def register(perm, process, letters="R", roles=None, excluded=None, separate=False, governed_by=None):
    """Govern ``perm`` ("app_label.codename") by RACI ``process``: holders of any of ``letters`` may.

    Optional: ``process=None`` lets every member; ``roles(obj)`` narrows, per object, which roles' letters
    count; ``excluded(user, obj)`` refuses a user outright; ``separate=True`` refuses whoever took part in the
    object (see ``Rule`` and ``parties_of``); ``governed_by(obj)`` names another permission whose rule governs
    this one on ``obj`` (``governing``)."""
    _RULES[perm] = Rule(process=process, letters=letters, roles=roles, excluded=excluded, separate=separate,
                        governed_by=governed_by)


def rule_for(perm):
    return _RULES.get(perm)


def governing(perm, obj=None):
    """The permission whose rule governs ``perm`` on ``obj``: ``perm`` itself unless its rule's ``governed_by(obj)``
    names another (one step: the other's own ``governed_by`` is not followed)."""
    rule = _RULES.get(perm)
    if rule is None or rule.governed_by is None or obj is None:
        return perm
    return rule.governed_by(obj) or perm


def scope_of(obj):
    """An object's scope: its own ``raci_scope()`` if it has one, else the whole tenant."""
    if obj is None:
        return None
    method = getattr(obj, "raci_scope", None)
    return method() if method else TENANT_SCOPE


@dataclass
class Access:
    """A user's roles and their tenant's RACI matrix, loaded once per request and tenant."""

    tenant_id: int
    is_member: bool = False
    roles: list = field(default_factory=list)  # (role, workstream_id, project_id)
    matrix: dict = field(default_factory=dict)  # (process, role) -> letters

    def roles_covering(self, scope):
        for role, workstream_id, project_id in self.roles:
            if scope is None:
                yield role
            elif workstream_id is None and project_id is None:
                yield role
            elif project_id is not None and project_id == scope.project_id:
                yield role
            elif project_id is None and workstream_id == scope.workstream_id:
                yield role

    def allows(self, rule, scope, obj=None):
        if rule.process is None:
            return self.is_member
        narrowed = rule.roles_for(obj)
        return any(
            set(self.matrix.get((rule.process, role), "")) & set(rule.letters)
            for role in self.roles_covering(scope)
            if narrowed is None or role in narrowed
        )


MEMBERSHIP_NOTE = "_bct_member_of"


def note_membership(user, tenant_id):
    """Record on the user object that this request has just read ``user``'s membership of ``tenant_id`` (the
    token authentication and the tenant middleware do), so ``load_access`` does not read it a second time.
    Like the access cache it lives on the request's user object only: nothing is kept across requests."""
    _unwrap(user).__dict__.setdefault(MEMBERSHIP_NOTE, set()).add(tenant_id)


def _unwrap(user):
    """The user a lazy ``request.user`` wraps: the API's permission class is handed the lazy object and
    ``user.has_perm()`` the user inside it, and both must find the same cached access. django-otp wraps the
    authentication middleware's lazy user in a lazy object of its own, hence the loop."""
    while isinstance(user, LazyObject):
        if user._wrapped is empty:
            user._setup()
        user = user._wrapped
    return user


RACI_MATRIX = "core.raci_matrix"  # core.derived key: every write to a tenant's RaciEntry rows gives a new version


def load_access(user, tenant_id):
    """The user's access in ``tenant_id``, cached on the user object for the rest of the request.

    One statement reads the user's roles with the version of the tenant's RACI matrix (``core.derived``); the matrix
    itself, the same for every member, is remembered by this process under that version (``matrix_of``). The roles
    are read afresh on every request: a role taken away stops working on the next one."""
    user = _unwrap(user)
    cache = user.__dict__.setdefault("_bct_access", {})
    if tenant_id in cache:
        return cache[tenant_id]
    from core.models import Membership

    access = Access(tenant_id=tenant_id)
    access.is_member = (tenant_id in user.__dict__.get(MEMBERSHIP_NOTE, ())
                        or Membership.all_tenants.filter(tenant_id=tenant_id, user=user).exists())
    if access.is_member:
        version, access.roles = roles_and_matrix_version(user.pk, tenant_id)
        access.matrix = matrix_of(tenant_id, version)
    cache[tenant_id] = access
    return access


@functools.cache
def _spelt(alias, template, names):
    """``template`` with each ``{name}`` spelt for connection ``alias`` as the quoted table of a model or the quoted
    column of a ``(model, field name)`` (``names``: a tuple of pairs); made once per statement and connection."""
    from django.db import connections

    quote = connections[alias].ops.quote_name
    return template.format(**{name: quote(named[0]._meta.get_field(named[1]).column) if isinstance(named, tuple)
                              else quote(named._meta.db_table) for name, named in names})


def _versioned(select, join, model, params, **names):
    """The rows of ``SELECT <version token>, <select> ... LEFT JOIN <join>``, ``join`` naming ``model`` aliased ``x``:
    a one-row table LEFT JOINed to the tenant's version row of ``RACI_MATRIX`` and then to ``model``, so there is a
    row, with the version, even when ``model`` has none. ``params``: the tenant id, then ``join``'s. Written as SQL
    once: on every request's path, building it through the ORM cost more than running it."""
    from django.db import connections, router

    from core.models import DerivedVersion

    alias = router.db_for_read(model)
    template = ("SELECT v.{v_token}, " + select + " FROM (SELECT 1 AS one) one LEFT JOIN {versions} v"
                " ON v.{v_tenant} = %s AND v.{v_key} = %s LEFT JOIN " + join)
    names = {"versions": DerivedVersion, "v_token": (DerivedVersion, "token"), "v_tenant": (DerivedVersion, "tenant"),
             "v_key": (DerivedVersion, "key"), **names}
    with connections[alias].cursor() as cursor:
        cursor.execute(_spelt(alias, template, tuple(sorted(names.items()))), [params[0], RACI_MATRIX, *params])
        return cursor.fetchall()


def roles_and_matrix_version(user_id, tenant_id):
    """(the version of the tenant's RACI matrix, [(role, workstream id, project id)] the user holds there), in one
    statement. The tenant must be active (row-level security admits its rows only)."""
    model = role_assignments()
    rows = _versioned("x.{role}, x.{workstream}, x.{project}",
                      "{table} x ON x.{tenant} = %s AND x.{user} = %s ORDER BY x.{role}, x.{id}",
                      model, [tenant_id, user_id], table=model, role=(model, "role"), id=(model, "id"),
                      workstream=(model, "workstream"), project=(model, "project"), tenant=(model, "tenant"),
                      user=(model, "user"))
    return rows[0][0], [(role, workstream, project) for _, role, workstream, project in rows if role is not None]


def matrix_of(tenant_id, version):
    """The tenant's RACI matrix, {(process, role): letters} without blank cells, at ``version`` (the token of its
    ``RACI_MATRIX`` version row, None if it has none; ``derived.UNKNOWN`` to read it with the matrix): remembered by
    this process (``core.derived.remembered``) until a write to the matrix gives it a new version."""
    from core import derived
    from core.models import RaciEntry

    def load():
        rows = _versioned("x.{process}, x.{role}, x.{letters}", "{table} x ON x.{tenant} = %s AND x.{letters} <> ''",
                          RaciEntry, [tenant_id], table=RaciEntry, process=(RaciEntry, "process"),
                          role=(RaciEntry, "role"), letters=(RaciEntry, "letters"), tenant=(RaciEntry, "tenant"))
        return rows[0][0], {(process, role): letters for _, process, role, letters in rows if process is not None}

    return derived.remembered(RACI_MATRIX, tenant_id, version, load)


def clear_access_cache(user):
    for holder in {id(user): user, id(_unwrap(user)): _unwrap(user)}.values():
        holder.__dict__.pop("_bct_access", None)
        holder.__dict__.pop(MEMBERSHIP_NOTE, None)


def current_access(user):
    tenant_id = get_current_tenant_id()
    if tenant_id is None or not user.is_authenticated or not user.is_active:
        return None
    return load_access(user, tenant_id)


def governs(perm):
    """True for a permission of the portal's own apps (their labels are ``settings.PORTAL_APPS``)."""
    from django.conf import settings

    return perm.split(".", 1)[0] in getattr(settings, "PORTAL_APPS", ())


def is_model_permission(perm):
    """True for Django's own add/change/delete/view permission of one of the app's models (what the admin asks)."""
    from django.apps import apps

    app_label, _, codename = perm.partition(".")
    action, _, model_name = codename.partition("_")
    if action not in ("add", "change", "delete", "view") or not apps.is_installed(app_label):
        return False
    try:
        return any(model._meta.model_name == model_name for model in apps.get_app_config(app_label).get_models())
    except LookupError:
        return False


def is_governed(perm):
    return perm in _RULES


def check_known(perm):
    """Asking for a portal permission that does not exist (neither governed by a rule nor one of Django's
    add/change/delete/view permissions of a model) is a programming error: in development and tests
    (``settings.PERMISSIONS_STRICT``) it raises instead of quietly answering False."""
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured

    codename = perm.split(".", 1)[-1]
    if (getattr(settings, "PERMISSIONS_STRICT", False) and governs(perm) and not codename.startswith("view_")
            and perm not in _RULES and not is_model_permission(perm)):
        raise ImproperlyConfigured(f"No rule governs the permission {perm!r} (core.rules.register it).")


def has_perm(user, perm, obj=None):
    """The RACI answer, or None when the rule registry does not govern ``perm``."""
    check_known(perm)
    access = current_access(user)
    if access is None or not access.is_member:
        return False
    if obj is not None and getattr(obj, "tenant_id", access.tenant_id) != access.tenant_id:
        return False
    codename = perm.split(".", 1)[-1]
    if codename.startswith("view_"):
        if not getattr(obj, "restricted", False):
            return True
        # A restricted item is visible to those who may work on it or decide it. Models whose governing
        # process depends on the item (a risk's level) name the permission with restricted_view_perm().
        hook = getattr(obj, "restricted_view_perm", None)
        rule = _RULES.get(hook() if hook else perm.replace(".view_", ".change_"))
        return bool(rule and access.allows(Rule(rule.process, "RA"), scope_of(obj)))
    rule = _RULES.get(governing(perm, obj))
    if rule is None:
        return None
    if rule.excluded is not None and obj is not None and rule.excluded(user, obj):
        return False
    if rule.separate and obj is not None and user.pk in parties_of(obj):
        return False
    return access.allows(rule, scope_of(obj), obj)


# Separation of duties and the one check every service makes -----------------------------------------------


def parties_of(obj):
    """Who took part in ``obj`` and what they did, ``{user id: "proposed"}``, from its ``parties()``: the one
    source of separation of duties (DOMAIN.md s3: nobody decides what they raised, wrote, submitted, assessed
    or proposed). A model without ``parties()`` has none."""
    method = getattr(obj, "parties", None)
    found = method() if method is not None else {}
    if not isinstance(found, dict):
        found = {pk: "took part in" for pk in found}
    return {pk: verb for pk, verb in found.items() if pk is not None}


def separation_refusal(user, perm, obj, verb="decide"):
    """The sentence refusing ``user`` because they took part in ``obj``, or None when they did not (or the rule
    does not separate duties). Asked before roles, so it holds even for those whose has_perm is unconditional."""
    rule = _RULES.get(governing(perm, obj))
    if rule is None or not rule.separate or obj is None:
        return None
    did = parties_of(obj).get(getattr(user, "pk", None))
    if did is None:
        return None
    name = getattr(obj, "ref", None) or str(obj)
    return f"You {did} {name}, so you cannot {verb} it: someone else must (separation of duties)."


def require(user, perm, obj=None, verb="decide"):
    """Raise ``PermissionRefused`` naming the roles that would be allowed unless ``user`` may ``perm`` on
    ``obj``: separation of duties first, then the RACI matrix and explicit grants (``user.has_perm``)."""
    separated = separation_refusal(user, perm, obj, verb)
    if separated is not None:
        raise PermissionRefused(separated, roles_allowed(perm, obj))
    if not user.has_perm(perm, obj):
        raise PermissionRefused(describe_refusal(perm, obj), roles_allowed(perm, obj))


def roles_allowed(perm, obj=None):
    """The roles whose RACI letters would allow ``perm``, with their scope, for a 403 message."""
    from core.models import RaciEntry

    rule = _RULES.get(governing(perm, obj))
    if rule is None:
        return []
    if rule.process is None:
        return list(Role.values)
    narrowed = rule.roles_for(obj)
    tenant_id = get_current_tenant_id()
    rows = RaciEntry.all_tenants.filter(tenant_id=tenant_id, process=rule.process).exclude(letters="")
    names = []
    for entry in rows:
        if set(entry.letters) & set(rule.letters) and (narrowed is None or entry.role in narrowed):
            names.append(entry.role)
    return sorted(names, key=Role.values.index)


def describe_refusal(perm, obj=None):
    roles = roles_allowed(perm, obj)
    rule = _RULES.get(governing(perm, obj))
    if not roles:
        return "No role in this partnership may do this."
    if rule.process is None:
        return "Only members of this partnership may do this."
    labels = []
    scope = scope_of(obj)
    for role in roles:
        label = Role(role).label
        if role in SCOPED_ROLES and scope is not None:
            where = ScopeType.PROJECT if scope.project_id else ScopeType.WORKSTREAM
            label += f" (of this {where.label.lower()})"
        labels.append(label)
    letters = " or ".join(rule.letters)
    process = rule.process.replace("_", " ")
    return f"Only {', '.join(labels)} may do this ({letters} for '{process}' in the RACI matrix)."


def covering_q(scope, prefix=""):
    """The Q of role assignments covering ``scope``: the query form of ``Access.roles_covering``."""
    from django.db.models import Q

    def field(name):
        return f"{prefix}{name}"

    if scope is None:
        return Q()
    condition = Q(**{field("workstream__isnull"): True, field("project__isnull"): True})
    if scope.project_id is not None:
        condition |= Q(**{field("project_id"): scope.project_id})
    if scope.workstream_id is not None:
        condition |= Q(**{field("project__isnull"): True, field("workstream_id"): scope.workstream_id})
    return condition


def role_holders(process, letters, obj=None, roles=None):
    """The active tenant's users whose roles covering ``obj``'s scope hold any of ``letters`` for ``process``
    in the tenant's matrix, optionally only in ``roles``: whom to consult, inform or ask (two queries)."""
    from core.models import RaciEntry, User

    RoleAssignment = role_assignments()
    tenant_id = get_current_tenant_id()
    if tenant_id is None:
        return User.objects.none()
    entries = RaciEntry.all_tenants.filter(tenant_id=tenant_id, process=process).exclude(letters="")
    holding = [role for role, held in entries.values_list("role", "letters") if set(held) & set(letters)]
    if roles is not None:
        holding = [role for role in holding if role in set(roles)]
    assignments = RoleAssignment.all_tenants.filter(tenant_id=tenant_id, role__in=holding).filter(
        covering_q(scope_of(obj))
    )
    return User.objects.filter(
        is_active=True, pk__in=assignments.values("user_id"), memberships__tenant_id=tenant_id,
    ).distinct()


def users_with_perm(perm, obj):
    """The users whose roles give them ``perm`` on ``obj`` (explicit per-object grants aside), e.g. the
    authority a change request awaits. A process-less rule answers no one (it would be every member) unless it
    narrows its members with ``excluded`` (a board's decision: its chair and the PMO)."""
    from core.models import User

    rule = _RULES.get(governing(perm, obj))
    if rule is None or (rule.process is None and rule.excluded is None):
        return []
    if rule.process is None:
        users = list(User.objects.filter(is_active=True, memberships__tenant_id=get_current_tenant_id())
                     .order_by("username"))
    else:
        users = list(role_holders(rule.process, rule.letters, obj, rule.roles_for(obj)).order_by("username"))
    if rule.excluded is not None:
        users = [user for user in users if not rule.excluded(user, obj)]
    if rule.separate:
        parties = parties_of(obj)
        users = [user for user in users if user.pk not in parties]
    return users
