"""What communications and engagement puts in board packs, registered in ``core.registry`` (found by
``autodiscover_modules("pack_sections")``). Each part registers its own in a module of this package."""

from engagement.pack_sections import consultation, stakeholders  # noqa: F401
