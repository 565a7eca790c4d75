"""Find settings that expose a service beyond this machine.

>>> from loopback.lint import check_setting
>>> check_setting("docker-ports", "127.0.0.1:8080:80").exposure
'loopback'
>>> check_setting("nginx-listen", "80").exposed
True
"""

from __future__ import annotations

from ..errors import ConfigFileError, ExposedError, LintArgumentError, SettingError
from ._assert import assert_not_exposed
from ._files import FILE_KINDS, FileKind, file_kind, lint_path
from ._mapping import lint_mapping
from ._model import Exposure, SettingFinding, Verdict
from ._report import format_json, format_sarif, format_text, severity
from ._rules import RULES, Rule, Severity, fingerprint, rule_of
from ._setting import SYNTAXES, check_setting

__all__ = [
    "FILE_KINDS",
    "RULES",
    "SYNTAXES",
    "ConfigFileError",
    "ExposedError",
    "Exposure",
    "FileKind",
    "LintArgumentError",
    "Rule",
    "SettingError",
    "SettingFinding",
    "Severity",
    "Verdict",
    "assert_not_exposed",
    "check_setting",
    "file_kind",
    "fingerprint",
    "format_json",
    "format_sarif",
    "format_text",
    "lint_mapping",
    "lint_path",
    "rule_of",
    "severity",
]
