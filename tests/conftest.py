"""Shared test settings: Hypothesis profiles (HYPOTHESIS_PROFILE=thorough for nox -s property)."""

from __future__ import annotations

import os

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
