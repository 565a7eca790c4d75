"""What every listener reader shares: numbered rows, and ports and addresses as tools print them."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from .._address import Address, parse_address
from ..errors import AddressError, ListenerFormatError
from ._names import LOOPBACK_NAMES, SERVICES

__all__ = ["ANY", "Protocol", "Rows", "integer", "read_host", "read_port", "shown"]

Protocol = Literal["tcp", "udp"]
#: The wildcard address of each family.
ANY = {4: Address("0.0.0.0"), 6: Address("::")}


class Rows:
    """The lines of a text with their numbers, and the error a reader raises."""

    def __init__(self, tool: str, text: str) -> None:
        self.tool = tool
        self.lines = [line.rstrip("\r") for line in text.split("\n")]

    def __iter__(self) -> Iterator[tuple[int, str]]:
        return ((number, line) for number, line in enumerate(self.lines, 1) if line.strip())

    def error(self, number: int | None, reason: str) -> ListenerFormatError:
        return ListenerFormatError(self.tool, reason, line=number)


def shown(text: str) -> str:
    return repr(text[:40] + "..." if len(text) > 40 else text)


def read_port(text: str, rows: Rows, number: int) -> int:
    """A port as tools print it: digits, or a service name (without ``-n``/``-P``)."""
    if text.isascii() and text.isdigit() and len(text) <= 5 and 0 < int(text) < 65536:
        return int(text)
    port = SERVICES.get(text.lower())
    if port:
        return port
    what = "a service name of several ports" if port == 0 else "not a port number"
    raise rows.error(number, f"{what}: {shown(text)} (run the tool with numeric output)")


def read_host(text: str, version: int | None, rows: Rows, number: int) -> Address:
    """An address as tools print it: brackets, ``*``, zones, ``%iface``, loopback names."""
    host = text[1:].split("]", 1)[0] if text.startswith("[") else text  # [fe80::1]%eth0
    host = host.split("%", 1)[0]
    if host == "*":
        return ANY[version or 6]
    named = LOOPBACK_NAMES.get(host.lower())
    if named is not None:  # the hosts file's name of a loopback address (no -n)
        if version is None:  # a family-less row: the name's only address
            version = 4 if named[1] is None else 6 if named[0] is None else None
        if version is not None and named[version == 6] is not None:
            return Address(named[version == 6])  # type: ignore[arg-type]
    try:
        return parse_address(host)
    except AddressError:
        raise rows.error(
            number, f"not an address: {shown(text)} (run the tool with numeric output)"
        ) from None


def integer(text: str) -> int | None:
    return int(text) if text.isascii() and text.isdigit() and len(text) < 20 else None
