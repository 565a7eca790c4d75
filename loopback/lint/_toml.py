"""TOML files, with the place of every value (for ``lint_path``).

The values come from ``tomllib`` (or ``tomli``, the ``loopback-net[toml]`` extra, before
Python 3.11); where each one starts, from a scanner of the same text.
"""

from __future__ import annotations

import importlib
import re
import sys
from types import ModuleType

from ..errors import ConfigFileError
from ._model import Key, SettingFinding
from ._places import lint_document

__all__ = ["read_toml", "toml_module", "toml_offsets"]


def toml_module(name: str) -> ModuleType:
    """``tomllib``, or before Python 3.11 ``tomli``, the ``loopback-net[toml]`` extra."""
    try:
        return importlib.import_module("tomllib" if sys.version_info >= (3, 11) else "tomli")
    except ImportError:
        reason = "reading TOML before Python 3.11 needs tomli: pip install 'loopback-net[toml]'"
        raise ConfigFileError(name, reason) from None


_TOML_PLACE = re.compile(r"\(at line (\d+), column (\d+)\)")


#: Keys (and table headers) of more parts than this are refused: ``tomllib`` reads a
#: dotted key in time quadratic in its parts, and no configuration needs so many.
_MAX_PARTS = 128
_PART = r"""(?:[A-Za-z0-9_-]+|"[^"\n]*"|'[^'\n]*')"""
_KEY_TEXT = re.compile(
    rf"^[ \t]*\[*[ \t]*({_PART}(?:[ \t]*\.[ \t]*{_PART})*)[ \t]*[=\]]", re.MULTILINE
)


def read_toml(name: str, text: str) -> list[SettingFinding]:
    for match in _KEY_TEXT.finditer(text):
        if match[1].count(".") >= _MAX_PARTS:  # quoted parts' dots too: a bound, not a count
            line = text.count("\n", 0, match.start()) + 1
            reason = f"not read: a key of more than {_MAX_PARTS} dotted parts"
            raise ConfigFileError(name, reason, line=line, column=1)
    toml = toml_module(name)
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
    offsets = toml_offsets(text, toml)
    return lint_document(name, text, root, lambda path: offsets.get(path, 0))


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


def toml_offsets(text: str, toml: ModuleType) -> dict[tuple[Key, ...], int]:
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
    while text[i : i + 1] in (" ", "\t"):
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
