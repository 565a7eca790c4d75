"""``postgresql.conf`` as PostgreSQL's configuration lexer reads it (for ``lint_path``)."""

from __future__ import annotations

import re
from dataclasses import replace

from ._model import SettingFinding, invalid, verdict_of
from ._places import Places, lines
from ._reading import port_number
from ._setting import check_setting

__all__ = ["read_postgresql"]


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


def read_postgresql(name: str, text: str) -> list[SettingFinding]:
    """``listen_addresses`` and ``port`` as PostgreSQL reads them (the last one wins)."""
    listen: tuple[int, str, bool] | None = None
    port_text = "5432"
    for start, line in lines(text):
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
            port_text = value
    if listen is None:  # the default, localhost
        return []
    offset, value, well_formed = listen
    if well_formed:
        verdict = check_setting("postgresql-listen_addresses", value)
    else:
        why = f"PostgreSQL cannot read listen_addresses = {value!r}: quote it ('...')"
        verdict = verdict_of(*invalid(value, why))
    number = port_number(port_text)
    if number:
        verdict = replace(verdict, ports=(number,))
    place, syntax = Places(text)(offset), "postgresql-listen_addresses"
    return [SettingFinding(("listen_addresses",), syntax, value, verdict, name, *place)]
