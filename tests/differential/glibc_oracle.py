"""Run inside a mount namespace (``unshare -m``) whose /etc/hosts is a test file.

Reads JSON ``{"names": [...], "addresses": [...]}`` on stdin and prints what glibc
answers, as JSON: getaddrinfo for AF_INET, AF_INET6 and AF_UNSPEC, gethostbyname_ex, and
gethostbyaddr. Used by test_glibc_hosts.py; not a test itself.
"""

from __future__ import annotations

import json
import socket
import sys

FAMILIES = {"inet": socket.AF_INET, "inet6": socket.AF_INET6, "unspec": socket.AF_UNSPEC}


def addresses(name: bytes, family: int) -> list[str] | None:
    try:
        infos = socket.getaddrinfo(name, None, family, socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        return None
    return [str(info[4][0]) for info in infos]


def main() -> int:
    query = json.load(sys.stdin)
    out: dict[str, object] = {"lookup": {}, "query": {}, "reverse": {}}
    for name in query["names"]:
        raw = name.encode("utf-8", "surrogateescape")
        out["lookup"][name] = {key: addresses(raw, family) for key, family in FAMILIES.items()}  # type: ignore[index]
        try:
            out["query"][name] = list(socket.gethostbyname_ex(name))  # type: ignore[index]
        except (OSError, UnicodeError):
            out["query"][name] = None  # type: ignore[index]
    for address in query["addresses"]:
        try:
            out["reverse"][address] = list(socket.gethostbyaddr(address))  # type: ignore[index]
        except OSError:
            out["reverse"][address] = None  # type: ignore[index]
    json.dump(out, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
