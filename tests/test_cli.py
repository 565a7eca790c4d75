"""The loopback command, run in-process as main(argv) (loopback/_cli/)."""

from __future__ import annotations

import io
import json
import os
import runpy
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import loopback.lint._files
from loopback._cli import main
from loopback.errors import BindError
from loopback.lint import ConfigFileError


def check_rows(capsys: pytest.CaptureFixture[str], *args: str) -> list[dict[str, object]]:
    main(["check", "--json", *args])
    rows: list[dict[str, object]] = json.loads(capsys.readouterr().out)
    return rows


def test_check_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "::ffff:127.0.0.1", "8.8.8.8", "localhost", "*"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["HOST", "ADDRESS", "READ", "AS", "LOOPBACK", "WILDCARD",
                                "SPECIAL-PURPOSE", "GLOBAL", "MARTIAN", "SOURCE"]  # fmt: skip
    assert lines[1].startswith("'::ffff:127.0.0.1'  ::ffff:127.0.0.1  address        yes  ")
    assert lines[1].endswith(
        "  IPv4-mapped Address  no      loopback address off the loopback interface"
    )
    assert lines[2].split() == ["'8.8.8.8'", "8.8.8.8", "address", "no", "no", "-", "yes", "-"]
    assert lines[3].split() == ["'localhost'", "-", "name", "yes", "no", "-", "-", "-"]
    assert lines[4].split()[:5] == ["'*'", "-", "bind", "wildcard", "no"]
    assert lines[5] == "'*': as a bind host: all interfaces"


def test_check_json(capsys: pytest.CaptureFixture[str]) -> None:
    zero, private, name = check_rows(capsys, "::ffff:0.0.0.0", "10.1.2.3", "example.com")
    assert zero == {
        "host": "::ffff:0.0.0.0", "address": "::ffff:0.0.0.0", "read_as": "address",
        "loopback": False, "wildcard": True, "special_purpose": "IPv4-mapped Address",
        "is_global": False, "martian_source": "0.0.0.0 as a source", "note": None,
    }  # fmt: skip
    assert private["special_purpose"] == "Private-Use" and private["martian_source"] is None
    assert name == {"host": "example.com", "address": None, "read_as": "name", "loopback": False,
                    "wildcard": False, "special_purpose": None, "is_global": None,
                    "martian_source": None, "note": None}  # fmt: skip


def test_check_strict_by_default_lenient_on_request(capsys: pytest.CaptureFixture[str]) -> None:
    hosts = ["127.1", "0x7f.1", "%31%32%37.0.0.1"]
    for row in check_rows(capsys, *hosts):
        assert (row["address"], row["read_as"], row["loopback"]) == (None, "invalid", True)
        assert "--lenient reads 127.0.0.1; some readers of it reach this machine" in str(
            row["note"]
        )
    assert main(["check", *hosts]) == 0  # invalid, but not to every reader: no failure
    capsys.readouterr()
    lenient = check_rows(capsys, "--lenient", *hosts)
    assert [(r["address"], r["read_as"]) for r in lenient] == [
        ("127.0.0.1", "inet_aton form"), ("127.0.0.1", "inet_aton form"), ("127.0.0.1", "URL host")
    ]  # fmt: skip
    assert all(r["special_purpose"] == "Loopback" and r["note"] is None for r in lenient)


def test_check_non_host_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "a b", "::1"]) == 1
    assert "'a b': white space ' '\n" in capsys.readouterr().out


def test_check_reads_bind_hosts_as_the_core_does(capsys: pytest.CaptureFixture[str]) -> None:
    hosts = ["[::1]", "[::]", "1.2.3.999", "-bad", "[0.0.0.0]", "db_1.internal"]
    rows = check_rows(capsys, "--", *hosts)
    assert [(r["address"], r["read_as"], r["wildcard"]) for r in rows] == [
        ("::1", "bracketed address", False),
        ("::", "bracketed address", True),
        (None, "invalid", False),
        (None, "invalid", False),
        (None, "invalid", False),
        (None, "name", False),
    ]
    assert rows[2]["note"] == (
        "octet above 255 (text ending in a number is an IPv4 address, not a name)"
    )
    assert rows[3]["note"] == "a label starting or ending with '-'"
    assert (
        rows[4]["note"]
        == "brackets hold an IPv6 address only; some readers of it reach this machine"
    )


def test_check_local_but_not_a_url_host(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--lenient", "127.0.0.1 foo"]) == 0
    assert "some readers of it reach this machine" in capsys.readouterr().out


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert "usage: loopback" in capsys.readouterr().err
    assert main(["check"]) == 2
    assert main(["nonsense"]) == 2


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.startswith("loopback ")


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


@pytest.fixture
def hosts_file(tmp_path: Path) -> Path:
    path = tmp_path / "hosts"
    path.write_bytes(b"127.0.0.1 localhost\n::1 localhost ip6-localhost\n127.1 bad\n")
    return path


class TestHostsCommand:
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

    def test_misses_say_what_was_not_found(
        self, hosts_file: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        assert self.run(hosts_file, "lookup", "nothere") == 1
        assert capsys.readouterr() == ("", f"loopback: no address for 'nothere' in {hosts_file}\n")
        assert self.run(hosts_file, "reverse", "10.9.9.9") == 1
        assert capsys.readouterr().err == (
            f"loopback: no line has the address '10.9.9.9' in {hosts_file}\n"
        )

    def test_add_of_an_entry_already_there(
        self, hosts_file: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        before = hosts_file.read_bytes()
        assert self.run(hosts_file, "add", "::1", "IP6-LOCALHOST") == 0
        assert capsys.readouterr().out == (
            f"already in {hosts_file}: '::1 IP6-LOCALHOST'; nothing written\n"
        )
        assert hosts_file.read_bytes() == before
        assert list(hosts_file.parent.iterdir()) == [hosts_file]  # no backup either

    def test_remove_of_what_is_not_there(
        self, hosts_file: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        before = hosts_file.read_bytes()
        for missing in ("nothere", "10.9.9.9", "bad"):  # "bad" is on a line glibc ignores
            assert self.run(hosts_file, "remove", missing) == 1
            assert capsys.readouterr() == (
                "",
                f"loopback: '{missing}' is not in {hosts_file}: nothing removed, nothing written\n",
            )
        assert hosts_file.read_bytes() == before
        assert list(hosts_file.parent.iterdir()) == [hosts_file]  # no backup

    def test_remove_by_address(self, hosts_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
        assert self.run(hosts_file, "remove", "0:0::1") == 0
        assert "-::1 localhost ip6-localhost\n" in capsys.readouterr().out
        assert hosts_file.read_bytes() == b"127.0.0.1 localhost\n127.1 bad\n"

    def test_backups_and_restore(
        self, hosts_file: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        assert self.run(hosts_file, "restore") == 1
        assert capsys.readouterr().err == f"loopback: no backup of {hosts_file} to restore\n"
        first = hosts_file.read_bytes()
        assert self.run(hosts_file, "add", "10.0.0.1", "one") == 0
        second = hosts_file.read_bytes()
        assert self.run(hosts_file, "add", "10.0.0.2", "two") == 0
        capsys.readouterr()
        assert self.run(hosts_file, "backups") == 0
        oldest, newest = capsys.readouterr().out.splitlines()
        assert Path(oldest).read_bytes() == first
        assert Path(newest).read_bytes() == second
        assert self.run(hosts_file, "restore", "--dry-run") == 0
        assert "-10.0.0.2 two\n" in capsys.readouterr().out
        assert self.run(hosts_file, "restore") == 0
        assert hosts_file.read_bytes() == second
        assert self.run(hosts_file, "restore", oldest) == 0
        assert hosts_file.read_bytes() == first
        capsys.readouterr()
        assert self.run(hosts_file, "restore", oldest) == 0
        assert capsys.readouterr().out == f"{hosts_file} already holds {oldest}; nothing written\n"
        assert self.run(hosts_file, "--json", "backups") == 0
        assert len(json.loads(capsys.readouterr().out)) == 4

    def test_blocks(self, hosts_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
        before = hosts_file.read_bytes()
        assert self.run(hosts_file, "block", "app", "list") == 1
        assert capsys.readouterr().err == f"loopback: there is no block 'app' of {hosts_file}\n"
        assert self.run(hosts_file, "block", "app", "add", "127.0.0.1", "api.localhost") == 0
        assert self.run(hosts_file, "block", "app", "add", "::1", "api.localhost", "x") == 0
        assert self.run(hosts_file, "block", "app", "add", "0::1", "API.localhost") == 0
        assert capsys.readouterr().out.endswith(
            f"already in the block 'app' of {hosts_file}: '0::1 API.localhost'; nothing written\n"
        )
        assert self.run(hosts_file, "block", "app", "list") == 0
        assert capsys.readouterr().out == "127.0.0.1 api.localhost\n::1 api.localhost x\n"
        enabled = hosts_file.read_bytes()
        assert self.run(hosts_file, "block", "app", "disable") == 0
        assert self.run(hosts_file, "block", "app", "disable") == 0
        assert capsys.readouterr().out.endswith("is disabled already; nothing written\n")
        assert self.run(hosts_file, "block", "app", "list", "--json") == 0
        shown = json.loads(capsys.readouterr().out)
        assert (shown["exists"], shown["enabled"]) == (True, False)
        assert shown["entries"] == [["127.0.0.1", "api.localhost"], ["::1", "api.localhost", "x"]]
        assert [line["kind"] for line in shown["lines"]] == ["comment", "comment"]
        assert self.run(hosts_file, "--json", "block", "app", "enable") == 2
        assert capsys.readouterr().err.endswith(
            "error: --json goes with block 'app' list; edits print a diff\n"
        )
        assert self.run(hosts_file, "lookup", "x") == 1
        assert self.run(hosts_file, "block", "app", "enable") == 0
        assert hosts_file.read_bytes() == enabled
        assert self.run(hosts_file, "block", "app", "remove", "nothere") == 1
        assert self.run(hosts_file, "block", "app", "remove", "API.localhost") == 0
        assert self.run(hosts_file, "block", "app", "list") == 0
        assert capsys.readouterr().out.endswith("\n::1 x\n")
        assert self.run(hosts_file, "block", "app", "remove", "::1") == 0
        assert self.run(hosts_file, "block", "app", "remove") == 0
        assert hosts_file.read_bytes() == before
        assert self.run(hosts_file, "block", "app", "add", "127.0.0.1") == 2
        assert self.run(hosts_file, "block", "bad name", "list") == 2
        assert "a block owner is 1 to 64 of" in capsys.readouterr().err

    @pytest.mark.parametrize(
        ("platform", "command"),
        [
            ("darwin", "sudo dscacheutil -flushcache; sudo killall -HUP mDNSResponder"),
            ("win32", "ipconfig /flushdns"),
            ("linux", None),
        ],
    )
    def test_the_resolver_flush_is_shown_not_run(
        self,
        hosts_file: Path,
        capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch,
        platform: str,
        command: str | None,
    ) -> None:
        monkeypatch.setattr("loopback._cli._hosts.sys.platform", platform)
        assert self.run(hosts_file, "add", "10.0.0.1", "web", "--dry-run") == 0
        assert "flush the resolver" not in capsys.readouterr().out  # nothing saved
        assert self.run(hosts_file, "add", "10.0.0.1", "web") == 0
        last = capsys.readouterr().out.splitlines()[-1]
        if command is None:
            assert "flush the resolver" not in last
        else:
            assert last == f"saved; to make lookups see it now, flush the resolver cache: {command}"

    def test_lint(self, hosts_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
        assert self.run(hosts_file, "lint") == 1
        out = capsys.readouterr().out
        assert out.startswith(f"{hosts_file}:3:1: error: glibc ignores this line")
        assert out.endswith("(fix: write the address as 127.0.0.1)\n")
        assert self.run(hosts_file, "--json", "lint") == 1
        assert json.loads(capsys.readouterr().out)[0]["fix"] == "write the address as 127.0.0.1"
        named = hosts_file.with_name("named")
        named.write_bytes(b"127.0.0.1 localhost bad_name\n")
        assert main(["hosts", "--file", str(named), "lint"]) == 0  # no column: none printed
        assert capsys.readouterr().out.startswith(f"{named}:1: note: 'bad_name' is not a host")
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

    def test_arguments_that_do_not_read_are_usage_errors(
        self, hosts_file: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        before = hosts_file.read_bytes()
        assert self.run(hosts_file, "add", "127.1", "x") == 2
        usage, *_, error = capsys.readouterr().err.splitlines()
        assert usage.startswith("usage: loopback hosts add ")
        assert error.startswith("loopback hosts add: error: invalid address '127.1'")
        assert self.run(hosts_file, "add", "10.0.0.1", "bad name") == 2
        assert "is not a host name" in capsys.readouterr().err
        assert self.run(hosts_file, "reverse", "x" * 100_000) == 2
        error = capsys.readouterr().err.splitlines()[-1]
        assert error.startswith(f"loopback hosts reverse: error: invalid address '{'x' * 60}...'")
        assert len(error) < 200
        assert hosts_file.read_bytes() == before
        assert main(["hosts"]) == 2
        assert main(["hosts", "show", "--family", "4"]) == 2  # lookup's option

    def test_a_file_that_cannot_be_read(
        self, hosts_file: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        missing = hosts_file.with_name("missing")
        assert main(["hosts", "--file", str(missing), "show"]) == 1
        assert capsys.readouterr().err == (
            f"loopback: cannot read the hosts file {missing}: no such file\n"  # no [Errno 2]
        )

    @pytest.mark.parametrize(
        "args",
        [
            ["--file", "{}", "--json", "show"],
            ["--json", "show", "--file", "{}"],
            ["show", "--json", "--file", "{}"],
            ["--file", "{}", "show", "--json"],
        ],
    )
    def test_options_before_or_after_the_action(
        self, hosts_file: Path, capsys: pytest.CaptureFixture[str], args: list[str]
    ) -> None:
        assert main(["hosts", *(a.format(hosts_file) for a in args)]) == 0
        assert json.loads(capsys.readouterr().out)[0]["names"] == ["localhost"]

    def test_an_option_after_the_action_wins(
        self, hosts_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        other = tmp_path / "other"
        other.write_bytes(b"10.0.0.1 other\n")
        args = ["hosts", "--file", str(hosts_file), "lookup", "other", "--file", str(other)]
        assert main(args) == 0
        assert capsys.readouterr().out == "10.0.0.1\n"


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class TestColour:
    def lint(self, hosts_file: Path, monkeypatch: pytest.MonkeyPatch) -> str:
        out = Terminal()
        monkeypatch.setattr(sys, "stdout", out)
        assert main(["hosts", "--file", str(hosts_file), "lint"]) == 1
        return out.getvalue()

    def test_on_a_terminal(self, hosts_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.delenv("NO_COLOR", raising=False)
        assert f"{hosts_file}:3:1: \x1b[31merror\x1b[0m: glibc" in self.lint(
            hosts_file, monkeypatch
        )

    def test_never_with_no_color(self, hosts_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("NO_COLOR", "1")
        assert "\x1b" not in self.lint(hosts_file, monkeypatch)

    def test_never_into_a_pipe(self, hosts_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
        assert main(["hosts", "--file", str(hosts_file), "lint"]) == 1
        assert "\x1b" not in capsys.readouterr().out

    def test_doctor_statuses(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.delenv("NO_COLOR", raising=False)
        out = Terminal()
        monkeypatch.setattr(sys, "stdout", out)
        main(["doctor"])
        first = out.getvalue().splitlines()[0]
        assert first.startswith(
            ("\x1b[32mPASS\x1b[0m  ", "\x1b[33mWARN\x1b[0m  ", "\x1b[31mFAIL\x1b[0m  ")
        )


def test_reference_shows_the_real_help(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    page = (Path(__file__).resolve().parent.parent / "docs" / "reference" / "cli.md").read_text()
    blocks = [b.split("```", 1)[0] for b in page.split("```text\n")[1:]]
    helps = [b for b in blocks if b.startswith("usage: loopback")]
    assert len(helps) == 16  # loopback, its six commands, and the nine hosts actions
    for block in helps:
        command = []  # the words before the first option: "hosts", "lookup"
        for word in block.split("\n", 1)[0].split()[2:]:
            if not (word.islower() and word.replace("-", "").isalpha()):
                break
            command.append(word)
        assert main([*command, "--help"]) == 0
        shown = capsys.readouterr().out.replace("optional arguments:", "options:")  # 3.9's word
        # Compared word by word: argparse's columns for the command list differ between
        # Python versions (3.13 widens them to the longest name, free-port).
        assert shown.split() == block.split(), command


def test_a_long_argument_is_quoted_truncated(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["doctor", "9" * 100_000]) == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        f"loopback doctor: error: port out of range: '{'9' * 60}...' (1 to 65535)"
    )


class TestLintCommand:
    data = Path(__file__).resolve().parent / "data" / "lint"

    def test_text_lists_what_matters(
        self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        monkeypatch.chdir(self.data)
        assert main(["lint", "compose/docker-compose.yml", "redis.conf"]) == 1
        out = capsys.readouterr().out
        reference = (Path(__file__).resolve().parent.parent / "docs/reference/cli.md").read_text()
        assert f"$ loopback lint compose/docker-compose.yml redis.conf\n{out}```" in reference
        assert main(["lint", "--all", "redis-sentinel-unix.conf"]) == 0
        assert capsys.readouterr().out == (
            "redis-sentinel-unix.conf:1:6: bind: note: port 0: Redis opens no TCP port [LB101]\n"
            "1 bind setting(s) found, 0 exposing a service\n"
        )
        assert main(["lint", "redis-sentinel-unix.conf"]) == 0
        assert capsys.readouterr().out == "1 bind setting(s) found, 0 exposing a service\n"

    def test_json_and_sarif(
        self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        monkeypatch.chdir(self.data)
        assert main(["lint", "--json", "config.json"]) == 1
        rows = json.loads(capsys.readouterr().out)
        assert [(r["path"], r["exposure"]) for r in rows] == [
            (["devServer", "host"], "all_interfaces"),
            (["upstreams", 0, "address"], "specific_address"),
        ]
        assert main(["lint", "--format", "json", "--all", "config.json"]) == 1
        assert len(json.loads(capsys.readouterr().out)) == 4
        assert main(["lint", "--json", "--all", "."]) == 1
        files = {row["file"] for row in json.loads(capsys.readouterr().out)}
        assert "app.env" in files and "nginx/sites-enabled/default" in files  # no "./"
        assert main(["lint", "--format", "sarif", "."]) == 1
        log = json.loads(capsys.readouterr().out)
        results = log["runs"][0]["results"]
        assert log["version"] == "2.1.0"
        assert {r["level"] for r in results} == {"error", "warning"}
        uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results}
        assert "nginx/sites-enabled/default" in uris

    def test_files_that_cannot_be_read(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        good = tmp_path / "a.json"
        good.write_text('{"host": "127.0.0.1"}')
        (tmp_path / "b.json").write_text("{")
        assert main(["lint", str(tmp_path / "missing.yaml"), str(good), str(tmp_path)]) == 1
        captured = capsys.readouterr()
        assert captured.err == ""
        assert captured.out.splitlines() == [
            (
                f"{tmp_path / 'missing.yaml'}: error: cannot read it: No such file or directory "
                "[LB900]"
            ),
            (
                f"{tmp_path / 'b.json'}:1:2: error: not valid JSON: expected '\"' to start a key "
                "[LB900]"
            ),
            "2 bind setting(s) found, 0 exposing a service, 2 file(s) not read",  # a.json twice
        ]
        assert main(["lint", str(good)]) == 0
        capsys.readouterr()
        # an error like any other: --exit-zero, --fail-on never and ignore let it pass
        assert main(["lint", "--exit-zero", str(tmp_path)]) == 0
        assert main(["lint", "--fail-on", "never", str(tmp_path)]) == 0
        capsys.readouterr()
        assert main(["lint", "--format", "json", str(tmp_path / "b.json")]) == 1
        (row,) = json.loads(capsys.readouterr().out)
        assert (row["rule"], row["check"], row["severity"], row["line"], row["column"]) == (
            "LB900",
            "unreadable",
            "error",
            1,
            2,
        )
        assert row["message"] == "not valid JSON: expected '\"' to start a key"
        assert main(["lint", "--format", "sarif", str(tmp_path / "missing.yaml")]) == 1
        (result,) = json.loads(capsys.readouterr().out)["runs"][0]["results"]
        assert result["ruleId"] == "LB900"
        assert result["message"]["text"] == "cannot read it: No such file or directory"
        assert "region" not in result["locations"][0]["physicalLocation"]

    def test_a_bad_file_in_a_directory_hides_no_other(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        (tmp_path / "a.json").write_text("{")
        (tmp_path / "b.json").write_text('{"host": "0.0.0.0"}')
        assert main(["lint", str(tmp_path), str(tmp_path / "gone")]) == 1
        lines = capsys.readouterr().out.splitlines()
        assert lines[0].startswith(f"{tmp_path / 'a.json'}:1:2: error: not valid JSON: ")
        assert lines[1].startswith(f"{tmp_path / 'b.json'}:1:10: host: error")
        assert lines[2] == (
            f"{tmp_path / 'gone'}: error: cannot read it: No such file or directory [LB900]"
        )

    def test_colour_on_a_terminal(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.delenv("NO_COLOR", raising=False)
        out = Terminal()
        monkeypatch.setattr(sys, "stdout", out)
        assert main(["lint", str(self.data / "redis.conf")]) == 1
        assert ": \x1b[31merror\x1b[0m: " in out.getvalue()

    def test_a_directory_that_cannot_be_read(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        def unreadable(top: str, errors: list[ConfigFileError], **_: object) -> Iterator[str]:
            errors.append(ConfigFileError(top, "cannot read the directory: Permission denied"))
            yield from ()

        monkeypatch.setattr(loopback.lint._files, "walk", unreadable)
        assert main(["lint", str(tmp_path)]) == 1
        captured = capsys.readouterr()
        assert captured.err == ""  # no "holds no file" warning: it could not be looked into
        assert captured.out.splitlines()[0] == (
            f"{tmp_path}: error: cannot read the directory: Permission denied [LB900]"
        )


class TestFreePort:
    def test_prints_a_port(self, capsys: pytest.CaptureFixture[str]) -> None:
        for options in ([], ["--udp"], ["--both", "--host", "::1"], ["--host", "127.0.0.1"]):
            assert main(["free-port", *options]) == 0
            assert 0 < int(capsys.readouterr().out) < 65536

    def test_a_host_beyond_loopback_is_a_usage_error(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        assert main(["free-port", "--host", "10.0.0.1"]) == 2
        assert capsys.readouterr().err.splitlines()[-1] == (
            "loopback free-port: error: --host '10.0.0.1': 10.0.0.1 is reachable from other "
            "machines"
        )

    def test_udp_and_both_exclude_each_other(self, capsys: pytest.CaptureFixture[str]) -> None:
        assert main(["free-port", "--udp", "--both"]) == 2
        assert "not allowed with argument" in capsys.readouterr().err

    def test_a_host_that_cannot_be_bound(
        self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        from loopback import bind  # noqa: PLC0415

        def refuse(*args: object, **kwargs: object) -> int:
            raise BindError(99, "127.9.9.9 is not configured on this machine")

        monkeypatch.setattr(bind, "free_port", refuse)
        assert main(["free-port", "--host", "127.9.9.9"]) == 1
        assert capsys.readouterr().err == (
            "loopback: 127.9.9.9 is not configured on this machine\n"
        )
