"""Tables of advice: how clients connect, how dev servers choose their address, squatters.

Each row cites where its behaviour is documented; :mod:`._judge` picks rows by the
situation found and never hard-codes a client or framework.
"""

from __future__ import annotations

from typing import NamedTuple

__all__ = ["CLIENTS", "FRAMEWORKS", "SQUATTERS", "Client", "Framework", "Squatter"]


class Client(NamedTuple):
    """How one client connects to a name with several addresses."""

    #: The name ``--client`` takes.
    name: str
    #: Shown in advice.
    title: str
    #: Whether it tries the next address after a refusal (or races them).
    falls_back: bool
    #: What happens when the first address refuses or does not answer.
    behaviour: str
    #: How to make it use the address that answers.
    fix: str
    #: Where the behaviour is documented.
    source: str


CLIENTS: tuple[Client, ...] = (
    Client(
        name="node",
        title="Node.js 17+",
        falls_back=False,
        behaviour=(
            "uses the resolver's order (verbatim since 17) and, before 20, tries only the "
            "first address: ECONNREFUSED or a hang on it; 20+ races the addresses "
            "(autoSelectFamily) but gives each only 250 ms"
        ),
        fix=(
            "dns.setDefaultResultOrder('ipv4first') (or node --dns-result-order=ipv4first), "
            "or connect to the address the server listens on"
        ),
        source="nodejs.org/api/dns.html#dnssetdefaultresultorderorder; net autoSelectFamily",
    ),
    Client(
        name="browser",
        title="browsers",
        falls_back=True,
        behaviour=(
            "race the addresses (happy eyeballs, RFC 8305) and use the first that connects: "
            "a refusal costs nothing, a silent address 250-300 ms"
        ),
        fix="nothing needed while one address answers",
        source="RFC 8305; Chromium and Firefox connect-job races",
    ),
    Client(
        name="curl",
        title="curl",
        falls_back=True,
        behaviour="races IPv6 and IPv4 (happy eyeballs, 200 ms head start) and tries every address",
        fix="curl -4 (--ipv4), or the address in the URL",
        source="curl.se/docs/manpage.html#--happy-eyeballs-timeout-ms",
    ),
    Client(
        name="python",
        title="Python urllib, requests, httpx",
        falls_back=True,
        behaviour=(
            "try each address in order (socket.create_connection): a refusal is quick, a "
            "silent address waits the whole timeout (none by default) before the next"
        ),
        fix="use the address in the URL, or give a timeout",
        source="docs.python.org/3/library/socket.html#socket.create_connection",
    ),
    Client(
        name="wget",
        title="BusyBox wget (Alpine images)",
        falls_back=False,
        behaviour="connects to the first address only and never falls back",
        fix="use the address in the URL (wget http://127.0.0.1:PORT/), or install GNU wget",
        source="busybox networking/wget.c: one connection, to the first address",
    ),
)


class Framework(NamedTuple):
    """How a development server chooses its bind address."""

    #: Shown in advice.
    name: str
    #: Words of the process's name or command line that identify it.
    marks: tuple[str, ...]
    #: How to make it listen on ``{host}`` (formatted with the address to use).
    setting: str
    #: What it binds by default.
    default: str


FRAMEWORKS: tuple[Framework, ...] = (
    Framework(
        "Vite",
        ("vite",),
        "set server.host: '{host}' in vite.config (or run vite --host {host})",
        "localhost, which Node 17+ may bind to ::1 only",
    ),
    Framework(
        "Next.js",
        ("next", "next-server"),
        "run next dev -H {host}",
        "every interface (::)",
    ),
    Framework(
        "webpack-dev-server",
        ("webpack-dev-server", "webpack serve", "webpack"),
        "set devServer.host: '{host}' (or --host {host})",
        "localhost",
    ),
    Framework(
        "Django",
        ("manage.py runserver", "runserver"),
        "run manage.py runserver {bracketed}:PORT",
        "127.0.0.1:8000 (IPv4 only; -6 for ::1)",
    ),
    Framework(
        "Flask",
        ("flask run", "flask"),
        "run flask run --host {host} (or app.run(host='{host}'))",
        "127.0.0.1:5000 (IPv4 only)",
    ),
    Framework(
        "uvicorn",
        ("uvicorn",),
        "run uvicorn --host {host}",
        "127.0.0.1:8000 (IPv4 only)",
    ),
)


class Squatter(NamedTuple):
    """A system service known to hold a port developers use."""

    #: The ports it holds.
    ports: tuple[int, ...]
    #: Process names it shows as (``lsof`` cuts names to 9 characters).
    names: tuple[str, ...]
    #: What it is.
    what: str
    #: How to free the port.
    fix: str


SQUATTERS: tuple[Squatter, ...] = (
    Squatter(
        (5000, 7000),
        ("ControlCenter", "ControlCe", "AirPlayXPCHelper", "AirPlayXP"),
        "macOS AirPlay Receiver (answers HTTP with 403 Forbidden)",
        "turn off System Settings > General > AirDrop & Handoff > AirPlay Receiver, "
        "or use another port",
    ),
    Squatter(
        (80, 443, 5357, 2869, 47001),
        ("System",),
        "Windows HTTP.sys (IIS, WinRM, WSD, SSDP register URLs there)",
        "netsh http show servicestate lists who registered it; stop that service "
        "(W3SVC, WinRM) or use another port",
    ),
    Squatter(
        (53,),
        ("systemd-resolve", "systemd-resolved", "dnsmasq", "mDNSResponder"),
        "the local DNS resolver",
        "leave it: bind your DNS server to another address or port",
    ),
    Squatter(
        (7680,),
        ("svchost.exe", "svchost"),
        "Windows Delivery Optimization (DoSvc), which serves updates to other PCs",
        "use another port, or set Settings > Windows Update > Advanced options > Delivery "
        "Optimization > Allow downloads from other PCs to off",
    ),
    Squatter(
        (3283, 5900),
        ("ARDAgent", "screensharingd", "screensha"),
        "macOS Screen Sharing / Remote Management",
        "turn off System Settings > General > Sharing > Screen Sharing, or use another port",
    ),
)
