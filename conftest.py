"""Doctests (in ``loopback/``, ``docs/`` and the README) run as in a plain Python session.

Under pytest-xdist each worker has ``PYTEST_XDIST_WORKER`` set, and
``loopback.bind.loopback_hosts`` gives each worker its own addresses; the examples show
what a reader sees outside xdist, so the doctests run without it.
"""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _as_in_a_plain_session(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    if isinstance(request.node, pytest.DoctestItem):
        monkeypatch.delenv("PYTEST_XDIST_WORKER", raising=False)


#: Documents whose examples need more than every system has, and what: the probe skips
#: them (with the reason) where it fails.
NEEDS = {
    "multi-node-cluster.md": ("127.10.1.1", "binds 127.10.1.x: macOS answers on 127.0.0.1 only"),
}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Skip a document's examples where this system lacks what they need."""
    from tests.platforms import bindable  # noqa: PLC0415 - only when collecting

    for item in items:
        need = NEEDS.get(item.path.name) if isinstance(item, pytest.DoctestItem) else None
        if need is not None and not bindable(need[0]):  # pragma: no cover - macOS
            item.add_marker(pytest.mark.skip(reason=need[1]))
