"""Records for the permission matrix (tests/core/test_permissions.py), one module per feature.

Each module may define:

- ``records(ctx) -> dict``: URL argument values for the feature's routes (argument names are
  unique across the application), and optionally ``"overrides": {endpoint: {arg: value}}``.
  ``ctx`` holds the core records and the fixtures ``make_user``, ``make_unit``,
  ``make_position``, ``editors`` and ``system``.
- ``OBJECT_RULES``: endpoint -> (the permission that satisfies the object rule, or None;
  the status of the refusal), for routes where the permission alone is not enough.
- ``PUBLIC``: the feature's public endpoints (no sign-in).
"""

import importlib
import pkgutil


def modules():
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        yield importlib.import_module(f"{__name__}.{info.name}")
