"""The loopback command, run in-process as main(argv) (loopback/_cli.py)."""

from __future__ import annotations

import io
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
