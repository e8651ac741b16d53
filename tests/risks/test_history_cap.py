"""A page shows an item's latest HISTORY_SHOWN changes, read as such from the database, and links to every change
(issue 20: an item changed thousands of times must not make its page unbounded). The latest changes are the same
entries, compared with the same earlier values, as in the whole log."""

import pytest

from core import history
from core.tenancy import tenant_context


@pytest.fixture
def busy_risk(make_risk, llr):
    risk = make_risk(title="Changed often")
    with tenant_context(llr):
        for n in range(6):
            risk.title = f"Changed often, edit {n}"
            risk.controls = f"Control {n % 2}"
            risk.save()
    return risk


def test_the_latest_changes_are_the_whole_logs_newest(busy_risk, llr):
    with tenant_context(llr):
        whole = history.change_log(busy_risk)
        latest = history.change_log(busy_risk, limit=3)
    assert len(whole) == 7 and not getattr(whole, "more", False)
    assert latest == whole[:3] and latest.more is True
    assert latest[-1]["changes"]  # the oldest shown is compared with the change before it, not with nothing
    with tenant_context(llr):
        everything = history.change_log(busy_risk, limit=7)
    assert everything == whole and everything.more is False


def test_a_benefits_several_streams_are_cut_the_same_way(llr, persona):
    from benefits.history import change_log
    from benefits.models import Benefit

    with tenant_context(llr):
        benefit = Benefit.objects.filter(measurements__isnull=False).distinct().first()
        whole = change_log(benefit)
        latest = change_log(benefit, limit=4)
    assert len(whole) > 4
    assert latest == whole[:4] and latest.more


def test_the_page_shows_the_latest_and_links_to_every_change(browser, busy_risk, monkeypatch):
    monkeypatch.setattr(history, "HISTORY_SHOWN", 3)
    client = browser("pmo.llr")
    page = client.get(f"/risks/{busy_risk.pk}/").content.decode()
    assert "Showing the latest 3 changes" in page and "history=all" in page
    assert "edit 5" in page and "→ Changed often, edit 1<" not in page
    everything = client.get(f"/risks/{busy_risk.pk}/", {"history": "all"}).content.decode()
    assert "Showing the latest" not in everything and "→ Changed often, edit 1<" in everything


def test_the_baselines_of_many_objects_are_read_in_one_query(make_risk, llr, django_assert_num_queries):
    """A stream of several objects (a benefit's measurements) whose shown changes are all edits: each is compared
    with its object's change before the window, all those read at once, whatever the number of objects."""
    from risks.models import Risk

    def edited(count):
        risks = [make_risk(title=f"Stream {count} risk {n}") for n in range(count)]
        with tenant_context(llr):
            for risk in risks:
                risk.title = f"{risk.title}, edited"
                risk.save()
        return Risk.history.filter(id__in=[risk.pk for risk in risks]).select_related("history_user")

    for count in (2, 6):
        records = edited(count)
        with tenant_context(llr):
            whole = history.entries(Risk, records)
            with django_assert_num_queries(2):  # the window, then every object's baseline
                latest, cut = history._latest(Risk, records, count, None, ())
        newest = sorted(whole, key=lambda entry: entry["when"], reverse=True)[:count]
        assert sorted(latest, key=lambda entry: entry["when"], reverse=True) == newest and cut
        assert all(entry["changes"] for entry in latest)  # each edit compared with its object's creation
