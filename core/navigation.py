"""The portal's main navigation: each app adds its own entry when it is ready, so the base template
needs no change as apps arrive."""

from dataclasses import dataclass


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    order: int = 100
    # The first path segment that marks this entry as the current page.
    section: str = ""


_ITEMS: list[NavItem] = []


def register(label, url_name, order=100, section=""):
    item = NavItem(label, url_name, order, section)
    if item not in _ITEMS:
        _ITEMS.append(item)


def items():
    return sorted(_ITEMS, key=lambda item: item.order)
