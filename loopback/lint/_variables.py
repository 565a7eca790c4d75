"""Docker compose's variables, ``${NAME:-default}`` and the rest.

Used for compose files and ``.env`` files; a setting that uses a variable set nowhere
is judged ``depends``.
"""

from __future__ import annotations

import re

from ._model import Verdict, shown
from ._setting import check_setting

__all__ = ["interpolate", "judged"]

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_BRACED = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])(.*))?", re.DOTALL)
#: Defaults nested deeper than this are left as they are (and judged invalid).
_NESTING = 32


def interpolate(text: str, variables: dict[str, str], unset: list[str], depth: int = 0) -> str:
    """``text`` as docker compose interpolates it; names set nowhere go into ``unset``."""
    out: list[str] = []
    i = 0
    while i < len(text):
        dollar = text.find("$", i)
        if dollar < 0 or dollar + 1 == len(text):
            out.append(text[i:])
            break
        out.append(text[i:dollar])
        after = text[dollar + 1]
        if after == "$":  # $$ is a dollar
            out.append("$")
            i = dollar + 2
        elif after == "{":
            end = _closing_brace(text, dollar + 2)
            inner = text[dollar + 2 : end]
            match = _BRACED.fullmatch(inner)
            if end < 0 or match is None or depth >= _NESTING:  # compose refuses it
                out.append(text[dollar:])
                break
            out.append(_substitute(match, variables, unset, depth))
            i = end + 1
        else:
            name = _NAME.match(text, dollar + 1)
            if name is None:
                out.append("$")
                i = dollar + 1
            else:
                out.append(_lookup(name[0], variables, unset))
                i = name.end()
    return "".join(out)


def _closing_brace(text: str, i: int) -> int:
    """The ``}`` that closes the ``${`` before ``i`` (nested ``${...}`` counted), or -1."""
    depth = 1
    while i < len(text):
        if text.startswith("${", i):
            depth, i = depth + 1, i + 2
            continue
        if text[i] == "}":
            depth -= 1
            if not depth:
                return i
        i += 1
    return -1


def _lookup(name: str, variables: dict[str, str], unset: list[str]) -> str:
    given = variables.get(name)
    if given is None:
        unset.append(name)
    return given or ""


def _substitute(
    match: re.Match[str], variables: dict[str, str], unset: list[str], depth: int
) -> str:
    """``${NAME}``, ``${NAME:-default}``, ``${NAME-default}``, ``${NAME:?error}``, ... ."""
    name, operator, argument = match.groups()
    if operator is None:
        return _lookup(name, variables, unset)
    given = variables.get(name)
    if operator.endswith("+"):  # ${VAR:+alternative}: the alternative when set
        present = given if operator == "+" else given or None
        return "" if present is None else interpolate(argument, variables, unset, depth + 1)
    if given is not None and (given or not operator.startswith(":")):
        return given
    if operator.endswith("-"):  # ${VAR:-default}
        return interpolate(argument, variables, unset, depth + 1)
    unset.append(name)  # ${VAR:?error}: compose stops unless it is set
    return ""


def judged(syntax: str, value: object, read: object, unset: list[str], where: str) -> Verdict:
    """The verdict on ``read``, what ``value`` reads as; ``depends`` if a name is unset."""
    verdict = check_setting(syntax, read)  # type: ignore[arg-type]  # of the same type
    if not unset:
        return verdict
    names = ", ".join(dict.fromkeys(unset))
    return Verdict(
        "depends",
        verdict.hosts,
        verdict.ports,
        f"{shown(value)} depends on {names}, set in no .env {where}; with {names} unset it "
        f"reads {shown(read)}: {verdict.message}",
    )
