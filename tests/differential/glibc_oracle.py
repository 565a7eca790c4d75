"""Run inside a mount namespace (``unshare -m``) whose /etc/hosts is a test file.

Reads JSON ``{"names": [...], "addresses": [...], "unspec": bool}`` on stdin and prints
what glibc answers, as JSON:

* ``lookup``: ``getaddrinfo`` (no flags, as Python's ``socket.getaddrinfo`` calls it) for
  AF_INET, AF_INET6 and AF_UNSPEC, AF_INET with ``AI_CANONNAME`` (``inet+canon``), and
  AF_INET6 with ``AI_V4MAPPED`` (``inet6+mapped``) and ``AI_V4MAPPED | AI_ALL``
  (``inet6+all``);
* ``query``: ``gethostbyname2`` itself (through ctypes: Python's ``gethostbyname_ex`` asks
  ``getaddrinfo`` first), for AF_INET and AF_INET6, and AF_UNSPEC when ``unspec`` is true
  (glibc aborts on it with ``multi on``);
* ``reverse``: ``gethostbyaddr``.

Names are passed as bytes (UTF-8, surrogates as the bytes they stand for), so no IDN
conversion happens anywhere. Used by test_glibc_hosts.py; not a test itself.
"""

from __future__ import annotations

import ctypes
import json
import socket
import sys
from typing import Any

FAMILIES = {"inet": socket.AF_INET, "inet6": socket.AF_INET6, "unspec": socket.AF_UNSPEC}


class HostEnt(ctypes.Structure):
    _fields_ = [
        ("h_name", ctypes.c_char_p),
        ("h_aliases", ctypes.POINTER(ctypes.c_char_p)),
        ("h_addrtype", ctypes.c_int),
        ("h_length", ctypes.c_int),
        ("h_addr_list", ctypes.POINTER(ctypes.POINTER(ctypes.c_char))),
    ]


LIBC = ctypes.CDLL(None)
LIBC.gethostbyname2.restype = ctypes.POINTER(HostEnt)
LIBC.gethostbyname2.argtypes = [ctypes.c_char_p, ctypes.c_int]


def _text(raw: bytes) -> str:
    return raw.decode("utf-8", "surrogateescape")


def gethostbyname2(name: bytes, family: int) -> list[Any] | None:
    found = LIBC.gethostbyname2(name, family)
    if not found:
        return None
    entry = found.contents
    aliases = []
    i = 0
    while entry.h_aliases[i]:
        aliases.append(_text(entry.h_aliases[i]))
        i += 1
    addresses = []
    i = 0
    while entry.h_addr_list[i]:
        packed = ctypes.string_at(entry.h_addr_list[i], entry.h_length)
        addresses.append(socket.inet_ntop(entry.h_addrtype, packed))
        i += 1
    return [_text(entry.h_name or b""), aliases, addresses]


def addresses(name: bytes, family: int, flags: int = 0) -> list[str] | None:
    try:
        infos = socket.getaddrinfo(name, None, family, socket.SOCK_STREAM, 0, flags)
    except (OSError, UnicodeError):
        return None
    return [str(info[4][0]) for info in infos]


def main() -> int:
    query = json.load(sys.stdin)
    out: dict[str, dict[str, Any]] = {"lookup": {}, "query": {}, "reverse": {}}
    for name in query["names"]:
        raw = name.encode("utf-8", "surrogateescape")
        found = {key: addresses(raw, family) for key, family in FAMILIES.items()}
        found["inet+canon"] = addresses(raw, socket.AF_INET, socket.AI_CANONNAME)
        found["inet6+mapped"] = addresses(raw, socket.AF_INET6, socket.AI_V4MAPPED)
        found["inet6+all"] = addresses(raw, socket.AF_INET6, socket.AI_V4MAPPED | socket.AI_ALL)
        out["lookup"][name] = found
        families = (
            dict(FAMILIES)
            if query["unspec"]
            else {"inet": socket.AF_INET, "inet6": socket.AF_INET6}
        )
        out["query"][name] = {key: gethostbyname2(raw, family) for key, family in families.items()}
    for address in query["addresses"]:
        try:
            out["reverse"][address] = list(socket.gethostbyaddr(address))
        except OSError:
            out["reverse"][address] = None
    json.dump(out, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
