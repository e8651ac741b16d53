"""The version of a computation over a whole partnership (``core.derived``): changed by every write to its inputs."""

from django.db import models

from .base import TenantModel


class DerivedVersion(TenantModel):
    """One computation's current version for one partnership: a random token, replaced in the same transaction as
    each write to the computation's inputs (so a write that rolls back leaves it as it was)."""

    key = models.CharField(max_length=60)
    token = models.CharField(max_length=32)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["tenant", "key"], name="derived_version_one_per_key",
                                               violation_error_message="This computation already has a version.")]

    def __str__(self):
        return f"{self.key} {self.token}"
