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
