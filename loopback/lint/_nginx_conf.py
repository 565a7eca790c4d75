"""nginx configurations as ``ngx_conf_read_token`` splits them (for ``lint_path``)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from ..errors import ConfigFileError
from ._model import SettingFinding
from ._places import Places
from ._setting import check_setting

__all__ = ["read_nginx"]


#: A word ends at white space, ";" or "{" (not "}", and not the "{" of "${name}").
_NGINX_WORD = re.compile(r"(?:\$\{|[^ \t\r\n;{])*")


def _nginx_tokens(name: str, text: str) -> Iterator[tuple[int, str, bool]]:
    """``(offset, text, is_word)`` as ``ngx_conf_read_token`` splits a configuration."""
    i, size = 0, len(text)
    while i < size:
        char = text[i]
        if char in " \t\r\n":
            i += 1
        elif char == "#":
            end = text.find("\n", i)
            i = size if end < 0 else end
        elif char in ";{}":
            yield i, char, False
            i += 1
        elif char in "\"'":
            j = i + 1
            while j < size and text[j] != char:
                j += 2 if text[j] == "\\" else 1
            if j >= size:
                line, column = Places(text)(i)
                reason = f"not valid nginx: a {char} that nothing closes"
                raise ConfigFileError(name, reason, line=line, column=column)
            yield i, re.sub(r"\\(.)", r"\1", text[i + 1 : j], flags=re.DOTALL), True
            i = j + 1
        else:
            end = _NGINX_WORD.match(text, i).end()  # type: ignore[union-attr]  # always matches
            yield i, text[i:end], True
            i = end


def read_nginx(name: str, text: str) -> list[SettingFinding]:
    """``listen`` in every ``server`` block; a server block with none listens on ``*:80``."""
    places = Places(text)
    found = []
    words: list[tuple[int, str]] = []
    blocks: list[tuple[int, str]] = []  # (offset, name) of each open block
    heard: list[bool] = []  # has the block a listen (or an include that may have one)?
    for offset, piece, is_word in _nginx_tokens(name, text):
        if is_word:
            words.append((offset, piece))
            continue
        if piece == ";" and words:
            directive = words[0][1]
            if directive in ("listen", "include") and blocks and blocks[-1][1] == "server":
                heard[-1] = True
            if directive == "listen" and blocks and blocks[-1][1] == "server":
                value = " ".join(word for _, word in words[1:])
                at = words[1][0] if len(words) > 1 else words[0][0]
                verdict = check_setting("nginx-listen", value)
                found.append(
                    SettingFinding(
                        (*_path(blocks), "listen"),
                        "nginx-listen",
                        value,
                        verdict,
                        name,
                        *places(at),
                    )
                )
        elif piece == "{":
            blocks.append(words[0] if words else (offset, ""))
            heard.append(False)
        elif piece == "}":
            if words or not blocks:
                line, column = places(offset)
                reason = "not valid nginx: an unexpected '}'"
                raise ConfigFileError(name, reason, line=line, column=column)
            (start, block), listens = blocks.pop(), heard.pop()
            parent = blocks[-1][1] if blocks else ""
            if block == "server" and not listens and parent not in ("stream", "mail"):
                verdict = replace(
                    check_setting("nginx-listen", "*:80"),
                    message="a server block without listen: nginx listens on *:80 (*:8000 "
                    "when not run as root), every IPv4 interface: other machines can reach "
                    "it; add listen 127.0.0.1:80 (and [::1]:80)",
                )
                path = (*_path(blocks), "server")
                found.append(
                    SettingFinding(path, "nginx-listen", "", verdict, name, *places(start))
                )
        words = []
    if blocks or words:
        line, column = places(len(text))
        expected = "'}'" if blocks else "';'"
        reason = f"not valid nginx: the file ends where {expected} was expected"
        raise ConfigFileError(name, reason, line=line, column=column)
    return sorted(found, key=lambda finding: (finding.line, finding.column))


#: A finding's path names at most this many enclosing blocks (the innermost), so that
#: deep nesting costs no more than a constant per finding.
_DEPTH = 8


def _path(blocks: list[tuple[int, str]]) -> tuple[str, ...]:
    """The names of the innermost open blocks (``...`` first when there are more)."""
    names = [block for _, block in blocks[-_DEPTH:]]
    return ("...", *names) if len(blocks) > _DEPTH else tuple(names)
