"""What ``loopback doctor`` is asked about: a port, ``HOST:PORT`` or a URL, read strictly.

* ``3000``: ``localhost:3000``;
* ``HOST:PORT``, ``[::1]:PORT``;
* a URL (``http://localhost:5173/app``): the host as browsers read it (WHATWG), the port
  or the scheme's default port (``http`` and ``ws`` 80, ``https`` and ``wss`` 443).

A port outside 1-65535 is named as such; a host that is neither a localhost name nor a
loopback address is refused: doctor diagnoses this machine only.
"""

from __future__ import annotations

from .._url import parse_url_host
from ..classify import is_localhost_name, is_loopback
from ..errors import AddressError, DoctorError, render

__all__ = ["DEFAULT_PORTS", "read_target"]

#: The default port of each URL scheme doctor knows (WHATWG's special schemes, and ftp).
DEFAULT_PORTS = {"http": 80, "https": 443, "ws": 80, "wss": 443, "ftp": 21}


def _shown(text: str) -> str:
    """``text`` quoted as every message of the command quotes it (escaped, cut short)."""
    return f"'{render(text, None)[0]}'"


def _port(digits: str, target: str) -> int:
    if not (digits.isascii() and digits.isdigit()):
        raise DoctorError(f"not a port: {_shown(digits)} in {_shown(target)}")
    if len(digits.lstrip("0")) > 5 or not 0 < int(digits) < 65536:
        raise DoctorError(f"port out of range: {_shown(digits)} (1 to 65535)")
    return int(digits)


def _split(authority: str) -> tuple[str, str | None]:
    """``host`` and ``port`` (``None``: none given) of ``host[:port]`` or ``[v6][:port]``."""
    if authority.startswith("["):
        host, bracket, rest = authority.partition("]")
        if not bracket or (rest and not rest.startswith(":")):
            return authority, None
        return host + "]", rest[1:] if rest else None
    if authority.count(":") > 1:  # a bare IPv6 address: no port can follow it
        return authority, None
    host, colon, port = authority.partition(":")
    return host, port if colon else None


def read_target(target: str) -> tuple[str, int]:
    """``(host, port)`` of a port, ``HOST:PORT`` or a URL, for :func:`diagnose`.

    >>> read_target("3000")
    ('localhost', 3000)
    >>> read_target("https://LOCALHOST/app")
    ('localhost', 443)
    >>> read_target("http://[::1]:8080/")
    ('::1', 8080)

    :raises DoctorError: no port and no scheme default, a port out of range, or a host
        that is not a localhost name or loopback address.
    """
    if not isinstance(target, str) or not target:
        raise DoctorError("nothing to diagnose: give a port (3000), HOST:PORT or a URL")
    if target.isascii() and target.isdigit():
        return "localhost", _port(target, target)
    scheme, sep, rest = target.partition("://")
    if sep:
        scheme = scheme.lower()
        authority = rest
        for end in "/?#\\":
            authority = authority.split(end, 1)[0]
        authority = authority.rpartition("@")[2]
    else:
        scheme, authority = "", target
    host_text, port_text = _split(authority)
    if port_text is None or port_text == "":
        if scheme not in DEFAULT_PORTS:
            why = f"scheme {scheme!r} has no default port" if sep else "no port"
            raise DoctorError(
                f"{why} in {_shown(target)}: give a port (3000), HOST:PORT or a URL with one"
            )
        port = DEFAULT_PORTS[scheme]
    else:
        port = _port(port_text, target)
    try:
        host = parse_url_host(host_text)
    except AddressError:
        host = None
    local = host is not None and (
        is_localhost_name(host) if isinstance(host, str) else is_loopback(host)
    )
    if host is None or not local:
        raise DoctorError(
            f"doctor diagnoses this machine only: {_shown(host_text)} is not a localhost "
            "name or loopback address"
        )
    return str(host), port
