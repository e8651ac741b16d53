"""What communications and engagement put in a board pack, registered in ``core.registry`` (this module is found by
``autodiscover_modules("pack_sections")``). Each part of the app registers its own sections from its own module:
consultation and the Four Tests in ``engagement.consultation_packs``."""

from engagement import consultation_packs  # noqa: F401
