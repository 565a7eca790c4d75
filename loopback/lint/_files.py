"""Configuration files linted where they are (``lint_path``, ``file_kind``).

Each kind of file is read as its server (or tool) reads it, and every finding says where
it is: file, 1-based line and 1-based column (in characters) of the value.

- YAML (docker-compose files, Kubernetes manifests, ``mongod.conf``, anything else),
  JSON and TOML are parsed, walked by :func:`lint_mapping`, and the place of each value
  is kept while parsing (YAML with PyYAML, the ``loopback[yaml]`` extra; TOML with
  ``tomllib``, or ``tomli`` before Python 3.11, the ``loopback[toml]`` extra);
- ``.env`` files, ``redis.conf``, ``postgresql.conf`` and nginx configurations are read
  line by line or token by token, as those programs read them.
"""

from __future__ import annotations

import bisect
import importlib
import json
import os
import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import replace
from functools import partial
from types import ModuleType
from typing import TYPE_CHECKING, Any, Literal, Union

from .._paths import file_name
from ..errors import ConfigFileError
from ._mapping import Key, SettingFinding, _key, lint_mapping
from ._setting import Verdict, _Bind, _invalid, _shown, _verdict, check_setting

if TYPE_CHECKING:
    import yaml

__all__ = ["FILE_KINDS", "FileKind", "file_kind", "lint_path"]

FileKind = Literal["yaml", "json", "toml", "dotenv", "redis", "postgresql", "nginx"]
#: Every kind of file :func:`lint_path` reads.
FILE_KINDS: tuple[FileKind, ...] = (
    "yaml", "json", "toml", "dotenv", "redis", "postgresql", "nginx"
)  # fmt: skip

#: Directories a walk never enters: tools' caches and installed packages.
_SKIPPED_DIRECTORIES = frozenset(["node_modules", "__pycache__", "site-packages", "venv"])


def file_kind(path: str | os.PathLike[str]) -> FileKind | None:
    """The kind of configuration file ``path`` names, by its name alone (``None``: none).

    >>> file_kind("deploy/docker-compose.yml"), file_kind("/etc/redis/redis.conf")
    ('yaml', 'redis')
    >>> file_kind("/etc/nginx/sites-enabled/default"), file_kind("README.md") is None
    ('nginx', True)
    """
    name = _name(path)
    parts = re.split(r"[\\/]", name)
    base = parts[-1].lower()
    stem, dot, suffix = base.rpartition(".")
    if not dot:
        stem, suffix = base, ""
    if base == ".env" or base.startswith(".env.") or suffix == "env":
        return "dotenv"
    if suffix in ("yml", "yaml"):
        return "yaml"
    if suffix in ("json", "toml"):
        return suffix  # type: ignore[return-value]
    if suffix == "conf":
        if stem.startswith(("redis", "sentinel")):
            return "redis"
        if stem.startswith("postgresql"):
            return "postgresql"
        if stem.startswith("mongod"):
            return "yaml"
    if any("nginx" in part.lower() for part in parts) and (suffix == "conf" or not suffix):
        return "nginx"
    return None


def lint_path(
    path: str | os.PathLike[str], *, kind: FileKind | None = None
) -> list[SettingFinding]:
    """Find and judge every bind setting in a configuration file, or in a directory's.

    >>> import pathlib, tempfile
    >>> compose = pathlib.Path(tempfile.mkdtemp(), "compose.yaml")
    >>> _ = compose.write_text("services:\\n  web:\\n    ports: ['8080:80']\\n")
    >>> [(f.line, f.column, f.verdict.exposure) for f in lint_path(compose)]
    [(3, 13, 'all_interfaces')]

    :param path: a file, or a directory: then every file in it (and below, except hidden
        directories and ``node_modules``, ``__pycache__``, ``site-packages``, ``venv``)
        whose name :func:`file_kind` knows, in name order.
    :param kind: read a file as this kind, whatever its name says (one of
        :data:`FILE_KINDS`).
    :returns: the settings found, each with ``file``, ``line`` and ``column``; keep those
        whose ``verdict.exposed`` is true to find the exposing ones.
    :raises ConfigFileError: the file cannot be read, is not valid as its kind, is of no
        kind :func:`file_kind` knows (and ``kind`` is not given), or needs an optional
        extra that is not installed.
    """
    name = _name(path)
    if kind is not None and kind not in FILE_KINDS:
        known = ", ".join(FILE_KINDS)
        raise ConfigFileError(name, f"unknown kind {kind!r}; known: {known}")
    if os.path.isdir(name):
        return [finding for file in _walk(name) for finding in _lint_file(file, None)]
    return _lint_file(name, kind)


def _name(path: object) -> str:
    try:
        return file_name(path)
    except ValueError as error:
        raise ConfigFileError(repr(path)[:80], str(error)) from None


def _walk(top: str) -> Iterator[str]:
    for directory, subdirectories, files in os.walk(top):
        subdirectories[:] = sorted(
            d for d in subdirectories if not d.startswith(".") and d not in _SKIPPED_DIRECTORIES
        )
        for file in sorted(files):
            path = os.path.normpath(os.path.join(directory, file))
            if file_kind(path) is not None:
                yield path


def _lint_file(name: str, kind: FileKind | None) -> list[SettingFinding]:
    try:
        with open(name, "rb") as file:
            data = file.read()
    except OSError as error:
        raise ConfigFileError(name, f"cannot read it: {error.strerror or error}") from None
    kind = kind or file_kind(name)
    if kind is None:
        raise ConfigFileError(
            name,
            "cannot tell what kind of configuration this is from its name; "
            f"give the kind (one of {', '.join(FILE_KINDS)})",
        )
    text = data.removeprefix(b"\xef\xbb\xbf").decode("utf-8", "surrogateescape")
    return _READERS[kind](name, text)


# -- places ---------------------------------------------------------------------------


class _Places:
    """1-based (line, column) of character offsets in a text."""

    def __init__(self, text: str) -> None:
        self._starts = [0, *(match.end() for match in re.finditer("\n", text))]

    def __call__(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self._starts, offset)
        return line, offset - self._starts[line - 1] + 1


#: Where parsed containers came from: ``id(container)`` to (the container, kept alive so
#: no other object takes its id; for each key or index, the value's offset and the value).
_Marks = dict[int, tuple[object, Union[dict[Key, tuple[int, object]], list[tuple[int, object]]]]]


def _locate_marked(root: object, marks: _Marks, path: tuple[Key, ...]) -> int:
    """The offset of the value at ``path``, or of its nearest marked ancestor (else 0)."""
    node, best = root, 0
    for key in path:
        entry = marks.get(id(node))
        if entry is None:
            break
        places = entry[1]
        if isinstance(places, dict):
            hit = places.get(key)
        else:
            hit = places[key] if isinstance(key, int) and 0 <= key < len(places) else None
        if hit is None:
            break
        best, node = hit
    return best


def _lint_document(
    name: str, text: str, root: object, locate: Callable[[tuple[Key, ...]], int]
) -> list[SettingFinding]:
    places = _Places(text)
    found = []
    for finding in lint_mapping(root):
        line, column = places(locate(finding.path))
        found.append(replace(finding, file=name, line=line, column=column))
    return found


# -- JSON -----------------------------------------------------------------------------

_JSON_SPACE = re.compile(r"[ \t\n\r]*")
_JSON_SCALAR = json.JSONDecoder().raw_decode


def _skip(text: str, i: int) -> int:
    """Past JSON's white space from ``i``."""
    return _JSON_SPACE.match(text, i).end()  # type: ignore[union-attr]  # always matches


def _json(name: str, text: str) -> list[SettingFinding]:
    reader = _JsonReader(name, text)
    root = reader.read()
    return _lint_document(name, text, root, partial(_locate_marked, root, reader.marks))


class _JsonReader:
    """``json.loads(text)`` without recursion, keeping where every value starts.

    Containers are built here, one level at a time; every other value is read by
    ``json``'s own ``raw_decode``.
    """

    def __init__(self, name: str, text: str) -> None:
        self.name, self.text = name, text
        self.marks: _Marks = {}
        self.stack: list[tuple[Any, Any]] = []  # open containers, with their places
        self.keys: list[str] = []  # the pending key of each open mapping
        self.start = 0  # where the value being read starts

    def read(self) -> object:
        root: object = None
        i = _skip(self.text, 0)
        while True:
            value, i, opened = self.value(i)
            if self.stack:
                container, places = self.stack[-1]
                if isinstance(container, dict):
                    key = self.keys.pop()
                    container[key] = value
                    places[key] = (self.start, value)
                else:
                    places.append((self.start, value))
                    container.append(value)
            else:
                root = value
            ended = True  # a value that ends here: what comes after it is read next
            if opened:
                self.stack.append((value, self.marks[id(value)][1]))
                ended = self.text[i : i + 1] in ("]", "}")  # an empty container
                if ended:
                    i = self.close(i)
                elif isinstance(value, dict):
                    i = self.key(i)
            if ended:
                i = self.after(i)
                if i < 0:
                    return root

    def value(self, i: int) -> tuple[object, int, bool]:
        """The value starting at ``i``: (it, where it ends, whether it is an open container)."""
        self.start = i
        opening = self.text[i : i + 1]
        if opening in ("{", "[") and opening:
            value: Any = {} if opening == "{" else []
            self.marks[id(value)] = (value, {} if opening == "{" else [])
            return value, _skip(self.text, i + 1), True
        try:
            value, end = _JSON_SCALAR(self.text, i)
        except ValueError as error:  # JSONDecodeError, or an int too long to read
            raise self.fail(getattr(error, "pos", i), str(error).split(": line")[0]) from None
        return value, end, False

    def close(self, i: int) -> int:
        """Past the end of the innermost container, which must end at ``i``."""
        closing = "}" if isinstance(self.stack[-1][0], dict) else "]"
        if self.text[i : i + 1] != closing:
            raise self.fail(i, f"expected ',' or '{closing}'")
        self.stack.pop()
        return i + 1

    def after(self, i: int) -> int:
        """Past what ends after a value, to where the next value starts (-1: the end)."""
        while True:
            i = _skip(self.text, i)
            if not self.stack:
                if i != len(self.text):
                    raise self.fail(i, "extra data after the document")
                return -1
            if self.text[i : i + 1] != ",":
                i = self.close(i)
                continue
            i = _skip(self.text, i + 1)
            return self.key(i) if isinstance(self.stack[-1][0], dict) else i

    def key(self, i: int) -> int:
        """Past a mapping's key and its colon, at ``i``."""
        if self.text[i : i + 1] != '"':
            raise self.fail(i, "expected '\"' to start a key")
        try:
            key, i = json.decoder.scanstring(self.text, i + 1)  # type: ignore[attr-defined]
        except ValueError as error:
            raise self.fail(i, str(error).split(":", maxsplit=1)[0]) from None
        i = _skip(self.text, i)
        if self.text[i : i + 1] != ":":
            raise self.fail(i, "expected ':' after a key")
        self.keys.append(key)
        return _skip(self.text, i + 1)

    def fail(self, offset: int, reason: str) -> ConfigFileError:
        line, column = _Places(self.text)(offset)
        return ConfigFileError(self.name, f"not valid JSON: {reason}", line=line, column=column)


# -- YAML -----------------------------------------------------------------------------

_YAML_LOADER: list[type[yaml.SafeLoader]] = []  # the loader class, made on first use


def _yaml(name: str, text: str) -> list[SettingFinding]:
    """Every document of a YAML stream (compose files, Kubernetes manifests, mongod.conf)."""
    try:
        import yaml  # noqa: PLC0415 - the optional extra, only for YAML files
    except ImportError:
        raise ConfigFileError(
            name, "reading YAML needs PyYAML: pip install 'loopback[yaml]'"
        ) from None
    documents = []
    try:
        loader = _yaml_loader(yaml)(text)
    except yaml.reader.ReaderError as error:  # a character YAML does not allow
        line, column = _Places(text)(error.position)
        reason = f"not valid YAML: character #x{error.character:04x}: {error.reason}"
        raise ConfigFileError(name, reason, line=line, column=column) from None
    node = None
    try:
        while loader.check_node():
            node = loader.get_node()
            documents.append(loader.construct_document(node))  # type: ignore[no-untyped-call,unused-ignore]
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        reason = f"not valid YAML: {error.problem or error.context}"
        if mark is None:  # pragma: no cover - PyYAML marks its errors
            raise ConfigFileError(name, reason) from None
        raise ConfigFileError(name, reason, line=mark.line + 1, column=mark.column + 1) from None
    except yaml.YAMLError as error:  # pragma: no cover - PyYAML marks every error it raises
        raise ConfigFileError(name, f"not valid YAML: {error}") from None
    except RecursionError:
        raise ConfigFileError(name, "not read: YAML nested too deeply") from None
    except (ValueError, LookupError, AttributeError, TypeError) as error:
        # a scalar of a type it cannot be: 2001-13-45, !!bool foo, 4301 digits, !!int +
        line, column = (node.start_mark.line + 1, node.start_mark.column + 1) if node else (1, 1)
        reason = f"not valid YAML: a value in the document here cannot be read ({error})"
        raise ConfigFileError(name, reason, line=line, column=column) from None
    finally:
        loader.dispose()  # type: ignore[no-untyped-call,unused-ignore]
    marks: _Marks = loader.places  # type: ignore[attr-defined]  # our subclass has them
    compose = _COMPOSE_FILE.fullmatch(os.path.basename(name).lower()) is not None
    variables = _project_variables(name) if compose else {}
    found: list[SettingFinding] = []
    for root in documents:
        if compose:
            _interpolate_network_modes(root, variables)
        found += _lint_document(name, text, root, partial(_locate_marked, root, marks))
    return [_interpolated(finding, variables) for finding in found] if compose else found


def _interpolate_network_modes(root: object, variables: dict[str, str]) -> None:
    """Put the variables into each service's ``network_mode`` (``${NET}``: maybe host)."""
    services = root.get("services") if isinstance(root, dict) else None
    for service in services.values() if isinstance(services, dict) else ():
        mode = service.get("network_mode") if isinstance(service, dict) else None
        if isinstance(mode, str) and "$" in mode:
            service["network_mode"] = _interpolate(mode, variables, [])


# -- docker compose's interpolation ---------------------------------------------------

_COMPOSE_FILE = re.compile(r"(?:docker-)?compose[^/\\]*\.ya?ml")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_BRACED = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])(.*))?", re.DOTALL)
#: Defaults nested deeper than this are left as they are (and judged invalid).
_NESTING = 32


def _project_variables(name: str) -> dict[str, str]:
    """The variables of the ``.env`` file beside a compose file (none if there is none)."""
    try:
        with open(os.path.join(os.path.dirname(name), ".env"), "rb") as file:
            text = file.read().decode("utf-8", "surrogateescape")
    except OSError:
        return {}
    return {variable: expanded for variable, _, _, expanded, _ in _env_lines(text)}


def _interpolate(text: str, variables: dict[str, str], unset: list[str], depth: int = 0) -> str:
    """``text`` as docker compose interpolates it; names set nowhere go into ``unset``."""
    out: list[str] = []
    i = 0
    while i < len(text):
        dollar = text.find("$", i)
        if dollar < 0 or dollar + 1 == len(text):
            out.append(text[i:])
            break
        out.append(text[i:dollar])
        after = text[dollar + 1]
        if after == "$":  # $$ is a dollar
            out.append("$")
            i = dollar + 2
        elif after == "{":
            end = _closing_brace(text, dollar + 2)
            inner = text[dollar + 2 : end]
            match = _BRACED.fullmatch(inner)
            if end < 0 or match is None or depth >= _NESTING:  # compose refuses it
                out.append(text[dollar:])
                break
            out.append(_substitute(match, variables, unset, depth))
            i = end + 1
        else:
            name = _NAME.match(text, dollar + 1)
            if name is None:
                out.append("$")
                i = dollar + 1
            else:
                out.append(_lookup(name[0], variables, unset))
                i = name.end()
    return "".join(out)


def _closing_brace(text: str, i: int) -> int:
    """The ``}`` that closes the ``${`` before ``i`` (nested ``${...}`` counted), or -1."""
    depth = 1
    while i < len(text):
        if text.startswith("${", i):
            depth, i = depth + 1, i + 2
            continue
        if text[i] == "}":
            depth -= 1
            if not depth:
                return i
        i += 1
    return -1


def _lookup(name: str, variables: dict[str, str], unset: list[str]) -> str:
    given = variables.get(name)
    if given is None:
        unset.append(name)
    return given or ""


def _substitute(
    match: re.Match[str], variables: dict[str, str], unset: list[str], depth: int
) -> str:
    """``${NAME}``, ``${NAME:-default}``, ``${NAME-default}``, ``${NAME:?error}``, ... ."""
    name, operator, argument = match.groups()
    if operator is None:
        return _lookup(name, variables, unset)
    given = variables.get(name)
    if operator.endswith("+"):  # ${VAR:+alternative}: the alternative when set
        present = given if operator == "+" else given or None
        return "" if present is None else _interpolate(argument, variables, unset, depth + 1)
    if given is not None and (given or not operator.startswith(":")):
        return given
    if operator.endswith("-"):  # ${VAR:-default}
        return _interpolate(argument, variables, unset, depth + 1)
    unset.append(name)  # ${VAR:?error}: compose stops unless it is set
    return ""


def _interpolated(finding: SettingFinding, variables: dict[str, str]) -> SettingFinding:
    """``finding`` judged as docker compose reads its value, after interpolation."""
    value = finding.value
    unset: list[str] = []
    if isinstance(value, str) and "$" in value:
        read: object = _interpolate(value, variables, unset)
    elif isinstance(value, dict) and any(isinstance(v, str) and "$" in v for v in value.values()):
        read = {k: _interpolate(v, variables, unset) if isinstance(v, str) else v
                for k, v in value.items()}  # fmt: skip
    else:
        return finding
    return replace(finding, verdict=_judged(finding.syntax, value, read, unset, "beside the file"))


def _judged(syntax: str, value: object, read: object, unset: list[str], where: str) -> Verdict:
    """The verdict on ``read``, what ``value`` reads as; ``depends`` if a name is unset."""
    verdict = check_setting(syntax, read)  # type: ignore[arg-type]  # of the same type
    if not unset:
        return verdict
    names = ", ".join(dict.fromkeys(unset))
    return Verdict(
        "depends",
        verdict.hosts,
        verdict.ports,
        f"{_shown(value)} depends on {names}, set in no .env {where}; with {names} unset it "
        f"reads {_shown(read)}: {verdict.message}",
    )


def _yaml_loader(module: ModuleType) -> type[yaml.SafeLoader]:
    """PyYAML's safe loader, keeping the place of every value in ``loader.places``.

    The pure-Python one: nesting too deep for it raises ``RecursionError``, where the C
    one may crash.
    """
    if _YAML_LOADER:
        return _YAML_LOADER[0]

    class Loader(module.SafeLoader):  # type: ignore[name-defined,misc]  # a module object
        def __init__(self, stream: str) -> None:
            super().__init__(stream)
            self.places: _Marks = {}

    def mapping(loader: Loader, node: yaml.MappingNode) -> Iterator[dict[object, object]]:
        data: dict[object, object] = {}
        yield data
        data.update(loader.construct_mapping(node))
        places = {}
        for key_node, value_node in node.value:  # merge keys (<<) are flattened by now
            key = loader.construct_object(key_node)
            places[_key(key)] = (value_node.start_mark.index, data[key])
        loader.places[id(data)] = (data, places)

    def sequence(loader: Loader, node: yaml.SequenceNode) -> Iterator[list[object]]:
        data: list[object] = []
        yield data
        data.extend(loader.construct_sequence(node))
        places = [(item.start_mark.index, value) for item, value in zip(node.value, data)]
        loader.places[id(data)] = (data, places)

    Loader.add_constructor("tag:yaml.org,2002:map", mapping)
    Loader.add_constructor("tag:yaml.org,2002:seq", sequence)
    _YAML_LOADER.append(Loader)
    return Loader


# -- TOML -----------------------------------------------------------------------------


def _toml_module(name: str) -> ModuleType:
    """``tomllib``, or before Python 3.11 ``tomli``, the ``loopback[toml]`` extra."""
    try:
        return importlib.import_module("tomllib" if sys.version_info >= (3, 11) else "tomli")
    except ImportError:
        reason = "reading TOML before Python 3.11 needs tomli: pip install 'loopback[toml]'"
        raise ConfigFileError(name, reason) from None


_TOML_PLACE = re.compile(r"\(at line (\d+), column (\d+)\)")


def _toml(name: str, text: str) -> list[SettingFinding]:
    toml = _toml_module(name)
    try:
        root = toml.loads(text)
    except ValueError as error:  # TOMLDecodeError, or an int too long to read
        message = str(error)
        place = _TOML_PLACE.search(message)
        reason = f"not valid TOML: {message.split(' (at ', maxsplit=1)[0]}"
        if place is None:
            raise ConfigFileError(name, reason) from None
        line, column = int(place[1]), int(place[2])
        raise ConfigFileError(name, reason, line=line, column=column) from None
    except RecursionError:
        raise ConfigFileError(name, "not read: TOML nested too deeply") from None
    offsets = _toml_offsets(text, toml)

    return _lint_document(name, text, root, lambda path: offsets.get(path, 0))


_TOML_KEY = re.compile(r"""[ \t]*(?:"((?:[^"\\\n]|\\.)*)"|'([^'\n]*)'|([A-Za-z0-9_-]+))[ \t]*""")


def _toml_key(text: str, i: int, toml: ModuleType) -> tuple[list[str], int]:
    """The parts of a dotted key at ``i``, and the offset after it."""
    parts: list[str] = []
    while True:
        match = _TOML_KEY.match(text, i)
        if match is None:
            return parts, i
        basic, literal, bare = match.groups()
        if basic is not None:
            parts.append(toml.loads(f'k = "{basic}"')["k"])
        else:
            parts.append(literal if literal is not None else bare)
        i = match.end()
        if text[i : i + 1] != ".":
            return parts, i
        i += 1


def _toml_offsets(text: str, toml: ModuleType) -> dict[tuple[Key, ...], int]:
    """Where each key's value starts, by path (arrays of tables by index).

    The text is valid TOML (``tomllib`` read it), so this only finds keys and table
    headers at the start of lines, and steps over values, strings and comments.
    """
    offsets: dict[tuple[Key, ...], int] = {}
    counts: dict[tuple[Key, ...], int] = {}  # arrays of tables: the last index, by path
    table: tuple[Key, ...] = ()

    def expanded(parts: list[str]) -> tuple[Key, ...]:
        path: tuple[Key, ...] = ()
        for part in parts:
            path += (part,)
            if path in counts:
                path += (counts[path],)
        return path

    i, size = 0, len(text)
    while i < size:
        i = _toml_space(text, i)
        if text.startswith("[[", i):
            parts, _ = _toml_key(text, i + 2, toml)
            parts = parts or [""]  # never in valid TOML
            plain = (*expanded(parts[:-1]), parts[-1])
            counts[plain] = counts.get(plain, -1) + 1
            table = (*plain, counts[plain])
            _toml_tables(offsets, table, i)
        elif text.startswith("[", i):
            parts, _ = _toml_key(text, i + 1, toml)
            table = expanded(parts)
            _toml_tables(offsets, table, i)
        elif i < size and text[i] not in "#\r\n":
            start = i
            parts, i = _toml_key(text, i, toml)
            if len(parts) > 1:  # a.b = 1 makes the table a
                _toml_tables(offsets, (*table, *parts[:-1]), start)
            i = _toml_space(text, i + 1)  # past the "="
            i = _toml_value(text, i, (*table, *parts), offsets, toml)
        newline = text.find("\n", i)
        i = size if newline < 0 else newline + 1
    return offsets


def _toml_tables(offsets: dict[tuple[Key, ...], int], path: tuple[Key, ...], i: int) -> None:
    """Place ``path`` and the tables it makes on the way at ``i``, unless placed before."""
    for end in range(len(path), 0, -1):
        if offsets.setdefault(path[:end], i) != i:
            break
    offsets[path] = i


def _toml_space(text: str, i: int) -> int:
    """Past spaces and tabs from ``i``."""
    while text[i : i + 1] in (" ", "\t") and i < len(text):
        i += 1
    return i


def _toml_blank(text: str, i: int) -> int:
    """Past white space, newlines and comments from ``i`` (inside arrays and tables)."""
    while i < len(text) and text[i] in " \t\r\n#":
        if text[i] == "#":
            end = text.find("\n", i)
            i = len(text) if end < 0 else end
        else:
            i += 1
    return i


def _toml_value(
    text: str, i: int, path: tuple[Key, ...], offsets: dict[tuple[Key, ...], int], toml: ModuleType
) -> int:
    """Record where the value at ``i`` starts, and every value inside it; return its end."""
    stack: list[tuple[str, tuple[Key, ...], list[int]]] = []  # open [ and {: path, count
    expecting: tuple[Key, ...] | None = path  # the path of the value that starts next
    while i < len(text):
        opened = False
        if expecting is not None:
            if stack:
                i = _toml_blank(text, i)
            offsets[expecting] = i
            opened = text[i] in "[{"
            if opened:
                stack.append((text[i], expecting, [0]))
                i += 1
            else:
                i = _toml_scalar_end(text, i)
                if not stack:
                    return i
            expecting = None
        comma = opened  # the first item is read as if after a comma
        if not opened:  # after a value: a comma, or the end of the container
            i = _toml_blank(text, i)
            comma = text[i : i + 1] == ","
            i += comma
        i = _toml_blank(text, i)
        if text[i : i + 1] in ("]", "}") and text[i : i + 1]:  # the end, maybe after a comma
            stack.pop()
            i += 1
            if not stack:
                return i
        elif not comma:  # pragma: no cover - valid TOML has a comma or the end here
            i += 1
        elif stack[-1][0] == "[":
            _, inside, count = stack[-1]
            expecting, count[0] = (*inside, count[0]), count[0] + 1
        else:
            parts, i = _toml_key(text, i, toml)
            expecting = (*stack[-1][1], *parts)
            i = _toml_space(text, i) + 1  # past the "="
    return i


def _toml_scalar_end(text: str, i: int) -> int:
    """The offset after the string, number, boolean or date at ``i``."""
    size = len(text)
    for quote in ('"""', "'''"):
        if text.startswith(quote, i):
            i += 3
            while i < size and not text.startswith(quote, i):
                i += 2 if quote == '"""' and text[i] == "\\" else 1
            i += 3
            while text[i : i + 1] == quote[0]:  # up to two quotes end the string too
                i += 1
            return i
    if text[i : i + 1] == '"':
        i += 1
        while i < size and text[i] not in '"\n':
            i += 2 if text[i] == "\\" else 1
        return i + 1
    if text[i : i + 1] == "'":
        end = text.find("'", i + 1)
        return size if end < 0 else end + 1
    while i < size and text[i] not in ",]}#\n":
        i += 1
    return i


# -- .env -----------------------------------------------------------------------------

#: Variables read by one server, with its syntax.
_ENV_SYNTAXES = {"FLASK_RUN_HOST": "flask-host", "UVICORN_HOST": "uvicorn-host"}
#: Variables that name a bind host or endpoint whole.
_ENV_NAMES = frozenset(["HOST", "BIND", "LISTEN", "HOST_IP", "SERVER_HOST", "BIND_IP"])
#: Endings of variables that name one (``REDIS_HOST`` names a server to connect to: no).
_ENV_ENDINGS = (
    "_BIND", "_BIND_ADDR", "_BIND_ADDRESS", "_BIND_HOST", "_BIND_IP",
    "_LISTEN", "_LISTEN_ADDR", "_LISTEN_ADDRESS", "_LISTEN_HOST", "_LISTEN_IP",
)  # fmt: skip
_ENV_LINE = re.compile(r"[ \t]*(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_.]*)[ \t]*=[ \t]*")
_ENV_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "$": "$"}


def _env_syntax(variable: str) -> str | None:
    upper = variable.upper()
    if upper in _ENV_SYNTAXES:
        return _ENV_SYNTAXES[upper]
    if upper in _ENV_NAMES or upper.endswith(_ENV_ENDINGS):
        return "generic"
    return None


def _dotenv(name: str, text: str) -> list[SettingFinding]:
    """``KEY=VALUE`` lines as docker compose and python-dotenv read them.

    The last line of a name wins, and ``${NAME}`` in a value that is not single-quoted is
    a variable set above.
    """
    settings: dict[str, tuple[int, str, str, Verdict]] = {}  # variable -> offset, syntax, ...
    for variable, offset, value, expanded, unset in _env_lines(text):
        syntax = _env_syntax(variable)
        if syntax is None:
            continue
        if expanded or unset:  # VAR= leaves the server's default
            verdict = _judged(syntax, value, expanded, unset, "above it")
            settings[variable] = (offset, syntax, value, verdict)
        else:
            settings.pop(variable, None)
    places = _Places(text)
    return [
        SettingFinding((variable,), syntax, value, verdict, name, *places(offset))
        for variable, (offset, syntax, value, verdict) in settings.items()
    ]


def _env_lines(text: str) -> Iterator[tuple[str, int, str, str, list[str]]]:
    """Each ``KEY=VALUE`` line, read.

    Yields the name, the value's offset, the value as written, the value with the
    variables of the lines above put in, and the names set nowhere above.
    """
    variables: dict[str, str] = {}
    for start, line in _lines(text):
        match = _ENV_LINE.match(line)
        if match is None:
            continue
        raw = line[match.end() :]
        value = _env_value(raw)
        unset: list[str] = []
        expanded = value if raw.startswith("'") else _interpolate(value, variables, unset)
        variables[match[1]] = expanded
        yield match[1], start + match.end(), value, expanded, unset


def _env_value(raw: str) -> str:
    raw = raw.rstrip("\r")
    if raw.startswith("'"):
        end = raw.find("'", 1)
        return raw[1:] if end < 0 else raw[1:end]
    if raw.startswith('"'):
        chars, i = [], 1
        while i < len(raw) and raw[i] != '"':
            if raw[i] == "\\" and i + 1 < len(raw):
                chars.append(_ENV_ESCAPES.get(raw[i + 1], "\\" + raw[i + 1]))
                i += 2
            else:
                chars.append(raw[i])
                i += 1
        return "".join(chars)
    return re.split(r"[ \t]#", raw, maxsplit=1)[0].strip(" \t")


def _lines(text: str) -> Iterator[tuple[int, str]]:
    """Each line (without its newline) and the offset where it starts."""
    start = 0
    for line in text.split("\n"):
        yield start, line
        start += len(line) + 1


def _port_number(text: str) -> int | None:
    """A port number written in decimal digits (0 to 65535), or ``None``."""
    if text.isascii() and text.isdigit() and len(text) <= 5 and int(text) < 65536:
        return int(text)
    return None


# -- redis.conf -----------------------------------------------------------------------

_REDIS_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", "b": "\b", "a": "\a"}


def _redis_words(line: str) -> list[tuple[int, str]] | None:
    """A line split as Redis's ``sdssplitargs`` splits it (``None``: unbalanced quotes)."""
    words: list[tuple[int, str]] = []
    i, size = 0, len(line)
    while True:
        while i < size and line[i] in " \t\r\n\v\f":
            i += 1
        if i >= size:
            return words
        start, chars = i, []
        while i < size and line[i] not in " \t\r\n\v\f":
            quote = line[i]
            if quote not in "\"'":
                chars.append(line[i])
                i += 1
                continue
            i += 1
            while i < size and line[i] != quote:
                if line[i] == "\\" and i + 1 < size:
                    escaped = line[i + 1]
                    hexa = line[i + 2 : i + 4]
                    if quote == '"' and escaped == "x" and re.fullmatch("[0-9a-fA-F]{2}", hexa):
                        chars.append(chr(int(hexa, 16)))
                        i += 4
                        continue
                    if quote == '"' or escaped == "'":
                        chars.append(_REDIS_ESCAPES.get(escaped, escaped) if quote == '"' else "'")
                        i += 2
                        continue
                chars.append(line[i])
                i += 1
            if i >= size or (i + 1 < size and line[i + 1] not in " \t\r\n\v\f"):
                return None  # unclosed, or a closing quote not followed by a space
            i += 1
        words.append((start, "".join(chars)))


def _redis(name: str, text: str) -> list[SettingFinding]:
    """``bind`` as Redis 7 reads its configuration: the last line wins; none binds all."""
    bind = (0, "", "")  # (offset, value, why it is refused) of the last bind line
    sentinel = os.path.basename(name).lower().startswith("sentinel")
    ports = {"port": ("26379" if sentinel else "6379", 0), "tls-port": ("0", 0)}
    for start, line in _lines(text):
        words = _redis_words(line)
        if words is None:  # Redis stops at the line: "Unbalanced quotes"
            if line.split()[0].lower() == "bind":
                indent = len(line) - len(line.lstrip())
                bind = (start + indent, line.strip(), "unbalanced quotes")
            words = []
        if not words or words[0][1].startswith("#"):
            continue
        directive = words[0][1].lower()
        if directive == "bind":
            if len(words) == 2:  # one argument is split again (Redis 7.2)
                again = _redis_words(words[1][1])
                if again:
                    words = [words[0], *((words[1][0], word) for _, word in again)]
            offset = start + (words[1][0] if len(words) > 1 else words[0][0])
            value = " ".join(word for _, word in words[1:] if word)
            bind = (offset, value, "" if value else "no address")
        elif directive in ports and len(words) == 2:
            ports[directive] = (words[1][1], start + words[1][0])
    offset, value, refused = bind
    if refused == "no address":  # bind with no address (or ""): no TCP socket
        why = "a bind line without addresses: Redis opens no TCP socket"
        verdict = _verdict([_Bind("not_network", "", why)], [])
    elif refused:
        verdict = _verdict(*_invalid(value, f"Redis refuses {value!r}: {refused}"))
    else:
        verdict = check_setting("redis-bind", value)  # "": no bind line, every interface
    numbers = [n for n in (_port_number(p) for p, _ in ports.values()) if n is not None]
    if ports["port"][0] == "0" and not any(numbers) and not refused:
        verdict = Verdict("not_network", verdict.hosts, (), "port 0: Redis opens no TCP port")
        offset = ports["port"][1]
    elif not refused:
        verdict = replace(verdict, ports=tuple(number for number in numbers if number))
    place = _Places(text)(offset)
    return [SettingFinding(("bind",), "redis-bind", value, verdict, name, *place)]


# -- postgresql.conf ------------------------------------------------------------------

_PG_LINE = re.compile(
    r"[ \t]*([A-Za-z_][A-Za-z0-9_.$]*)[ \t]*=?[ \t]*"
    r"('((?:[^'\\\n]|''|\\.)*)'|([^ \t\r\n#']*))(.*)"
)
#: What PostgreSQL reads unquoted (guc-file.l: UNQUOTED_STRING, INTEGER, REAL).
_PG_UNQUOTED = re.compile(
    r"[A-Za-z_\x80-\U0010ffff][A-Za-z0-9_\x80-\U0010ffff./:-]*"
    r"|[-+]?(?:[0-9]+|0x[0-9a-fA-F]+)[a-zA-Z]*"
    r"|[-+]?[0-9]*\.[0-9]*(?:[Ee][-+]?[0-9]+)?"
)
_PG_ESCAPES = {"b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}


def _pg_unquote(quoted: str) -> str:
    """A quoted value as PostgreSQL's ``DeescapeQuotedString`` reads it."""
    return re.sub(
        r"''|\\([0-7]{1,3}|.)",
        lambda m: "'" if m[0] == "''" else _PG_ESCAPES.get(m[1], m[1])
        if m[1][0] not in "01234567" else chr(int(m[1], 8) & 0xFF),  # a byte
        quoted,
        flags=re.DOTALL,
    )  # fmt: skip


def _postgresql(name: str, text: str) -> list[SettingFinding]:
    """``listen_addresses`` and ``port`` as PostgreSQL reads them (the last one wins)."""
    listen: tuple[int, str, bool] | None = None
    port = "5432"
    for start, line in _lines(text):
        match = _PG_LINE.match(line)
        if match is None:
            continue
        setting = match[1].lower()
        quoted, plain, rest = match[3], match[4], match[5].strip()
        value = _pg_unquote(quoted).split("\0")[0] if quoted is not None else plain
        if setting == "listen_addresses":
            well_formed = (quoted is not None or bool(_PG_UNQUOTED.fullmatch(plain))) and (
                not rest or rest.startswith("#")
            )
            listen = (start + match.start(2), value, well_formed)
        elif setting == "port":
            port = value
    if listen is None:  # the default, localhost
        return []
    offset, value, well_formed = listen
    if well_formed:
        verdict = check_setting("postgresql-listen_addresses", value)
    else:
        why = f"PostgreSQL cannot read listen_addresses = {value!r}: quote it ('...')"
        verdict = _verdict(*_invalid(value, why))
    if _port_number(port):
        verdict = replace(verdict, ports=(_port_number(port),))  # type: ignore[arg-type]
    place, syntax = _Places(text)(offset), "postgresql-listen_addresses"
    return [SettingFinding(("listen_addresses",), syntax, value, verdict, name, *place)]


# -- nginx ----------------------------------------------------------------------------


#: A word ends at white space, ";" or "{" (not "}", and not the "{" of "${name}").
_NGINX_WORD = re.compile(r"(?:\$\{|[^ \t\r\n;{])*")


def _nginx_tokens(name: str, text: str) -> Iterator[tuple[int, str, bool]]:
    """``(offset, text, is_word)`` as ``ngx_conf_read_token`` splits a configuration."""
    i, size = 0, len(text)
    while i < size:
        char = text[i]
        if char in " \t\r\n":
            i += 1
        elif char == "#":
            end = text.find("\n", i)
            i = size if end < 0 else end
        elif char in ";{}":
            yield i, char, False
            i += 1
        elif char in "\"'":
            j = i + 1
            while j < size and text[j] != char:
                j += 2 if text[j] == "\\" else 1
            if j >= size:
                line, column = _Places(text)(i)
                reason = f"not valid nginx: a {char} that nothing closes"
                raise ConfigFileError(name, reason, line=line, column=column)
            yield i, re.sub(r"\\(.)", r"\1", text[i + 1 : j], flags=re.DOTALL), True
            i = j + 1
        else:
            end = _NGINX_WORD.match(text, i).end()  # type: ignore[union-attr]  # always matches
            yield i, text[i:end], True
            i = end


def _nginx(name: str, text: str) -> list[SettingFinding]:
    """``listen`` in every ``server`` block; a server block with none listens on ``*:80``."""
    places = _Places(text)
    found = []
    words: list[tuple[int, str]] = []
    blocks: list[tuple[int, str]] = []  # (offset, name) of each open block
    heard: list[bool] = []  # has the block a listen (or an include that may have one)?
    for offset, piece, is_word in _nginx_tokens(name, text):
        if is_word:
            words.append((offset, piece))
            continue
        path = tuple(block for _, block in blocks)
        if piece == ";" and words:
            directive = words[0][1]
            if directive in ("listen", "include") and blocks and blocks[-1][1] == "server":
                heard[-1] = True
            if directive == "listen" and blocks and blocks[-1][1] == "server":
                value = " ".join(word for _, word in words[1:])
                at = words[1][0] if len(words) > 1 else words[0][0]
                verdict = check_setting("nginx-listen", value)
                found.append(
                    SettingFinding(
                        (*path, "listen"), "nginx-listen", value, verdict, name, *places(at)
                    )
                )
        elif piece == "{":
            blocks.append(words[0] if words else (offset, ""))
            heard.append(False)
        elif piece == "}":
            if words or not blocks:
                line, column = places(offset)
                reason = "not valid nginx: an unexpected '}'"
                raise ConfigFileError(name, reason, line=line, column=column)
            (start, block), listens = blocks.pop(), heard.pop()
            parent = blocks[-1][1] if blocks else ""
            if block == "server" and not listens and parent not in ("stream", "mail"):
                verdict = replace(
                    check_setting("nginx-listen", "*:80"),
                    message="a server block without listen: nginx listens on *:80 (*:8000 "
                    "when not run as root), every IPv4 interface: other machines can reach "
                    "it; add listen 127.0.0.1:80 (and [::1]:80)",
                )
                path = (*path[:-1], "server")
                found.append(
                    SettingFinding(path, "nginx-listen", "", verdict, name, *places(start))
                )
        words = []
    if blocks or words:
        line, column = places(len(text))
        expected = "'}'" if blocks else "';'"
        reason = f"not valid nginx: the file ends where {expected} was expected"
        raise ConfigFileError(name, reason, line=line, column=column)
    return sorted(found, key=lambda finding: (finding.line, finding.column))


_READERS: dict[str, Callable[[str, str], list[SettingFinding]]] = {
    "yaml": _yaml,
    "json": _json,
    "toml": _toml,
    "dotenv": _dotenv,
    "redis": _redis,
    "postgresql": _postgresql,
    "nginx": _nginx,
}
