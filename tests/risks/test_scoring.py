"""PID App. 7 scoring: every cell of the 5×5 matrix, the band boundaries, and H/M/L ratings."""

import pytest

from risks import scoring
from risks.choices import Rag

# App. 7's matrix as printed, likelihood 5 at the top; each cell's band read from its "Risk Severity" key.
APPENDIX_7 = {
    5: [5, 10, 15, 20, 25],
    4: [4, 8, 12, 16, 20],
    3: [3, 6, 9, 12, 15],
    2: [2, 4, 6, 8, 10],
    1: [1, 2, 3, 4, 5],
}
EXPECTED_RAG = {
    1: Rag.GREEN, 2: Rag.GREEN, 3: Rag.GREEN, 4: Rag.GREEN, 5: Rag.GREEN, 6: Rag.GREEN,
    8: Rag.YELLOW, 9: Rag.YELLOW, 10: Rag.YELLOW, 12: Rag.YELLOW,
    15: Rag.AMBER, 16: Rag.AMBER, 20: Rag.RED, 25: Rag.RED,
}


@pytest.mark.parametrize("likelihood", range(1, 6))
@pytest.mark.parametrize("impact", range(1, 6))
def test_every_cell_scores_as_appendix_7(likelihood, impact):
    score = scoring.severity(likelihood, impact)
    assert score == APPENDIX_7[likelihood][impact - 1]
    assert scoring.rag(score) == EXPECTED_RAG[score]


def test_matrix_cells_are_the_25_cells_top_row_first():
    cells = scoring.cells()
    assert len(cells) == 25
    assert cells[0] == (5, 1, 5, Rag.GREEN)
    assert cells[4] == (5, 5, 25, Rag.RED)
    assert cells[-1] == (1, 5, 5, Rag.GREEN)


@pytest.mark.parametrize(("score", "band"), [
    (1, Rag.GREEN), (7, Rag.GREEN), (8, Rag.YELLOW), (13, Rag.YELLOW), (14, Rag.AMBER), (19, Rag.AMBER),
    (20, Rag.RED), (25, Rag.RED),
])
def test_band_boundaries(score, band):
    assert scoring.rag(score) == band


@pytest.mark.parametrize("band", list(Rag))
def test_band_range_covers_exactly_its_scores(band):
    low, high = scoring.band_range(band)
    assert [s for s in range(1, 26) if scoring.rag(s) == band] == list(range(low, high + 1))


@pytest.mark.parametrize("score", [0, 26, -1])
def test_scores_outside_1_25_are_refused(score):
    with pytest.raises(scoring.RatingError):
        scoring.rag(score)


@pytest.mark.parametrize(("likelihood", "impact"), [(0, 3), (6, 3), (3, 0), (3, 6), ("3", 3), (None, 3), (True, 3)])
def test_ratings_outside_1_5_are_refused(likelihood, impact):
    with pytest.raises(scoring.RatingError, match="whole number from 1 to 5"):
        scoring.severity(likelihood, impact)


@pytest.mark.parametrize(("raw", "rating"), [
    ("H", 4), ("M", 3), ("L", 2), ("h", 4), (" m ", 3), ("High", 4), ("Low", 2), ("5", 5), (1, 1), (4.0, 4),
])
def test_parse_rating_accepts_numbers_and_hml(raw, rating):
    assert scoring.parse_rating(raw) == rating


@pytest.mark.parametrize("raw", ["", None, "X", "6", "0", 7, 2.5, "abc", "VH"])
def test_parse_rating_refuses_anything_else(raw):
    with pytest.raises(scoring.RatingError):
        scoring.parse_rating(raw)


def test_hml_is_refused_where_not_allowed():
    with pytest.raises(scoring.RatingError):
        scoring.parse_rating("H", allow_hml=False)
