r"""Bind hosts: the text a config or a server hands to ``getaddrinfo`` and ``bind``.

One reader, :func:`read_bind_host`, used by every part of the package that judges a bind
host (:func:`loopback.bind.check_bind_address`, :func:`loopback.is_wildcard`, the CLI's
``check``, ``loopback.lint``, the pytest plugin's guard). It reads, in this order:

.. code-block:: text

    bind-host  = ws wildcard ws / ws localhost ws / ws address ws / ws "[" IPv6 "]" ws
               / ws name ws                     ; ws: only with strip_whitespace=True
    wildcard   = "" / "*"                       ; and any unspecified address below
    localhost  = "localhost" / 1*( label "." ) "localhost" [ "." ]   ; RFC 6761 6.3
    address    = what getaddrinfo(AI_NUMERICHOST) reads (lenient=True, the default:
                 127.1, 0x7f.1, a decimal zone or an interface name on link-local
                 IPv6) or strict RFC 791 / RFC 4291 text (lenient=False)
    name       = label *( "." label ) [ "." ]   ; at most 253 characters
    label      = 1*63( ALPHA / DIGIT / "-" / "_" ), neither first nor last "-"

and gives a :class:`BindHost`: its kind (``wildcard``, ``loopback``, ``address``,
``name`` or ``invalid``), the addresses it binds, and why. Decisions, each on purpose:

* **Digits and dots that no parser reads** (``1.2.3.999``, ``1.2.3.4.5``, ``08``) are
  *invalid*, not names: a text whose last label is a number (decimal, or ``0x`` hex) is
  an IPv4 address or a mistake, as the URL Standard decides ("ends in a number"). glibc's
  ``getaddrinfo`` without ``AI_NUMERICHOST`` would look it up as a name, but as a bind
  address it is almost surely a typo, and no DNS name ends in a numeric label.
* **Control characters** (C0 and DEL) make a host invalid, even NUL: C reads
  ``"0.0.0.0\x00junk"`` as ``0.0.0.0``.
* **White space** around the host is stripped only when asked (``strip_whitespace``):
  Python's ``str.split``-based config readers and many servers strip it, ``getaddrinfo``
  does not. Only ASCII white space is stripped; inside a host it is always invalid.
* **Brackets** hold IPv6 text only (RFC 3986 ``IP-literal``): ``[::1]``; ``[127.0.0.1]``
  is invalid.
* **Non-ASCII** text is invalid: servers pass bytes to ``getaddrinfo``, and a name is
  written in its ``xn--`` form.
"""

from __future__ import annotations

from ._address import Address, make_address
from ._lenient import parse_lenient
from ._strict import parse_strict, shown
from ._values import LOOPBACK4_TOP, MAPPED, normalised
from .errors import AddressError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Literal, NamedTuple

    BindHostKind = Literal["wildcard", "loopback", "address", "name", "invalid"]
else:
    from ._record import NamedTuple

__all__ = [
    "BindHost",
    "is_localhost_name",
    "read_bind_host",
    "under_localhost",
]

#: ASCII white space, what C ``isspace`` and the servers that strip a host strip.
_WHITE_SPACE = " \t\n\v\f\r"
_IPV4_ANY = make_address(4, 0)
_IPV6_ANY = make_address(6, 0)
_LOCALHOST = (make_address(4, 0x7F000001), make_address(6, 1))
_LABEL_CHARACTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_")
_HEX_DIGITS = frozenset("0123456789abcdefABCDEF")
_MAX_NAME = 253
_MAX_LABEL = 63


class BindHost(NamedTuple):
    """What a bind host reads as (see :func:`read_bind_host`).

    >>> read_bind_host("[::1]")
    BindHost(kind='loopback', addresses=(Address('::1'),), reason='a loopback address', host='::1')
    """

    #: ``"wildcard"`` (every interface), ``"loopback"`` (this machine only),
    #: ``"address"`` (another address), ``"name"`` (depends on name resolution) or
    #: ``"invalid"`` (not a host).
    kind: BindHostKind
    #: The addresses binding it uses: both families for ``""``, ``*`` and localhost
    #: names; one for an address; none for a name or invalid text.
    addresses: tuple[Address, ...]
    #: Why, in a few words.
    reason: str
    #: The host as read: white space stripped (if asked), brackets removed.
    host: str


def read_bind_host(text: str, *, lenient: bool = True, strip_whitespace: bool = False) -> BindHost:
    r"""Read ``text`` as a bind host, as a server hands it to ``getaddrinfo``/``bind``.

    >>> read_bind_host("*").kind, read_bind_host("0x7f.1").addresses
    ('wildcard', (Address('127.0.0.1'),))
    >>> read_bind_host("localhost").addresses
    (Address('127.0.0.1'), Address('::1'))
    >>> read_bind_host("db.internal").kind, read_bind_host("1.2.3.999").reason
    ('name', 'last part above 255 (text ending in a number is an IPv4 address, not a name)')
    >>> read_bind_host(" ::1", strip_whitespace=True).kind
    'loopback'

    :param lenient: read addresses as glibc ``getaddrinfo(AI_NUMERICHOST)`` does
        (``127.1``, ``0x7f.1``, ``0``); with ``False``, only strict text is an address.
    :param strip_whitespace: strip ASCII white space around the host first, as servers
        that trim their settings do.
    :raises AddressError: ``text`` is not a ``str``.
    """
    if not isinstance(text, str):
        raise AddressError(shown(text), None, f"expected str, not {type(text).__name__}")
    text = str.__str__(text)  # a plain copy: a str subclass's methods stay out
    if strip_whitespace:
        text = text.strip(_WHITE_SPACE)
    if not text or text == "*":
        reason = f"{text!r} binds every interface (IPv4 and IPv6)"
        return BindHost("wildcard", (_IPV4_ANY, _IPV6_ANY), reason, text)
    for ch in text:
        if ch < " " or ch == "\x7f":
            return _invalid(f"a control character ({ch!r})", text)
    if " " in text:
        return _invalid("white space ' '", text)
    if is_localhost_name(text):
        return BindHost("loopback", _LOCALHOST, "a localhost name (RFC 6761)", text)
    inner = text
    if text[0] == "[":
        if text[-1] != "]":
            return _invalid("'[' without a closing ']'", text)
        inner = text[1:-1]
        if ":" not in inner:
            return _invalid("brackets hold an IPv6 address only", text)
    try:
        version, value, zone = parse_lenient(inner) if lenient else parse_strict(inner)
    except AddressError as error:
        if inner is text and text.count(":") == 1:
            return _invalid("one ':' (a port is not part of a host: split it off first)", text)
        if inner is not text or ":" in inner:
            return _invalid(error.reason, inner)
        return _name(inner, error.reason)
    return _address(make_address(version, value, zone), inner)


def _address(address: Address, host: str) -> BindHost:
    value = normalised(address.version, int(address))
    if value == 0:
        return BindHost("wildcard", (_IPV6_ANY,), "an unspecified address", host)
    if value == MAPPED:  # a dual-stack socket on ::ffff:0.0.0.0 listens on every IPv4 address
        return BindHost("wildcard", (_IPV4_ANY,), "an unspecified address", host)
    if value == 1 or value >> 24 == LOOPBACK4_TOP:
        return BindHost("loopback", (address,), "a loopback address", host)
    return BindHost("address", (address,), "an address", host)


def _name(text: str, address_reason: str) -> BindHost:
    """``text``, which no address parser reads: a DNS-shaped name, or invalid."""
    if not text.isascii():
        bad = next(ch for ch in text if ord(ch) > 127)
        return _invalid(f"non-ASCII character {bad!r} (write a name in its xn-- form)", text)
    labels = (text.removesuffix(".")).split(".")
    last = labels[-1]
    if last.isdigit() or (last[:2] in ("0x", "0X") and all(c in _HEX_DIGITS for c in last[2:])):
        why = f"{address_reason} (text ending in a number is an IPv4 address, not a name)"
        return _invalid(why, text)
    if len(text) > _MAX_NAME + text.endswith("."):
        return _invalid(f"a name longer than {_MAX_NAME} characters", text)
    for label in labels:
        if not label:
            return _invalid("an empty label in a name", text)
        if len(label) > _MAX_LABEL:
            return _invalid(f"a label longer than {_MAX_LABEL} characters", text)
        for ch in label:
            if ch not in _LABEL_CHARACTERS:
                return _invalid(f"{ch!r} in a name", text)
        if label[0] == "-" or label[-1] == "-":
            return _invalid("a label starting or ending with '-'", text)
    return BindHost("name", (), "a name: what it binds depends on name resolution", text)


def _invalid(reason: str, host: str) -> BindHost:
    return BindHost("invalid", (), reason, host)


def is_localhost_name(name: str) -> bool:
    """Is ``name`` a localhost name of RFC 6761 6.3: ``localhost`` or ``*.localhost``?

    One trailing dot is allowed, letters compare ASCII case-insensitively, and no label
    may be empty; anything else, including non-ASCII look-alikes, is not a localhost name.

    >>> is_localhost_name("LocalHost."), is_localhost_name("app.localhost")
    (True, True)
    >>> is_localhost_name("localhost.example.com"), is_localhost_name(".localhost")
    (False, False)

    :raises AddressError: ``name`` is not a ``str``.
    """
    if not isinstance(name, str):
        raise AddressError(shown(name), None, f"expected str, not {type(name).__name__}")
    if not under_localhost(name):
        return False
    return all(name.removesuffix(".").split("."))  # no empty label: ".localhost" is not a name


def under_localhost(name: str) -> bool:
    """Whether ``name`` is ``localhost`` or ends in ``.localhost``, labels unchecked.

    The lax test of :func:`loopback.is_loopback_host`: one trailing dot allowed, ASCII
    case-insensitive, empty or odd labels accepted.
    """
    if not name.isascii():
        return False
    name = name.lower().removesuffix(".")
    return name == "localhost" or name.endswith(".localhost")
