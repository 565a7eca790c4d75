"""JSON read without recursion, keeping the place of every value (for ``lint_path``)."""

from __future__ import annotations

import json
import re
from functools import partial
from typing import Any

from ..errors import ConfigFileError
from ._model import SettingFinding
from ._places import Marks, Places, lint_document, locate_marked

__all__ = ["JsonReader", "read_json"]

_JSON_SPACE = re.compile(r"[ \t\n\r]*")
_JSON_SCALAR = json.JSONDecoder().raw_decode


def _skip(text: str, i: int) -> int:
    """Past JSON's white space from ``i``."""
    return _JSON_SPACE.match(text, i).end()  # type: ignore[union-attr]  # always matches


def read_json(name: str, text: str) -> list[SettingFinding]:
    reader = JsonReader(name, text)
    root = reader.read()
    return lint_document(name, text, root, partial(locate_marked, root, reader.marks))


class JsonReader:
    """``json.loads(text)`` without recursion, keeping where every value starts.

    Containers are built here, one level at a time; every other value is read by
    ``json``'s own ``raw_decode``.
    """

    def __init__(self, name: str, text: str) -> None:
        self.name, self.text = name, text
        self.marks: Marks = {}
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
        line, column = Places(self.text)(offset)
        return ConfigFileError(self.name, f"not valid JSON: {reason}", line=line, column=column)
