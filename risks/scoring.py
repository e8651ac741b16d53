"""Risk scoring (PID App. 7): likelihood × impact = severity, and the RAG bands.

Pure functions with no database access, so the model, serializers, forms,
exports and the heat map all derive scores the same way. ``Bands`` is one set of
RAG bands with its H/M/L mapping: App. 7's four colours are ``DEFAULT_BANDS``; a
partnership may set its own (PID s4.4: risk reporting "compatible with the
reporting" of the partners), and a partner's register keeps the bands it came with.
"""

from dataclasses import dataclass

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


# Every score two ratings can make: a band set must give each exactly one colour (7, 11, 13, 14... cannot occur).
ACHIEVABLE_SCORES = tuple(sorted({likelihood * impact for likelihood in RATINGS for impact in RATINGS}))
RAG_ORDER = (Rag.RED, Rag.AMBER, Rag.YELLOW, Rag.GREEN)


@dataclass(frozen=True)
class Bands:
    """One set of RAG bands, ``((rag, low, high), ...)`` highest first (a colour may be left out, as a
    three-colour register does), and how H/M/L ratings map to 1–5. Build it with ``Bands.checked`` from
    anything a person typed; the constructor trusts its arguments."""

    bands: tuple = RAG_BANDS
    hml: tuple = (("H", 4), ("M", 3), ("L", 2))

    @classmethod
    def checked(cls, bands, hml=None):
        """Bands from ``[(rag, low, high), ...]`` and ``{"H": 4, "M": 3, "L": 2}``, refused with a
        ``RatingError`` naming the problem: a range outside 1–25 or upside down, two colours overlapping,
        a score two ratings can make that no colour covers, or H/M/L not each 1–5 with H ≥ M ≥ L."""
        cleaned = []
        for rag_name, low, high in bands:
            if rag_name not in RAG_ORDER:
                raise RatingError(f"Unknown RAG band {rag_name!r}.")
            label = Rag(rag_name).label
            if not all(isinstance(n, int) and not isinstance(n, bool) for n in (low, high)):
                raise RatingError(f"{label}: the scores must be whole numbers.")
            if not 1 <= low <= high <= 25:
                raise RatingError(f"{label}: {low}–{high} is not a range of scores from 1 to 25, lowest first.")
            cleaned.append((Rag(rag_name), low, high))
        if len({name for name, _, _ in cleaned}) != len(cleaned):
            raise RatingError("Each colour may have one range only.")
        cleaned.sort(key=lambda band: -band[1])
        for (upper, upper_low, _), (lower, _, lower_high) in zip(cleaned, cleaned[1:], strict=False):
            if lower_high >= upper_low:
                raise RatingError(f"{Rag(upper).label} and {Rag(lower).label} overlap: "
                                  f"a score of {upper_low} would be both.")
        uncovered = [score for score in ACHIEVABLE_SCORES if not any(low <= score <= high for _, low, high in cleaned)]
        if uncovered:
            listed = ", ".join(str(score) for score in uncovered)
            raise RatingError(f"No colour covers the score{'s' if len(uncovered) > 1 else ''} {listed}.")
        mapping = dict(cls.hml if hml is None else hml)
        for word in ("H", "M", "L"):
            value = mapping.get(word)
            if not isinstance(value, int) or isinstance(value, bool) or not MIN_RATING <= value <= MAX_RATING:
                raise RatingError(f"{word} must map to a whole number from {MIN_RATING} to {MAX_RATING}, "
                                  f"not {value!r}.")
        if not mapping["H"] >= mapping["M"] >= mapping["L"]:
            raise RatingError("H must map to at least M, and M to at least L.")
        return cls(tuple(cleaned), tuple((word, mapping[word]) for word in ("H", "M", "L")))

    def rag(self, score):
        for band, low, high in self.bands:
            if low <= score <= high:
                return band
        raise RatingError(f"A severity score is 1 to 25 and covered by a band, not {score!r}.")

    def rag_or_none(self, score):
        return self.rag(score) if score else None

    def range(self, band):
        """The inclusive (low, high) score range of a band, or None where this set leaves the colour out."""
        for name, low, high in self.bands:
            if name == band:
                return low, high
        if band not in RAG_ORDER:
            raise RatingError(f"Unknown RAG band {band!r}.")
        return None

    @property
    def hml_ratings(self):
        """``{"H": 4, "HIGH": 4, ...}``: the words a rating cell may hold."""
        words = {"H": "HIGH", "M": "MEDIUM", "L": "LOW"}
        mapping = dict(self.hml)
        return {**mapping, **{words[word]: value for word, value in mapping.items()}}

    def parse_rating(self, value, allow_hml=True):
        return parse_rating(value, allow_hml=allow_hml, hml=self.hml_ratings)

    def describe(self):
        """The bands as a sentence for exports and pages: "Red 20–25, Amber 14–19, … (H=4, M=3, L=2)"."""
        ranges = ", ".join(f"{Rag(name).label} {low}–{high}" for name, low, high in self.bands)
        return f"{ranges} (H={dict(self.hml)['H']}, M={dict(self.hml)['M']}, L={dict(self.hml)['L']})"

    @property
    def is_default(self):
        return self == DEFAULT_BANDS


def severity(likelihood, impact):
    """Likelihood × impact, 1–25. Refuses ratings outside 1–5."""
    for name, value in (("likelihood", likelihood), ("impact", impact)):
        if not isinstance(value, int) or isinstance(value, bool) or not MIN_RATING <= value <= MAX_RATING:
            raise RatingError(f"The {name} must be a whole number from {MIN_RATING} to {MAX_RATING}, not {value!r}.")
    return likelihood * impact


DEFAULT_BANDS = Bands()


def rag(score):
    """The App. 7 band of a severity score: 20–25 red, 14–19 amber, 8–13 yellow, 1–7 green."""
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


def parse_rating(value, allow_hml=True, hml=None):
    """A rating from user input: 1–5 as a number or text, or H/M/L (→ 4/3/2, or ``hml``'s mapping) where
    ``allow_hml``."""
    hml = HML_RATINGS if hml is None else hml
    if value is None or (isinstance(value, str) and not value.strip()):
        raise RatingError("A rating is required.")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str):
        text = value.strip().upper()
        if allow_hml and text in hml:
            return hml[text]
        if text.isdigit():
            value = int(text)
        else:
            allowed = "1–5 or H/M/L" if allow_hml else "1–5"
            raise RatingError(f"{value!r} is not a rating: use {allowed}.")
    if not isinstance(value, int) or isinstance(value, bool) or not MIN_RATING <= value <= MAX_RATING:
        raise RatingError(f"{value!r} is not a rating: use a whole number from {MIN_RATING} to {MAX_RATING}.")
    return value


def cells(bands=DEFAULT_BANDS):
    """Every (likelihood, impact, score, rag) of the 5×5 matrix in ``bands`` (the partnership's, ``risks.bands``),
    likelihood 5 first as App. 7 draws it."""
    return [
        (likelihood, impact, likelihood * impact, bands.rag(likelihood * impact))
        for likelihood in reversed(RATINGS)
        for impact in RATINGS
    ]
