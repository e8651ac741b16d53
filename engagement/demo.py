"""The engagement demo (issue 21): the LLR stakeholders the seeds name and the Urgent Care service change. The
foundation loads nothing yet; ``load`` is idempotent, as every demo loader must be (``core.demo``)."""


def load(partnership):
    """Load the partnership's engagement demo (called in its tenant context)."""
