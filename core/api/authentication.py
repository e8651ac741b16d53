"""`Authorization: Token <key>`: the token fixes the tenant the request acts in (API.md)."""

import functools

from django.db import connections, router
from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from core import rules, tenancy
from core.accounts import audit
from core.db import cross_tenant_lookup
from core.models import ApiToken, Membership, Partnership, User
from core.models.access import hash_token_key

# Writing last_used on every request would turn each read into a write; once a minute is enough to audit use.
LAST_USED_RESOLUTION_SECONDS = 60


class ApiTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Token"

    def authenticate(self, request):
        key = self.key_of(request)
        return None if key is None else self.authenticate_key(request, key)

    def key_of(self, request):
        """The key the request's ``Authorization`` header carries, or None when it names another scheme."""
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed("Invalid token header: use 'Authorization: Token <key>'.")
        try:
            return header[1].decode()
        except UnicodeError:
            raise exceptions.AuthenticationFailed("Invalid token.") from None

    def authenticate_key(self, request, key):
        with cross_tenant_lookup():  # the token names its tenant: look it up in all of them (row-level security)
            token, is_member = token_with_membership(key)
            if token is None or not token.is_active or not token.user.is_active:
                raise exceptions.AuthenticationFailed("Invalid, expired or revoked token.")
            if not is_member:
                raise exceptions.AuthenticationFailed("The token's user is no longer a member of its partnership.")
        # The access load (core.rules) need not ask again in this request.
        rules.note_membership(token.user, token.tenant_id)
        # The request now acts in the token's tenant only; the middleware restores the previous value afterwards.
        tenancy.activate(token.tenant)
        request._request.tenant = token.tenant
        now = timezone.now()
        if token.last_used is None or (now - token.last_used).total_seconds() > LAST_USED_RESOLUTION_SECONDS:
            ApiToken.all_tenants.filter(pk=token.pk).update(last_used=now)
            audit.token_used(request._request, token)  # security audit trail, at the same once-a-minute rate
        return token.user, token

    def authenticate_header(self, request):
        return self.keyword


# The token look-up: one statement on every API request ------------------------------------------------------------

LOOKED_UP = ((ApiToken, "t"), (User, "u"), (Partnership, "p"))


@functools.cache
def token_statement(alias):
    """The statement reading a token by its key's hash with its user and partnership (every column of each, as
    ``select_related`` would) and whether the user is still a member of the partnership (the model columns of each,
    in ``LOOKED_UP``'s order, then that). Written once per connection: building it through the ORM (a join, an
    ``Exists`` and a filter) cost more CPU than PostgreSQL took to run it. Row-level security applies as to any
    statement: the caller is inside ``cross_tenant_lookup``, which opens the token and membership tables only."""
    quote = connections[alias].ops.quote_name

    def table(model):
        return quote(model._meta.db_table)

    def column(model, name):
        return quote(model._meta.get_field(name).column)

    columns = ", ".join(f"{letter}.{quote(field.column)}" for model, letter in LOOKED_UP
                        for field in model._meta.concrete_fields)
    return (
        f"SELECT {columns}, EXISTS (SELECT 1 FROM {table(Membership)} m"
        f" WHERE m.{column(Membership, 'tenant')} = t.{column(ApiToken, 'tenant')}"
        f" AND m.{column(Membership, 'user')} = t.{column(ApiToken, 'user')})"
        f" FROM {table(ApiToken)} t"
        f" INNER JOIN {table(User)} u ON u.{column(User, 'id')} = t.{column(ApiToken, 'user')}"
        f" INNER JOIN {table(Partnership)} p ON p.{column(Partnership, 'id')} = t.{column(ApiToken, 'tenant')}"
        f" WHERE t.{column(ApiToken, 'key_hash')} = %s"
    )


@functools.cache
def converters(alias):
    """Per model in ``LOOKED_UP``: its fields, each with the converters the ORM applies to that column's values on
    this connection (SQLite's datetimes and booleans, say), so the instances are those the ORM would build."""
    connection = connections[alias]
    found = []
    for model, _letter in LOOKED_UP:
        fields = []
        for field in model._meta.concrete_fields:
            column = field.get_col(model._meta.db_table)
            fields.append((field.attname, column,
                           connection.ops.get_db_converters(column) + column.get_db_converters(connection)))
        found.append((model, fields))
    return found


def token_with_membership(key):
    """(the ``ApiToken`` whose key is ``key``, its ``user`` and ``tenant`` loaded, or None; whether its user is a
    member of its tenant), in one statement (``token_statement``)."""
    alias = router.db_for_read(ApiToken)
    connection = connections[alias]
    with connection.cursor() as cursor:
        cursor.execute(token_statement(alias), [hash_token_key(key)])
        row = cursor.fetchone()
    if row is None:
        return None, False
    instances, start = [], 0
    for model, fields in converters(alias):
        values = list(row[start:start + len(fields)])
        for index, (_attname, column, convert) in enumerate(fields):
            for converter in convert:
                values[index] = converter(values[index], column, connection)
        instances.append(model.from_db(alias, [attname for attname, _column, _convert in fields], values))
        start += len(fields)
    token, token.user, token.tenant = instances
    return token, bool(row[start])


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = ApiTokenAuthentication
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Token <key>`; create one with `manage.py create_api_token USER --tenant SLUG`.",
        }
