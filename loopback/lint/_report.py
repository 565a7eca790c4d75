"""Findings for people and machines: text, JSON and SARIF 2.1.0 (``format_*``)."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from typing import Any

from .. import __version__
from ._model import UNREADABLE, SettingFinding, finding_of, findings_of, shown
from ._rules import DOCS, RULES, Rule, Severity, fingerprint, rule_of

__all__ = ["format_json", "format_sarif", "format_text", "severity"]

#: ANSI colours of the severities.
_COLOURS = {"error": "31", "warning": "33", "note": "36"}

#: The SARIF 2.1.0 schema, as tools expect it to be named.
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def severity(finding: SettingFinding) -> Severity:
    """How much ``finding`` matters (the SARIF level).

    ``"error"`` when it exposes a service, ``"warning"`` when that depends on something
    else or the server refuses the setting, ``"note"`` otherwise.

    :raises LintArgumentError: ``finding`` is not a :class:`SettingFinding`.
    """
    return rule_of(finding_of(finding, "severity")).severity


def format_text(findings: Iterable[SettingFinding], *, colour: bool = False) -> str:
    """One line per finding, as compilers print them: ``FILE:LINE:COLUMN: PATH: severity:``.

    ``colour`` paints the severity (errors red, warnings yellow) for a terminal.

    >>> from loopback.lint import lint_mapping
    >>> print(format_text(lint_mapping({"redis": {"bind": "0.0.0.0"}})), end="")
    redis.bind: error: binds every interface (0.0.0.0): other machines can reach it; bind
    127.0.0.1 (and ::1) instead [LB001]
    """
    lines = []
    for finding in findings_of(findings, "format_text"):
        where = f"{finding.place}: " if finding.file is not None else ""
        level: str = severity(finding)
        if colour:
            level = f"\x1b[{_COLOURS[level]}m{level}\x1b[0m"
        lines.append(
            f"{where}{_path(finding)}{level}: {finding.verdict.message} [{rule_of(finding).id}]\n"
        )
    return "".join(lines)


def _path(finding: SettingFinding) -> str:
    """The setting's path and a colon (none for a file that was not read)."""
    if finding.check == UNREADABLE:
        return ""
    return f"{finding.dotted_path or '(top)'}: "


def format_json(findings: Iterable[SettingFinding]) -> str:
    """A JSON array, one object per finding (every field, and ``severity``)."""
    found = findings_of(findings, "format_json")
    return json.dumps([_finding_json(finding) for finding in found], indent=2) + "\n"


def _finding_json(finding: SettingFinding) -> dict[str, Any]:
    value = finding.value
    plain = value is None or isinstance(value, (str, bool)) or type(value) is int
    verdict = finding.verdict
    return {
        "file": finding.file,
        "line": finding.line,
        "column": finding.column,
        "path": [key if isinstance(key, (str, int)) else shown(key) for key in finding.path],
        "syntax": finding.syntax,
        "value": value if plain and len(shown(value)) < 4000 else shown(value),
        "exposure": verdict.exposure,
        "exposed": verdict.exposed,
        "severity": severity(finding),
        "rule": rule_of(finding).id,
        "check": finding.check,
        "fingerprint": fingerprint(finding),
        "hosts": list(verdict.hosts),
        "ports": list(verdict.ports),
        "message": verdict.message,
    }


def format_sarif(findings: Iterable[SettingFinding]) -> str:
    """A SARIF 2.1.0 log (one run of the ``loopback`` tool), for CI code scanning.

    Each rule is a ``reportingDescriptor`` with its page (``helpUri``), CWE tag,
    ``security-severity`` and ``precision``; each finding a result at its file, line and
    column (file names relative to the current directory, as code scanning wants them),
    with a ``partialFingerprints`` entry that survives lines moving.
    """
    index = {rule.id: i for i, rule in enumerate(RULES)}
    results = []
    for finding in findings_of(findings, "format_sarif"):
        rule = rule_of(finding)
        result: dict[str, Any] = {
            "ruleId": rule.id,
            "ruleIndex": index[rule.id],
            "level": rule.severity,
            "message": {"text": f"{_path(finding)}{finding.verdict.message}"},
            "partialFingerprints": {"loopbackFinding/v1": fingerprint(finding)},
        }
        if finding.file is not None:
            location: dict[str, Any] = {"artifactLocation": _artifact(finding.file)}
            if finding.line is not None:
                location["region"] = {"startLine": finding.line}
                if finding.column is not None:
                    location["region"]["startColumn"] = finding.column
            result["locations"] = [{"physicalLocation": location}]
        results.append(result)
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "loopback",
                        "version": __version__,
                        "informationUri": DOCS.rsplit("/", 1)[0] + "/",
                        "rules": [_rule(rule) for rule in RULES],
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
    return json.dumps(log, indent=2) + "\n"


def _rule(rule: Rule) -> dict[str, Any]:
    tags = ["security", f"external/cwe/{rule.cwe.lower()}"] if rule.cwe else ["correctness"]
    properties: dict[str, Any] = {"tags": tags, "precision": rule.precision}
    if rule.security_severity:
        properties["security-severity"] = rule.security_severity
    return {
        "id": rule.id,
        "name": "".join(word.capitalize() for word in rule.name.split("-")),
        "shortDescription": {"text": rule.short},
        "fullDescription": {"text": rule.full},
        "helpUri": rule.help_uri,
        "help": {"text": f"{rule.full} See {rule.help_uri}"},
        "defaultConfiguration": {"level": rule.severity},
        "properties": properties,
    }


def _artifact(file: str) -> dict[str, str]:
    """A file as a SARIF artifact location: a relative URI, or a ``file:`` URI."""
    path = os.path.abspath(file)
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive (Windows)
        relative = os.pardir
    if not os.path.isabs(file) and not relative.startswith(os.pardir):
        return {"uri": _quoted(relative.replace(os.sep, "/")), "uriBaseId": "%SRCROOT%"}
    posix = path.replace(os.sep, "/")
    posix = posix if posix.startswith("/") else "/" + posix  # C:/x -> /C:/x
    return {"uri": "file://" + _quoted(posix)}


#: Bytes a URI path keeps as they are (RFC 3986 unreserved, and "/" and ":").
_KEPT = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~/:")


def _quoted(path: str) -> str:
    """``path`` percent-encoded as UTF-8 (undecodable bytes as they were)."""
    data = path.encode("utf-8", "surrogateescape")
    return "".join(chr(byte) if byte in _KEPT else f"%{byte:02X}" for byte in data)
