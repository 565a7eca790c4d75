"""lint_path, file_kind and the output helpers: bind settings found where they are written.

The fixtures in ``tests/data/lint`` are written as each program's own documentation and
shipped examples write them (redis.conf and postgresql.conf keep their stock comments).
"""

from __future__ import annotations

import importlib
import json
import os
import pickle
import re
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from loopback.lint import (
    FILE_KINDS,
    ConfigFileError,
    ExposedError,
    SettingFinding,
    assert_not_exposed,
    file_kind,
    fingerprint,
    format_json,
    format_sarif,
    format_text,
    lint_mapping,
    lint_path,
    severity,
)
from loopback.lint._files import walk
from loopback.lint._json import JsonReader
from loopback.lint._places import locate_marked
from loopback.lint._redis_conf import redis_words
from loopback.lint._toml import toml_offsets

DATA = Path(__file__).resolve().parent / "data" / "lint"

#: Every finding in the fixtures: file, dotted path, line, column, exposure.
EXPECTED = [
    ("app.env", "APP_BIND_ADDRESS", 2, 25, "all_interfaces"),
    ("app.env", "UVICORN_HOST", 4, 14, "loopback"),
    ("app.env", "FLASK_RUN_HOST", 5, 16, "all_interfaces"),
    ("config.json", "server.host", 3, 13, "loopback"),
    ("config.json", "devServer.host", 6, 25, "all_interfaces"),
    ("config.json", "upstreams.0.address", 8, 30, "specific_address"),
    ("config.json", "upstreams.1.address", 9, 30, "loopback"),
    (
        "deployment.yaml",
        "spec.template.spec.containers.0.ports.0.hostPort",
        14,
        25,
        "all_interfaces",
    ),
    # each hostPort is judged where it is: the second is published on 127.0.0.1 only
    (
        "deployment.yaml",
        "spec.template.spec.containers.0.ports.1.hostPort",
        16,
        25,
        "loopback",
    ),
    ("deployment.yaml", "spec.hostNetwork", 24, 16, "depends"),
    ("deployment.yaml", "spec.type", 36, 9, "all_interfaces"),
    ("mongod-all.conf", "net.bindIpAll", 3, 14, "all_interfaces"),
    ("mongod.conf", "net.bindIp", 10, 11, "specific_address"),
    ("postgresql.conf", "listen_addresses", 14, 20, "specific_address"),
    ("redis-sentinel-unix.conf", "bind", 1, 6, "not_network"),
    ("redis.conf", "bind", 14, 6, "all_interfaces"),
    ("settings.toml", "server.host", 8, 8, "all_interfaces"),
    ("settings.toml", "workers.0.bind", 16, 8, "loopback"),
    ("settings.toml", "workers.1.bind", 20, 8, "specific_address"),
    ("settings.toml", "admin.listen.host", 23, 19, "all_interfaces"),
    ("compose/docker-compose.yml", "services.web.ports.0", 13, 9, "all_interfaces"),
    ("compose/docker-compose.yml", "services.web.ports.1", 14, 9, "loopback"),
    ("compose/docker-compose.yml", "services.web.ports.2", 15, 9, "loopback"),
    ("compose/docker-compose.yml", "services.web.ports.3", 16, 9, "loopback"),
    ("compose/docker-compose.yml", "services.db.ports.0", 24, 9, "loopback"),
    ("compose/docker-compose.yml", "services.db.command.2.postgres", 28, 51, "not_published"),
    ("compose/docker-compose.yml", "services.cache.ports.0", 32, 13, "loopback"),
    ("compose/docker-compose.yml", "services.cache.ports.1", 32, 32, "all_interfaces"),
    ("compose/docker-compose.yml", "services.agent.network_mode", 36, 19, "depends"),
    ("nginx/nginx.conf", "http.server.listen", 15, 16, "loopback"),
    ("nginx/nginx.conf", "http.server.listen", 16, 16, "loopback"),
    ("nginx/nginx.conf", "http.server", 21, 5, "all_interfaces"),
    ("nginx/nginx.conf", "stream.server.listen", 31, 16, "all_interfaces"),
    ("nginx/sites-enabled/default", "server.listen", 2, 9, "all_interfaces"),
    ("nginx/sites-enabled/default", "server.listen", 3, 9, "all_interfaces"),
]


def rows(findings: list[SettingFinding], base: Path = DATA) -> list[tuple[Any, ...]]:
    return [
        (
            Path(os.path.relpath(str(f.file), base)).as_posix(),
            f.dotted_path,
            f.line,
            f.column,
            f.verdict.exposure,
        )
        for f in findings
    ]


def write(directory: Path, name: str, text: str) -> Path:
    path = directory / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8", "surrogateescape"))
    return path


# -- the fixtures -----------------------------------------------------------------------


def test_every_fixture_directorywalk() -> None:
    assert rows(lint_path(DATA)) == EXPECTED


@pytest.mark.parametrize("name", sorted({row[0] for row in EXPECTED}))
def test_each_fixture_file(name: str) -> None:
    assert rows(lint_path(DATA / name)) == [row for row in EXPECTED if row[0] == name]


def test_the_place_is_the_value() -> None:
    """Line and column point at the value as written (after an opening quote)."""
    for finding in lint_path(DATA):
        if not isinstance(finding.value, str) or not finding.value:
            continue
        line = Path(str(finding.file)).read_text().splitlines()[int(finding.line or 0) - 1]
        at = line[int(finding.column or 0) - 1 :]
        assert at.lstrip("\"'").startswith(finding.value.split()[0]), (finding, at)


def test_the_fixtures_judged_by_syntax() -> None:
    found = {(Path(str(f.file)).name, f.dotted_path): f for f in lint_path(DATA)}
    redis = found["redis.conf", "bind"]
    assert (redis.syntax, redis.value, redis.verdict.ports) == ("redis-bind", "0.0.0.0", (6379,))
    postgres = found["postgresql.conf", "listen_addresses"]
    assert postgres.value == "localhost, 192.168.0.10"
    assert postgres.verdict.hosts == ("localhost", "192.168.0.10")
    assert postgres.verdict.ports == (5433,)
    assert found["app.env", "FLASK_RUN_HOST"].syntax == "flask-host"
    assert found["app.env", "UVICORN_HOST"].syntax == "uvicorn-host"
    assert found["mongod.conf", "net.bindIp"].syntax == "mongodb-bindIp"
    assert ("app.env", "DATABASE_HOST") not in found  # a server to connect to


# -- what a file is ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("docker-compose.yml", "yaml"),
        ("deploy/compose.prod.yaml", "yaml"),
        ("k8s/Deployment.YAML", "yaml"),
        ("/etc/mongod.conf", "yaml"),
        ("config.json", "json"),
        ("pyproject.toml", "toml"),
        (".env", "dotenv"),
        (".env.local", "dotenv"),
        ("prod.env", "dotenv"),
        ("/etc/redis/redis.conf", "redis"),
        ("redis-6380.conf", "redis"),
        ("sentinel.conf", "redis"),
        ("/etc/postgresql/16/main/postgresql.conf", "postgresql"),
        ("postgresql.auto.conf", "postgresql"),
        ("/etc/nginx/nginx.conf", "nginx"),
        ("/etc/nginx/conf.d/site.conf", "nginx"),
        ("/etc/nginx/sites-enabled/default", "nginx"),
        ("nginx-site.conf", "nginx"),
        (r"C:\nginx\conf\nginx.conf", "nginx"),
        ("/etc/nginx/mime.types", None),
        ("app.conf", None),
        ("README.md", None),
        ("Dockerfile", "dockerfile"),
        ("nginx/Dockerfile", "dockerfile"),
        ("env", None),
    ],
)
def test_file_kind(name: str, kind: str | None) -> None:
    assert file_kind(name) == kind
    assert file_kind(Path(name)) == kind


def test_kind_overrides_the_name(tmp_path: Path) -> None:
    path = write(tmp_path, "settings.cfg", '{"host": "0.0.0.0"}')
    assert rows(lint_path(path, kind="json"), tmp_path) == [
        ("settings.cfg", "host", 1, 10, "all_interfaces")
    ]
    with pytest.raises(ConfigFileError, match=r"settings\.cfg: cannot tell what kind"):
        lint_path(path)
    with pytest.raises(ConfigFileError, match="unknown kind 'xml'; known: yaml, json"):
        lint_path(path, kind="xml")  # type: ignore[arg-type]


def test_a_directory_skips_hidden_and_vendored_directories(tmp_path: Path) -> None:
    for directory in (".git", "node_modules", "venv", "__pycache__", "site-packages"):
        write(tmp_path, f"{directory}/c.json", '{"host": "0.0.0.0"}')
    write(tmp_path, "b/c.json", '{"host": "0.0.0.0"}')
    write(tmp_path, "a.json", '{"bind": "127.0.0.1"}')
    write(tmp_path, "notes.txt", "host = 0.0.0.0")
    write(tmp_path, ".env", "HOST=0.0.0.0")
    assert rows(lint_path(tmp_path), tmp_path) == [
        (".env", "HOST", 1, 6, "all_interfaces"),
        ("a.json", "bind", 1, 10, "loopback"),
        ("b/c.json", "host", 1, 10, "all_interfaces"),
    ]


# -- errors -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("a.json", '{"host": }', r"a\.json:1:10: not valid JSON: Expecting value"),
        ("a.json", '{"host": "x",}', r"a\.json:1:14: not valid JSON: expected '\"' to start"),
        ("a.json", '{"host" "x"}', r"a\.json:1:9: not valid JSON: expected ':' after a key"),
        ("a.json", "[1 2]", r"a\.json:1:4: not valid JSON: expected ',' or '\]'"),
        ("a.json", '{"a": 1]', r"a\.json:1:8: not valid JSON: expected ',' or '}'"),
        ("a.json", "{}\n{}", r"a\.json:2:1: not valid JSON: extra data after the document"),
        ("a.json", '{"ho', r"a\.json:1:2: not valid JSON: Unterminated string"),
        ("a.json", "", r"a\.json:1:1: not valid JSON: Expecting value"),
        ("a.json", "[" * 10, r"a\.json:1:11: not valid JSON: Expecting value"),
        ("a.yaml", "a: [1, 2\nb: 3\n", r"a\.yaml:2:2: not valid YAML: expected ',' or ']'"),
        ("a.yaml", "a: !!python/object:os.system x\n", r"a\.yaml:1:4: not valid YAML"),
        ("a.yaml", "{[1]: 2}", r"a\.yaml:1:2: not valid YAML: found unhashable key"),
        ("a.yaml", "a: \x00", r"a\.yaml:1:4: not valid YAML: character #x0000: special"),
        ("a.toml", "a = \n", r"a\.toml:1:5: not valid TOML: Invalid value"),
        ("a.yaml", "a: 2001-13-45\n", r"a\.yaml:1:1: not valid YAML: a value .* cannot be read"),
        ("a.yaml", "x: 1\n---\na: !!bool foo\n", r"a\.yaml:3:1: not valid YAML: a value"),
        ("a.yaml", "a: !!int +\n", r"a\.yaml:1:1: not valid YAML: a value"),
        ("a.yaml", "a: !!timestamp x\n", r"a\.yaml:1:1: not valid YAML: a value"),
        ("a.toml", "a = 1\na = 2\n", r"a\.toml:2:\d+: not valid TOML"),
        ("n.conf", "http { server { listen 80; }", r":1:29: not valid nginx: the file ends"),
        ("n.conf", "server { listen 80 }", r":1:20: not valid nginx: an unexpected '}'"),
        ("n.conf", "}", r":1:1: not valid nginx: an unexpected '}'"),
        ("n.conf", "listen 80", r":1:10: not valid nginx: the file ends where ';'"),
        ("n.conf", 'server { listen "80; }', r":1:17: not valid nginx: a \" that nothing"),
    ],
)
def test_files_that_cannot_be_read(tmp_path: Path, name: str, text: str, message: str) -> None:
    path = write(tmp_path / "nginx", name, text)
    with pytest.raises(ConfigFileError, match=message) as caught:
        lint_path(path)
    assert caught.value.path == str(path)
    assert str(caught.value).startswith(f"{path}:{caught.value.line}:")


def test_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigFileError, match=r"missing\.yaml: cannot read it: No such file"):
        lint_path(tmp_path / "missing.yaml")
    with pytest.raises(ConfigFileError, match="not a file name: 'a\\\\x00b'"):
        lint_path("a\0b")
    with pytest.raises(ConfigFileError, match="not a file name: int"):
        lint_path(3)  # type: ignore[arg-type]


def test_the_error_pickles_and_prints_without_a_place() -> None:
    error = ConfigFileError("a.yaml", "why", line=3, column=None)
    again = pickle.loads(pickle.dumps(error))
    assert (str(again), again.line, again.column) == ("a.yaml:3: why", 3, None)
    assert str(ConfigFileError("a.yaml", "why")) == "a.yaml: why"


def test_without_pyyaml_the_error_names_the_extra(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "yaml", None)
    with pytest.raises(ConfigFileError, match=r"needs PyYAML: pip install 'loopback-net\[yaml\]'"):
        lint_path(write(tmp_path, "compose.yaml", "services: {}"))


def test_without_a_toml_reader_the_error_names_the_extra(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "tomllib", None)
    monkeypatch.setitem(sys.modules, "tomli", None)
    with pytest.raises(ConfigFileError, match=r"needs tomli: pip install 'loopback-net\[toml\]'"):
        lint_path(write(tmp_path, "a.toml", "host = '0.0.0.0'"))


def test_numbers_too_long_to_read(tmp_path: Path) -> None:
    """CPython (3.11, and 3.9.14 and 3.10.7 on) refuses to read ints of over 4300 digits."""
    for name, text in (("a.toml", "a = " + "1" * 4301), ("a.yaml", "a: " + "1" * 4301)):
        path = write(tmp_path, name, text)
        if hasattr(sys, "get_int_max_str_digits"):
            with pytest.raises(ConfigFileError, match=r"not valid (TOML|YAML).*Exceeds the limit"):
                lint_path(path)
        else:  # pragma: no cover - CPython before the limit
            assert lint_path(path) == []


def test_nesting_too_deep_for_the_parsers(tmp_path: Path) -> None:
    deep = "[" * 20_000 + "]" * 20_000  # past every parser's recursion limit
    for name, text in (("a.yaml", deep), ("a.toml", f"a = {deep}"), ("b.toml", f"a = {deep}")):
        with pytest.raises(ConfigFileError, match=r"\.(yaml|toml): not read: .* nested too deep"):
            lint_path(write(tmp_path, name, text))
    # JSON is read without recursion: any depth
    nested = '{"a": ' * 20_000 + '{"host": "0.0.0.0"}' + "}" * 20_000
    (finding,) = lint_path(write(tmp_path, "a.json", nested))
    assert (finding.line, finding.column, len(finding.path)) == (1, 120_010, 20_001)


# -- JSON: the same answer as json.loads, and the place of every value ---------------------

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


@given(JSON_VALUES, st.sampled_from([None, 0, 2, "\t"]), st.booleans())
def test_json_reads_as_json_loads_and_places_every_value(
    value: object, indent: int | str | None, ascii_only: bool
) -> None:
    text = json.dumps(value, indent=indent, ensure_ascii=ascii_only)
    reader = JsonReader("a.json", text)
    root = reader.read()
    assert root == json.loads(text)
    stack: list[tuple[tuple[Any, ...], object]] = [((), root)]
    while stack:  # every value's offset is where its own text starts
        path, node = stack.pop()
        if path:
            offset = locate_marked(root, reader.marks, path)
            assert json.JSONDecoder().raw_decode(text, offset)[0] == node
        if isinstance(node, dict):
            stack.extend(((*path, key), item) for key, item in node.items())
        elif isinstance(node, list):
            stack.extend(((*path, i), item) for i, item in enumerate(node))


@given(st.text(alphabet='{}[]":, \n0123456789abtruefalsn\\-.eE', max_size=40))
def test_json_accepts_what_json_loads_accepts(text: str) -> None:
    try:
        expected = json.loads(text)
    except (ValueError, RecursionError):
        with pytest.raises(ConfigFileError, match="not valid JSON"):
            JsonReader("a.json", text).read()
    else:
        assert JsonReader("a.json", text).read() == expected


def test_json_keeps_the_last_of_duplicate_keys(tmp_path: Path) -> None:
    path = write(tmp_path, "a.json", '{"host": "0.0.0.0",\n "host": "127.0.0.1"}')
    assert rows(lint_path(path), tmp_path) == [("a.json", "host", 2, 10, "loopback")]


# -- TOML: where keys are -----------------------------------------------------------------


def test_toml_places(tmp_path: Path) -> None:
    text = """\
name = '''
host = "1.2.3.4"
'''
"quoted.key" = { host = "0.0.0.0" }
[a."b.c"]
host = "0.0.0.0"  # a comment [x]
sub.bind = "127.0.0.1"
ports = [
  "1",  # ]
  "2",
]
[[x]]
[[x.y]]
host = "0.0.0.0"
[[x]]
[[x.y]]
[[x.y]]
host = "10.0.0.1"
[x.z]
listen = '''
0.0.0.0'''
[[k.spec.containers]]
ports = [{containerPort = 80, hostPort = 8080}]
[o]
d.spec.hostNetwork = true
n = { inner = { host = "0.0.0.0" }, list = [[1], [{bind = "127.0.0.1"}]] }
"""
    assert rows(lint_path(write(tmp_path, "a.toml", text)), tmp_path) == [
        ("a.toml", "quoted.key.host", 4, 25, "all_interfaces"),
        ("a.toml", "a.b.c.host", 6, 8, "all_interfaces"),
        ("a.toml", "a.b.c.sub.bind", 7, 12, "loopback"),
        ("a.toml", "a.b.c.ports.0", 9, 3, "all_interfaces"),  # Docker's syntax: published
        ("a.toml", "a.b.c.ports.1", 10, 3, "all_interfaces"),
        ("a.toml", "x.0.y.0.host", 14, 8, "all_interfaces"),
        ("a.toml", "x.1.y.1.host", 18, 8, "specific_address"),
        ("a.toml", "x.1.z.listen", 20, 10, "all_interfaces"),  # the first newline is not read
        ("a.toml", "k.spec.containers.0.ports.0.hostPort", 23, 42, "all_interfaces"),
        ("a.toml", "o.d.spec.hostNetwork", 25, 22, "depends"),
        ("a.toml", "o.n.inner.host", 26, 24, "all_interfaces"),
        ("a.toml", "o.n.list.1.0.bind", 26, 59, "loopback"),
    ]


# -- .env ---------------------------------------------------------------------------------


def test_dotenv_variables(tmp_path: Path) -> None:
    text = (
        "BASE=0.0.0.0\n"
        "HOST=${BASE}\n"
        'BIND="${LOCAL:-127.0.0.1}"\n'
        "LISTEN='${BASE}'\n"  # single quotes: as written
        "SERVER_HOST=$NOPE\n"
        "HOST_IP=\v10.0.0.1\n"
    )
    found = lint_path(write(tmp_path, "a.env", text))
    assert [(f.dotted_path, f.column, f.verdict.exposure) for f in found] == [
        ("HOST", 6, "all_interfaces"),
        ("BIND", 6, "loopback"),
        ("LISTEN", 8, "invalid"),
        ("SERVER_HOST", 13, "depends"),
        ("HOST_IP", 9, "invalid"),  # only spaces and tabs are taken off
    ]
    assert "'$NOPE' depends on NOPE, set in no .env above it" in found[3].verdict.message


def test_dotenv(tmp_path: Path) -> None:
    text = (
        "# comment\n"
        "HOST=0.0.0.0\n"
        "HOST=127.0.0.1  # the last wins\n"
        'export BIND="0.0.0.0\\"x"\n'
        "APP_LISTEN_ADDRESS='::'\n"
        "SERVER_HOST= \n"
        "OTHER_BIND=0.0.0.0\n"
        "OTHER_BIND=\n"
        "not a line\n"
        'UVICORN_HOST="unterminated\r\n'
        "FLASK_RUN_HOST='0.0.0.0\n"
    )
    found = lint_path(write(tmp_path, "a.env", text))
    assert rows(found, tmp_path) == [
        ("a.env", "HOST", 3, 6, "loopback"),
        ("a.env", "BIND", 4, 13, "invalid"),
        ("a.env", "APP_LISTEN_ADDRESS", 5, 20, "all_interfaces"),
        ("a.env", "UVICORN_HOST", 10, 14, "depends"),
        ("a.env", "FLASK_RUN_HOST", 11, 16, "all_interfaces"),
    ]
    assert [f.value for f in found][:2] == ["127.0.0.1", '0.0.0.0"x']


# -- redis.conf ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "words"),
    [
        ("bind 127.0.0.1 ::1", ["bind", "127.0.0.1", "::1"]),
        ('  bind "127.0.0.1"\t-::1 ', ["bind", "127.0.0.1", "-::1"]),
        ('bind "\\x31\\x32\\x37.0.0.1"', ["bind", "127.0.0.1"]),
        ('a "\\n\\t\\"\\q"', ["a", '\n\t"q']),
        ("a 'it\\'s' '\\n'", ["a", "it's", "\\n"]),
        ("a '' \"\"", ["a", "", ""]),
        ('a x"y z"', ["a", "xy z"]),
        ('bind "127.0.0.1', None),
        ('bind "127.0.0.1"x', None),
        ("bind '::1", None),
        ("", []),
    ],
)
def test_redis_splits_lines_as_sdssplitargs(line: str, words: list[str] | None) -> None:
    split = redis_words(line)
    assert (None if split is None else [word for _, word in split]) == words


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("port 6379\n", ("", 1, 1, "all_interfaces", (6379,))),
        ("bind 127.0.0.1\nbind * -::*\n", ("* -::*", 2, 6, "all_interfaces", (6379,))),
        ("BIND 127.0.0.1 -::1\nport 7000", ("127.0.0.1 -::1", 1, 6, "loopback", (7000,))),
        ("bind 0.0.0.0\nport 0\n", ("0.0.0.0", 2, 6, "not_network", ())),
        ("bind\n", ("", 1, 1, "not_network", ())),  # Redis 7: no address, no TCP socket
        ('bind ""\n', ("", 1, 6, "not_network", ())),
        ('  bind "127.0.0.1\n', ('bind "127.0.0.1', 1, 3, "invalid", ())),
        ("bind '127.0.0.1 ::1'\n", ("127.0.0.1 ::1", 1, 6, "loopback", (6379,))),  # split again
        ("bind '\"0.0.0.0\"'\n", ("0.0.0.0", 1, 6, "all_interfaces", (6379,))),
        ("port 0\ntls-port 6380\n", ("", 1, 1, "all_interfaces", (6380,))),  # TLS only
        ("tls-port 6380\n", ("", 1, 1, "all_interfaces", (6379, 6380))),
        ("port " + "9" * 5000 + "\n", ("", 1, 1, "all_interfaces", ())),
        ("bind 10.0.0.1 # office\n", ("10.0.0.1 # office", 1, 6, "invalid", (6379,))),
        ("# bind 0.0.0.0\nbind 10.0.0.1\nport x\n", ("10.0.0.1", 2, 6, "specific_address", ())),
        ('bind 127.0.0.1\n"unbalanced\n', ("127.0.0.1", 1, 6, "loopback", (6379,))),
    ],
)
def test_redis_conf(tmp_path: Path, text: str, expected: tuple[Any, ...]) -> None:
    (finding,) = lint_path(write(tmp_path, "redis.conf", text))
    verdict = finding.verdict
    assert (finding.value, finding.line, finding.column, verdict.exposure, verdict.ports) == (
        expected
    )


# -- postgresql.conf ----------------------------------------------------------------------


def test_sentinel_defaults(tmp_path: Path) -> None:
    (finding,) = lint_path(write(tmp_path, "sentinel.conf", "sentinel monitor m 127.0.0.1 6379 2"))
    assert (finding.verdict.exposure, finding.verdict.ports) == ("all_interfaces", (26379,))


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("listen_addresses = '\\9\\8x'", "98x"),  # not octal digits: as they are
        ("listen_addresses = '\\101\\0601'", "A01"),
        ("listen_addresses = '*\\0 junk'", "*"),  # a NUL ends the C string
        ("listen_addresses = '\\777'", "\xff"),  # a byte
    ],
)
def test_postgresql_escapes(tmp_path: Path, text: str, value: str) -> None:
    (finding,) = lint_path(write(tmp_path, "postgresql.conf", text))
    assert finding.value == value


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("listen_addresses = '*'", ("*", 1, 20, "all_interfaces")),
        ("LISTEN_ADDRESSES '127.0.0.1,::1'\n", ("127.0.0.1,::1", 1, 18, "loopback")),
        ("listen_addresses=localhost # c", ("localhost", 1, 18, "loopback")),
        ("listen_addresses = ''", ("", 1, 20, "not_network")),
        ("listen_addresses = 'it''s'", ("it's", 1, 20, "invalid")),
        ("listen_addresses = '\\101'", ("A", 1, 20, "depends")),
        ("listen_addresses = '\\x'", ("x", 1, 20, "depends")),
        ("listen_addresses = 0.0.0.0", ("0.0.0.0", 1, 20, "invalid")),
        ("listen_addresses = '*' x", ("*", 1, 20, "invalid")),
        ("listen_addresses = '*", ("", 1, 20, "invalid")),
        (
            "listen_addresses = '*'\nlisten_addresses = 'localhost'",
            ("localhost", 2, 20, "loopback"),
        ),
    ],
)
def test_postgresql_conf(tmp_path: Path, text: str, expected: tuple[Any, ...]) -> None:
    (finding,) = lint_path(write(tmp_path, "postgresql.conf", text))
    assert (finding.value, finding.line, finding.column, finding.verdict.exposure) == expected


def test_postgresql_default_is_localhost(tmp_path: Path) -> None:
    text = "# listen_addresses = '*'\nport = 5432\n = broken\n"
    assert lint_path(write(tmp_path, "postgresql.conf", text)) == []


def test_postgresql_port(tmp_path: Path) -> None:
    text = "listen_addresses = '*'\nport = 6543\n"
    (finding,) = lint_path(write(tmp_path, "postgresql.conf", text))
    assert finding.verdict.ports == (6543,)
    (finding,) = lint_path(write(tmp_path, "postgresql.conf", "listen_addresses = ''\nport=x"))
    assert finding.verdict.ports == ()
    text = "listen_addresses = '*'\nport = " + "9" * 5000
    assert lint_path(write(tmp_path, "postgresql.conf", text))[0].verdict.ports == ()


# -- nginx --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("server { listen 8080; }", [("server.listen", 1, 17, "all_interfaces")]),
        ("server { listen '127.0.0.1:80' ssl; }", [("server.listen", 1, 17, "loopback")]),
        ('server { listen "[::1]:80"; }', [("server.listen", 1, 17, "loopback")]),
        ("server { listen unix:/run/a.sock; }", [("server.listen", 1, 17, "not_network")]),
        ("server { listen; }", [("server.listen", 1, 10, "invalid")]),
        ("server {\n  server_name a;\n}", [("server", 1, 1, "all_interfaces")]),
        ("server { include listen.conf; }", []),
        ("http { server { } }", [("http.server", 1, 8, "all_interfaces")]),
        ("stream { server { proxy_pass x; } }", []),
        ("mail { server { } }", []),
        ("http { upstream u { server 10.0.0.1:80; } }", []),
        ("location / { listen 80; }", []),
        ("events { } ; # listen 80;\n", []),
        ("server { listen 80#x; }", [("server.listen", 1, 17, "invalid")]),
        ("server { location / { } listen 127.0.0.1:80; }", [("server.listen", 1, 32, "loopback")]),
        (
            "server { set $a ${host}x; proxy_pass http://${up}:8080; listen ${x}; }",
            [("server.listen", 1, 64, "invalid")],  # listen takes no variables
        ),
        ("server { listen 80}x; }", [("server.listen", 1, 17, "invalid")]),  # "}" in a word
    ],
)
def test_nginx(tmp_path: Path, text: str, expected: list[tuple[Any, ...]]) -> None:
    found = lint_path(write(tmp_path, "nginx.conf", text))
    assert [row[1:] for row in rows(found, tmp_path)] == expected


# -- YAML ---------------------------------------------------------------------------------


def test_yaml_bytes_that_are_not_utf8_are_refused_where_they_stand(tmp_path: Path) -> None:
    # libyaml is handed UTF-8, which a byte read as a lone surrogate cannot become: the pure
    # parser then names the character and its place, as for any character YAML refuses
    with pytest.raises(
        ConfigFileError,
        match=r"x\.yaml:2:7: not valid YAML: character #xdc80: special characters are not",
    ):
        lint_path(write(tmp_path, "x.yaml", "a: 1\nhost: \udc80\n"))


def test_yaml_documents_anchors_and_merges(tmp_path: Path) -> None:
    text = (
        "a: &a {host: 0.0.0.0}\n"
        "b:\n  <<: *a\n  bind: 127.0.0.1\n"
        "---\n"
        "- listen: '::'\n"
        "- {1: {host: 10.0.0.1}, ? [x] : y}\n"
        "---\n"
        "...\n"
    )
    with pytest.raises(ConfigFileError, match=r"x\.yaml:1:4: not valid YAML: found unhashable"):
        lint_path(write(tmp_path, "x.yaml", "{? [x] : y}"))
    text = text.replace(", ? [x] : y", "")
    assert rows(lint_path(write(tmp_path, "x.yaml", text)), tmp_path) == [
        ("x.yaml", "a.host", 1, 14, "all_interfaces"),
        ("x.yaml", "b.host", 1, 14, "all_interfaces"),
        ("x.yaml", "b.bind", 4, 9, "loopback"),
        ("x.yaml", "0.listen", 6, 11, "all_interfaces"),
        ("x.yaml", "1.1.host", 7, 14, "specific_address"),
    ]


@pytest.mark.parametrize(
    ("ports", "env", "expected"),
    [
        ('"${IP}:80:80"', "", ("depends", ":80:80", "IP")),
        ('"${IP}:80:80"', "IP=127.0.0.1\n", ("loopback", None, None)),
        ('"${IP}:80:80"', "IP=\n", ("all_interfaces", None, None)),
        ('"${IP:-127.0.0.1}:80:80"', "", ("loopback", None, None)),
        ('"${IP:-127.0.0.1}:80:80"', "IP=\n", ("loopback", None, None)),
        ('"${IP-127.0.0.1}:80:80"', "IP=\n", ("all_interfaces", None, None)),
        ('"${IP:-${OTHER}}:80:80"', "", ("depends", ":80:80", "OTHER")),
        ('"${IP:?set IP}:80:80"', "", ("depends", ":80:80", "IP")),
        ('"${IP?set IP}:80:80"', "IP=::1\n", ("loopback", None, None)),
        ('"${IP:+127.0.0.1}:80:80"', "IP=x\n", ("loopback", None, None)),
        ('"${IP+127.0.0.1}:80:80"', "", ("all_interfaces", None, None)),
        ('"${IP:+127.0.0.1}:80:80"', "IP=\n", ("all_interfaces", None, None)),
        ('"$IP:80:80"', "export IP='127.0.0.1'\n", ("loopback", None, None)),
        ('"$$IP:80:80"', "", ("invalid", None, None)),
        (
            "{target: 80, published: 80, host_ip: '${IP:-0.0.0.0}'}",
            "",
            ("all_interfaces", None, None),
        ),
        ("{target: 80, published: '${P:-8080}'}", "", ("all_interfaces", None, None)),
    ],
)
def test_compose_interpolation(
    tmp_path: Path, ports: str, env: str, expected: tuple[str, str | None, str | None]
) -> None:
    write(tmp_path, ".env", env)
    path = write(tmp_path, "docker-compose.yml", f"services:\n  a:\n    ports:\n      - {ports}\n")
    (finding,) = lint_path(path)
    exposure, reads, unset = expected
    assert finding.verdict.exposure == exposure
    if reads is not None:
        assert f"with {unset} unset it reads {reads!r}" in finding.verdict.message


def test_compose_variables_from_the_env_file_use_each_other(tmp_path: Path) -> None:
    write(tmp_path, ".env", "BASE=127.0.0.1\nIP=${BASE}\nLITERAL='${BASE}'\n")
    text = "services:\n  a:\n    ports: ['${IP}:80:80', '${LITERAL}:81:81']\n"
    found = lint_path(write(tmp_path, "compose.yaml", text))
    assert [f.verdict.exposure for f in found] == ["loopback", "invalid"]


@pytest.mark.parametrize(
    ("ports", "exposure"),
    [
        ("${A:-${B:-${C:-0.0.0.0}}}:80:80", "all_interfaces"),
        ("${A:-${B:-${C:-${D:-127.0.0.1}}}}:80:80", "loopback"),
        ("${A:-" * 40 + "127.0.0.1" + "}" * 40 + ":80:80", "invalid"),  # too deep for us
        ("${A:-127.0.0.1:80:80", "invalid"),  # not closed: compose refuses it
        ("${A B}:80:80", "invalid"),
        ("$:80:80", "invalid"),
        ("80:80$", "invalid"),
    ],
)
def test_compose_nested_defaults(tmp_path: Path, ports: str, exposure: str) -> None:
    text = f"services:\n  a:\n    ports: [{json.dumps(ports)}]\n"
    (finding,) = lint_path(write(tmp_path, "compose.yaml", text))
    assert finding.verdict.exposure == exposure


def test_compose_network_mode_from_a_variable(tmp_path: Path) -> None:
    text = (
        "services:\n  a: {network_mode: '${NET}'}\n  b: {network_mode: '${NONE:-bridge}'}\n  c: 3\n"
    )
    path = write(tmp_path, "compose.yaml", text)
    assert lint_path(path) == []  # NET unset: the default network
    write(tmp_path, ".env", "NET=host\n")
    assert rows(lint_path(path), tmp_path) == [
        ("compose.yaml", "services.a.network_mode", 2, 21, "depends")
    ]
    assert lint_path(write(tmp_path, "compose.yaml", "services: [1]\n---\n- 2\n")) == []


def test_interpolation_only_in_compose_files(tmp_path: Path) -> None:
    (finding,) = lint_path(write(tmp_path, "other.yaml", "ports: ['${IP:-127.0.0.1}:80:80']"))
    assert finding.verdict.exposure == "invalid"  # Docker itself reads no variables


# -- totality -----------------------------------------------------------------------------

NOISE = st.lists(
    st.sampled_from([*"{}[]()\"'#;:=,.-$*\\ \t\n\r<>/%@|!&`", "\x00", "\udc80", "é", "- "])
    | st.sampled_from(["host", "bind", "listen", "server", "0.0.0.0", "::", "ports", "1"])
    | st.sampled_from(["print ", "<<EOF", "EOF", "sed -i ", "docker run -p ", "{{", "}}"]),
    max_size=30,
).map("".join)


@pytest.mark.parametrize("kind", FILE_KINDS)  # every reader, not a sample of them
@settings(max_examples=100)
@given(text=NOISE)
def test_any_text_is_read_or_refused(tmp_path_factory: Any, kind: str, text: str) -> None:
    path = tmp_path_factory.mktemp("t") / "file"
    path.write_bytes(text.encode("utf-8", "surrogateescape"))
    try:
        findings = lint_path(path, kind=kind)  # type: ignore[arg-type]
    except ConfigFileError as error:
        findings, message = [], str(error)
        assert message.startswith(str(path))
    for finding in findings:
        assert finding.file == str(path)
        assert isinstance(finding.line, int) and finding.line >= 1
        assert isinstance(finding.column, int) and finding.column >= 1
        check_sarif(json.loads(format_sarif([finding])))
        assert json.loads(format_json([finding]))[0]["line"] == finding.line


def test_toml_offsets_always_progress() -> None:
    toml = importlib.import_module("tomllib" if sys.version_info >= (3, 11) else "tomli")
    for text in ("a = [\n", 'a = """', "a = '''x''''", "[[a", "[a", "a = 'x", "[[]]", "=1", "#"):
        toml_offsets(text, toml)  # returns, whatever it is given


# -- output -------------------------------------------------------------------------------


def test_format_text(tmp_path: Path) -> None:
    findings = lint_path(DATA / "redis.conf") + lint_mapping({"bind": "localhost"})
    text = format_text(findings)
    assert text.splitlines() == [
        (
            f"{DATA / 'redis.conf'}:14:6: bind: error: binds every interface (0.0.0.0): "
            "other machines can reach it; bind 127.0.0.1 (and ::1) instead [LB001]"
        ),
        "bind: note: binds loopback only (localhost): stays on this machine [LB100]",
    ]
    coloured = format_text(findings, colour=True)
    assert "\x1b[31merror\x1b[0m" in coloured and "\x1b[36mnote\x1b[0m" in coloured
    assert format_text([]) == ""
    assert format_text(lint_mapping({"": {"host": "0.0.0.0"}})).startswith(".host:")
    assert format_text(lint_mapping(["0.0.0.0"])) == ""
    assert str(replace(lint_mapping({"hostNetwork": True})[0], path=())).startswith("(top): ")


def test_severity() -> None:
    judged = {
        f.verdict.exposure: severity(f)
        for f in lint_mapping(
            {"ports": ["80", "127.0.0.1:80:80", "2:3:4:5"], "listen_addresses": ""}
            | {"k": {"ports": [{"containerPort": 80}]}}
        )
        + lint_mapping({"bind": ["0.0.0.0", "10.0.0.1", "127.0.0.1", "name", "x y"]})
    }
    assert judged == {
        "all_interfaces": "error",
        "specific_address": "error",
        "depends": "warning",
        "invalid": "warning",
        "loopback": "note",
        "not_network": "note",
        "not_published": "note",
    }


def test_format_json() -> None:
    findings = lint_path(DATA / "config.json") + lint_mapping(
        {"bind": "0.0.0.0", 1.5: {"ports": [{"target": 80, "published": 8080}]}}
    )
    rows_ = json.loads(format_json(findings))
    assert rows_[1] == {
        "file": str(DATA / "config.json"),
        "line": 6,
        "column": 25,
        "path": ["devServer", "host"],
        "syntax": "generic",
        "value": "0.0.0.0",
        "exposure": "all_interfaces",
        "exposed": True,
        "severity": "error",
        "rule": "LB001",
        "check": "",
        "fingerprint": fingerprint(findings[1]),
        "hosts": ["0.0.0.0"],
        "ports": [],
        "message": "binds every interface (0.0.0.0): other machines can reach it; bind "
        "127.0.0.1 (and ::1) instead",
    }
    assert rows_[-1]["path"] == ["1.5", "ports", 0]
    assert rows_[-1]["value"] == "{'target': 80, 'published': 8080}"
    assert rows_[-1]["file"] is None and rows_[-1]["line"] is None


# SARIF 2.1.0, checked against the parts of its schema that a log written here can use.
SARIF_LEVELS = {"none", "note", "warning", "error"}


def check_sarif(log: dict[str, Any]) -> None:
    """Raise AssertionError where ``log`` breaks the SARIF 2.1.0 schema (OASIS)."""
    assert set(log) <= {"$schema", "version", "runs"}
    assert log["version"] == "2.1.0"
    assert log["$schema"].endswith("sarif-2.1.0.json")
    assert isinstance(log["runs"], list)
    for run in log["runs"]:
        assert set(run) <= {"tool", "results", "columnKind"}
        assert run["columnKind"] in {"utf16CodeUnits", "unicodeCodePoints"}
        driver = run["tool"]["driver"]
        assert set(driver) <= {"name", "version", "informationUri", "rules"}
        assert isinstance(driver["name"], str) and driver["name"]
        ids = []
        for rule in driver["rules"]:
            assert set(rule) <= {"id", "name", "shortDescription", "fullDescription",
                                 "defaultConfiguration", "helpUri", "help",
                                 "properties"}  # fmt: skip
            assert rule["helpUri"].startswith("https://")
            properties = rule["properties"]
            assert properties["precision"] in {"very-high", "high", "medium", "low"}
            assert all(isinstance(tag, str) for tag in properties["tags"])
            if "security-severity" in properties:
                assert 0 <= float(properties["security-severity"]) <= 10
            assert isinstance(rule["id"], str)
            assert isinstance(rule["shortDescription"]["text"], str)
            assert isinstance(rule["fullDescription"]["text"], str)
            assert rule["defaultConfiguration"]["level"] in SARIF_LEVELS
            ids.append(rule["id"])
        assert len(set(ids)) == len(ids)
        for result in run["results"]:
            assert set(result) <= {"ruleId", "ruleIndex", "level", "message", "locations",
                                   "partialFingerprints"}  # fmt: skip
            assert all(isinstance(v, str) for v in result["partialFingerprints"].values())
            assert ids[result["ruleIndex"]] == result["ruleId"]
            assert result["level"] in SARIF_LEVELS
            assert isinstance(result["message"]["text"], str) and result["message"]["text"]
            for location in result.get("locations", []):
                physical = location["physicalLocation"]
                uri = physical["artifactLocation"]["uri"]
                assert re.fullmatch(r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+", uri), uri
                assert physical["artifactLocation"].get("uriBaseId", "%SRCROOT%") == "%SRCROOT%"
                region = physical["region"]
                assert isinstance(region["startLine"], int) and region["startLine"] >= 1
                assert isinstance(region["startColumn"], int) and region["startColumn"] >= 1


def test_format_sarif(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(DATA)
    findings = lint_path("compose") + lint_path(DATA / "redis.conf")
    findings += lint_mapping({"host": "0.0.0.0"})
    odd = write(tmp_path, "a b%\udc80é/x.json", '{"host": "0.0.0.0"}')
    findings += lint_path(odd)
    log = json.loads(format_sarif(findings))
    check_sarif(log)
    results = log["runs"][0]["results"]
    assert len(results) == len(findings)
    first = results[0]
    assert first["ruleId"] == "LB001" and first["level"] == "error"
    rules = {rule["id"]: rule for rule in log["runs"][0]["tool"]["driver"]["rules"]}
    assert rules["LB001"]["properties"] == {
        "tags": ["security", "external/cwe/cwe-1327"],
        "precision": "high",
        "security-severity": "7.5",
    }
    assert rules["LB001"]["helpUri"].endswith("/rules/LB001.html")
    assert first["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "compose/docker-compose.yml", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 13, "startColumn": 9},
    }
    absolute = results[len(lint_path("compose"))]["locations"][0]["physicalLocation"]
    assert absolute["artifactLocation"] == {"uri": (DATA / "redis.conf").as_uri()}
    assert "locations" not in results[-2]
    assert results[-1]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith(
        "/a%20b%25%80%C3%A9/x.json"
    )
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path / "sub")
    (outside,) = lint_path(os.path.join("..", odd.parent.name, "x.json"))
    uri = json.loads(format_sarif([outside]))["runs"][0]["results"][0]["locations"][0]
    assert uri["physicalLocation"]["artifactLocation"]["uri"].startswith("file:///")
    check_sarif(json.loads(format_sarif([])))


# -- assert_not_exposed with a path ---------------------------------------------------------


def test_assert_not_exposed_reads_paths(tmp_path: Path) -> None:
    assert_not_exposed(write(tmp_path, "ok.json", '{"host": "127.0.0.1"}'))
    with pytest.raises(ExposedError) as caught:
        assert_not_exposed(str(DATA / "redis.conf"))
    assert str(caught.value).endswith(
        f"{DATA / 'redis.conf'}:14:6: bind: binds every interface (0.0.0.0): other machines "
        "can reach it; bind 127.0.0.1 (and ::1) instead"
    )
    assert_not_exposed(DATA / "redis.conf", allow=["bind"])
    with pytest.raises(ConfigFileError):
        assert_not_exposed(tmp_path / "missing.json")


def test_a_place_beyond_the_marks_is_the_nearest_marked_one() -> None:
    reader = JsonReader("a.json", '{"a": [1, {"b": 2}]}')
    root = reader.read()
    assert locate_marked(root, reader.marks, ("a", 1, "b")) == 16
    assert locate_marked(root, reader.marks, ("a", 1, "b", "c")) == 16  # into a number
    assert locate_marked(root, reader.marks, ("a", 5)) == 6  # no such index
    assert locate_marked(root, reader.marks, ("a", "x")) == 6  # a key of a list
    assert locate_marked(root, reader.marks, ("z",)) == 0  # no such key


def test_compose_without_an_env_file(tmp_path: Path) -> None:
    path = write(tmp_path, "compose.yaml", "services: {a: {ports: ['${IP:-0.0.0.0}:80:80']}}")
    (finding,) = lint_path(path)
    assert finding.verdict.exposure == "all_interfaces"


def test_a_file_on_another_drive_is_a_file_uri(monkeypatch: pytest.MonkeyPatch) -> None:
    def other_drive(path: str, start: str | None = None) -> str:
        raise ValueError("path is on mount 'D:', start on mount 'C:'")

    monkeypatch.setattr(os.path, "relpath", other_drive)
    (finding,) = lint_path(DATA / "redis.conf")
    log = json.loads(format_sarif([replace(finding, file="redis.conf")]))
    location = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == (Path.cwd() / "redis.conf").as_uri()


def test_a_directory_that_cannot_be_read_is_an_error(tmp_path: Path) -> None:
    """A walk never skips what it cannot read (as root, a vanished directory stands in)."""
    with pytest.raises(ConfigFileError, match=r"gone: cannot read the directory: No such"):
        list(walk(str(tmp_path / "gone")))


# -- YAML as Compose v2 and Kubernetes read it: no base 60 -----------------------------------


def test_an_unquoted_port_pair_is_text_as_compose_v2_reads_it(tmp_path: Path) -> None:
    """PyYAML reads ``22:22`` as YAML 1.1's base-60 number 1342; Compose v2, Kubernetes and
    every Go reader (YAML 1.2) read the text ``22:22``, which publishes port 22."""
    text = "services:\n  ssh:\n    ports:\n      - 22:22\n      - 8080\n"
    findings = lint_path(write(tmp_path, "compose.yaml", text))
    assert [
        (f.line, f.value, f.verdict.ports, f.verdict.message.split(" (")[0]) for f in findings
    ] == [
        (4, "22:22", (22,), "'22:22' has no host IP: Docker publishes it on every interface"),
        (5, 8080, (), "'8080' publishes the container port on every interface"),
    ]
