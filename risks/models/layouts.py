"""A saved column mapping for importing a register in another layout (README "Importing a register in any layout")."""

from django.db import models

from core.models import TenantModel, tenant_history


class RiskImportLayout(TenantModel):
    """One register layout a partnership imports: found again by the signature of its normalised header row.

    ``mapping`` is ``{source column heading: portal field}`` (``risks.mapping.FIELDS``); ``values`` maps the source's
    own words to the portal's choices (``{"category": {"Ops": "clinical"}, ...}``); ``choices`` holds the values
    chosen for the whole file where the source has no column (``{"category": "strategic", ...}``). ``source_bands``
    (``{"bands": [[rag, low, high], ...], "hml": {"H": 5, ...}}``) are the partner's own bands, kept on each risk
    imported with the layout beside the partnership's."""

    name = models.CharField(max_length=200, help_text="What the layout is, such as 'LPT Datix export'.")
    signature = models.CharField(max_length=64, editable=False)
    headers = models.JSONField(default=list, help_text="The source's header row, as read.")
    mapping = models.JSONField(default=dict)
    values = models.JSONField(default=dict, blank=True)
    choices = models.JSONField(default=dict, blank=True)
    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        help_text="The partner organisation whose register this layout is.",
    )
    source_bands = models.JSONField(null=True, blank=True)

    history = tenant_history()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "signature"], name="risk_import_layout_one_per_header",
                                    violation_error_message="This partnership already has a layout for these "
                                                            "column headings."),
        ]

    def __str__(self):
        return self.name
