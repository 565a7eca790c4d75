"""Every command's --json output against its JSON schema in docs/reference/cli.md.

The schemas use a small part of JSON Schema (type, enum, properties, required,
additionalProperties, items, minimum, maximum); ``conforms`` checks that part, and
refuses a schema that uses any other keyword, so a schema cannot promise more than is
checked.
"""

from __future__ import annotations

import argparse
import json
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import loopback._cli
from loopback._cli import main

REFERENCE = Path(__file__).resolve().parent.parent / "docs" / "reference" / "cli.md"
LINT_DATA = Path(__file__).resolve().parent / "data" / "lint"

_TYPES: dict[str, tuple[type, ...]] = {
    "array": (list,),
    "object": (dict,),
    "string": (str,),
    "integer": (int,),
    "boolean": (bool,),
    "null": (type(None),),
}
_KEYWORDS = {"type", "enum", "properties", "required", "additionalProperties", "items",
             "minimum", "maximum", "description"}  # fmt: skip


def _is(value: object, name: str) -> bool:
    if isinstance(value, bool) and name == "integer":  # JSON: true is no number
        return False
    return isinstance(value, _TYPES[name])


def problems(value: object, schema: dict[str, Any], where: str = "$") -> list[str]:
    """Where ``value`` breaks ``schema`` (empty: it conforms)."""
    unknown = set(schema) - _KEYWORDS
    assert not unknown, f"{where}: the checker knows no {sorted(unknown)}"
    found = []
    types = schema.get("type")
    if types is not None:
        names = [types] if isinstance(types, str) else list(types)
        if not any(_is(value, name) for name in names):
            return [f"{where}: {value!r} is not {' or '.join(names)}"]
    if "enum" in schema and value not in schema["enum"]:
        found.append(f"{where}: {value!r} is not one of {schema['enum']}")
    if isinstance(value, int) and not isinstance(value, bool):
        if value < schema.get("minimum", value):
            found.append(f"{where}: {value} is below the minimum")
        if value > schema.get("maximum", value):
            found.append(f"{where}: {value} is above the maximum")
    if isinstance(value, dict):
        properties: dict[str, dict[str, Any]] = schema.get("properties", {})
        found += [f"{where}: {key!r} is missing" for key in schema.get("required", [])
                  if key not in value]  # fmt: skip
        for key, item in value.items():
            if key in properties:
                found += problems(item, properties[key], f"{where}.{key}")
            elif schema.get("additionalProperties") is False:
                found.append(f"{where}: {key!r} is not in the schema")
    if isinstance(value, list) and "items" in schema:
        for index, item in enumerate(value):
            found += problems(item, schema["items"], f"{where}[{index}]")
    return found


def schemas() -> dict[str, dict[str, Any]]:
    """``{"check": {...}, "hosts show": {...}, ...}``: the reference's schemas."""
    page = REFERENCE.read_text(encoding="utf-8")
    found = {}
    for section in page.split("\n### `loopback ")[1:]:
        command = section.split(" --json`", 1)[0]
        body = section.split("```json\n", 1)[1].split("```", 1)[0]
        found[command] = json.loads(body)
    return found


def json_commands() -> list[str]:
    """Every command and action of the real parser that takes ``--json``."""
    found = []

    def walk(parser: argparse.ArgumentParser, words: list[str]) -> None:
        if any("--json" in action.option_strings for action in parser._actions):
            found.append(" ".join(words))
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, sub in action.choices.items():
                    walk(sub, [*words, name])

    walk(loopback._cli._parser(), [])
    return sorted(found)


def test_every_command_that_prints_json_has_a_schema() -> None:
    assert "hosts show" in json_commands()
    assert sorted(set(json_commands()) - {"hosts"}) == sorted(schemas())


def test_the_reference_has_a_schema_for_every_json_output() -> None:
    assert sorted(schemas()) == [
        "check", "doctor", "hosts backups", "hosts block", "hosts lint", "hosts lookup",
        "hosts reverse", "hosts show",
        "lint", "ports",
    ]  # fmt: skip


class TestTheChecker:
    """The checker finds what is wrong: a passing schema test means something."""

    schema: dict[str, Any] = {  # noqa: RUF012
        "type": "array",
        "items": {
            "type": "object",
            "required": ["a"],
            "additionalProperties": False,
            "properties": {
                "a": {"type": "integer", "minimum": 1, "maximum": 9},
                "b": {"enum": ["x", "y"]},
                "c": {"type": ["string", "null"]},
            },
        },
    }

    @pytest.mark.parametrize(
        ("value", "problem"),
        [
            ({}, "$: {} is not array"),
            ([{"b": "x"}], "$[0]: 'a' is missing"),
            ([{"a": True}], "$[0].a: True is not integer"),
            ([{"a": 0}], "$[0].a: 0 is below the minimum"),
            ([{"a": 10}], "$[0].a: 10 is above the maximum"),
            ([{"a": 1, "b": "z"}], "$[0].b: 'z' is not one of ['x', 'y']"),
            ([{"a": 1, "c": 3}], "$[0].c: 3 is not string or null"),
            ([{"a": 1, "d": 3}], "$[0]: 'd' is not in the schema"),
        ],
    )
    def test_finds(self, value: object, problem: str) -> None:
        assert problems(value, self.schema) == [problem]

    def test_passes(self) -> None:
        assert problems([{"a": 1, "b": "y", "c": None}, {"a": 9, "c": "s"}], self.schema) == []

    def test_refuses_keywords_it_does_not_check(self) -> None:
        with pytest.raises(AssertionError, match="knows no"):
            problems(1, {"pattern": "x"})


@pytest.fixture
def listener() -> Iterator[int]:
    """A TCP listener on 127.0.0.1: ports and doctor have something to show."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        yield sock.getsockname()[1]


@pytest.fixture
def hosts_file(tmp_path: Path) -> str:
    path = tmp_path / "hosts"
    path.write_bytes(
        b"# comment\n\n127.0.0.1 localhost bad_name\n::1 localhost\n127.1 short\n10.0.0.9\n"
        b"# BEGIN loopback: app\n127.0.0.1 api.app.localhost\n# END loopback: app\n"
    )
    (tmp_path / "hosts.loopback-20261206T050000-000.bak").write_bytes(b"")  # a save's backup
    return str(path)


def runs(hosts_file: str, port: int) -> list[tuple[str, list[str]]]:
    """(schema, arguments): each command run with --json on inputs that fill every field."""
    return [
        ("check", ["check", "127.0.0.1", "::ffff:7f00:1", "localhost", "*", "8.8.8.8", "a b",
                   "127.1", "example.com"]),
        ("check", ["check", "--lenient", "0x7f.1", "%31%32%37.0.0.1"]),
        ("ports", ["ports"]),
        ("doctor", ["doctor"]),
        ("doctor", ["doctor", str(port)]),
        ("hosts show", ["hosts", "show", "--file", hosts_file]),
        ("hosts lookup", ["hosts", "lookup", "localhost", "--file", hosts_file]),
        ("hosts lookup", ["hosts", "lookup", "nothere", "--file", hosts_file]),
        ("hosts reverse", ["hosts", "reverse", "::1", "--file", hosts_file]),
        ("hosts reverse", ["hosts", "reverse", "10.0.0.9", "--file", hosts_file]),
        ("hosts reverse", ["hosts", "reverse", "10.1.1.1", "--file", hosts_file]),
        ("hosts lint", ["hosts", "lint", "--file", hosts_file]),
        ("hosts backups", ["hosts", "backups", "--file", hosts_file]),
        ("hosts block", ["hosts", "block", "app", "list", "--file", hosts_file]),
        ("hosts block", ["hosts", "block", "nope", "list", "--file", hosts_file]),
        ("lint", ["lint", "--all", str(LINT_DATA)]),
    ]  # fmt: skip


def test_every_json_output_conforms(
    hosts_file: str, listener: int, capsys: pytest.CaptureFixture[str]
) -> None:
    every = schemas()
    for name, args in runs(hosts_file, listener):
        main([*args, "--json"])
        out = capsys.readouterr().out
        assert problems(json.loads(out), every[name]) == [], args


def test_the_outputs_fill_the_schemas(
    hosts_file: str, listener: int, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each run above shows rows (the schema test checks something), with every kind."""
    seen: dict[str, list[Any]] = {}
    for name, args in runs(hosts_file, listener):
        main([*args, "--json"])
        seen.setdefault(name, []).append(json.loads(capsys.readouterr().out))
    assert all(any(output for output in outputs) for outputs in seen.values()), seen
    lines = seen["hosts show"][0]
    assert {line["kind"] for line in lines} == {"entry", "comment", "blank", "ignored"}
    findings = seen["hosts lint"][0]
    assert {f["severity"] for f in findings} >= {"error", "note"}
    assert None in seen["hosts reverse"] and [] in seen["hosts reverse"]
    assert [block["exists"] for block in seen["hosts block"]] == [True, False]
    assert seen["hosts block"][0]["entries"] == [["127.0.0.1", "api.app.localhost"]]
