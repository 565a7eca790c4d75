"""Development servers and process managers configured in JavaScript, read as tokens.

The file is never run. It is read as tokens (comments, string and template literals,
names, brackets), enough to find a server's ``host`` written as a literal directly in the
object its tool reads it from, and a PM2 ecosystem file's command lines. Each family of
files (:data:`FAMILIES`, by the file's name) says which objects hold the host and what
the server binds without one:

- Vite and Astro (``vite.config.ts``, ``astro.config.mjs``): ``server`` and ``preview``
  (https://vite.dev/config/server-options#server-host,
  https://docs.astro.build/en/reference/configuration-reference/#serverhost); without a
  host, ``localhost``.
- webpack-dev-server (``webpack.config.js``, ``webpack.dev.js``, ...): ``devServer``
  (https://webpack.js.org/configuration/dev-server/#devserverhost); without one,
  ``localhost``.
- Vue CLI (``vue.config.js``): ``devServer``, also inside ``configureWebpack``; Vue CLI's
  ``serve`` passes webpack-dev-server ``0.0.0.0`` when it has no host (``defaults`` of
  ``@vue/cli-service/lib/commands/serve.js``): a ``devServer`` object without ``host`` is
  reported as binding every interface.
- Nuxt (``nuxt.config.ts``): ``devServer`` (Nuxt 3, https://nuxt.com/docs/api/nuxt-config#devserver)
  and ``server`` (Nuxt 2); without one, ``localhost``.
- PM2 (``ecosystem.config.js``, ``ecosystem.json``): each app of ``apps`` runs
  ``interpreter script args`` on the host with ``env`` in its environment
  (https://pm2.keymetrics.io/docs/usage/application-declaration/); the command line is
  read as any other (:mod:`._commands`).

``true`` and ``'0.0.0.0'`` listen on every address, a name or address on that one. A
``host`` computed at run time (``process.env.HOST``) is not known here, and a nested
object's (``server.hmr.host``, the client's) is no bind. Linear in the text.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import NamedTuple

from ._command_files import command_finding
from ._commands import read_command
from ._model import SettingFinding
from ._places import Places, value_offset
from ._setting import check_setting
from ._shell import Word, simple_commands

__all__ = ["FAMILIES", "Family", "js_config_family", "read_js_config"]

_TOKEN = re.compile(
    r"""(?P<comment>//[^\n]*|/\*.*?(?:\*/|\Z))
    |(?P<string>'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`)
    |(?P<name>[A-Za-z_$][\w$]*)
    |(?P<punct>[{}\[\]():,=])
    |\S""",
    re.DOTALL | re.VERBOSE,
)
_OPEN, _CLOSE = "{[(", "}])"


class Family(NamedTuple):
    """A family of JavaScript configuration files."""

    #: The tool, as messages name it.
    tool: str
    #: The objects whose ``host`` is the server's bind address.
    objects: frozenset[str]
    #: What such an object without ``host`` binds (``""``: ``localhost``, no finding).
    default: str = ""
    #: Whether its files hold PM2 apps (``apps: [{script, args, ...}]``).
    apps: bool = False


#: Families by the first part of the file's name (``vite`` of ``vite.config.ts``).
FAMILIES: dict[str, Family] = {
    "vite": Family("Vite", frozenset(["server", "preview"])),
    "astro": Family("Astro", frozenset(["server", "preview"])),
    "webpack": Family("webpack-dev-server", frozenset(["devServer"])),
    "vue": Family("Vue CLI", frozenset(["devServer"]), default="0.0.0.0"),
    "nuxt": Family("Nuxt", frozenset(["devServer", "server"])),
    "ecosystem": Family("PM2", frozenset(), apps=True),
    "pm2": Family("PM2", frozenset(), apps=True),
}
#: The suffixes of JavaScript (and TypeScript) modules; PM2 also reads JSON.
_SUFFIXES = frozenset(["js", "mjs", "cjs", "ts", "mts", "cts"])
#: Families whose files are ``NAME.config.*`` (others: any ``NAME.*.js``).
_CONFIG_ONLY = frozenset(["vite", "astro", "vue", "nuxt"])


def js_config_family(base: str) -> str:
    """The family of a file by its name (``""``: none).

    >>> js_config_family("vite.config.ts"), js_config_family("webpack.dev.js")
    ('vite', 'webpack')
    >>> js_config_family("ecosystem.config.cjs"), js_config_family("vue.js")
    ('ecosystem', '')
    """
    parts = base.lower().split(".")
    first = "webpack" if parts[0].startswith("webpack") else parts[0]
    if len(parts) < 2 or first not in FAMILIES:
        return ""
    suffix = parts[-1]
    if suffix not in _SUFFIXES and not (suffix == "json" and FAMILIES[first].apps):
        return ""
    if first in _CONFIG_ONLY and parts[1:-1] != ["config"]:
        return ""
    return first


class _Bracket(NamedTuple):
    key: str  # the key that opened it ("" for none)
    char: str
    offset: int  # where its key is (else the bracket)


def read_js_config(name: str, text: str) -> list[SettingFinding]:
    """The bind settings of a JavaScript configuration (its family by its name)."""
    family = FAMILIES.get(js_config_family(name.replace("\\", "/").rsplit("/", 1)[-1]))
    if family is None:
        family = FAMILIES["vite"]  # read as the kind says (lint_path(..., kind=...))
    places = Places(text)
    found: list[SettingFinding] = []
    stack: list[_Bracket] = []
    hosts: list[bool] = []  # for each open bracket: has a host been found directly in it
    app: _App | None = None
    key, key_at = "", 0  # the key just before a ':' (or '='), until its value starts
    previous = ""  # the last lexeme (comments left out)
    for match in _TOKEN.finditer(text):
        lexeme = match[0]
        if match["comment"]:
            continue
        if lexeme in (":", "=") and (match_key := _key(previous)):
            key = match_key
        elif lexeme in _OPEN:
            opened = _Bracket(key, lexeme, key_at if key else match.start())
            if family.apps and lexeme == "{" and stack and stack[-1][:2] == ("apps", "["):
                app = _App(len(stack) + 1)
            stack.append(opened)
            hosts.append(False)
            key = ""
        elif lexeme in _CLOSE:
            if stack:
                closed = stack.pop()
                had_host = hosts.pop()
                if family.default and closed.key in family.objects and not had_host:
                    found.append(_default(name, family, closed, places(closed.offset)))
                if app is not None and len(stack) < app.depth:
                    found += app.findings(name, text, places)
                    app = None
            key = ""
        else:
            value = _literal(lexeme)
            if value is not None and app is not None:
                app.take(stack, key, value, match.start() + 1)
            if key == "host" and stack and stack[-1].key in family.objects:
                hosts[-1] = True
                if value is not None:
                    line, column = places(match.start())
                    verdict = check_setting("host", "0.0.0.0" if value == "true" else value)
                    path = (stack[-1].key, "host")
                    found.append(SettingFinding(path, "host", value, verdict, name, line, column))
            key = ""
        if lexeme not in (":", "="):
            key_at = match.start()
        previous = lexeme
    return sorted(found, key=lambda finding: (finding.line or 0, finding.column or 0))


def _default(
    name: str, family: Family, bracket: _Bracket, place: tuple[int, int]
) -> SettingFinding:
    """What a server object without ``host`` binds, reported at its key."""
    verdict = check_setting("host", family.default)
    why = f"{family.tool} listens on {family.default} when {bracket.key} has no host"
    verdict = replace(verdict, message=f"{why}: {verdict.message}")
    path = (bracket.key, "host")
    return SettingFinding(path, "host", family.default, verdict, name, *place)


class _App:
    """A PM2 app being read: its ``env``, ``interpreter``, ``script`` and ``args``."""

    def __init__(self, depth: int) -> None:
        self.depth = depth  # the stack's depth inside its object
        #: key -> its pieces: (text, offset, whether the text is shell-split into words)
        self.parts: dict[str, list[tuple[str, int, bool]]] = {}

    def take(self, stack: list[_Bracket], key: str, value: str, offset: int) -> None:
        """A literal ``value`` at ``offset``, under ``key`` in the innermost bracket."""
        inner = stack[-1].key if len(stack) == self.depth + 1 else ""
        if len(stack) == self.depth and key in ("script", "interpreter", "args"):
            if key != "interpreter" or value != "none":  # none: the script runs itself
                self.parts.setdefault(key, []).append((value, offset, True))
        elif inner == "args" and not key:  # args: ["--host", "0.0.0.0"]
            self.parts.setdefault("args", []).append((value, offset, False))
        elif inner == "env" and key.isidentifier():  # env: {HOST: "0.0.0.0"}
            self.parts.setdefault("env", []).append((f"{key}={value}", offset, False))

    def findings(self, name: str, text: str, places: Places) -> list[SettingFinding]:
        """The app's command line, read on the host."""
        words: list[str] = []
        offsets: list[int] = []
        for key in ("env", "interpreter", "script", "args"):
            for piece, offset, split in self.parts.get(key, []):
                for command in simple_commands(piece) if split else [[Word(0, piece)]]:
                    words += [word.text for word in command]
                    offsets += [offset + word.offset for word in command]
        found = []
        for setting in read_command(words):
            place = places(value_offset(text, offsets[setting.word], setting.value))
            found.append(
                command_finding(
                    name, place, ("apps",), setting, in_a_container=False, published=False
                )
            )
        return found


def _key(lexeme: str) -> str:
    """The key a lexeme names before a ``:`` (``""``: none)."""
    if lexeme[:1] in ("'", '"'):
        return lexeme[1:-1]
    return lexeme if lexeme[:1].isalpha() or lexeme[:1] in "_$" else ""


def _literal(lexeme: str) -> str | None:
    """A host written as a literal: a plain string, or ``true`` (``None``: anything else)."""
    if lexeme[:1] in ("'", '"') or (lexeme[:1] == "`" and "${" not in lexeme):
        return lexeme[1:-1]
    return "true" if lexeme == "true" else None
