"""Where values are in a configuration file: 1-based line and column of an offset."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import Union

from ._mapping import lint_mapping
from ._model import Key, SettingFinding, Verdict

__all__ = [
    "Marks",
    "Places",
    "Setting",
    "lines",
    "lint_document",
    "locate_marked",
    "settings_found",
    "value_offset",
]


class Places:
    """1-based (line, column) of character offsets in a text."""

    def __init__(self, text: str) -> None:
        self._starts = [0, *(match.end() for match in re.finditer("\n", text))]

    def __call__(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self._starts, offset)
        return line, offset - self._starts[line - 1] + 1


#: Where parsed containers came from: ``id(container)`` to (the container, kept alive so
#: no other object takes its id; for each key or index, the value's offset and the value).
Marks = dict[int, tuple[object, Union[dict[Key, tuple[int, object]], list[tuple[int, object]]]]]


def locate_marked(root: object, marks: Marks, path: tuple[Key, ...]) -> int:
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


def lint_document(
    name: str, text: str, root: object, locate: Callable[[tuple[Key, ...]], int]
) -> list[SettingFinding]:
    places = Places(text)
    found = []
    for finding in lint_mapping(root):
        line, column = places(locate(finding.path))
        found.append(replace(finding, file=name, line=line, column=column))
    return found


#: A setting a reader judged itself: its path, syntax, value and verdict.
Setting = tuple[tuple[Key, ...], str, object, Verdict]


def settings_found(
    name: str, text: str, settings: list[Setting], locate: Callable[[tuple[Key, ...]], int]
) -> list[SettingFinding]:
    """Each setting as a finding, placed where its path leads in ``text``, in file order."""
    places = Places(text)
    found = [
        SettingFinding(path, syntax, value, verdict, name, *places(locate(path)))
        for path, syntax, value, verdict in settings
    ]
    return sorted(found, key=lambda finding: (finding.line or 0, finding.column or 0))


def lines(text: str) -> Iterator[tuple[int, str]]:
    """Each line (without its newline) and the offset where it starts."""
    start = 0
    for line in text.split("\n"):
        yield start, line
        start += len(line) + 1


def value_offset(text: str, offset: int, value: str) -> int:
    """Where ``value`` is written on the line from ``offset`` on (else ``offset``).

    A command line's value is often part of a word (``--host=0.0.0.0``, a quoted list
    item): the finding points at the value itself.
    """
    end = text.find("\n", offset)
    found = text.find(value, offset, len(text) if end < 0 else end) if value else -1
    return offset if found < 0 else found
