"""The plan's logic on plain values, so it is tested without a database: cycles between dependencies, and how a
predecessor's forecast slip pushes the items that wait for it (the slippage chain).

A dependency says when the successor may begin or finish, from the predecessor's (forecast or actual) dates:
finish-to-start, the successor begins no earlier than the predecessor finishes plus the lag; start-to-start, it
begins no earlier than the predecessor begins plus the lag; finish-to-finish, it finishes no earlier than the
predecessor finishes plus the lag. An external dependency not yet met is a finish-to-start predecessor finishing
on its due date. An item pushed past its own dates moves its successors in turn, and the chain of items that
pushed it is kept, from the first slip to the item.
"""

import datetime
from collections import defaultdict, deque
from dataclasses import dataclass, field

FINISH_TO_START, START_TO_START, FINISH_TO_FINISH = "finish_to_start", "start_to_start", "finish_to_finish"


@dataclass(frozen=True)
class Node:
    id: int
    ref: str
    begins: datetime.date
    finishes: datetime.date
    complete: bool = False


@dataclass(frozen=True)
class Link:
    predecessor: int
    successor: int
    type: str = FINISH_TO_START
    lag: int = 0


@dataclass(frozen=True)
class External:
    item: int
    label: str
    due: datetime.date


@dataclass
class Push:
    """An item its predecessors push past its own dates: by how many days, to what, and the chain that did it."""

    item: int
    days: int
    begins: datetime.date
    finishes: datetime.date
    chain: list = field(default_factory=list)  # labels, from the first slip to this item

    @property
    def chain_text(self):
        return " → ".join(self.chain)


def find_cycle(links, predecessor, successor, refs=None):
    """The cycle that adding ``predecessor → successor`` would close, as a list of ids starting and ending with
    ``predecessor`` (``[3, 7, 3]``), or None. ``links`` are (predecessor, successor) pairs already recorded."""
    if predecessor == successor:
        return [predecessor, predecessor]
    after = defaultdict(list)
    for before, later in links:
        after[before].append(later)
    # Breadth first from the new successor: is the new predecessor reachable (so it would wait on itself)?
    came_from = {successor: None}
    queue = deque([successor])
    while queue:
        current = queue.popleft()
        if current == predecessor:
            path = []
            while current is not None:
                path.append(current)
                current = came_from[current]
            return [predecessor, *reversed(path)]
        for later in after[current]:
            if later not in came_from:
                came_from[later] = current
                queue.append(later)
    return None


def _order(nodes, links):
    """The nodes in dependency order (predecessors first); nodes on a cycle (refused on entry) are left out."""
    incoming = {node_id: 0 for node_id in nodes}
    after = defaultdict(list)
    for link in links:
        if link.predecessor in nodes and link.successor in nodes:
            incoming[link.successor] += 1
            after[link.predecessor].append(link.successor)
    queue = deque(sorted(node_id for node_id, count in incoming.items() if count == 0))
    ordered = []
    while queue:
        current = queue.popleft()
        ordered.append(current)
        for later in after[current]:
            incoming[later] -= 1
            if incoming[later] == 0:
                queue.append(later)
    return ordered


def _days(value):
    return datetime.timedelta(days=value)


def _plus(day, days):
    """``day`` moved by ``days``, held at the calendar's ends (a date near 9999 with a lag must not overflow)."""
    try:
        return day + _days(days)
    except OverflowError:
        return datetime.date.max if days > 0 else datetime.date.min


def propagate(nodes, links, externals=()):
    """{item id: Push} for every item not complete that its predecessors (or an external dependency not met)
    push past its own dates. ``nodes`` is {id: Node}."""
    before = defaultdict(list)
    for link in links:
        before[link.successor].append(link)
    waits_for = defaultdict(list)
    for external in externals:
        waits_for[external.item].append(external)
    implied = {}  # id -> (begins, finishes)
    pushes = {}
    for node_id in _order(nodes, links):
        node = nodes[node_id]
        begins, finishes = node.begins, node.finishes
        shift, driver = 0, None
        if not node.complete:
            for link in before[node_id]:
                pred_begins, pred_finishes = implied[link.predecessor]
                if link.type == START_TO_START:
                    needed = (_plus(pred_begins, link.lag) - begins).days
                elif link.type == FINISH_TO_FINISH:
                    needed = (_plus(pred_finishes, link.lag) - finishes).days
                else:
                    needed = (_plus(pred_finishes, link.lag) - begins).days
                if needed > shift:
                    shift, driver = needed, ("item", link.predecessor)
            for external in waits_for[node_id]:
                needed = (external.due - begins).days
                if needed > shift:
                    shift, driver = needed, ("external", external.label)
        if shift > 0:
            begins, finishes = _plus(begins, shift), _plus(finishes, shift)
            kind, value = driver
            if kind == "item":
                start = pushes[value].chain if value in pushes else [nodes[value].ref]
            else:
                start = [value]
            pushes[node_id] = Push(node_id, shift, begins, finishes, [*start, node.ref])
        implied[node_id] = (begins, finishes)
    return pushes
