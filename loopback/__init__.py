"""loopback: everything about "this machine" on the network.

The core API is re-exported here; each name's home module has its reference page.

>>> import loopback
>>> loopback.is_loopback("::ffff:127.0.0.1"), loopback.is_loopback_host("0x7f.1")
(True, True)
"""

from __future__ import annotations

from ._address import Address, parse_address
from ._host import BindHost, read_bind_host
from ._url import parse_url_host
from .classify import (
    SpecialPurpose,
    embedded_ipv4,
    is_bogon,
    is_global,
    is_localhost_name,
    is_loopback,
    is_loopback_host,
    is_unspecified,
    is_wildcard,
    special_purpose,
)
from .errors import AddressError, BindError, LoopbackError, SettingError, UnsafeBindError
from .martian import MartianVerdict, is_martian_destination, is_martian_source, martian_verdict

__all__ = [
    "Address",
    "AddressError",
    "AddressLike",
    "BindError",
    "BindHost",
    "LoopbackError",
    "MartianVerdict",
    "SettingError",
    "SpecialPurpose",
    "UnsafeBindError",
    "__version__",
    "embedded_ipv4",
    "is_bogon",
    "is_global",
    "is_localhost_name",
    "is_loopback",
    "is_loopback_host",
    "is_martian_destination",
    "is_martian_source",
    "is_unspecified",
    "is_wildcard",
    "martian_verdict",
    "parse_address",
    "parse_url_host",
    "read_bind_host",
    "special_purpose",
]

__version__ = "0.1.0"

TYPE_CHECKING = False
if TYPE_CHECKING:
    from .classify import AddressLike


def __getattr__(name: str) -> object:
    """``AddressLike``, built when first asked for: it needs :mod:`typing`."""
    if name == "AddressLike":
        from . import classify  # noqa: PLC0415 - already imported: no cycle, no cost

        return classify.AddressLike
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
