"""Shared test settings: Hypothesis profiles, platform markers.

HYPOTHESIS_PROFILE=thorough for nox -s property; ``linux_only``, ``posix_only`` and
``windows_only`` skip a test on the other systems, with its reason.
"""

from __future__ import annotations

import os
import sys

import pytest
from hypothesis import HealthCheck, settings

pytest_plugins = ["pytester"]

# The default run is derandomized, so coverage and results are the same on every run;
# `nox -s property` explores afresh with many more examples.
settings.register_profile("default", max_examples=300, deadline=None, derandomize=True)
# The Pythons other than the newest (nox's tests session) run each property on fewer
# examples: the newest runs the full count, under coverage; these check that the same
# properties hold on their version (docs/howto/run-the-tests.md).
settings.register_profile("quick", max_examples=60, deadline=None, derandomize=True)
settings.register_profile(
    "thorough",
    max_examples=20_000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


#: The systems each platform marker runs on (pyproject.toml registers the markers); each
#: takes its reason, which the skip repeats: ``@pytest.mark.linux_only("reads /proc")``.
SYSTEMS = {
    "linux_only": ("linux",),
    "posix_only": ("linux", "darwin"),
    "windows_only": ("win32",),
}


def here() -> str:
    """This system as the platform markers name it: linux, darwin, win32 or another."""
    return "linux" if sys.platform.startswith("linux") else sys.platform


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Skip what another system's marker asks for, saying why; a marker needs a reason."""
    system = here()
    for item in items:
        for name, systems in SYSTEMS.items():
            marker = item.get_closest_marker(name)
            if marker is None:
                continue
            if len(marker.args) != 1 or not isinstance(marker.args[0], str) or marker.kwargs:
                raise pytest.UsageError(
                    f"{item.nodeid}: @pytest.mark.{name}(reason) needs a reason"
                )
            if system not in systems:
                item.add_marker(pytest.mark.skip(reason=f"{name}: {marker.args[0]}"))


@pytest.fixture(autouse=True)
def _glibc_hosts_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test reads hosts files by glibc's rules, whatever the system runs it.

    ``HostsFile.load`` takes Windows' rules (CRLF for added lines, nine names a line) on
    Windows; the tests expect the same bytes everywhere and ask for Windows' rules with
    ``windows=True``. ``test_hosts_io.py::test_load_follows_this_systems_rules`` undoes
    this to test the default itself.
    """
    monkeypatch.setattr("loopback.hosts._io.is_windows", lambda: False)
