"""Server configuration files, read as the servers read them (for ``lint_path``).

``redis.conf`` (and Sentinel's) as Redis 7 splits lines, ``postgresql.conf`` as its
configuration lexer reads it, nginx configurations as ``ngx_conf_read_token`` does.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import replace

from ..errors import ConfigFileError
from ._mapping import SettingFinding
from ._places import _lines, _Places
from ._setting import Verdict, _Bind, _invalid, _verdict, check_setting


def _port_number(text: str) -> int | None:
    """A port number written in decimal digits (0 to 65535), or ``None``."""
    if text.isascii() and text.isdigit() and len(text) <= 5 and int(text) < 65536:
        return int(text)
    return None


# -- redis.conf -----------------------------------------------------------------------

_REDIS_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", "b": "\b", "a": "\a"}


def _redis_words(line: str) -> list[tuple[int, str]] | None:
    """A line split as Redis's ``sdssplitargs`` splits it (``None``: unbalanced quotes)."""
    words: list[tuple[int, str]] = []
    i, size = 0, len(line)
    while True:
        while i < size and line[i] in " \t\r\n\v\f":
            i += 1
        if i >= size:
            return words
        start, chars = i, []
        while i < size and line[i] not in " \t\r\n\v\f":
            quote = line[i]
            if quote not in "\"'":
                chars.append(line[i])
                i += 1
                continue
            i += 1
            while i < size and line[i] != quote:
                if line[i] == "\\" and i + 1 < size:
                    escaped = line[i + 1]
                    hexa = line[i + 2 : i + 4]
                    if quote == '"' and escaped == "x" and re.fullmatch("[0-9a-fA-F]{2}", hexa):
                        chars.append(chr(int(hexa, 16)))
                        i += 4
                        continue
                    if quote == '"' or escaped == "'":
                        chars.append(_REDIS_ESCAPES.get(escaped, escaped) if quote == '"' else "'")
                        i += 2
                        continue
                chars.append(line[i])
                i += 1
            if i >= size or (i + 1 < size and line[i + 1] not in " \t\r\n\v\f"):
                return None  # unclosed, or a closing quote not followed by a space
            i += 1
        words.append((start, "".join(chars)))


def _redis(name: str, text: str) -> list[SettingFinding]:
    """``bind`` as Redis 7 reads its configuration: the last line wins; none binds all."""
    bind = (0, "", "")  # (offset, value, why it is refused) of the last bind line
    sentinel = os.path.basename(name).lower().startswith("sentinel")
    ports = {"port": ("26379" if sentinel else "6379", 0), "tls-port": ("0", 0)}
    for start, line in _lines(text):
        words = _redis_words(line)
        if words is None:  # Redis stops at the line: "Unbalanced quotes"
            if line.split()[0].lower() == "bind":
                indent = len(line) - len(line.lstrip())
                bind = (start + indent, line.strip(), "unbalanced quotes")
            words = []
        if not words or words[0][1].startswith("#"):
            continue
        directive = words[0][1].lower()
        if directive == "bind":
            if len(words) == 2:  # one argument is split again (Redis 7.2)
                again = _redis_words(words[1][1])
                if again:
                    words = [words[0], *((words[1][0], word) for _, word in again)]
            offset = start + (words[1][0] if len(words) > 1 else words[0][0])
            value = " ".join(word for _, word in words[1:] if word)
            bind = (offset, value, "" if value else "no address")
        elif directive in ports and len(words) == 2:
            ports[directive] = (words[1][1], start + words[1][0])
    offset, value, refused = bind
    if refused == "no address":  # bind with no address (or ""): no TCP socket
        why = "a bind line without addresses: Redis opens no TCP socket"
        verdict = _verdict([_Bind("not_network", "", why)], [])
    elif refused:
        verdict = _verdict(*_invalid(value, f"Redis refuses {value!r}: {refused}"))
    else:
        verdict = check_setting("redis-bind", value)  # "": no bind line, every interface
    numbers = [n for n in (_port_number(p) for p, _ in ports.values()) if n is not None]
    if ports["port"][0] == "0" and not any(numbers) and not refused:
        verdict = Verdict("not_network", verdict.hosts, (), "port 0: Redis opens no TCP port")
        offset = ports["port"][1]
    elif not refused:
        verdict = replace(verdict, ports=tuple(number for number in numbers if number))
    place = _Places(text)(offset)
    return [SettingFinding(("bind",), "redis-bind", value, verdict, name, *place)]


# -- postgresql.conf ------------------------------------------------------------------

_PG_LINE = re.compile(
    r"[ \t]*([A-Za-z_][A-Za-z0-9_.$]*)[ \t]*=?[ \t]*"
    r"('((?:[^'\\\n]|''|\\.)*)'|([^ \t\r\n#']*))(.*)"
)
#: What PostgreSQL reads unquoted (guc-file.l: UNQUOTED_STRING, INTEGER, REAL).
_PG_UNQUOTED = re.compile(
    r"[A-Za-z_\x80-\U0010ffff][A-Za-z0-9_\x80-\U0010ffff./:-]*"
    r"|[-+]?(?:[0-9]+|0x[0-9a-fA-F]+)[a-zA-Z]*"
    r"|[-+]?[0-9]*\.[0-9]*(?:[Ee][-+]?[0-9]+)?"
)
_PG_ESCAPES = {"b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}


def _pg_unquote(quoted: str) -> str:
    """A quoted value as PostgreSQL's ``DeescapeQuotedString`` reads it."""
    return re.sub(
        r"''|\\([0-7]{1,3}|.)",
        lambda m: "'" if m[0] == "''" else _PG_ESCAPES.get(m[1], m[1])
        if m[1][0] not in "01234567" else chr(int(m[1], 8) & 0xFF),  # a byte
        quoted,
        flags=re.DOTALL,
    )  # fmt: skip


def _postgresql(name: str, text: str) -> list[SettingFinding]:
    """``listen_addresses`` and ``port`` as PostgreSQL reads them (the last one wins)."""
    listen: tuple[int, str, bool] | None = None
    port = "5432"
    for start, line in _lines(text):
        match = _PG_LINE.match(line)
        if match is None:
            continue
        setting = match[1].lower()
        quoted, plain, rest = match[3], match[4], match[5].strip()
        value = _pg_unquote(quoted).split("\0")[0] if quoted is not None else plain
        if setting == "listen_addresses":
            well_formed = (quoted is not None or bool(_PG_UNQUOTED.fullmatch(plain))) and (
                not rest or rest.startswith("#")
            )
            listen = (start + match.start(2), value, well_formed)
        elif setting == "port":
            port = value
    if listen is None:  # the default, localhost
        return []
    offset, value, well_formed = listen
    if well_formed:
        verdict = check_setting("postgresql-listen_addresses", value)
    else:
        why = f"PostgreSQL cannot read listen_addresses = {value!r}: quote it ('...')"
        verdict = _verdict(*_invalid(value, why))
    number = _port_number(port)
    if number:
        verdict = replace(verdict, ports=(number,))
    place, syntax = _Places(text)(offset), "postgresql-listen_addresses"
    return [SettingFinding(("listen_addresses",), syntax, value, verdict, name, *place)]


# -- nginx ----------------------------------------------------------------------------


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
                line, column = _Places(text)(i)
                reason = f"not valid nginx: a {char} that nothing closes"
                raise ConfigFileError(name, reason, line=line, column=column)
            yield i, re.sub(r"\\(.)", r"\1", text[i + 1 : j], flags=re.DOTALL), True
            i = j + 1
        else:
            end = _NGINX_WORD.match(text, i).end()  # type: ignore[union-attr]  # always matches
            yield i, text[i:end], True
            i = end


def _nginx(name: str, text: str) -> list[SettingFinding]:
    """``listen`` in every ``server`` block; a server block with none listens on ``*:80``."""
    places = _Places(text)
    found = []
    words: list[tuple[int, str]] = []
    blocks: list[tuple[int, str]] = []  # (offset, name) of each open block
    heard: list[bool] = []  # has the block a listen (or an include that may have one)?
    for offset, piece, is_word in _nginx_tokens(name, text):
        if is_word:
            words.append((offset, piece))
            continue
        path = tuple(block for _, block in blocks)
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
                        (*path, "listen"), "nginx-listen", value, verdict, name, *places(at)
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
                path = (*path[:-1], "server")
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
