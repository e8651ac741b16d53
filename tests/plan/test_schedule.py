"""The plan's logic on plain values: cycles named, and slippage pushed along typed dependencies with lags."""

import datetime

from plan.schedule import FINISH_TO_FINISH, START_TO_START, External, Link, Node, find_cycle, propagate

D = datetime.date(2027, 1, 1)


def day(n):
    return D + datetime.timedelta(days=n)


def node(pk, begins, finishes=None, complete=False):
    return Node(pk, f"PI-{pk:04d}", day(begins), day(begins if finishes is None else finishes), complete)


def test_a_new_link_closing_a_loop_is_named_from_its_predecessor():
    assert find_cycle([(7, 9), (9, 3)], 3, 7) == [3, 7, 9, 3]
    assert find_cycle([(3, 7)], 7, 3) == [7, 3, 7]


def test_a_link_that_closes_no_loop_is_no_cycle():
    assert find_cycle([(1, 2), (2, 3)], 1, 3) is None
    assert find_cycle([(1, 2)], 3, 1) is None


def test_an_item_on_itself_is_a_cycle():
    assert find_cycle([], 5, 5) == [5, 5]


def test_finish_to_start_pushes_the_successor_past_the_predecessor_with_its_lag():
    nodes = {1: node(1, 0, 10), 2: node(2, 5, 8)}
    pushes = propagate(nodes, [Link(1, 2, lag=3)])
    assert pushes[2].days == 8  # must begin on day 13, planned day 5
    assert (pushes[2].begins, pushes[2].finishes) == (day(13), day(16))
    assert pushes[2].chain == ["PI-0001", "PI-0002"]
    assert 1 not in pushes


def test_a_successor_with_room_is_not_pushed():
    nodes = {1: node(1, 0, 10), 2: node(2, 20)}
    assert propagate(nodes, [Link(1, 2)]) == {}


def test_start_to_start_and_finish_to_finish_read_the_right_ends():
    nodes = {1: node(1, 10, 30), 2: node(2, 5, 40), 3: node(3, 0, 20)}
    pushes = propagate(nodes, [Link(1, 2, START_TO_START), Link(1, 3, FINISH_TO_FINISH, lag=2)])
    assert pushes[2].days == 5  # begins with the predecessor's start (day 10), not its finish
    assert pushes[3].days == 12  # finishes on day 32, two days after the predecessor


def test_slippage_propagates_along_a_chain_which_is_shown():
    nodes = {1: node(1, 0, 30), 2: node(2, 20, 25), 3: node(3, 26)}
    pushes = propagate(nodes, [Link(1, 2), Link(2, 3)])
    assert pushes[2].days == 10 and pushes[3].days == 9
    assert pushes[3].chain_text == "PI-0001 → PI-0002 → PI-0003"


def test_a_complete_item_is_not_pushed_and_pushes_by_its_actual_date():
    nodes = {1: node(1, 0, 3, complete=True), 2: node(2, 1, 2, complete=True), 3: node(3, 2)}
    pushes = propagate(nodes, [Link(1, 2), Link(1, 3)])
    assert 2 not in pushes
    assert pushes[3].days == 1


def test_an_external_dependency_not_met_pushes_from_its_due_date():
    nodes = {1: node(1, 5, 9)}
    pushes = propagate(nodes, [], [External(1, "Mobile working (external)", day(12))])
    assert pushes[1].days == 7
    assert pushes[1].chain == ["Mobile working (external)", "PI-0001"]


def test_dates_at_the_end_of_the_calendar_do_not_overflow():
    last = datetime.date.max - datetime.timedelta(days=1)
    nodes = {1: Node(1, "PI-0001", last, last), 2: Node(2, "PI-0002", day(0), day(0))}
    pushes = propagate(nodes, [Link(1, 2, lag=3650)])
    assert pushes[2].begins == datetime.date.max
