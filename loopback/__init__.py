"""loopback: everything about "this machine" on the network.

The core API is re-exported here; each name's home module has its reference page.

>>> import loopback
>>> loopback.is_loopback("::ffff:127.0.0.1"), loopback.is_loopback_host("0x7f.1")
(True, True)
"""

from __future__ import annotations

from ._address import Address, parse_address
from ._url import parse_url_host
from .classify import (
    AddressLike,
    is_localhost_name,
    is_loopback,
    is_loopback_host,
    is_unspecified,
    is_wildcard,
)
from .errors import AddressError, LoopbackError

__all__ = [
    "Address",
    "AddressError",
    "AddressLike",
    "LoopbackError",
    "__version__",
    "is_localhost_name",
    "is_loopback",
    "is_loopback_host",
    "is_unspecified",
    "is_wildcard",
    "parse_address",
    "parse_url_host",
]

__version__ = "0.1.0"
