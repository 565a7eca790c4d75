"""The loopback command, run in-process as main(argv) (loopback/_cli.py)."""

from __future__ import annotations

import io
import json
import os
import runpy
import subprocess
import sys
from pathlib import Path

import pytest

from loopback._cli import main


def test_check(capsys: pytest.CaptureFixture[str]) -> None:
    hosts = ["127.1", "::ffff:127.0.0.1", "localhost", "0.0.0.0", "example.com", "%31%32%37.0.0.1"]
    assert main(["check", *hosts]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 6
    assert "127.0.0.1" in out[0] and "loopback" in out[0] and "inet_aton form" in out[0]
    assert "::ffff:127.0.0.1" in out[1] and "loopback" in out[1]
    assert "localhost name (RFC 6761)" in out[2]
    assert "unspecified" in out[3]
    assert "not this machine" in out[4]
    assert "as a browser reads a URL host" in out[5] and "loopback" in out[5]


def test_check_non_host_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "a b", "::1"]) == 1
    out = capsys.readouterr().out
    assert "not a host: ' ' is forbidden in a host" in out


def test_check_local_but_not_a_url_host(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "127.0.0.1 foo"]) == 0
    assert "stays on this machine for some readers" in capsys.readouterr().out


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert "usage: loopback" in capsys.readouterr().err
    assert main(["check"]) == 2
    assert main(["nonsense"]) == 2


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.startswith("loopback ")


def test_check_other_addresses(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "10.0.0.1"]) == 0
    assert "not this machine" in capsys.readouterr().out


def test_main_module(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys, "argv", ["loopback", "check", "127.0.0.1"])
    main_file = Path(__file__).resolve().parent.parent / "loopback" / "__main__.py"
    with pytest.raises(SystemExit) as info:
        runpy.run_path(str(main_file), run_name="__main__")
    assert info.value.code == 0
    assert "loopback" in capsys.readouterr().out


def test_plain_text_streams(monkeypatch: pytest.MonkeyPatch) -> None:
    out = io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)
    assert main(["check", "::1"]) == 0
    assert "loopback" in out.getvalue()


def test_output_a_terminal_cannot_encode_is_escaped() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "loopback", "check", "\uff4cocalhost"],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONIOENCODING": "ascii"},
    )
    assert result.returncode == 0, result.stderr
    assert "\\uff4cocalhost" in result.stdout


def test_python_dash_m() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "loopback", "check", "::1"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "loopback" in result.stdout


class TestHostsCommand:
    @pytest.fixture
    def hosts_file(self, tmp_path: Path) -> Path:
        path = tmp_path / "hosts"
        path.write_bytes(b"127.0.0.1 localhost\n::1 localhost ip6-localhost\n127.1 bad\n")
        return path

    def run(self, path: Path, *args: str) -> int:
        return main(["hosts", "--file", str(path), *args])

    def test_show(self, hosts_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
        assert self.run(hosts_file, "show") == 0
        lines = capsys.readouterr().out.splitlines()
        assert lines[0].split() == ["1", "entry", "127.0.0.1", "localhost"]
        assert "glibc does not read the address '127.1'" in lines[2]
        assert self.run(hosts_file, "--json", "show") == 0
        rows = json.loads(capsys.readouterr().out)
        assert rows[1] == {"line": 2, "kind": "entry", "address": "::1",
                           "names": ["localhost", "ip6-localhost"], "reason": None}  # fmt: skip

    def test_lookup_and_reverse(self, hosts_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
        assert self.run(hosts_file, "lookup", "LOCALHOST", "--multi", "on") == 0
        assert capsys.readouterr().out == "127.0.0.1\n::1\n"
        assert self.run(hosts_file, "lookup", "localhost", "--family", "6", "--multi", "off") == 0
        assert capsys.readouterr().out == "::1\n"
        assert self.run(hosts_file, "--json", "lookup", "nothere") == 1
        assert json.loads(capsys.readouterr().out) == []
        assert self.run(hosts_file, "reverse", "::1") == 0
        assert capsys.readouterr().out == "localhost\nip6-localhost\n"
        assert self.run(hosts_file, "--json", "reverse", "10.9.9.9") == 1
        assert json.loads(capsys.readouterr().out) is None

    def test_lint(self, hosts_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
        assert self.run(hosts_file, "lint") == 1
        out = capsys.readouterr().out
        assert out.startswith(f"{hosts_file}:3:1: error: glibc ignores this line")
        assert out.endswith("(fix: write the address as 127.0.0.1)\n")
        assert self.run(hosts_file, "--json", "lint") == 1
        assert (
            json.loads(capsys.readouterr().out)[0]["suggestion"] == "write the address as 127.0.0.1"
        )
        named = hosts_file.with_name("named")
        named.write_bytes(b"127.0.0.1 localhost bad_name\n")
        assert main(["hosts", "--file", str(named), "lint"]) == 0  # no column: none printed
        assert capsys.readouterr().out.startswith(f"{named}:1: info: 'bad_name' is not a host")
        clean = hosts_file.with_name("clean")
        clean.write_bytes(b"127.0.0.1 localhost\n")
        assert main(["hosts", "--file", str(clean), "lint"]) == 0

    def test_edits_print_a_diff(self, hosts_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
        before = hosts_file.read_bytes()
        assert self.run(hosts_file, "add", "10.0.0.1", "web", "--comment", "dev", "--dry-run") == 0
        assert "+10.0.0.1 web # dev\n" in capsys.readouterr().out
        assert hosts_file.read_bytes() == before
        assert self.run(hosts_file, "add", "10.0.0.1", "web") == 0
        assert hosts_file.read_bytes() == before + b"10.0.0.1 web\n"
        assert self.run(hosts_file, "remove", "ip6-localhost") == 0
        out = capsys.readouterr().out
        assert "-::1 localhost ip6-localhost\n+::1 localhost\n" in out
        assert b"ip6-localhost" not in hosts_file.read_bytes()

    def test_errors(self, hosts_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
        assert self.run(hosts_file, "add", "127.1", "x") == 1
        assert capsys.readouterr().err.startswith("loopback: invalid address '127.1'")
        assert self.run(hosts_file, "add", "10.0.0.1", "bad name") == 1
        assert "is not a host name" in capsys.readouterr().err
        assert main(["hosts", "--file", str(hosts_file.with_name("missing")), "show"]) == 1
        assert "no such file" in capsys.readouterr().err
        assert main(["hosts"]) == 2
