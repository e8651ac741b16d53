"""The browser's registers page by cursor, as the API does (``core.keyset``, issue 20): "Next" and "Previous" carry
``?cursor=`` and every other parameter of the page (filters, sorting, page size), so the last page of a register of
100,000 rows costs what the first does and rows added or removed between two pages never repeat or skip a row.

``register_page(request, queryset, size)`` is the one helper every register view calls (the risk register, the issue
log, the benefits register, the change log, the programme plan, the highlight reports); the template includes
``includes/cursor_pagination.html`` with it as ``page``. Two queries whatever the page: the count, capped at
``core.keyset.COUNT_CAP`` (the page says "more than 10,000" beyond it), and the page itself.

An old link's ``?page=N`` still opens the N-th page (by offset: the only deep read left, and only for such a link);
a page number past the end opens the last page, as Django's ``Paginator.get_page`` did. A cursor the register did
not give (edited by hand, or from another sorting) shows the first page with a message saying so.
"""

from dataclasses import dataclass

from django.contrib import messages

from core import keyset
from core.exceptions import Invalid

STALE = "That page link is out of date (the register's sorting changed): this is the first page."


@dataclass
class RegisterPage:
    rows: list
    count: int  # exact up to keyset.COUNT_CAP, else the cap
    count_exact: bool
    next: str | None  # the cursor of the page after, None on the last page
    previous: str | None  # the cursor of the page before, None on the first page
    size: int
    keyset: bool  # False where the sorting chosen forced paging by offset (core.keyset)

    def __iter__(self):
        return iter(self.rows)

    def __len__(self):
        return len(self.rows)

    @property
    def has_other_pages(self):
        return bool(self.next or self.previous)

    @property
    def first(self):
        return self.previous is None

    @property
    def count_text(self):
        """``"42"``, or ``"more than 10,000"`` when the count stopped at the cap."""
        return str(self.count) if self.count_exact else f"more than {self.count:,}"


def _page_number(text):
    try:
        number = int(text)
    except (TypeError, ValueError):
        return 1
    return max(number, 1)


def register_page(request, queryset, size):
    """The page of ``queryset`` that the request's ``?cursor=`` (or an old link's ``?page=``) asks for."""
    cursor = request.GET.get("cursor") or None
    offset = 0 if cursor else (_page_number(request.GET.get("page")) - 1) * size
    count, exact = keyset.capped_count(queryset, keyset.COUNT_CAP)
    try:
        window = keyset.window(queryset, size, cursor, offset)
    except Invalid:
        messages.warning(request, STALE)
        window = keyset.window(queryset, size)
    if offset and not window.rows:  # an old page number past the end: the last page
        last = (count - 1) // size * size if exact and count else 0
        window = keyset.window(queryset, size, None, last)
    return RegisterPage(window.rows, count, exact, window.next, window.previous, size, window.keyset)
