"""What a project tells lint: inline suppressions, its configuration, a baseline.

* **Suppressions**: a comment ``loopback-ignore[LB001]: the reason`` (any comment
  syntax: ``#``, ``//``, ``;``, ``<!-- -->``) on a finding's line, or alone on the line
  above it, silences that rule there. Several rules: ``[LB001,LB003]``. The reason is
  required: a suppression without one silences nothing.
* **Configuration**: ``[tool.loopback.lint]`` in ``pyproject.toml``, or ``[lint]`` in a
  ``.loopback.toml`` (which wins), found in the current directory or above: ``exclude``
  and ``include`` (globs), ``ignore`` (rule IDs), ``allow`` (hosts or dotted paths, as
  :func:`loopback.lint.assert_not_exposed` takes them), ``fail-on`` (``error``,
  ``warning``, ``note`` or ``never``) and ``baseline`` (a file).
* **Baseline**: the JSON (``--format json``) or SARIF output of an earlier run; findings
  whose fingerprint is in it are not reported again.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable
from typing import NamedTuple

from ..errors import ConfigFileError
from ._model import SettingFinding
from ._rules import RULES, fingerprint, rule_of
from ._toml import toml_module

__all__ = [
    "SEVERITIES",
    "Config",
    "allowed",
    "read_baseline",
    "read_config",
    "suppressed",
]

#: The thresholds ``fail-on`` takes, from the most to the least severe.
SEVERITIES = ("error", "warning", "note", "never")
_IGNORE = re.compile(r"loopback-ignore\[([A-Za-z0-9, ]+)\]:?[ \t]*([^\s>].*)?")
_IDS = frozenset(rule.id for rule in RULES)


def suppressed(findings: list[SettingFinding], text: str) -> list[SettingFinding]:
    """``findings`` of ``text`` without the ones a suppression comment silences."""
    if "loopback-ignore[" not in text:
        return findings
    lines = text.split("\n")
    kept = []
    for finding in findings:
        number = (finding.line or 0) - 1
        here = lines[number] if 0 <= number < len(lines) else ""
        above = lines[number - 1] if 0 < number <= len(lines) else ""
        rule = rule_of(finding).id
        if not any(_silences(line, rule, alone) for line, alone in ((here, False), (above, True))):
            kept.append(finding)
    return kept


def _silences(line: str, rule: str, alone: bool) -> bool:
    match = _IGNORE.search(line)
    if match is None or not match[2] or (alone and not _only_comment(line[: match.start()])):
        return False
    return rule in {part.strip().upper() for part in match[1].split(",")}


def _only_comment(before: str) -> bool:
    """Is what comes before the marker only a comment's opening?"""
    return before.strip() in ("#", "//", ";", "<!--", "/*", "--", "")


class Config(NamedTuple):
    """A project's settings for lint (the defaults: none of them)."""

    exclude: tuple[str, ...] = ()
    include: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    allow: tuple[str, ...] = ()
    fail_on: str = "error"
    baseline: str = ""
    #: The file the settings came from (``""``: none).
    source: str = ""


#: Where settings are read, in order: the file, and the keys of the table.
_CONFIG_FILES = (
    (".loopback.toml", ("lint",)),
    ("pyproject.toml", ("tool", "loopback", "lint")),
)


def read_config(directory: str = ".") -> Config:
    """The settings of the nearest ``.loopback.toml`` or ``pyproject.toml`` at or above.

    :raises ConfigFileError: the file is not valid TOML, a setting has the wrong type or
        names an unknown rule or severity, or TOML cannot be read (Python 3.9 and 3.10
        without ``tomli``).
    """
    here = os.path.abspath(directory)
    while True:
        for name, keys in _CONFIG_FILES:
            path = os.path.join(here, name)
            if os.path.isfile(path):
                table = _table(path, keys)
                if table is not None:
                    return _config(path, table)
        parent = os.path.dirname(here)
        if parent == here:
            return Config()
        here = parent


def _table(path: str, keys: tuple[str, ...]) -> dict[str, object] | None:
    toml = toml_module(path)
    try:
        with open(path, "rb") as file:
            data = toml.load(file)
    except (OSError, ValueError) as error:
        raise ConfigFileError(path, f"cannot read the settings: {error}") from None
    for key in keys:
        data = data.get(key) if isinstance(data, dict) else None
    return data if isinstance(data, dict) else None


def _config(path: str, table: dict[str, object]) -> Config:
    values: dict[str, object] = {"source": path}
    for key, value in table.items():
        field = key.replace("-", "_")
        if field in ("exclude", "include", "ignore", "allow"):
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ConfigFileError(path, f"{key} must be a list of strings")
            if field == "ignore" and not set(value) <= _IDS:
                unknown = ", ".join(sorted(set(value) - _IDS))
                raise ConfigFileError(path, f"ignore names unknown rules: {unknown}")
            values[field] = tuple(value)
        elif field == "fail_on" and value in SEVERITIES:
            values[field] = value
        elif field == "baseline" and isinstance(value, str):
            values[field] = os.path.join(os.path.dirname(path), value)
        else:
            raise ConfigFileError(path, f"unknown setting or value: {key} = {value!r}")
    return Config(**values)  # type: ignore[arg-type]


def read_baseline(path: str) -> frozenset[str]:
    """The fingerprints of the findings in an earlier run's JSON or SARIF output.

    :raises ConfigFileError: the file cannot be read or is neither.
    """
    try:
        with open(path, encoding="utf-8") as file:
            data = json.load(file)
    except (OSError, ValueError) as error:
        raise ConfigFileError(path, f"cannot read the baseline: {error}") from None
    if isinstance(data, dict):  # SARIF: runs[].results[].partialFingerprints
        runs = data.get("runs")
        runs = runs if isinstance(runs, list) else []
        data = [
            {"fingerprint": (result.get("partialFingerprints") or {}).get("loopbackFinding/v1")}
            for run in runs if isinstance(run, dict)
            for result in (run.get("results") or []) if isinstance(result, dict)
        ]  # fmt: skip
    if not isinstance(data, list):
        raise ConfigFileError(path, "a baseline is the JSON or SARIF output of loopback lint")
    return frozenset(
        row["fingerprint"]
        for row in data
        if isinstance(row, dict) and isinstance(row.get("fingerprint"), str)
    )


def allowed(finding: SettingFinding, config: Config, baseline: Iterable[str] = ()) -> bool:
    """Is ``finding`` left out: an ignored rule, an allowed host or path, or in the baseline?"""
    if rule_of(finding).id in config.ignore or fingerprint(finding) in baseline:
        return True
    allow = set(config.allow)
    hosts = finding.verdict.hosts
    return finding.dotted_path in allow or bool(hosts and set(hosts) <= allow)
