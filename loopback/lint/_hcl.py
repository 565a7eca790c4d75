"""HCL files (Consul, Vault, Nomad), read into mappings for ``lint_mapping``.

A Nomad agent's file without ``bind_addr`` listens on every interface (its default).

A file that opens with ``{`` is JSON, as HCL's own parser decides. Attributes
(``client_addr = "0.0.0.0"``) and blocks (``addresses { http = "..." }``,
``listener "tcp" { address = "0.0.0.0:8200" }``: labels become keys) as HashiCorp's HCL
reads them; values are strings, numbers, booleans and one-line lists. What HCL computes
(expressions, templates, heredocs) is kept as its text.
"""

from __future__ import annotations

import json
import re
from functools import partial
from typing import cast

from ..errors import ConfigFileError
from ._json import read_json
from ._model import Bind, Key, SettingFinding, verdict_of
from ._nomad import nomad_settings
from ._places import Marks, Places, lines, lint_document, locate_marked, settings_found
from ._terraform import terraform_settings

__all__ = ["read_hcl"]

_ATTRIBUTE = re.compile(r'[ \t]*("?)([A-Za-z0-9_.-]+)\1[ \t]*=[ \t]*')
_BLOCK = re.compile(r'[ \t]*([A-Za-z0-9_-]+)((?:[ \t]+"[^"\n]*")*)[ \t]*\{[ \t]*$')
#: A block on one line: ``port "db" {}``, ``port "http" { static = 80 }``.
_ONE_LINE_BLOCK = re.compile(
    r'[ \t]*([A-Za-z0-9_-]+)((?:[ \t]+"[^"\n]*")*)[ \t]*\{([^{}]*)\}[ \t]*$'
)
_HEREDOC = re.compile(r"<<-?([A-Za-z_][A-Za-z0-9_]*)[ \t]*$")


def _value(text: str) -> object:
    """A one-line value: JSON-like scalars and lists, else the text as written."""
    text = re.split(r"[ \t]+(?:#|//)", text, maxsplit=1)[0].strip()
    try:
        return json.loads(text)
    except ValueError:
        return text


def read_hcl(name: str, text: str) -> list[SettingFinding]:
    """Every attribute, in its blocks, walked by ``lint_mapping``.

    A file whose first character (past white space) is ``{`` is JSON, as HashiCorp's HCL
    parser reads it (a ``consul.hcl`` written as JSON). Terraform's files (``*.tf``) and
    Nomad's job specifications (a ``job`` block) are read for what they publish
    (:func:`terraform_settings`, :func:`nomad_settings`): their other attributes name
    what to connect to (a provider's ``host``, a service's ``address``), not binds.
    """
    if text.lstrip(" \t\r\n\ufeff").startswith("{"):
        return read_json(name, text)
    terraform = name.lower().endswith(".tf")
    root, marks = _parse(name, text, lists=terraform)
    locate = partial(locate_marked, root, marks)
    if terraform:
        return settings_found(name, text, terraform_settings(root), locate)
    if isinstance(root.get("job"), dict):
        return settings_found(name, text, nomad_settings(root), locate)
    return lint_document(name, text, root, locate) + _nomad_default(name, root)


def _nomad_default(name: str, root: dict[str, object]) -> list[SettingFinding]:
    """A Nomad agent (a ``server`` or ``client`` block, no ``job``) without ``bind_addr``.

    Nomad's ``bind_addr`` defaults to ``0.0.0.0``: its HTTP API, RPC and Serf listen on
    every interface unless ``addresses`` names theirs. Source:
    <https://developer.hashicorp.com/nomad/docs/configuration#bind_addr>.
    """
    agent = isinstance(root.get("server"), dict) or isinstance(root.get("client"), dict)
    if not agent or any(key in root for key in ("job", "bind_addr", "addresses")):
        return []
    why = "a Nomad agent without bind_addr listens on 0.0.0.0 (HTTP 4646, RPC 4647, Serf 4648)"
    verdict = verdict_of([Bind("all_interfaces", "0.0.0.0", why)], [4646])
    return [SettingFinding(("bind_addr",), "consul-addr", "", verdict, name, 1, 1)]


def _parse(name: str, text: str, *, lists: bool) -> tuple[dict[str, object], Marks]:
    """The attributes and blocks of an HCL file, and where each is.

    A block written again under the same name (``ports { }`` twice) is merged into the
    first, as HCL 1 (Consul's, Vault's configuration) merges objects, or with ``lists``
    makes a list of blocks, as Terraform reads them; a value that goes on over lines (a
    here-document, ``jsonencode({...})``, a list) is kept as its first line's text.
    """
    root: dict[str, object] = {}
    marks: Marks = {}
    _mark(marks, root, {})
    stack = [root]
    skip_to: str | None = None  # a here-document's end, "*/", or "" for an open expression
    blocks: set[int] | None = set() if lists else None  # ids of the blocks, with ``lists``
    depth = 0
    for start, raw in lines(text):
        if skip_to is not None:
            skip_to, depth = _skipped(raw, skip_to, depth)
            continue
        line = raw.split("#", 1)[0] if '"' not in raw else raw
        stripped = line.strip()
        if not stripped or stripped.startswith(("#", "//")):
            continue
        if stripped.startswith("/*"):
            skip_to = None if "*/" in stripped else "*/"
            continue
        block = _BLOCK.match(line)
        one_line = _ONE_LINE_BLOCK.match(line)
        attribute = _ATTRIBUTE.match(line)
        if stripped in ("}", "},"):
            if len(stack) == 1:
                line_number, column = Places(text)(start)
                reason = "not valid HCL: a '}' that closes nothing"
                raise ConfigFileError(name, reason, line=line_number, column=column)
            stack.pop()
        elif one_line is not None:
            child = _open(stack[-1], _keys(one_line[1], one_line[2]), start, marks, blocks)
            inner = _ATTRIBUTE.match(one_line[3])
            if inner is not None:
                value = _value(one_line[3][inner.end() :])
                child[inner[2]] = value
                _keyed(marks, child)[inner[2]] = (start + one_line.start(3) + inner.end(), value)
        elif block is not None or (
            attribute is not None and line[attribute.end() :].strip() == "{"
        ):
            keys = _keys(block[1], block[2]) if block is not None else [attribute[2]]  # type: ignore[index]
            stack.append(_open(stack[-1], keys, start, marks, blocks))
        elif attribute is not None:
            rest = line[attribute.end() :]
            heredoc = _HEREDOC.search(rest)  # also inside a call: base64encode(<<EOF
            if heredoc is not None:
                skip_to = heredoc[1]
            elif _brackets(rest) > 0:
                skip_to, depth = "", _brackets(rest)
            value = _value(rest)
            stack[-1][attribute[2]] = value
            _keyed(marks, stack[-1])[attribute[2]] = (start + attribute.end(), value)
    return root, marks


def _skipped(line: str, skip_to: str, depth: int) -> tuple[str | None, int]:
    """What is still to skip after ``line`` (``None``: nothing), and the brackets open.

    ``skip_to`` is a here-document's end, ``*/`` (a comment), or ``""`` (an expression
    until its brackets close).
    """
    if skip_to == "":
        depth += _brackets(line)
        return ("" if depth > 0 else None), depth
    if skip_to == "*/":
        return (None if "*/" in line else skip_to), depth
    return (None if line.strip() == skip_to else skip_to), depth


def _keys(kind: str, labels: str) -> list[str]:
    return [kind, *re.findall(r'"([^"\n]*)"', labels)]


def _open(
    container: dict[str, object],
    keys: list[str],
    start: int,
    marks: Marks,
    blocks: set[int] | None,
) -> dict[str, object]:
    """The block ``keys`` names in ``container``: a new one, or the one there (merged).

    With ``blocks`` (the ids of the blocks opened so far), a second block of a name makes
    a list of both; the mappings that hold labelled blocks are never made lists.
    """
    *outer, last = keys
    if blocks is None:
        outer.append(last)
    for key in outer:
        child = container.get(key)
        if not isinstance(child, dict):
            child = {}
            _mark(marks, child, {})
            _keyed(marks, container)[key] = (start, child)
            container[key] = child
        container = child
    if blocks is None:
        return container
    earlier = container.get(last)
    if isinstance(earlier, dict) and id(earlier) not in blocks:
        return earlier  # the mapping of labelled blocks (``resource "a"``): written again
    block: dict[str, object] = {}
    _mark(marks, block, {})
    blocks.add(id(block))
    if isinstance(earlier, dict):  # a second block of this name: a list of both
        first = _keyed(marks, container)[last][0]
        earlier = [earlier]
        _mark(marks, earlier, [(first, earlier[0])])
        container[last] = earlier
        _keyed(marks, container)[last] = (first, earlier)
    if isinstance(earlier, list) and id(earlier) in marks:
        earlier.append(block)
        cast("list[tuple[int, object]]", marks[id(earlier)][1]).append((start, block))
    else:
        container[last] = block
        _keyed(marks, container)[last] = (start, block)
    return block


def _mark(
    marks: Marks,
    container: object,
    places: dict[Key, tuple[int, object]] | list[tuple[int, object]],
) -> None:
    marks[id(container)] = (container, places)


def _keyed(marks: Marks, container: object) -> dict[Key, tuple[int, object]]:
    """Where the values of a mapping ``container`` are."""
    return cast("dict[Key, tuple[int, object]]", marks[id(container)][1])


def _brackets(text: str) -> int:
    """How many ``(``, ``[`` and ``{`` a line leaves open (outside string literals)."""
    depth, quoted, escaped = 0, False, False
    for char in text.split("#", 1)[0] if '"' not in text else text:
        if escaped:
            escaped = False
        elif quoted:
            escaped = char == "\\"
            quoted = char != '"'
        elif char == '"':
            quoted = True
        elif char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
    return depth
