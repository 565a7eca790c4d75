"""Judgement: pure functions from facts to checks (no I/O here).

:func:`judge_port` turns :class:`PortFacts` into the checks :func:`diagnose` prints;
:func:`judge_machine` turns :class:`MachineFacts` into those of :func:`health`. Every
outcome of a connection attempt has its own message and fix: a refusal (nothing listens
on that address), a timeout (a full accept queue, a stopped process, a firewall dropping
loopback traffic), "address not available" (IPv6 disabled: binding ``::1`` is impossible,
so the fix is on the client's side), unreachable and blocked.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .._address import Address
from ..classify import is_loopback, is_unspecified
from ..errors import DoctorError
from ._advice import CLIENTS, FRAMEWORKS, SQUATTERS, Client
from ._records import Attempt, Check, Environment, ListeningSocket, PortFacts, Status, where
from ._wsl import wsl_machine_checks, wsl_port_checks

__all__ = ["MachineFacts", "check_client", "clients_for", "judge_machine", "judge_port", "shown"]


def shown(value: object) -> str:
    """A short repr for a message, of any object (a huge number's or a hostile repr raises)."""
    if value is None or type(value) is bool:
        return repr(value)
    if isinstance(value, int):
        return "a number out of range" if value.bit_length() > 64 else int.__repr__(value)
    if isinstance(value, float):
        return float.__repr__(value)
    if isinstance(value, str):
        return str.__repr__(value[:40] if len(value) > 40 else value)
    return f"a {type(value).__name__}"


def check_client(client: object) -> None:
    """Refuse a ``client`` that is neither ``None`` nor the name of one of :data:`CLIENTS`."""
    if client is not None and (type(client) is not str or client not in {c.name for c in CLIENTS}):
        names = ", ".join(c.name for c in CLIENTS)
        raise DoctorError(f"unknown client: {shown(client)} (one of: {names})")


def _check_facts(facts: object, kind: type[object]) -> None:
    if not isinstance(facts, kind):
        raise DoctorError(f"not {kind.__name__}: {shown(facts)}")


_V4 = Address("127.0.0.1")
_V6 = Address("::1")


@dataclass(frozen=True)
class MachineFacts:
    """What :func:`health` found out about this machine, before judging it."""

    #: The hosts file read (its path), or ``None`` where it could not be read.
    hosts_path: str | None
    #: Why the hosts file could not be read, else ``None``.
    hosts_error: str | None
    #: The hosts file's IPv4 answers for ``localhost`` (first matching line).
    hosts_v4: tuple[Address, ...]
    #: Its IPv6 answers.
    hosts_v6: tuple[Address, ...]
    #: Its answers for any family, in order.
    hosts_any: tuple[Address, ...]
    #: What the system resolver answers for ``localhost`` (``None``: not asked).
    resolved: tuple[Address, ...] | None
    #: Why ``::1`` cannot be bound, else ``None``.
    ipv6_error: str | None
    #: Every listener; ``None`` where they cannot be read.
    listeners: tuple[ListeningSocket, ...] | None
    #: Why the listeners are unknown or incomplete.
    listeners_note: str | None
    #: Where this runs.
    environment: Environment = field(default_factory=Environment)


def _at(sock: ListeningSocket) -> str:
    text = where(sock.address, sock.port)
    return f"{text} by {sock.process}" if sock.process else text


def _covers(sock: ListeningSocket, address: Address) -> bool:
    """Whether a listener takes connections to ``address`` (``::`` takes IPv4 too)."""
    if address in (sock.address, sock.address.ipv4_mapped):
        return True
    if is_unspecified(sock.address):
        return sock.address.version in (address.version, 6)
    return False


def _framework(listeners: tuple[ListeningSocket, ...], host: Address) -> str | None:
    """The framework-specific way to listen on ``host``, when a listener's process tells."""
    for sock in listeners:
        words = f" {sock.name or ''} {sock.command or ''} ".lower()
        for framework in FRAMEWORKS:
            if any(f" {mark} " in words or f"/{mark} " in words for mark in framework.marks):
                bracketed = f"[{host}]" if host.version == 6 else str(host)
                setting = framework.setting.format(host=host, bracketed=bracketed)
                return f"{framework.name}: {setting}"
    return None


def _with_framework(fix: str, facts: PortFacts, host: Address) -> str:
    framework = _framework(facts.listeners or (), host)
    return fix if framework is None else f"{fix}; {framework}"


def _refused_fix(address: Address, facts: PortFacts, tcp: tuple[ListeningSocket, ...]) -> str:
    port = facts.port
    if any(s.address.version == address.version for s in tcp):
        return _with_framework(
            f"the server listens on another IPv{address.version} address: bind {address}",
            facts,
            address,
        )
    if tcp:
        other = _V4 if address.version == 6 else _V6
        family = 6 if address.version == 4 else 4
        return _with_framework(
            f"the server listens on IPv{family} only: bind {address} too, "
            f"or use {where(other, port)}",
            facts,
            address,
        )
    return "start the server, or check the port it uses"


def _timeout_fix(address: Address, facts: PortFacts, tcp: tuple[ListeningSocket, ...]) -> str:
    covering = [s for s in tcp if _covers(s, address)]
    full = [s for s in covering if s.full]
    if full:
        sock = full[0]
        return (
            f"its accept queue is full ({sock.queued} waiting, backlog {sock.backlog}): the "
            "server accepts no connections (stopped, hung, or too slow); restart it, find "
            "what blocks its accept loop, or raise its listen backlog"
        )
    if covering:
        return (
            "something listens but does not answer: the process may be stopped (kill -STOP, "
            "a debugger) or hung, or a firewall drops loopback traffic"
        )
    if facts.environment.system == "windows":  # Windows retries a refused SYN for ~2 s
        return (
            "Windows retries refused loopback connections for about 2 s: run with a longer timeout"
        )
    return (
        "nothing answers, not even with a refusal: a firewall drops loopback traffic "
        "(iptables -S, nft list ruleset, pfctl -sr, Windows Defender Firewall)"
    )


def _unavailable_fix(address: Address, facts: PortFacts) -> str:
    if address.version == 6:
        return (
            "IPv6 is off here, so no server can listen on ::1: remove ::1 from the hosts file's "
            "localhost line (or enable IPv6: sysctl net.ipv6.conf.lo.disable_ipv6=0) and "
            f"use {where(_V4, facts.port)}"
        )
    return (
        f"{address} is not configured on the loopback interface (macOS and the BSDs have only "
        f"127.0.0.1 until sudo ifconfig lo0 alias {address} up): add it, or use "
        f"{where(_V4, facts.port)}"
    )


_DETAILS = {
    "accepted": "accepts connections",
    "refused": "refuses connections (nothing listens on that address)",
    "address not available": "cannot be tried: address not available",
    "unreachable": "is unreachable: no route on the loopback interface",
    "blocked": "is blocked: a firewall rule on this machine rejects it",
}


def _attempt_check(
    attempt: Attempt, facts: PortFacts, tcp: tuple[ListeningSocket, ...], others_answer: bool
) -> Check:
    address, outcome = attempt.address, attempt.outcome
    title = f"connect to {address}"
    if outcome == "accepted":
        return Check("pass", title, f"{where(address, facts.port)} accepts connections")
    if outcome == "timed out":
        detail = f"{where(address, facts.port)} does not answer ({attempt.reason or 'timed out'})"
    else:
        detail = f"{where(address, facts.port)} " + _DETAILS.get(
            outcome, f"fails: {attempt.reason or outcome}"
        )
        if outcome == "address not available" and address.version == 6:
            detail += " (IPv6 is disabled on the loopback interface)"
    if outcome == "refused":
        fix = _refused_fix(address, facts, tcp)
    elif outcome == "timed out":
        fix = _timeout_fix(address, facts, tcp)
    elif outcome == "address not available":
        fix = _unavailable_fix(address, facts)
    elif outcome == "unreachable":
        fix = "bring the loopback interface up (ip link set lo up) and check its routes"
    elif outcome == "blocked":
        fix = "allow loopback traffic (iptables -I OUTPUT -o lo -j ACCEPT, or your firewall's rule)"
    else:
        fix = None
    status: Status = "warn" if others_answer else "fail"
    return Check(status, title, detail, fix)


def clients_for(first: Attempt, client: str | None) -> list[Client]:
    """The clients whose behaviour matters when ``first`` fails and a later address answers."""
    chosen = [c for c in CLIENTS if client is None or c.name == client]
    if client is None and first.outcome in ("refused", "address not available"):
        return [c for c in chosen if not c.falls_back]
    return chosen


def _answers_check(facts: PortFacts, client: str | None) -> list[Check]:
    attempts = facts.attempts
    answered = [a for a in attempts if a.outcome == "accepted"]
    if not attempts:
        return []
    if not answered:
        return [
            Check(
                "fail",
                f"{facts.host} answers",
                f"no address of {facts.host} answers on port {facts.port}",
            )
        ]
    first = attempts[0]
    if first.outcome == "accepted":
        return []
    cost = {
        "refused": "get a refusal",
        "timed out": "wait for their connect timeout",
    }.get(first.outcome, "fail")
    checks = [
        Check(
            "warn",
            f"{facts.host} answers",
            f"clients that try {first.address} first {cost}, then try {answered[0].address}",
            _with_framework(
                f"make the server listen on {first.address} too (both 127.0.0.1 and ::1)"
                if first.outcome != "address not available"
                else f"drop {first.address} from {facts.host}'s hosts line",
                facts,
                first.address,
            ),
        )
    ]
    checks.extend(
        Check(
            "warn" if not item.falls_back or first.outcome == "timed out" else "note",
            f"client {item.name}",
            f"{item.title} {item.behaviour}",
            item.fix.replace("PORT", str(facts.port)),
        )
        for item in clients_for(first, client)
    )
    return checks


def _squatters(listeners: tuple[ListeningSocket, ...], port: int | None) -> list[Check]:
    checks = []
    seen = set()
    for sock in listeners:
        if (sock.name, sock.pid, sock.port) in seen:
            continue  # its IPv4 and IPv6 sockets: one service
        seen.add((sock.name, sock.pid, sock.port))
        for squatter in SQUATTERS:
            if (
                sock.port in squatter.ports
                and (port is None or sock.port == port)
                and sock.name in squatter.names
            ):
                checks.append(
                    Check(
                        "warn" if port is not None else "note",
                        "port squatter",
                        f"{_at(sock)} is {squatter.what}",
                        squatter.fix,
                    )
                )
                break
    return checks


def _environment_port(facts: PortFacts, tcp: tuple[ListeningSocket, ...]) -> list[Check]:
    env, port = facts.environment, facts.port
    checks = []
    if env.container is not None:
        if tcp and all(s.exposure == "loopback" for s in tcp):
            checks.append(
                Check(
                    "warn",
                    "container",
                    f"this is a {env.container} container and the server listens on loopback "
                    f"only: a published port (-p {port}:{port}) arrives on the container's "
                    "network interface, where nothing listens, so the host cannot reach it "
                    "(a healthcheck inside still passes)",
                    f"bind 0.0.0.0 inside the container, and publish on the host's loopback "
                    f"only: -p 127.0.0.1:{port}:{port}",
                )
            )
        elif not tcp:
            checks.append(
                Check(
                    "note",
                    "container",
                    f"this is a {env.container} container: localhost is the container "
                    "itself, not the host",
                    "a service on the host is host.docker.internal (Docker Desktop; on Linux "
                    "add --add-host=host.docker.internal:host-gateway), and it must listen on "
                    "an address containers reach, not only 127.0.0.1 (Docker Engine on Linux)",
                )
            )
    if env.system == "windows" and not tcp:
        checks.append(
            Check(
                "note",
                "windows",
                "if the server failed to start with 'access forbidden' (WSAEACCES), the port "
                "may be in a range Windows reserves for Hyper-V, WSL or Docker",
                "netsh interface ipv4 show excludedportrange protocol=tcp lists them; use "
                "a port outside, or reserve yours with netsh int ipv4 add excludedportrange",
            )
        )
    if env.wsl == 2:
        mode = env.wsl_networking or "nat"
        if mode == "mirrored":
            checks.append(
                Check(
                    "note",
                    "WSL",
                    "WSL 2 in mirrored mode: localhost is shared with Windows both ways",
                )
            )
        elif not tcp:
            checks.append(
                Check(
                    "warn",
                    "WSL",
                    f"WSL 2 in {mode} mode: localhost here is the Linux VM, so a server "
                    "running on Windows is not localhost here",
                    "set networkingMode=mirrored under [wsl2] in %UserProfile%\\.wslconfig and "
                    "run wsl --shutdown (Windows 11 22H2+), or reach Windows at the address of "
                    "ip route show default; never bind 0.0.0.0 for this",
                )
            )
        elif env.wsl_forwarding is False:
            checks.append(
                Check(
                    "warn",
                    "WSL",
                    "localhostForwarding=false in .wslconfig: Windows cannot reach this "
                    f"server as localhost:{port}",
                    "set localhostForwarding=true (or networkingMode=mirrored), then run "
                    "wsl --shutdown",
                )
            )
        else:
            checks.append(
                Check(
                    "note",
                    "WSL",
                    f"WSL 2 in {mode} mode: Windows reaches this server as localhost:{port} "
                    "through localhost forwarding (on by default)",
                )
            )
    elif env.wsl == 1:
        checks.append(
            Check(
                "note", "WSL", "WSL 1 shares Windows' network: localhost is the same on both sides"
            )
        )
    checks.extend(wsl_port_checks(env, port, tcp))
    if env.published is not None:
        for item in env.published:
            if item.port == port and item.protocol == "tcp":
                status: Status = "warn" if is_unspecified(item.address) else "note"
                checks.append(
                    Check(
                        status,
                        "docker",
                        f"Docker publishes {where(item.address, port)} to container "
                        f"{item.container} port {item.target}",
                        f"publish on loopback only: -p 127.0.0.1:{port}:{item.target}"
                        if status == "warn"
                        else None,
                    )
                )
        if tcp and all(s.exposure == "loopback" for s in tcp) and env.system == "linux":
            checks.append(
                Check(
                    "note",
                    "docker",
                    "containers cannot reach this server as host.docker.internal: with "
                    "Docker Engine on Linux that is the bridge gateway, not loopback",
                    "listen on the docker0 address (172.17.0.1) as well, or run the client "
                    "with --network host",
                )
            )
    return checks


def _resolves_check(facts: PortFacts) -> Check:
    host, addresses = facts.host, facts.addresses
    title = f"{host} resolves"
    if facts.resolver == "address":
        return Check("pass", title, f"{host} is an address: nothing to resolve")
    if not addresses:
        browsers = (
            "; browsers resolve *.localhost to loopback themselves, other clients do not"
            if host.lower().rstrip(".") != "localhost"
            else ""
        )
        return Check(
            "fail",
            title,
            f"{host} resolves to nothing ({facts.resolver}){browsers}",
            f"add '127.0.0.1 {host}' and '::1 {host}' to the hosts file",
        )
    others = [a for a in addresses if not is_loopback(a)]
    if others:
        return Check(
            "fail",
            title,
            f"{host} resolves to {', '.join(map(str, others))}, which is not loopback "
            f"({facts.resolver})",
            f"point {host} at 127.0.0.1 and ::1 in the hosts file",
        )
    order = ", then ".join(str(a) for a in addresses)
    return Check("pass", title, f"{host} resolves to {order} ({facts.resolver})")


def judge_port(facts: PortFacts, *, client: str | None = None) -> list[Check]:
    """Why ``facts.host:facts.port`` does (not) answer, from facts only.

    :param client: focus the client advice on one of :data:`CLIENTS` (by name).
    :raises DoctorError: ``facts`` is not :class:`PortFacts`, or ``client`` is unknown.
    """
    _check_facts(facts, PortFacts)
    check_client(client)
    checks = [_resolves_check(facts)]
    port = facts.port
    listeners = tuple(s for s in facts.listeners or () if s.port == port)
    tcp = tuple(s for s in listeners if s.protocol == "tcp")
    udp = tuple(s for s in listeners if s.protocol == "udp")
    if facts.listeners is None:
        checks.append(
            Check("warn", "something listens", f"cannot tell what listens: {facts.listeners_note}")
        )
    elif tcp:
        extra = f"; UDP too: {', '.join(map(_at, udp))}" if udp else ""
        checks.append(
            Check("pass", "something listens", f"listening on {', '.join(map(_at, tcp))}{extra}")
        )
        exposed = [s for s in tcp if s.exposure != "loopback"]
        if exposed:
            checks.append(
                Check(
                    "warn",
                    "exposure",
                    f"{', '.join(where(s.address, s.port) for s in exposed)} is reachable "
                    "from other machines",
                    _with_framework(
                        "bind 127.0.0.1 and ::1 instead, unless other machines should reach it",
                        facts,
                        _V4,
                    ),
                )
            )
    elif udp:
        checks.append(
            Check(
                "fail",
                "something listens",
                f"nothing listens on TCP port {port}, but UDP {', '.join(map(_at, udp))} is "
                "bound: a UDP service never answers a TCP connection",
                "use a UDP client for it, or start the TCP server",
            )
        )
    else:
        checks.append(
            Check(
                "fail",
                "something listens",
                f"nothing listens on TCP port {port}",
                "start the server, or check the port it uses",
            )
        )
    if facts.listeners_note and any(s.process is None for s in listeners):
        checks.append(Check("note", "owners", facts.listeners_note))
    answered = any(a.outcome == "accepted" for a in facts.attempts)
    checks.extend(_attempt_check(a, facts, tcp, answered) for a in facts.attempts)
    checks.extend(_answers_check(facts, client))
    checks.extend(_squatters(tcp, port))
    checks.extend(_environment_port(facts, tcp))
    return checks


def judge_machine(facts: MachineFacts) -> list[Check]:
    """This machine's checks (no port): localhost, IPv6, exposure, environment.

    :raises DoctorError: ``facts`` is not :class:`MachineFacts`.
    """
    _check_facts(facts, MachineFacts)
    checks: list[Check] = []
    path = facts.hosts_path or "the hosts file"
    if facts.hosts_error is not None:
        checks.append(Check("warn", "hosts file", facts.hosts_error))
    else:
        if not facts.hosts_v4 and not facts.hosts_v6:
            also = ""
            if facts.resolved:
                also = (
                    "; the system resolver answers "
                    + ", ".join(map(str, facts.resolved))
                    + " through DNS or another source, which clients that read the hosts "
                    "file themselves (Go's resolver, for one) never ask"
                )
            checks.append(
                Check(
                    "fail",
                    "localhost resolves",
                    f"{path} gives localhost no address{also}",
                    "add '127.0.0.1 localhost' and '::1 localhost'",
                )
            )
        for version, found in ((4, facts.hosts_v4), (6, facts.hosts_v6)):
            title = f"localhost (IPv{version})"
            if not found:
                checks.append(
                    Check(
                        "warn",
                        title,
                        f"{path} has no IPv{version} localhost line",
                        f"add '{'127.0.0.1' if version == 4 else '::1'} localhost'",
                    )
                )
            elif not all(map(is_loopback, found)):
                checks.append(
                    Check(
                        "fail",
                        title,
                        f"{path} points localhost to {found[0]}",
                        "point it at loopback",
                    )
                )
            else:
                checks.append(Check("pass", title, f"localhost is {found[0]} in {path}"))
        if facts.hosts_any and facts.hosts_any[0].version == 6 and facts.hosts_v4:
            checks.append(
                Check(
                    "warn",
                    "localhost order",
                    "::1 comes first for localhost: with multi off, getaddrinfo answers only ::1",
                    "servers should listen on ::1 as well as 127.0.0.1",
                )
            )
    if facts.ipv6_error is None:
        checks.append(Check("pass", "IPv6 loopback", "::1 can be bound"))
    elif facts.hosts_v6:
        checks.append(
            Check(
                "warn",
                "IPv6 loopback",
                f"::1 cannot be bound ({facts.ipv6_error}), yet {path} maps localhost to ::1: "
                "clients that try ::1 get 'address not available', and no server can fix that",
                "remove ::1 from the localhost line, or enable IPv6 on lo "
                "(sysctl net.ipv6.conf.lo.disable_ipv6=0)",
            )
        )
    else:
        checks.append(
            Check(
                "note",
                "IPv6 loopback",
                f"::1 cannot be bound ({facts.ipv6_error})",
                "servers reachable as localhost need 127.0.0.1 only here",
            )
        )
    if facts.listeners is None:
        checks.append(Check("warn", "exposed services", f"cannot tell: {facts.listeners_note}"))
    else:
        exposed = [s for s in facts.listeners if s.protocol == "tcp" and s.exposure != "loopback"]
        if exposed:
            checks.append(
                Check(
                    "warn",
                    "exposed services",
                    f"listening beyond loopback: {', '.join(map(_at, exposed))}",
                    "bind 127.0.0.1 and ::1 unless other machines should reach them",
                )
            )
        else:
            checks.append(Check("pass", "exposed services", "every TCP listener is on loopback"))
        checks.extend(_squatters(facts.listeners, None))
    env = facts.environment
    if env.container is not None:
        checks.append(
            Check(
                "note",
                "container",
                f"this is a {env.container} container: localhost here is not the host's "
                "localhost; a server must listen on 0.0.0.0 inside for a published port "
                "to reach it",
                "publish on the host's loopback: docker run -p 127.0.0.1:PORT:PORT",
            )
        )
    if env.wsl is not None:
        mode = f" in {env.wsl_networking} mode" if env.wsl_networking else ""
        checks.append(Check("note", "WSL", f"WSL {env.wsl}{mode}"))
    checks.extend(wsl_machine_checks(env))
    if env.published:
        wide = [p for p in env.published if is_unspecified(p.address)]
        if wide:
            shown = ", ".join(f"{where(p.address, p.port)} ({p.container})" for p in wide)
            checks.append(
                Check(
                    "warn",
                    "docker",
                    f"Docker publishes on every interface: {shown}",
                    "publish on loopback: -p 127.0.0.1:HOSTPORT:PORT (Docker's rules bypass "
                    "ufw and firewalld)",
                )
            )
    return checks
