"""Issue 14: a history row's reason column holds 100 characters; a longer reason (a closing note typed into a form, a
service's sentence) is cut to fit at the one place every history row is written (core.history.fit_reason), never
refused by PostgreSQL or kept longer than the column by SQLite."""

from risks.models import Risk


def test_a_long_reason_is_cut_to_the_column_with_an_ellipsis(in_llr):
    risk = Risk.objects.order_by("pk").first()
    limit = Risk.history.model._meta.get_field("history_change_reason").max_length
    note = "The risk is closed because " + "the mitigation worked " * 20
    risk._change_reason = note
    risk.save()
    reason = risk.history.order_by("-history_id").first().history_change_reason
    assert len(note) > limit and len(reason) == limit
    assert reason.endswith("…") and note.startswith(reason[:-1])


def test_a_reason_that_fits_is_kept_whole(in_llr):
    risk = Risk.objects.order_by("pk").first()
    risk._change_reason = "Reviewed"
    risk.save()
    assert risk.history.order_by("-history_id").first().history_change_reason == "Reviewed"
