"""Go template text (a Helm chart's ``templates/``), read as the YAML it renders to.

Helm renders a chart's templates with Go's ``text/template``: ``{{ ... }}`` actions (with
``{{-`` and ``-}}`` trimming white space) write values, include named templates, and open
blocks (``{{ if }}``, ``{{ with }}``, ``{{ range }}``, ``{{ define }}``, ``{{ block }}``)
that ``{{ else }}`` divides and ``{{ end }}`` closes. Terraform's ``templatefile`` writes
its directives ``%{ if }``, ``%{ for }``, ``%{ else }``, ``%{ endif }``, ``%{ endfor }``
(``~`` trimming white space) and is read the same way; its ``${...}`` interpolations are
plain text to YAML, and are kept. Lint does not render: each action
that writes text becomes placeholder characters (``_``) of its own length, one that
writes nothing (a block's keyword, ``else``, a comment, a Terraform directive) is left
out, and a line of nothing but actions becomes blank: the YAML keeps its lines, and its
columns on every line without an action.

What an action would have written is not known, so a line holding one says nothing: its
findings are left out (``type: {{ .Values.service.type }}`` is the chart's
``values.yaml``'s to say, and that file is read). Neither does a line inside a block
opened within a document (``{{- if .Values.hostNetwork }}`` before ``hostNetwork:
true``): whether Helm writes it depends on the values. A block around whole documents
(``{{- if .Values.monitor.create }}`` before the first line of YAML) switches a feature
of the chart on or off, and what it holds is read.
"""

from __future__ import annotations

from typing import NamedTuple

__all__ = ["Untemplated", "untemplated"]


class Untemplated(NamedTuple):
    """A template's text with its actions blanked, and the lines that say nothing."""

    text: str
    #: 1-based numbers of the lines whose findings are left out.
    silent: frozenset[int]


#: Actions that open a block the values decide on; ``define`` and ``block`` open named
#: templates, which are read as they stand.
_CONDITIONS = frozenset(["if", "with", "range"])
#: Keywords that open or close a block, as Go's and Terraform's (``%{ for }``) templates
#: write them.
_KEYWORDS = {
    "if": "if", "with": "with", "range": "range", "for": "range", "define": "define",
    "block": "block", "end": "end", "endif": "end", "endfor": "end",
}  # fmt: skip


def untemplated(text: str) -> Untemplated:
    """``text`` with every ``{{ ... }}`` action blanked, and the lines that say nothing.

    >>> result = untemplated("kind: Service\\nspec:\\n  type: {{ .Values.type }}\\n")
    >>> print(result.text, end=""); sorted(result.silent)
    kind: Service
    spec:
      type: __________________
    [3]

    Linear in the text: each action is found once (``str.find``), and an action left
    open (``{{`` without ``}}``) ends the reading: the rest is kept as it is.
    """
    pieces: list[str] = []
    action_lines: set[int] = set()
    blocks: list[tuple[int, str]] = []  # (line, keyword) of each opening, ``end`` as ("end")
    position, line = 0, 1
    go, terraform = text.find("{{"), text.find("%{")
    while True:
        if go < 0 and terraform < 0:
            break
        start = go if terraform < 0 or 0 <= go < terraform else terraform
        close = "}}" if start == go else "}"
        end = text.find(close, start + 2)
        if end < 0:
            break
        end += len(close)
        pieces.append(text[position:start])
        line += text.count("\n", position, start)
        action = text[start:end]
        newlines = action.count("\n")
        action_lines.update(range(line, line + newlines + 1))
        words = action[2 : -len(close)].strip("-~").split(None, 1)
        keyword = _KEYWORDS.get(words[0], "") if words else ""
        if keyword:
            blocks.append((line, keyword))
        if 0 <= go < end:  # found once each: a kind absent is not looked for again
            go = text.find("{{", end)
        if 0 <= terraform < end:
            terraform = text.find("%{", end)
        # what writes text becomes "_"; a directive, a block's keyword or a comment writes
        # nothing, and becomes blank
        first = words[0] if words else ""
        if keyword or close == "}" or first == "else" or first.startswith("/*"):
            pieces.append("\n" * newlines)  # writes nothing: what follows takes its place
        else:
            pieces.append("".join("\n" if char == "\n" else "_" for char in action))
        line += newlines
        position = end
    pieces.append(text[position:])
    lines = "".join(pieces).split("\n")
    for number in action_lines:
        if not lines[number - 1].strip(" \t_\r"):
            lines[number - 1] = " " * len(lines[number - 1])
    return Untemplated("\n".join(lines), frozenset(action_lines | _inside(lines, blocks)))


def _inside(lines: list[str], blocks: list[tuple[int, str]]) -> set[int]:
    """The lines inside a condition opened after the first line of YAML of its document."""
    content = _content_before(lines)
    marks = [0] * (len(lines) + 2)  # +1 where a silent stretch starts, -1 past its end
    opened: list[tuple[int, bool]] = []
    for number, keyword in blocks:
        if keyword != "end":
            opened.append((number, keyword in _CONDITIONS and content[number - 1]))
        elif opened:
            first, silent = opened.pop()
            if silent:
                marks[first] += 1
                marks[number + 1] -= 1
    for first, silent in opened:  # a block never closed runs to the end
        if silent:
            marks[first] += 1
    found, depth = set(), 0
    for number in range(1, len(lines) + 1):
        depth += marks[number]
        if depth:
            found.add(number)
    return found


def _content_before(lines: list[str]) -> list[bool]:
    """For each line: has its document a line of YAML above it (not blank, no comment)?"""
    seen, result = False, []
    for text in lines:
        result.append(seen)
        stripped = text.strip()
        if stripped.startswith("---"):
            seen = False
        elif stripped and not stripped.startswith("#") and stripped.strip("_"):
            seen = True
    return result
