"""Directory walks report what they cannot read, and go on (rule LB900).

``lint_path(DIRECTORY)`` turns every file (or directory) it cannot read into a finding of
rule LB900 and reads the rest; ``lint_path(FILE)`` raises ``ConfigFileError`` for the one
file it was given; ``assert_not_exposed`` raises it for the first unreadable file of a walk.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from loopback.lint import (
    ConfigFileError,
    SettingFinding,
    assert_not_exposed,
    format_json,
    format_sarif,
    format_text,
    lint_mapping,
    lint_path,
    rule_of,
    severity,
)
from loopback.lint._files import walk
from loopback.lint._model import not_read


def write(directory: Path, name: str, data: str | bytes) -> Path:
    path = directory / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8")
    return path


def rows(findings: list[SettingFinding], base: Path) -> list[tuple[object, ...]]:
    """(file, line, column, rule, what) of each finding, the file relative to ``base``.

    What: the exposure, or the reason a file was not read up to its first colon (the
    parsers' own words vary with their versions).
    """
    return [
        (
            os.path.relpath(str(f.file), base),
            f.line,
            f.column,
            rule_of(f).id,
            f.verdict.message.split(":")[0] if f.check else f.verdict.exposure,
        )
        for f in findings
    ]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A repository with a file of each way of being unreadable, among good ones."""
    write(tmp_path, "a.json", '{"host": "0.0.0.0"}')
    write(tmp_path, "b.json", '{"host": }')
    write(tmp_path, "c/compose.yaml", "services:\n  web:\n    ports: ['8080:80'\n")
    write(tmp_path, "c/values.yaml", b"host: \xff\xfe0.0.0.0\n")
    write(tmp_path, "d/app.py", "def broken(:\n")
    write(tmp_path, "d/settings.toml", "host = '127.0.0.1'\n")
    (tmp_path / "e").mkdir()
    (tmp_path / "e" / "redis.conf").symlink_to(tmp_path / "nowhere.conf")  # a broken link
    write(tmp_path, "z.env", "HOST=0.0.0.0\n")
    return tmp_path


def test_a_walk_reports_each_unreadable_file_and_goes_on(project: Path) -> None:
    # a directory's files, then its subdirectories, each in name order
    assert rows(lint_path(project), project) == [
        ("a.json", 1, 10, "LB001", "all_interfaces"),
        ("b.json", 1, 10, "LB900", "not valid JSON"),
        ("z.env", 1, 6, "LB001", "all_interfaces"),
        ("c/compose.yaml", 4, 1, "LB900", "not valid YAML"),
        ("c/values.yaml", 1, 7, "LB900", "not valid YAML"),
        ("d/app.py", 1, 12, "LB900", "not valid Python"),
        ("d/settings.toml", 1, 8, "LB100", "loopback"),
        ("e/redis.conf", None, None, "LB900", "cannot read it"),
    ]


def test_a_file_named_alone_raises(project: Path) -> None:
    with pytest.raises(ConfigFileError, match=r"b\.json:1:10: not valid JSON"):
        lint_path(project / "b.json")
    with pytest.raises(ConfigFileError, match=r"redis\.conf: cannot read it: No such file"):
        lint_path(project / "e" / "redis.conf")


def test_a_missing_extra_is_reported_for_each_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "yaml", None)
    write(tmp_path, "compose.yaml", "services: {}\n")
    write(tmp_path, "k8s/app.yml", "kind: Pod\n")
    found = lint_path(tmp_path)
    assert [(f.file, f.line) for f in found] == [
        (str(tmp_path / "compose.yaml"), None),
        (str(tmp_path / "k8s" / "app.yml"), None),
    ]
    assert {f.verdict.message for f in found} == {
        "reading YAML needs PyYAML: pip install 'loopback-net[yaml]'"
    }


def test_a_directory_that_cannot_be_listed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Root reads every directory: a listing that fails stands in for one it may not read."""
    write(tmp_path, "a/x.json", '{"host": "0.0.0.0"}')
    write(tmp_path, "b/y.json", '{"host": "0.0.0.0"}')
    write(tmp_path, "c/z.json", '{"host": "0.0.0.0"}')
    scandir = os.scandir

    def refusing(path: str) -> Iterator[os.DirEntry[str]]:
        if os.path.basename(path) in ("a", "c"):
            raise PermissionError(13, "Permission denied", path)
        return scandir(path)

    monkeypatch.setattr(os, "scandir", refusing)
    assert rows(lint_path(tmp_path), tmp_path) == [
        ("a", None, None, "LB900", "cannot read the directory"),
        ("b/y.json", 1, 10, "LB001", "all_interfaces"),
        ("c", None, None, "LB900", "cannot read the directory"),
    ]
    errors: list[ConfigFileError] = []
    assert list(walk(str(tmp_path), errors=errors)) == [str(tmp_path / "b" / "y.json")]
    assert [error.path for error in errors] == [str(tmp_path / "a"), str(tmp_path / "c")]


def test_assert_not_exposed_refuses_what_it_could_not_check(project: Path) -> None:
    with pytest.raises(ConfigFileError, match=r"b\.json:1:10: not valid JSON") as caught:
        assert_not_exposed(project)
    assert (caught.value.path, caught.value.line, caught.value.column) == (
        str(project / "b.json"), 1, 10,
    )  # fmt: skip


def test_the_finding_in_every_format(project: Path) -> None:
    found = [f for f in lint_path(project) if rule_of(f).id == "LB900"]
    unplaced = found[-1]
    assert (severity(unplaced), unplaced.check, unplaced.verdict.exposed) == (
        "error", "unreadable", False,
    )  # fmt: skip
    assert unplaced.place == str(project / "e" / "redis.conf")
    assert str(unplaced) == (
        f"{project / 'e' / 'redis.conf'}: (top): cannot read it: No such file or directory"
    )
    assert format_text([found[0], unplaced]).splitlines() == [
        f"{project / 'b.json'}:1:10: error: not valid JSON: Expecting value [LB900]",
        (
            f"{project / 'e' / 'redis.conf'}: error: cannot read it: No such file or directory "
            "[LB900]"
        ),
    ]
    row = json.loads(format_json([found[0]]))[0]
    assert (row["rule"], row["check"], row["value"], row["path"]) == (
        "LB900", "unreadable", None, [],
    )  # fmt: skip
    log = json.loads(format_sarif([found[0], unplaced]))
    rule = next(r for r in log["runs"][0]["tool"]["driver"]["rules"] if r["id"] == "LB900")
    assert rule["defaultConfiguration"]["level"] == "error"
    assert rule["helpUri"].endswith("/rules/LB900.html")
    assert rule["properties"]["tags"] == ["correctness"]
    first, second = log["runs"][0]["results"]
    assert first["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 1, "startColumn": 10,
    }  # fmt: skip
    assert "region" not in second["locations"][0]["physicalLocation"]
    assert second["message"]["text"] == "cannot read it: No such file or directory"


def test_a_place_without_a_column_or_a_file() -> None:
    assert lint_mapping({"host": "0.0.0.0"})[0].place == ""
    finding = not_read(ConfigFileError("a.yaml", "why", line=3))
    assert finding.place == "a.yaml:3"
    log = json.loads(format_sarif([finding]))
    region = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 3}
