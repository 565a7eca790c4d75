"""Health checks that cannot reach their server (rule LB007, loopback/lint/_probes.py).

The fixtures are written the way Dockerfiles and compose files in public repositories
write their health checks: curl and wget against ``localhost`` or a loopback address,
in the shell and exec forms, beside the server's command line.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from loopback.lint import format_sarif, lint_path, rule_of
from loopback.lint._command_files import read_dockerfile
from loopback.lint._commands import read_shell
from loopback.lint._probes import probes


def write(directory: Path, name: str, text: str) -> Path:
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path


def probe_rows(path: Path) -> list[tuple[int, int, str, str]]:
    """(line, column, path, value) of each LB007 finding."""
    return [
        (f.line or 0, f.column or 0, f.dotted_path, str(f.value))
        for f in lint_path(path)
        if rule_of(f).id == "LB007"
    ]


# -- what a probe asks -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        # curl and GNU wget take a URL, or host[:port][/path]
        ("curl -f http://localhost:8080/health", [("curl", "localhost", (4, 6), 8080, True)]),
        (
            "curl -fsS -o /dev/null -H 'X: 1' https://127.0.0.1/",
            [("curl", "127.0.0.1", (4,), 443, True)],
        ),
        ("curl -sf [::1]:9000/ping", [("curl", "::1", (6,), 9000, True)]),
        ("curl --url http://0.0.0.0:80", [("curl", "0.0.0.0", (4,), 80, True)]),
        ("curl http://user@[::]:81/", [("curl", "::", (6,), 81, True)]),
        ("curl localhost", [("curl", "localhost", (4, 6), 80, True)]),
        ("curl http://localhost:${PORT}/", [("curl", "localhost", (4, 6), None, True)]),
        ("wget -qO- http://localhost:3000", [("wget", "localhost", (4, 6), 3000, None)]),
        ("/usr/bin/wget --spider -T 3 127.0.0.1:3000", [("wget", "127.0.0.1", (4,), 3000, None)]),
        ("busybox wget -q --spider http://localhost", [("wget", "localhost", (4, 6), 80, False)]),
        ("timeout 5 wget -q localhost:8080", [("wget", "localhost", (4, 6), 8080, None)]),
        ("exec env -u X A=1 curl http://localhost", [("curl", "localhost", (4, 6), 80, True)]),
        ("nice -n 5 curl http://localhost", [("curl", "localhost", (4, 6), 80, True)]),
        ("if ! wget -q localhost:80", [("wget", "localhost", (4, 6), 80, None)]),
        # one family asked for
        ("curl -6 -f http://localhost:80", [("curl", "localhost", (6,), 80, True)]),
        ("wget --inet4-only http://localhost", [("wget", "localhost", (4,), 80, None)]),
        ("nc -4 -z localhost 80", [("nc", "localhost", (4,), 80, None)]),
        # nc HOST PORT
        ("nc -z -w 2 localhost 6379", [("nc", "localhost", (4, 6), 6379, None)]),
        ("netcat -zv 127.0.0.1 x", [("netcat", "127.0.0.1", (4,), None, None)]),
        # clients whose options name the host
        (
            "grpc_health_probe -addr=localhost:50051",
            [("grpc_health_probe", "localhost", (4, 6), 50051, True)],
        ),
        ("grpc_health_probe -addr [::1]:50051", [("grpc_health_probe", "::1", (6,), 50051, True)]),
        ("redis-cli ping", [("redis-cli", "127.0.0.1", (4,), 6379, True)]),
        ("redis-cli -h ::1 -p 6380 ping", [("redis-cli", "::1", (6,), 6380, True)]),
        (
            "pg_isready --host=127.0.0.1 --port=5433",
            [("pg_isready", "127.0.0.1", (4,), 5433, True)],
        ),
        # not a probe of this machine, or not known where it goes
        ("pg_isready -U postgres", []),
        ("redis-cli -h", [("redis-cli", "127.0.0.1", (4,), 6379, True)]),
        ("curl -f http://api.internal/health", []),
        ("curl -f ftp://localhost/", []),
        ("curl -x localhost:3128 http://localhost/", []),
        ("curl --unix-socket /run/app.sock http://localhost/", []),
        ("curl --max-redirs 0 http://example.com/", []),
        ("wget -e use_proxy=yes http://localhost/", []),
        ("nc -U /run/app.sock", []),
        ("nc", []),
        ("python -c 'import urllib'", []),
        ("sh -c 'curl localhost'", []),  # the caller reads the shell text
        ("exec", []),
        ("", []),
    ],
)
def test_probes(
    words: str, expected: list[tuple[str, str, tuple[int, ...], int | None, bool | None]]
) -> None:
    found = probes(words.split(" ") if words else [])
    got = [(p.program, p.host, tuple(sorted(p.families)), p.port, p.falls_back) for p in found]
    assert got == expected


@given(
    st.lists(
        st.sampled_from(
            [
                "curl",
                "wget",
                "nc",
                "-h",
                "-addr",
                "localhost",
                "[::1]",
                "http://[",
                "-p",
                "x",
                "redis-cli",
                "busybox",
                "timeout",
                "80",
                "-x",
                "://",
            ]
        )
    )
)
def test_any_words_read(words: list[str]) -> None:  # fmt: skip
    for probe in probes(words):
        assert 0 <= probe.word < len(words)


# -- Dockerfiles -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Alpine's wget is BusyBox's: localhost is ::1 first, no fall back, server on IPv4
        (
            (
                "FROM node:20-alpine\nEXPOSE 3000\n"
                "HEALTHCHECK --interval=30s --timeout=3s \\\n"
                "  CMD wget --no-verbose --tries=1 --spider http://localhost:3000/health \\\n"
                "  || exit 1\n"
                'CMD ["npx", "vite", "--host", "0.0.0.0", "--port", "3000"]\n'
            ),
            [(4, 44, "HEALTHCHECK.wget", "http://localhost:3000/health")],
        ),
        # a literal address of the family the server does not bind, exec form
        (
            (
                "FROM python:3.12-slim\n"
                'HEALTHCHECK CMD ["curl", "-f", "http://127.0.0.1:8000/"]\n'
                "CMD uvicorn app:app --host ::1 --port 8000\n"
            ),
            [(2, 33, "HEALTHCHECK.curl", "http://127.0.0.1:8000/")],
        ),
        (
            (
                "FROM python:3.12\nCMD gunicorn -b 127.0.0.1:8000 app:app\n"
                "HEALTHCHECK CMD curl -f http://[::1]:8000/ || exit 1\n"
            ),
            [(3, 25, "HEALTHCHECK.curl", "http://[::1]:8000/")],
        ),
        # the stage's base is an earlier Alpine stage; sh -c inside the exec form
        (
            (
                "FROM alpine:3.20 AS base\nFROM base\n"
                'HEALTHCHECK CMD ["sh", "-c", "nc -z localhost 6379"]\n'
                'CMD ["redis-server", "--bind", "0.0.0.0"]\n'
            ),
            [(3, 37, "HEALTHCHECK.nc", "localhost")],
        ),
        # the server's default (uvicorn: 127.0.0.1), its port not said
        (
            "FROM python:3.12\nHEALTHCHECK CMD curl -f http://[::1]:8000/\nCMD uvicorn app:app\n",
            [(2, 25, "HEALTHCHECK.curl", "http://[::1]:8000/")],
        ),
        (
            "FROM python:3.12\nHEALTHCHECK CMD curl -f [::1]:$PORT\nCMD uvicorn app:app\n",
            [(2, 25, "HEALTHCHECK.curl", "[::1]:$PORT")],
        ),
    ],
)
def test_dockerfile_health_checks_that_miss(
    tmp_path: Path, text: str, expected: list[tuple[int, int, str, str]]
) -> None:
    assert probe_rows(write(tmp_path, "Dockerfile", text)) == expected


@pytest.mark.parametrize(
    "text",
    [
        # curl tries ::1 and 127.0.0.1 in turn: no miss, whatever the server binds
        (
            "FROM node:20-alpine\nHEALTHCHECK CMD curl -f http://localhost:3000/ || exit 1\n"
            "CMD npx vite --host 0.0.0.0 --port 3000\n"
        ),
        # GNU wget falls back: Debian's, or installed over BusyBox's
        (
            "FROM python:3.12\nHEALTHCHECK CMD wget -qO- http://localhost:8000/\n"
            "CMD gunicorn -b 0.0.0.0:8000 app:app\n"
        ),
        (
            "FROM python:3.12-alpine\nRUN apk add --no-cache wget curl\n"
            "HEALTHCHECK CMD wget -qO- http://localhost:8000/\n"
            "CMD gunicorn -b 0.0.0.0:8000 app:app\n"
        ),
        # the probe's address is the server's family
        (
            "FROM node:20-alpine\nHEALTHCHECK CMD wget -q --spider http://127.0.0.1:3000/\n"
            "CMD npx vite --host 0.0.0.0 --port 3000\n"
        ),
        # a server on IPv6 loopback is found by BusyBox's first address, ::1
        (
            "FROM python:3.12-alpine\nHEALTHCHECK CMD wget -q http://localhost:8000/\n"
            "CMD uvicorn app:app --host ::1\n"
        ),
        # :: may be dual-stack or IPv6 only: not known, no finding
        (
            "FROM python:3.12\nHEALTHCHECK CMD curl -f http://127.0.0.1:8000/\n"
            "CMD hypercorn -b [::]:8000 app:app\n"
        ),
        # the server is not on the probed port (a sidecar, another process)
        (
            "FROM python:3.12\nHEALTHCHECK CMD curl -f http://[::1]:9000/\n"
            "CMD gunicorn -b 127.0.0.1:8000 app:app\n"
        ),
        # two servers of unknown ports: which one is probed is not known
        (
            "FROM python:3.12\nHEALTHCHECK CMD curl -f http://[::1]:9000/\n"
            "CMD uvicorn a:app --host 127.0.0.1 & uvicorn b:app --host 127.0.0.1\n"
        ),
        # no known server, a variable host, a probe elsewhere
        (
            "FROM node:20-alpine\nHEALTHCHECK CMD wget -q --spider http://localhost:3000/\n"
            'CMD ["node", "server.js"]\n'
        ),
        (
            "FROM python:3.12-alpine\nHEALTHCHECK CMD wget -q http://localhost:8000/\n"
            "CMD uvicorn app:app --host $HOST\n"
        ),
        (
            "FROM python:3.12-alpine\nHEALTHCHECK CMD curl -f http://[::1]:8000/\n"
            "CMD uvicorn app:app --host app.internal\n"
        ),
        # NONE, no CMD, options only, a HEALTHCHECK replaced by NONE
        "FROM python:3.12\nHEALTHCHECK NONE\nCMD uvicorn app:app --host ::1\n",
        "FROM python:3.12\nHEALTHCHECK --interval=5s\nCMD uvicorn app:app --host ::1\n",
        (
            "FROM python:3.12\nHEALTHCHECK CMD curl -f http://127.0.0.1:8000/\nHEALTHCHECK NONE\n"
            "CMD uvicorn app:app --host ::1 --port 8000\n"
        ),
        "FROM python:3.12\nHEALTHCHECK\nCMD uvicorn app:app --host ::1\n",
        # a script: what it probes is not known
        "FROM python:3.12-alpine\nHEALTHCHECK CMD sh /healthcheck.sh\nCMD uvicorn app:app\n",
        # the health check of another stage
        (
            "FROM python:3.12 AS test\nHEALTHCHECK CMD curl -f http://127.0.0.1:8000/\n"
            "FROM python:3.12\nCMD uvicorn app:app --host ::1\n"
        ),
    ],
)
def test_dockerfile_health_checks_that_reach(tmp_path: Path, text: str) -> None:
    assert probe_rows(write(tmp_path, "Dockerfile", text)) == []


# -- compose -----------------------------------------------------------------------------------

COMPOSE = """\
services:
  web:
    image: node:20-alpine
    command: npx vite --host 0.0.0.0 --port 5173
    ports: ["127.0.0.1:5173:5173"]
    healthcheck:
      test: ["CMD", "wget", "-q", "--spider", "http://localhost:5173"]
      interval: 10s
  api:
    build: .
    command: ["uvicorn", "app:app", "--host", "::1"]
    healthcheck:
      test: ["CMD-SHELL", "curl -f http://127.0.0.1:8000/ || exit 1"]
  worker:
    build: .
    command: ["uvicorn", "app:app", "--host", "::1"]
    healthcheck:
      test: curl -f http://127.0.0.1:8000/ || exit 1
  built:
    build: .
    command: npx vite --host 0.0.0.0 --port 5173
    healthcheck:
      test: wget -q --spider http://localhost:5173
  cache:
    image: redis:7-alpine
    command: redis-server --bind 0.0.0.0
    healthcheck:
      test: ["CMD", "redis-cli", "ping"]
  db:
    image: postgres:16
    healthcheck:
      test: ["CMD-SHELL", "pg_isready -U postgres -h 127.0.0.1"]
  off:
    image: python:3.12-alpine
    command: uvicorn app:app --host 0.0.0.0
    healthcheck:
      test: ["NONE"]
  odd:
    image: python:3.12-alpine
    command: uvicorn app:app --host 0.0.0.0
    healthcheck:
      test: [CMD, wget, {a: 1}]
"""


def test_compose_health_checks(tmp_path: Path) -> None:
    assert probe_rows(write(tmp_path, "compose.yaml", COMPOSE)) == [
        (7, 48, "services.web.healthcheck.test.4.wget", "http://localhost:5173"),
        (13, 36, "services.api.healthcheck.test.1.curl", "http://127.0.0.1:8000/"),
        (18, 21, "services.worker.healthcheck.test.curl", "http://127.0.0.1:8000/"),
    ]


def test_the_rule_in_sarif(tmp_path: Path) -> None:
    found = lint_path(write(tmp_path, "compose.yaml", COMPOSE))
    (finding, *_) = [f for f in found if rule_of(f).id == "LB007"]
    assert finding.verdict.message == (
        "BusyBox wget connects to the first address of localhost only, ::1 where the "
        "container has IPv6 loopback (musl lists it first), and does not fall back to "
        "127.0.0.1, but the server binds 0.0.0.0 (IPv4 only): the health check can fail "
        "while the server runs; probe 127.0.0.1, or bind :: as well"
    )
    assert rule_of(finding).severity == "warning"
    assert '"id": "LB007"' in format_sarif([finding])


# -- the reverse: loopback inside a published container (LB005) -------------------------------

SERVICE = (
    "services:\n  a:\n    image: x\n    ports: {ports}\n"
    "    command: gunicorn -b 127.0.0.1:8000 a:b\n"
)
POD = (
    "kind: Pod\nspec:\n  containers:\n  - name: a\n    ports: [{{containerPort: {port}}}]\n"
    "    command: [gunicorn, -b, '127.0.0.1:8000', a:b]\n"
)


@pytest.mark.parametrize(
    ("name", "text", "checks"),
    [
        # the published or exposed port is the server's: it cannot reach it
        ("Dockerfile", "FROM python:3.12\nEXPOSE 8000/tcp\nCMD gunicorn -b 127.0.0.1:8000 a:b\n",
         ["unreachable"]),
        ("Dockerfile", "FROM python:3.12\nEXPOSE 7990-8010\nCMD gunicorn -b 127.0.0.1:8000 a:b\n",
         ["unreachable"]),
        # the port is not known on one side: still reported
        ("Dockerfile", "FROM python:3.12\nEXPOSE $PORT\nCMD gunicorn -b 127.0.0.1:8000 a:b\n",
         ["unreachable"]),
        ("Dockerfile", "FROM python:3.12\nEXPOSE 80\nCMD uvicorn a:b --host 127.0.0.1\n",
         ["unreachable"]),
        # an app server on loopback behind a proxy on another port of the same container
        ("Dockerfile", "FROM python:3.12\nEXPOSE 80 443\nCMD gunicorn -b 127.0.0.1:8000 a:b\n",
         [""]),
        ("Dockerfile", "FROM python:3.12\nCMD gunicorn -b 127.0.0.1:8000 a:b\n", [""]),
        ("compose.yaml", SERVICE.format(ports="['8080:80']"), ["", ""]),
        ("compose.yaml", SERVICE.format(ports="[{target: 8000, published: 80}]"),
         ["", "unreachable"]),
        ("pod.yaml", POD.format(port=80), ["", ""]),
        ("pod.yaml", POD.format(port=8000), ["", "unreachable"]),
    ],
)  # fmt: skip
def test_loopback_in_a_published_container(
    tmp_path: Path, name: str, text: str, checks: list[str]
) -> None:
    assert [f.check for f in lint_path(write(tmp_path, name, text))] == checks


PROBED = """\
kind: Deployment
spec:
  template:
    spec:
      containers:
        - name: api
          image: python:3.12-alpine
          command: [gunicorn, -b, "127.0.0.1:8000", app:app]
          livenessProbe:
            httpGet: {path: /health, port: 8000}
        - name: sidecar
          image: python:3.12
          args: [gunicorn, -b, "127.0.0.1:9000", app:app]
          ports: [{name: http, containerPort: 80}]
          readinessProbe:
            tcpSocket: {port: http}
        - name: named
          image: python:3.12
          args: [gunicorn, -b, "127.0.0.1:9000", app:app]
          startupProbe:
            grpc: {port: grpc}
        - name: local
          image: python:3.12
          args: [gunicorn, -b, "127.0.0.1:9000", app:app]
          livenessProbe:
            httpGet: {host: 127.0.0.1, port: 9000}
            exec: {command: [curl, -f, "http://[::1]:9000/"]}
          readinessProbe:
            exec: {command: [sh, -c, "wget -q -O- http://localhost:9000/"]}
"""


def test_kubernetes_probes(tmp_path: Path) -> None:
    """The kubelet probes a pod's address: a server on loopback there is unreachable."""
    found = [
        (f.line, f.dotted_path, f.check) for f in lint_path(write(tmp_path, "deploy.yaml", PROBED))
    ]
    assert found == [
        (8, "spec.template.spec.containers.0.command.2.gunicorn", "unreachable"),
        (13, "spec.template.spec.containers.1.args.2.gunicorn", ""),  # 80 is probed, not 9000
        (14, "spec.template.spec.containers.1.ports", ""),
        (19, "spec.template.spec.containers.2.args.2.gunicorn", "unreachable"),  # not known
        (24, "spec.template.spec.containers.3.args.2.gunicorn", ""),
        (26, "spec.template.spec.containers.3.livenessProbe.httpGet.host", ""),  # a key 'host'
        (27, "spec.template.spec.containers.3.livenessProbe.exec.command.2.curl", "healthcheck"),
    ]


@pytest.mark.parametrize(
    ("line", "ports"),
    [
        ("uvicorn app:app --host 127.0.0.1 --port 9000", (9000,)),
        ("uvicorn app:app --port=9000", (9000,)),  # the default host, on that port
        ("flask run -h 0.0.0.0 -p 5001", (5001,)),
        ("gunicorn -b 127.0.0.1:8000 app:app", (8000,)),  # the bind names its own port
        ("uvicorn app:app --port $PORT", ()),
        ("uvicorn app:app --port 99999", ()),
        ("uvicorn app:app --port", ()),
        ("redis-server --bind 127.0.0.1 --port 6380", (6380,)),
        ("memcached -l /tmp/m.sock -p 11211", ()),  # a unix socket: no port
    ],
)
def test_a_servers_port_option(line: str, ports: tuple[int, ...]) -> None:
    (setting,) = [setting for _, setting in read_shell(line)]
    assert setting.verdict.ports == ports


def test_the_port_option_tells_which_server_is_probed(tmp_path: Path) -> None:
    text = (
        "FROM python:3.12\nEXPOSE 80\nHEALTHCHECK CMD curl -f http://[::1]:9000/\n"
        "CMD uvicorn a:app --host 127.0.0.1 --port 9000 & uvicorn b:app --host ::1 --port 80\n"
    )
    found = lint_path(write(tmp_path, "Dockerfile", text))
    assert [(f.dotted_path, f.check) for f in found] == [
        ("HEALTHCHECK.curl", "healthcheck"),
        ("CMD.uvicorn", ""),  # 9000 is not exposed
        ("CMD.uvicorn", "unreachable"),
    ]


DOCKER_WORDS = st.sampled_from(
    [
        "FROM alpine AS a\n",
        "FROM a\n",
        "HEALTHCHECK ",
        "CMD ",
        "NONE",
        "--interval=5s ",
        "curl ",
        "wget ",
        "nc ",
        "busybox ",
        "-6 ",
        "-z ",
        "localhost",
        "[::1]",
        "127.0.0.1",
        ":8000",
        "http://",
        "/",
        " ",
        "\\\n",
        "\n",
        '["',
        '", "',
        '"]',
        "uvicorn ",
        "--host ",
        "::1 ",
        "0.0.0.0",
        "gunicorn -b ",
        "sh -c '",
        "'",
        "|| exit 1",
        "$PORT",
        "EXPOSE 8000\n",
        "RUN apk add wget\n",
        "grpc_health_probe -addr=",
        "redis-cli -h ",
    ]
)


@given(st.lists(DOCKER_WORDS, max_size=25).map("".join))
def test_any_dockerfile_is_read(text: str) -> None:
    lines = text.split("\n")
    for finding in read_dockerfile("Dockerfile", text):
        assert finding.line is not None and 1 <= finding.line <= len(lines)
        assert (
            finding.column is not None and 1 <= finding.column <= len(lines[finding.line - 1]) + 1
        )
        rule_of(finding)
