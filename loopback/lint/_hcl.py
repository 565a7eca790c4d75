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

from ..errors import ConfigFileError
from ._json import read_json
from ._model import Bind, SettingFinding, verdict_of
from ._places import Marks, Places, lines, lint_document, locate_marked

__all__ = ["read_hcl"]

_ATTRIBUTE = re.compile(r'[ \t]*("?)([A-Za-z0-9_.-]+)\1[ \t]*=[ \t]*')
_BLOCK = re.compile(r'[ \t]*([A-Za-z0-9_-]+)((?:[ \t]+"[^"\n]*")*)[ \t]*\{[ \t]*$')


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
    parser reads it (a ``consul.hcl`` written as JSON).
    """
    if text.lstrip(" \t\r\n\ufeff").startswith("{"):
        return read_json(name, text)
    root: dict[str, object] = {}
    marks: Marks = {id(root): (root, {})}
    stack = [root]
    for start, raw in lines(text):
        line = raw.split("#", 1)[0] if '"' not in raw else raw
        stripped = line.strip()
        if not stripped or stripped.startswith(("#", "//")):
            continue
        block = _BLOCK.match(line)
        attribute = _ATTRIBUTE.match(line)
        if stripped in ("}", "},"):
            if len(stack) == 1:
                line_number, column = Places(text)(start)
                reason = "not valid HCL: a '}' that closes nothing"
                raise ConfigFileError(name, reason, line=line_number, column=column)
            stack.pop()
        elif block is not None or (attribute is not None and stripped.endswith("{")):
            if block is not None:
                keys = [block[1], *re.findall(r'"([^"\n]*)"', block[2])]
            else:
                keys = [attribute[2]]  # type: ignore[index]  # not None here
            container = stack[-1]
            for key in keys:
                child = container.get(key)
                if not isinstance(child, dict):
                    child = {}
                    container[key] = child
                    marks[id(child)] = (child, {})
                    marks[id(container)][1][key] = (start, child)
                container = child
            stack.append(container)
        elif attribute is not None:
            value = _value(line[attribute.end() :])
            stack[-1][attribute[2]] = value
            marks[id(stack[-1])][1][attribute[2]] = (start + attribute.end(), value)  # type: ignore[index]
    found = lint_document(name, text, root, partial(locate_marked, root, marks))
    return found + _nomad_default(name, root)


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
