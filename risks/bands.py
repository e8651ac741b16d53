"""The RAG bands a partnership uses (replaced by the bands branch)."""

from risks.scoring import DEFAULT_BANDS


def bands_for(tenant):
    # replaced by the bands branch
    return DEFAULT_BANDS
