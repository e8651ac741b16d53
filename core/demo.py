"""Demo data: the LLR Better Care Together partnership from the source documents, and a small second
partnership (Northshire) to show isolation. ``manage.py load_demo`` runs every registered loader.

Each app registers a loader with ``register(order, loader)``. A loader is called once per tenant as
``loader(partnership)`` inside that tenant's context, after the programme's own data exists, and must be
idempotent: running it twice changes nothing.
"""

_LOADERS = []


def register(order, loader):
    if all(existing is not loader for _, existing in _LOADERS):
        _LOADERS.append((order, loader))


def loaders():
    return [loader for _, loader in sorted(_LOADERS, key=lambda pair: pair[0])]
