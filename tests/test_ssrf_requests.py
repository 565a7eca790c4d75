"""The guard in urllib3 and requests (loopback/ssrf/urllib3.py, loopback/ssrf/requests.py)."""

from __future__ import annotations

import pickle
import socket
from pathlib import Path

import pytest
import trustme
import urllib3
from urllib3.exceptions import MaxRetryError, NameResolutionError, SSLError

from loopback.ssrf import DestinationBlockedError, Policy, PolicyError
from loopback.ssrf.requests import GuardedAdapter, guarded_session
from loopback.ssrf.urllib3 import GuardedHTTPConnection, GuardedPoolManager

from .ssrf_helpers import FakeResolver, Rebinder, http_server, needs_loopback_aliases, server_tls

pytestmark = needs_loopback_aliases
SERVER = "127.0.0.2"
OTHER = "127.0.0.3"
#: The test server is allowed; every other address keeps the default rules.
POLICY = Policy(allow=[SERVER], this_host=())


# --- urllib3 ---------------------------------------------------------------------------------


def test_urllib3_allowed_server_answers_with_the_name_in_host() -> None:
    resolver = FakeResolver({"app.example": [SERVER]})
    with http_server(SERVER) as port:
        http = GuardedPoolManager(policy=POLICY, resolver=resolver)
        response = http.request("GET", f"http://app.example:{port}/")
        assert (response.status, response.data) == (200, f"host=app.example:{port}".encode())
        response = http.request("GET", f"http://{SERVER}:{port}/x")
        assert response.status == 200
    assert resolver.asked == ["app.example"]


def test_urllib3_https_keeps_the_name_for_sni_and_the_certificate(tmp_path: Path) -> None:
    ca = trustme.CA()
    resolver = FakeResolver({"app.example": [SERVER], "other.example": [SERVER]})
    with http_server(SERVER, server_tls(ca, "app.example")) as port:
        ca_file = tmp_path / "ca.pem"
        ca.cert_pem.write_to_path(str(ca_file))
        http = GuardedPoolManager(policy=POLICY, resolver=resolver, ca_certs=str(ca_file))
        response = http.request("GET", f"https://app.example:{port}/")
        assert response.data == f"host=app.example:{port}".encode()
        with pytest.raises(MaxRetryError) as info:  # the certificate names app.example only
            http.request("GET", f"https://other.example:{port}/", retries=0)
        assert isinstance(info.value.reason, SSLError)
        with pytest.raises(DestinationBlockedError):
            http.request("GET", "https://127.0.0.1:9/")


def test_urllib3_refuses_blocked_destinations_without_retrying() -> None:
    http = GuardedPoolManager(policy=POLICY)
    with pytest.raises(DestinationBlockedError) as info:
        http.request("GET", "http://127.0.0.1:9/", retries=3)
    assert info.value.verdicts[0].rule == "loopback"
    with pytest.raises(DestinationBlockedError):
        http.request("GET", "http://[::ffff:169.254.169.254]/")


def test_urllib3_redirect_to_a_blocked_address_is_refused() -> None:
    with http_server(SERVER) as port, http_server(OTHER) as other:
        http = GuardedPoolManager(policy=POLICY)
        target = f"http://{OTHER}:{other}/secret"
        with pytest.raises(DestinationBlockedError) as info:
            http.request("GET", f"http://{SERVER}:{port}/redirect?{target}")
        assert info.value.host == OTHER
        unguarded = urllib3.PoolManager()  # the same redirect without the guard gets through
        assert unguarded.request("GET", f"http://{SERVER}:{port}/redirect?{target}").status == 200


def test_urllib3_dns_rebinding_gets_the_judged_address_only() -> None:
    rebinder = Rebinder(SERVER, "127.0.0.1")
    with http_server(SERVER) as port:
        http = GuardedPoolManager(policy=POLICY, resolver=rebinder, maxsize=1)
        assert http.request("GET", f"http://rebind.example:{port}/").status == 200
        assert rebinder.asked == 1  # looked up once, connected to that answer
        http.clear()  # a new connection looks up again, and is refused this time
        with pytest.raises(DestinationBlockedError):
            http.request("GET", f"http://rebind.example:{port}/")


def test_urllib3_tries_the_next_allowed_answer() -> None:
    closed = socket.socket()
    closed.bind((OTHER, 0))
    dead = closed.getsockname()[1]
    closed.close()
    policy = Policy(allow=[SERVER, OTHER], this_host=())
    with http_server(SERVER) as port:
        resolver = FakeResolver({"two.example": [OTHER, SERVER]})
        http = GuardedPoolManager(policy=policy, resolver=resolver)
        assert http.request("GET", f"http://two.example:{port}/").status == 200
    with pytest.raises(MaxRetryError):  # nothing listens: urllib3's own error, as usual
        http.request("GET", f"http://two.example:{dead}/", retries=0)


def test_urllib3_lookup_failure_is_urllib3s_error() -> None:
    http = GuardedPoolManager(policy=POLICY, resolver=FakeResolver({}))
    with pytest.raises(MaxRetryError) as info:
        http.request("GET", "http://nowhere.example/", retries=0)
    assert isinstance(info.value.reason, NameResolutionError)


def test_urllib3_refused_scheme() -> None:
    http = GuardedPoolManager(policy=Policy(schemes=["https"], allow=[SERVER], this_host=()))
    with pytest.raises(DestinationBlockedError) as info:
        http.request("GET", f"http://{SERVER}:9/")
    assert str(info.value) == (
        "refused to connect to '127.0.0.2' port 9: refused (scheme): scheme 'http' is not in https"
    )


def test_urllib3_connection_alone_uses_the_default_policy() -> None:
    conn = GuardedHTTPConnection("127.0.0.1", 9)
    with pytest.raises(DestinationBlockedError):
        conn.connect()


def test_urllib3_bad_arguments() -> None:
    with pytest.raises(PolicyError, match=r"policy: 'strict' is not a loopback\.ssrf\.Policy"):
        GuardedPoolManager(policy="strict")  # type: ignore[arg-type]
    with pytest.raises(PolicyError, match="resolver: 5 is not callable"):
        GuardedPoolManager(resolver=5)  # type: ignore[arg-type]


# --- requests --------------------------------------------------------------------------------


def test_requests_allowed_server_and_blocked_destinations() -> None:
    resolver = FakeResolver({"app.example": [SERVER], "meta.example": ["169.254.169.254"]})
    with http_server(SERVER) as port:
        session = guarded_session(POLICY, resolver)
        response = session.get(f"http://app.example:{port}/", timeout=5)
        assert response.text == f"host=app.example:{port}"
        with pytest.raises(DestinationBlockedError) as info:
            session.get(f"http://meta.example:{port}/", timeout=5)
        assert info.value.verdicts[0].rule == "cloud-metadata"
        with pytest.raises(DestinationBlockedError):
            session.get("http://0x7f.1:9/", timeout=5)


SPELLINGS = [
    "127.1", "0x7f.1", "2130706433", "0177.0.0.1", "0", "[::1]", "[::ffff:127.0.0.1]",
    "[::ffff:7f00:1]", "[::127.0.0.1]", "[::]", "[64:ff9b::7f00:1]", "[64:ff9b::a9fe:a9fe]",
    "[2002:a9fe:a9fe::]", "169.254.169.254", "0xa9fea9fe", "localhost", "foo.localhost",
]  # fmt: skip


@pytest.mark.parametrize("host", SPELLINGS)
def test_requests_refuses_every_spelling(host: str) -> None:
    session = guarded_session(Policy(this_host=()))
    with pytest.raises(DestinationBlockedError):
        session.get(f"http://{host}:9/", timeout=5)


def test_requests_https(tmp_path: Path) -> None:
    ca = trustme.CA()
    ca_file = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    resolver = FakeResolver({"app.example": [SERVER]})
    with http_server(SERVER, server_tls(ca, "app.example")) as port:
        session = guarded_session(POLICY, resolver)
        response = session.get(f"https://app.example:{port}/", verify=str(ca_file), timeout=5)
        assert response.text == f"host=app.example:{port}"


def test_requests_redirect_from_an_allowed_server_to_a_blocked_one() -> None:
    resolver = FakeResolver({"app.example": [SERVER], "internal.example": [OTHER]})
    with http_server(SERVER) as port, http_server(OTHER) as other:
        session = guarded_session(POLICY, resolver)
        for target in [f"http://internal.example:{other}/", f"http://{OTHER}:{other}/"]:
            with pytest.raises(DestinationBlockedError):
                session.get(f"http://app.example:{port}/redirect?{target}", timeout=5)
        ok = session.get(f"http://app.example:{port}/redirect?http://{SERVER}:{port}/", timeout=5)
        assert ok.status_code == 200
        assert len(ok.history) == 1


def test_requests_ipv6_server() -> None:
    try:
        context = http_server("::1")
        port = context.__enter__()
    except OSError:  # pragma: no cover - a machine without IPv6
        pytest.skip("no IPv6 loopback")
    try:
        with pytest.raises(DestinationBlockedError):
            guarded_session(Policy(this_host=())).get(f"http://[::1]:{port}/", timeout=5)
        response = guarded_session(Policy(allow=["::1"], this_host=())).get(
            f"http://[::1]:{port}/", timeout=5
        )
        assert response.text == f"host=[::1]:{port}"
    finally:
        context.__exit__(None, None, None)


def test_requests_refuses_proxies_and_other_schemes() -> None:
    session = guarded_session(POLICY)
    with pytest.raises(DestinationBlockedError) as info:
        session.get(f"http://{SERVER}:9/", proxies={"http": "http://proxy.example:3128"})
    assert info.value.verdicts[0].rule == "proxy"
    assert not session.trust_env
    adapter = GuardedAdapter(Policy(schemes=["https"], this_host=()))
    session.mount("http://", adapter)
    with pytest.raises(DestinationBlockedError) as info:
        session.get(f"http://{SERVER}:9/")
    assert info.value.verdicts[0].rule == "scheme"


def test_requests_adapter_pickles_with_its_policy() -> None:
    adapter = GuardedAdapter(POLICY, max_retries=2)
    again = pickle.loads(pickle.dumps(adapter))
    assert again.guard.policy == POLICY
    assert isinstance(again.poolmanager, GuardedPoolManager)
