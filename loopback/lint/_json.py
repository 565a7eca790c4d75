"""JSON read without recursion, keeping the place of every value (for ``lint_path``)."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from dataclasses import replace
from functools import partial
from typing import Any

from ..errors import ConfigFileError
from ._command_files import command_finding
from ._commands import CommandSetting, read_command, read_shell
from ._model import Key, SettingFinding
from ._places import Marks, Places, lint_document, locate_marked, value_offset
from ._setting import check_setting

__all__ = ["JsonReader", "read_json", "without_comments"]

_JSON_SPACE = re.compile(r"[ \t\n\r]*")
_JSON_SCALAR = json.JSONDecoder().raw_decode


def _skip(text: str, i: int) -> int:
    """Past JSON's white space from ``i``."""
    return _JSON_SPACE.match(text, i).end()  # type: ignore[union-attr]  # always matches


def read_json(name: str, text: str) -> list[SettingFinding]:
    """A JSON document walked by ``lint_mapping``, with what some files hold besides.

    ``package.json`` scripts are command lines run on a host; a ``devcontainer.json``'s
    ``appPort`` and ``runArgs`` publish ports as ``docker run -p`` does. Files whose
    format allows comments and trailing commas (``devcontainer.json``, VS Code's
    settings, ``*.jsonc``, ``tsconfig.json``) are read with them.
    """
    base = os.path.basename(name).lower()
    parts = re.split(r"[\\/]", name)
    commented = (
        base.endswith(".jsonc")
        or base in _COMMENTED
        or any(part in (".devcontainer", ".vscode") for part in parts[:-1])
    )
    reader = JsonReader(name, without_comments(text) if commented else text)
    root = reader.read()
    locate = partial(locate_marked, root, reader.marks)
    found = lint_document(name, text, root, locate)
    places = Places(text)
    for path, value in _aspnet_urls(root, base):
        verdict = check_setting("aspnetcore-urls", value)
        place = places(locate(path))
        found.append(SettingFinding(path, "aspnetcore-urls", value, verdict, name, *place))
    for path, offset, setting in _commands(root, base):
        place = places(value_offset(text, locate(path) + offset, setting.value))
        found.append(
            command_finding(name, place, path, setting, in_a_container=False, published=False)
        )
    return sorted(found, key=lambda finding: (finding.line or 0, finding.column or 0))


def _member(node: object, key: str) -> tuple[str, object] | None:
    """A member of a JSON object by its key, case-insensitively (as .NET reads settings)."""
    if isinstance(node, dict):
        for name, value in node.items():
            if isinstance(name, str) and name.lower() == key:
                return name, value
    return None


def _aspnet_urls(root: object, base: str) -> Iterator[tuple[tuple[Key, ...], str]]:
    """ASP.NET Core's URLs, with the path of each.

    ``Urls`` and Kestrel's endpoints in ``appsettings*.json``; each launch profile's
    ``applicationUrl`` in ``launchSettings.json``.
    """
    candidates: list[tuple[tuple[Key, ...], object]] = []
    if base.startswith("appsettings") and base.endswith(".json"):
        urls = _member(root, "urls")
        if urls is not None:
            candidates.append(((urls[0],), urls[1]))
        kestrel = _member(root, "kestrel")
        endpoints = _member(kestrel[1], "endpoints") if kestrel else None
        if kestrel and endpoints and isinstance(endpoints[1], dict):
            for endpoint, settings in endpoints[1].items():
                url = _member(settings, "url")
                if url is not None:
                    candidates.append(((kestrel[0], endpoints[0], endpoint, url[0]), url[1]))
    elif base == "launchsettings.json":
        profiles = _member(root, "profiles")
        if profiles is not None and isinstance(profiles[1], dict):
            for profile, settings in profiles[1].items():
                url = _member(settings, "applicationurl")
                if url is not None:
                    candidates.append(((profiles[0], profile, url[0]), url[1]))
    for path, value in candidates:
        if isinstance(value, str):
            yield path, value


#: JSON files whose format allows comments and trailing commas.
_COMMENTED = frozenset(
    ["devcontainer.json", ".devcontainer.json", "tsconfig.json", "jsconfig.json",
     "settings.json", "launch.json", "tasks.json", "extensions.json"]
)  # fmt: skip


def _commands(root: object, base: str) -> Iterator[tuple[tuple[Key, ...], int, CommandSetting]]:
    """The command-line settings of ``package.json`` and ``devcontainer.json``."""
    if not isinstance(root, dict):
        return
    scripts = root.get("scripts")
    if base == "package.json" and isinstance(scripts, dict):
        for script, line in scripts.items():
            if isinstance(line, str):
                for offset, setting in read_shell(line, scripts=scripts):
                    yield ("scripts", script), offset + 1, setting
    nodemon = root if base == "nodemon.json" else root.get("nodemonConfig")
    if isinstance(nodemon, dict) and isinstance(nodemon.get("exec"), str):
        at: tuple[Key, ...] = ("exec",) if base == "nodemon.json" else ("nodemonConfig", "exec")
        for offset, setting in read_shell(nodemon["exec"]):  # nodemon runs it on the host
            yield at, offset + 1, setting
    if base.endswith("devcontainer.json"):
        ports = root.get("appPort")
        for index, port in enumerate(ports if isinstance(ports, list) else [ports]):
            if isinstance(port, (int, str)) and not isinstance(port, bool):
                path: tuple[Key, ...] = ("appPort", index) if isinstance(ports, list) else (
                    "appPort",)  # fmt: skip
                why = "appPort publishes the port on every interface, as docker run -p does"
                verdict = check_setting("docker-ports", port)
                if verdict.exposure == "all_interfaces":
                    verdict = replace(verdict, message=f"{why}: {verdict.message}")
                yield path, 0, CommandSetting(0, "devcontainer", "docker-ports", str(port),
                                              verdict, "host")  # fmt: skip
        arguments = root.get("runArgs")
        if isinstance(arguments, list) and all(isinstance(a, str) for a in arguments):
            for setting in read_command(["docker", "run", *arguments]):
                if setting.where == "host":
                    yield ("runArgs", setting.word - 2), 0, setting


def without_comments(text: str) -> str:
    """``text`` with JSONC's comments and trailing commas made spaces (offsets kept)."""
    out: list[str] = []
    i, size = 0, len(text)
    comma = -1  # where the last comma is in ``out``, while only blanks follow it
    while i < size:
        char = text[i]
        if char == '"':
            end = i + 1
            while end < size and text[end] != '"':
                end += 2 if text[end] == "\\" else 1
            out.append(text[i : end + 1])
            i, comma = end + 1, -1
            continue
        if text.startswith("//", i):
            end = text.find("\n", i)
            end = size if end < 0 else end
            out.append(" " * (end - i))
            i = end
            continue
        if text.startswith("/*", i):
            end = text.find("*/", i + 2)
            end = size if end < 0 else end + 2
            out.append(re.sub(r"[^\n]", " ", text[i:end]))
            i = end
            continue
        if char in "]}" and comma >= 0:
            out[comma] = " "
        if char == ",":
            comma = len(out)
        elif char not in " \t\r\n":
            comma = -1
        out.append(char)
        i += 1
    return "".join(out)


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
