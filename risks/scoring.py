"""Risk scoring (PID App. 7): likelihood × impact = severity, and the four RAG bands.

Pure functions with no database access, so the model, serializers, forms,
exports and the heat map all derive scores the same way.
"""

from risks.choices import Rag

MIN_RATING, MAX_RATING = 1, 5
RATINGS = range(MIN_RATING, MAX_RATING + 1)

# The words NHS risk registers use for each rating (the 5×5 matrix), shown as "3 – Possible"; exports keep numbers.
LIKELIHOOD_WORDS = {1: "Rare", 2: "Unlikely", 3: "Possible", 4: "Likely", 5: "Almost certain"}
IMPACT_WORDS = {1: "Negligible", 2: "Minor", 3: "Moderate", 4: "Major", 5: "Catastrophic"}


def rating_label(part, value):
    """``"3 – Possible"`` for a likelihood of 3 (``part`` "likelihood" or "impact"); blank for no rating."""
    words = LIKELIHOOD_WORDS if part == "likelihood" else IMPACT_WORDS
    return f"{value} – {words[value]}" if value in words else ""


def rating_choices(part):
    return [(n, rating_label(part, n)) for n in RATINGS]


# App. 7 "Risk Severity": each band's inclusive score range, highest first.
RAG_BANDS = (
    (Rag.RED, 20, 25),
    (Rag.AMBER, 14, 19),
    (Rag.YELLOW, 8, 13),
    (Rag.GREEN, 1, 7),
)

# Seed 004's register rates probability and impact High/Medium/Low (DOMAIN.md s4).
HML_RATINGS = {"H": 4, "M": 3, "L": 2, "HIGH": 4, "MEDIUM": 3, "LOW": 2}


class RatingError(ValueError):
    """A likelihood or impact that is not a whole number 1–5 (or H/M/L where allowed)."""


def severity(likelihood, impact):
    """Likelihood × impact, 1–25. Refuses ratings outside 1–5."""
    for name, value in (("likelihood", likelihood), ("impact", impact)):
        if not isinstance(value, int) or isinstance(value, bool) or not MIN_RATING <= value <= MAX_RATING:
            raise RatingError(f"The {name} must be a whole number from {MIN_RATING} to {MAX_RATING}, not {value!r}.")
    return likelihood * impact


def rag(score):
    """The RAG band of a severity score: 20–25 red, 14–19 amber, 8–13 yellow, 1–7 green."""
    for band, low, high in RAG_BANDS:
        if low <= score <= high:
            return band
    raise RatingError(f"A severity score is 1 to 25, not {score!r}.")


def rag_or_none(score):
    return rag(score) if score else None


def band_range(band):
    """The inclusive (low, high) score range of a RAG band, for filtering in the database."""
    for name, low, high in RAG_BANDS:
        if name == band:
            return low, high
    raise RatingError(f"Unknown RAG band {band!r}.")


def parse_rating(value, allow_hml=True):
    """A rating from user input: 1–5 as a number or text, or H/M/L (→ 4/3/2) where ``allow_hml``."""
    if value is None or (isinstance(value, str) and not value.strip()):
        raise RatingError("A rating is required.")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str):
        text = value.strip().upper()
        if allow_hml and text in HML_RATINGS:
            return HML_RATINGS[text]
        if text.isdigit():
            value = int(text)
        else:
            allowed = "1–5 or H/M/L" if allow_hml else "1–5"
            raise RatingError(f"{value!r} is not a rating: use {allowed}.")
    if not isinstance(value, int) or isinstance(value, bool) or not MIN_RATING <= value <= MAX_RATING:
        raise RatingError(f"{value!r} is not a rating: use a whole number from {MIN_RATING} to {MAX_RATING}.")
    return value


def cells():
    """Every (likelihood, impact, score, rag) of the 5×5 matrix, likelihood 5 first as App. 7 draws it."""
    return [
        (likelihood, impact, likelihood * impact, rag(likelihood * impact))
        for likelihood in reversed(RATINGS)
        for impact in RATINGS
    ]
