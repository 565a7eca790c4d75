"""``assert_not_exposed``: fail a test suite on settings that expose a service."""

from __future__ import annotations

import os
from collections.abc import Iterable

from ..errors import ConfigFileError, ExposedError, LintArgumentError
from ._files import lint_path
from ._mapping import lint_mapping
from ._model import UNREADABLE, shown

__all__ = ["assert_not_exposed"]


def assert_not_exposed(obj: object, *, allow: Iterable[str] = ()) -> None:
    """Fail (for test suites) if a setting in ``obj`` exposes a service.

    >>> assert_not_exposed({"server": {"host": "127.0.0.1", "port": 8000}})
    >>> try:
    ...     assert_not_exposed({"server": {"host": "0.0.0.0", "port": 8000}})
    ... except ExposedError as error:
    ...     print(error.findings[0].path, error.findings[0].verdict.exposure)
    ('server', 'host') all_interfaces

    :param obj: parsed configuration, as :func:`lint_mapping` takes it, or a file or
        directory (a ``str`` or path object), as :func:`lint_path` takes it.
    :param allow: settings allowed to expose, by dotted path (``"services.web.ports.0"``)
        or by host: a setting passes when every host it binds is named (``"10.0.0.5"``;
        Docker's every-interface ports bind ``"0.0.0.0"`` and ``"::"``, an empty host
        binds ``"*"``).
    :raises ExposedError: one or more settings bind every interface or a non-loopback
        address, and ``allow`` does not name them.
    :raises ConfigFileError: ``obj`` names a file that :func:`lint_path` cannot read, or a
        directory with one (the first, after the whole walk).
    :raises LintArgumentError: ``allow`` is not an iterable of strings (a lone string
        is refused too: write ``allow=["10.0.0.5"]``).
    """
    if isinstance(allow, (str, bytes)) or not isinstance(allow, Iterable):
        raise LintArgumentError(
            f"assert_not_exposed: allow is not a list of strings: {shown(allow)}"
        )
    allowed = set()
    for item in allow:
        if not isinstance(item, str):
            raise LintArgumentError(f"assert_not_exposed: not a string in allow: {shown(item)}")
        allowed.add(str.__str__(item))
    findings = lint_path(obj) if isinstance(obj, (str, os.PathLike)) else lint_mapping(obj)
    for finding in findings:
        if finding.check == UNREADABLE:  # a test suite cannot pass what it did not check
            raise ConfigFileError(
                str(finding.file), finding.verdict.message, line=finding.line, column=finding.column
            )
    exposed = [
        finding
        for finding in findings
        if finding.verdict.exposed
        and not finding.check  # a second finding on the same setting (a duplicate port)
        and finding.dotted_path not in allowed
        and not (finding.verdict.hosts and set(finding.verdict.hosts) <= allowed)
    ]
    if exposed:
        raise ExposedError(exposed)
