"""Whether a partnership's registers may be read in bulk by Power BI, Excel and other reporting tools
(``core.feeds``; README "The reporting exchange"). Off until the PMO turns it on, with history."""

from django.db import models

from .base import TenantModel, tenant_history


class FeedSettings(TenantModel):
    """One row per partnership; read through ``for_tenant`` (unsaved, off, until first changed)."""

    enabled = models.BooleanField(
        "turn on the reporting exchange", default=False,
        help_text="Members with an API token may then load every register they may read into Power BI, Excel or "
                  "another reporting tool (/api/v1/feeds/). Turning it off stops every such load at once.")

    history = tenant_history()

    class Meta:
        verbose_name = "reporting exchange settings"
        verbose_name_plural = "reporting exchange settings"
        constraints = [models.UniqueConstraint(
            fields=["tenant"], name="feed_settings_one_per_tenant",
            violation_error_message="This partnership already has reporting exchange settings.")]

    def __str__(self):
        return "Reporting exchange settings"

    @classmethod
    def for_tenant(cls, tenant):
        """The partnership's settings; off, unsaved, if it never changed them (reading writes nothing)."""
        tenant_id = getattr(tenant, "pk", tenant)
        return cls.all_tenants.filter(tenant_id=tenant_id).first() or cls(tenant_id=tenant_id)
