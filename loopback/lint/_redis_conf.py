"""``redis.conf`` (and Sentinel's) as Redis 7 splits its lines (for ``lint_path``)."""

from __future__ import annotations

import os
import re
from dataclasses import replace

from ._model import Bind, SettingFinding, Verdict, invalid, verdict_of
from ._places import Places, lines
from ._reading import port_number
from ._setting import check_setting

__all__ = ["read_redis", "redis_words"]


_REDIS_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", "b": "\b", "a": "\a"}


def redis_words(line: str) -> list[tuple[int, str]] | None:
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


#: Directives of a Redis Sentinel configuration, one of which any of them holds.
_SENTINEL_DIRECTIVES = frozenset(["sentinel", "bind", "port", "tls-port"])


def read_redis(name: str, text: str) -> list[SettingFinding]:
    """``bind`` as Redis 7 reads its configuration: the last line wins; none binds all.

    A ``sentinel*.conf`` without a ``sentinel``, ``bind`` or ``port`` directive is not
    Redis Sentinel's (masternode daemons name theirs so too) and is not read.
    """
    bind = (0, "", "")  # (offset, value, why it is refused) of the last bind line
    sentinel = os.path.basename(name).lower().startswith("sentinel")
    ports = {"port": ("26379" if sentinel else "6379", 0), "tls-port": ("0", 0)}
    directives: set[str] = set()
    for start, line in lines(text):
        words = redis_words(line)
        if words is None:  # Redis stops at the line: "Unbalanced quotes"
            if line.split()[0].lower() == "bind":
                indent = len(line) - len(line.lstrip())
                bind = (start + indent, line.strip(), "unbalanced quotes")
            words = []
        if not words or words[0][1].startswith("#"):
            continue
        directive = words[0][1].lower()
        directives.add(directive)
        if directive == "bind":
            if len(words) == 2:  # one argument is split again (Redis 7.2)
                again = redis_words(words[1][1])
                if again:
                    words = [words[0], *((words[1][0], word) for _, word in again)]
            offset = start + (words[1][0] if len(words) > 1 else words[0][0])
            value = " ".join(word for _, word in words[1:] if word)
            bind = (offset, value, "" if value else "no address")
        elif directive in ports and len(words) == 2:
            ports[directive] = (words[1][1], start + words[1][0])
    if sentinel and directives.isdisjoint(_SENTINEL_DIRECTIVES):
        return []  # another program's sentinel.conf (a masternode's: network=mainnet)
    offset, value, refused = bind
    if refused == "no address":  # bind with no address (or ""): no TCP socket
        why = "a bind line without addresses: Redis opens no TCP socket"
        verdict = verdict_of([Bind("not_network", "", why)], [])
    elif refused:
        verdict = verdict_of(*invalid(value, f"Redis refuses {value!r}: {refused}"))
    else:
        verdict = check_setting("redis-bind", value)  # "": no bind line, every interface
    numbers = [n for n in (port_number(p) for p, _ in ports.values()) if n is not None]
    if ports["port"][0] == "0" and not any(numbers) and not refused:
        verdict = Verdict("not_network", verdict.hosts, (), "port 0: Redis opens no TCP port")
        offset = ports["port"][1]
    elif not refused:
        verdict = replace(verdict, ports=tuple(number for number in numbers if number))
    place = Places(text)(offset)
    return [SettingFinding(("bind",), "redis-bind", value, verdict, name, *place)]
