"""Find settings that expose a service beyond this machine.

>>> from loopback.lint import check_setting
>>> check_setting("docker-ports", "127.0.0.1:8080:80").exposure
'loopback'
>>> check_setting("nginx-listen", "80").exposed
True
"""

from __future__ import annotations

from ..errors import ExposedError, SettingError
from ._mapping import SettingFinding, assert_not_exposed, lint_mapping
from ._setting import SYNTAXES, Exposure, Verdict, check_setting

__all__ = [
    "SYNTAXES",
    "ExposedError",
    "Exposure",
    "SettingError",
    "SettingFinding",
    "Verdict",
    "assert_not_exposed",
    "check_setting",
    "lint_mapping",
]
