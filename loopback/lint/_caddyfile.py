"""Caddyfiles, as Caddy's ``caddyfile`` adapter reads their sites (for ``lint_path``).

A site block's addresses (``example.com``, ``:8080``, ``localhost:2015``) say which
requests it serves, not where it listens: Caddy binds every interface for a site unless
the site has a ``bind`` directive, or the global options block a ``default_bind``.
Source: <https://caddyserver.com/docs/caddyfile/directives/bind>.
"""

from __future__ import annotations

import re

from ._model import Bind, SettingFinding, verdict_of
from ._places import Places, lines
from ._reading import judge

__all__ = ["read_caddyfile"]

_TOKEN = re.compile(r'"(?:[^"\\\n]|\\.)*"|`[^`]*`|[^\s]+')


def _hosts(words: list[str]) -> list[Bind]:
    """The hosts of ``bind``/``default_bind`` (``tcp4/``, ``udp/`` prefixes; ``unix/``)."""
    binds = []
    for word in words:
        network, slash, address = word.partition("/")
        if not slash:
            address = word
        elif network.startswith("unix"):
            binds.append(Bind("not_network", f"unix:{address}", ""))
            continue
        binds.append(judge(address[1:-1] if address.startswith("[") else address))
    return binds


def read_caddyfile(name: str, text: str) -> list[SettingFinding]:
    """Each site block, judged by its ``bind`` (or the global ``default_bind``)."""
    places = Places(text)
    sites: list[tuple[int, str, list[str]]] = []  # (offset, addresses, bind words)
    default: list[str] = []
    depth, block = 0, ""  # block: "global", "site", "snippet" at depth 1
    for start, line in lines(text):
        tokens = []
        for m in _TOKEN.finditer(line):
            if m[0].startswith("#"):  # a comment, to the end of the line
                break
            tokens.append((start + m.start(), m[0].strip('"`')))
        if not tokens:
            continue
        words = [word for _, word in tokens]
        if depth == 0 and words != ["}"]:
            opens = words[-1] == "{"
            heads = words[:-1] if opens else words
            if not heads and not sites and not default:
                block = "global"
            elif heads[0].startswith("(") or heads[0].startswith("&("):
                block = "snippet"
            else:
                block = "site"
                sites.append((tokens[0][0], " ".join(heads).replace(" ,", ","), []))
            depth += opens
            if not opens and block == "site":
                depth, block = 1, "site-to-end"  # one site without braces: to the end
            continue
        if depth == 1 and words[0] == "bind" and block.startswith("site"):
            sites[-1][2].extend(words[1:])
        elif depth == 1 and words[0] == "default_bind" and block == "global":
            default = words[1:]
        depth += words.count("{") - words.count("}")
        depth = max(depth, 1 if block == "site-to-end" else 0)
    found = []
    for offset, addresses, bound in sites:
        words = bound or default
        if words:
            verdict = verdict_of(_hosts(words), [])
        else:
            why = "a site without bind: Caddy listens on every interface"
            verdict = verdict_of([Bind("all_interfaces", "*", why)], [])
        found.append(
            SettingFinding(
                (addresses,), "caddy-bind", " ".join(words), verdict, name, *places(offset)
            )
        )
    return found
