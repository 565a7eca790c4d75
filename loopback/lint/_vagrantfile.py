"""Vagrantfiles: the ports a virtual machine's forwards open on this machine.

A ``Vagrantfile`` is Ruby; it is read as text, never run. Each
``X.vm.network "forwarded_port", guest: 80, host: 8080`` (or ``:forwarded_port``, with
``key: value`` or ``:key => value`` options, in parentheses or not, over continued
lines) opens ``host`` on this machine and forwards it to the guest; Vagrant 1's
``config.vm.forward_port 80, 8080`` does the same. "For most providers, forwarded ports
by default bind to all interfaces. This means that other devices on your network can
access the forwarded ports": ``host_ip`` names the address to bind instead, and
``disabled: true`` turns a forward off (source: Vagrant's documentation, Networking,
Forwarded Ports). Comments, ``=begin``/``=end``
blocks and here-documents (the provisioning scripts) are not read.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ._model import SettingFinding
from ._places import Places, lines
from ._reading import port_number
from ._setting import check_setting

__all__ = ["read_vagrantfile"]

_FORWARD = re.compile(r"\.vm\.network[ \t(]+[\"':]forwarded_port\b|\.vm\.forward_port\b")
#: ``key: value``, ``:key => value`` and ``"key" => value``, the value a string literal or
#: a word up to the next ``,``, ``)`` or ``}``.
_OPTION = re.compile(
    r"""(?:\b(\w+):(?!:)|:(\w+)[ \t]*=>|["'](\w+)["'][ \t]*=>)[ \t]*"""
    r"""("[^"]*"|'[^']*'|[^,)}\s][^,)}]*)"""
)
_HEREDOC = re.compile(r"<<[-~]?([\"']?)([A-Za-z_]\w*)\1")


def read_vagrantfile(name: str, text: str) -> list[SettingFinding]:
    """Each forwarded port, judged by its ``host_ip``.

    >>> text = 'config.vm.network "forwarded_port", guest: 80, host: 8080\\n'
    >>> found = read_vagrantfile("Vagrantfile", text)
    >>> [(f.line, f.verdict.exposure, f.verdict.ports) for f in found]
    [(1, 'all_interfaces', (8080,))]
    """
    places = Places(text)
    found = []
    for offset, statement in _statements(text):
        call = _FORWARD.search(statement)
        if call is None:
            continue
        arguments = statement[call.end() :]
        if call[0].endswith("forward_port"):  # Vagrant 1: forward_port GUEST, HOST
            words = [word.strip(" \t()") for word in arguments.split(",")]
            options = {"host": words[1] if len(words) > 1 else ""}
        else:
            options = {
                (match[1] or match[2] or match[3]): match[4].strip()
                for match in _OPTION.finditer(arguments)
            }
        if options.get("disabled") == "true":  # a forward turned off (the default SSH one)
            continue
        host_ip = options.get("host_ip", "").strip("\"'")
        verdict = check_setting("vagrant-host_ip", host_ip)
        port = port_number(options.get("host", ""))
        if port is not None:
            verdict = replace(verdict, ports=(port,))
        found.append(
            SettingFinding(
                ("vm.network", "forwarded_port"),
                "vagrant-host_ip",
                host_ip,
                verdict,
                name,
                *places(offset),
            )
        )
    return found


def _statements(text: str) -> list[tuple[int, str]]:
    """``(offset, code)`` of each statement: comments out, continued lines joined.

    A line ending in ``,``, ``\\`` or an operator, or inside an open ``(``, goes on on the
    next; a statement's offset is its first line's.
    """
    found: list[tuple[int, str]] = []
    statement, first, depth = "", 0, 0
    heredocs: list[str] = []
    in_comment_block = False
    for start, raw in lines(text):
        if heredocs:
            if raw.strip() == heredocs[0]:
                heredocs.pop(0)
            continue
        if in_comment_block or raw.startswith("=begin"):
            in_comment_block = not raw.startswith("=end")
            continue
        code = _code(raw)
        heredocs = [match[2] for match in _HEREDOC.finditer(code)]
        if not statement:
            first = start + len(raw) - len(raw.lstrip())
        statement += " " + code.strip()
        depth += code.count("(") - code.count(")")
        if depth > 0 or code.rstrip().endswith((",", "\\", "=>", "+", "&&", "||")):
            continue
        found.append((first, statement))
        statement, depth = "", 0
    if statement.strip():
        found.append((first, statement))
    return found


def _code(line: str) -> str:
    """A line without its comment (a ``#`` outside string literals)."""
    quote, escaped = "", False
    for index, char in enumerate(line):
        if escaped:
            escaped = False
        elif quote:
            if char == "\\":
                escaped = True
            elif char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
        elif char == "#":
            return line[:index]
    return line
