"""Test servers on loopback addresses and fake resolvers for the SSRF guard's tests.

No test of the guard sends anything beyond this machine: names are answered by fake
resolvers, and every server listens on a 127.0.0.x address or ``::1``.
"""

from __future__ import annotations

import socket
import ssl
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import trustme

from loopback.ssrf import AddrInfo
from tests.platforms import bindable

#: The guard's client tests run servers on 127.0.0.2 and 127.0.0.3 (allowed and not).
needs_loopback_aliases = pytest.mark.skipif(
    not bindable("127.0.0.3"),
    reason="127.0.0.2 and 127.0.0.3 cannot be bound (ifconfig lo0 alias 127.0.0.3 adds one)",
)


def info(text: str, port: int, type_: int = socket.SOCK_STREAM) -> AddrInfo:
    """A getaddrinfo answer for the address ``text``."""
    if ":" in text:
        return (socket.AF_INET6, type_, 6, "", (text, port, 0, 0))
    return (socket.AF_INET, type_, 6, "", (text, port))


class FakeResolver:
    """Answers every name from a table (address texts); records the names asked."""

    def __init__(self, table: dict[str, list[str]]) -> None:
        self.table = table
        self.asked: list[str] = []

    def __call__(self, host: str, port: int, family: int, type_: int) -> Sequence[AddrInfo]:
        self.asked.append(host)
        if host not in self.table:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return [info(text, port, type_ or socket.SOCK_STREAM) for text in self.table[host]]


class Rebinder:
    """DNS rebinding: answers the addresses in turn, then the last one for ever."""

    def __init__(self, *answers: str) -> None:
        self.answers = list(answers)
        self.asked = 0

    def __call__(self, host: str, port: int, family: int, type_: int) -> Sequence[AddrInfo]:
        self.asked += 1
        text = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        return [info(text, port, type_ or socket.SOCK_STREAM)]


class Handler(BaseHTTPRequestHandler):
    """``/redirect?URL`` answers 302 to URL; anything else 200 with the Host header."""

    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        path, _, query = self.path.partition("?")
        if path == "/redirect":
            self.send_response(302)
            self.send_header("Location", query)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body = f"host={self.headers.get('Host')}".encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the stdlib's name
        """Quiet."""


class _Server(ThreadingHTTPServer):
    daemon_threads = True


class _Server6(_Server):
    address_family = socket.AF_INET6


@contextmanager
def http_server(host: str = "127.0.0.1", tls: ssl.SSLContext | None = None) -> Iterator[int]:
    """An HTTP server (HTTPS with ``tls``) on the loopback address ``host``; yields its port."""
    server = (_Server6 if ":" in host else _Server)((host, 0), Handler)
    if tls is not None:
        server.socket = tls.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        thread.join()
        server.server_close()


def server_tls(ca: trustme.CA, *names: str) -> ssl.SSLContext:
    """A server's TLS context with a certificate for ``names`` issued by ``ca``."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert(*names).configure_cert(context)
    return context
