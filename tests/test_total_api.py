"""Wrong arguments to doctor, hosts, lint and bind: documented errors, exact texts (issue 11).

The property walk in ``tests/property/test_totality.py`` calls every public function with
arbitrary objects; these tests pin the messages users read for the cases it found.
"""

from __future__ import annotations

import pytest

from loopback.bind import reserve_port
from loopback.doctor import (
    PortFacts,
    check_host,
    diagnose,
    guess_tool,
    judge_machine,
    judge_port,
    read_docker_ps,
    read_target,
)
from loopback.errors import (
    BindError,
    ConfigFileError,
    DoctorError,
    ExposedError,
    HostsSyntaxError,
    LintArgumentError,
    ListenerFormatError,
    LoopbackError,
    SettingError,
    UnsafeBindError,
)
from loopback.hosts import HostsFile
from loopback.lint import (
    assert_not_exposed,
    check_setting,
    file_kind,
    fingerprint,
    format_json,
    format_sarif,
    format_text,
    lint_mapping,
    lint_path,
    rule_of,
    severity,
)


class Hostile(str):
    """A ``str`` whose ``repr`` raises: messages must not call it."""

    def __repr__(self) -> str:
        raise RuntimeError("repr")


NO_PORT = "no port in 'localhost': give a port (3000), HOST:PORT or a URL with one"
NOT_LOCAL = (
    "doctor diagnoses this machine only: 'example.com' is not a localhost name or loopback address"
)


class TestDoctor:
    def test_usage_errors_are_doctor_errors(self) -> None:
        error = DoctorError("x")
        assert isinstance(error, LoopbackError) and isinstance(error, ValueError)

    @pytest.mark.parametrize(
        ("port", "shown"),
        [(0, "0"), (-1, "-1"), (10**30, "a number out of range"), ("80", "'80'"), (None, "None")],
    )
    def test_diagnose_port(self, port: object, shown: str) -> None:
        with pytest.raises(DoctorError) as info:
            diagnose(port)  # type: ignore[arg-type]
        assert str(info.value) == f"not a TCP port: {shown} (1 to 65535)"

    def test_diagnose_timeout(self) -> None:
        with pytest.raises(DoctorError) as info:
            diagnose(80, timeout=[1])  # type: ignore[arg-type]
        assert str(info.value) == "not a timeout in seconds (more than 0, at most 60): a list"

    def test_diagnose_client(self) -> None:
        with pytest.raises(DoctorError) as info:
            diagnose(80, client=Hostile("lynx"))
        assert str(info.value) == (
            "unknown client: 'lynx' (one of: node, browser, curl, python, wget)"
        )

    def test_check_host(self) -> None:
        with pytest.raises(DoctorError) as info:
            check_host(Hostile("x" * 100))
        assert str(info.value) == (
            f"doctor diagnoses this machine only: '{'x' * 40}' is not a localhost name or "
            "loopback address"
        )
        with pytest.raises(DoctorError) as info:
            check_host(object())
        assert "only: a object is not" in str(info.value)

    @pytest.mark.parametrize(
        ("target", "message"),
        [
            (0, "nothing to diagnose: give a port (3000), HOST:PORT or a URL"),
            ("0", "port out of range: '0' (1 to 65535)"),
            ("localhost:x", "not a port: 'x' in 'localhost:x'"),
            ("localhost", NO_PORT),
            ("example.com:80", NOT_LOCAL),
        ],
    )  # fmt: skip
    def test_read_target(self, target: object, message: str) -> None:
        with pytest.raises(DoctorError) as info:
            read_target(target)  # type: ignore[arg-type]
        assert str(info.value) == message

    def test_guess_tool_and_docker_ps_want_text(self) -> None:
        with pytest.raises(ListenerFormatError) as info:
            guess_tool(None)  # type: ignore[arg-type]
        assert str(info.value) == "unknown output: not text: NoneType"
        with pytest.raises(ListenerFormatError) as info:
            read_docker_ps(5)  # type: ignore[arg-type]
        assert str(info.value) == "docker ps output: not text: int"
        published = read_docker_ps(b"web\t127.0.0.1:8080->80/tcp")
        assert [(p.container, p.port) for p in published] == [("web", 8080)]

    def test_judges_want_facts(self) -> None:
        with pytest.raises(DoctorError) as info:
            judge_port(None)  # type: ignore[arg-type]
        assert str(info.value) == "not PortFacts: None"
        with pytest.raises(DoctorError) as info:
            judge_machine("facts")  # type: ignore[arg-type]
        assert str(info.value) == "not MachineFacts: 'facts'"

    def test_judge_port_client(self) -> None:
        facts = PortFacts("localhost", 3000, (), "the system resolver", None, None, ())
        with pytest.raises(DoctorError) as info:
            judge_port(facts, client=5)  # type: ignore[arg-type]
        assert str(info.value).startswith("unknown client: 5 (one of: node")


class Opaque:
    """An object whose ``repr`` raises."""

    def __repr__(self) -> str:
        raise RuntimeError("repr")


class TestLint:
    def test_check_setting_hostile_value_and_syntax(self) -> None:
        with pytest.raises(SettingError) as info:
            check_setting("redis-bind", Opaque())  # type: ignore[arg-type]
        assert str(info.value) == "cannot judge <Opaque> as 'redis-bind': expected a string"
        with pytest.raises(SettingError) as info:
            check_setting(Opaque(), "x")  # type: ignore[arg-type]
        assert str(info.value).startswith("cannot judge 'x' as '<Opaque>': unknown syntax; known: ")

    def test_file_kind_and_lint_path_want_a_file_name(self) -> None:
        expected = (
            "<Opaque>: not a file name: Opaque (expected str, bytes or os.PathLike object, "
            "not Opaque)"
        )
        for function in (file_kind, lint_path):
            with pytest.raises(ConfigFileError) as info:
                function(Opaque())  # type: ignore[arg-type]
            assert str(info.value) == expected

    def test_finding_functions_want_findings(self) -> None:
        for function in (severity, rule_of, fingerprint):
            with pytest.raises(LintArgumentError) as info:
                function(None)  # type: ignore[arg-type]
            assert str(info.value) == f"{function.__name__}: not a SettingFinding: None"
        with pytest.raises(LintArgumentError) as info:
            format_text("abc")  # type: ignore[arg-type]
        assert str(info.value) == "format_text: not an iterable of findings: 'abc'"
        with pytest.raises(LintArgumentError) as info:
            format_sarif(5)  # type: ignore[arg-type]
        assert str(info.value) == "format_sarif: not an iterable of findings: 5"
        with pytest.raises(LintArgumentError) as info:
            format_json([Opaque()])  # type: ignore[list-item]
        assert str(info.value) == "format_json: not a SettingFinding: <Opaque>"
        assert isinstance(info.value, TypeError)
        finding = lint_mapping({"host": "0.0.0.0"})[0]
        assert severity(finding) == "error"
        assert format_json(iter([finding])) == format_json((finding,))

    @pytest.mark.parametrize(
        ("allow", "message"),
        [
            (5, "allow is not a list of strings: 5"),
            ("10.0.0.5", "allow is not a list of strings: '10.0.0.5'"),
            ([[]], "not a string in allow: []"),
        ],
    )
    def test_assert_not_exposed_allow(self, allow: object, message: str) -> None:
        with pytest.raises(LintArgumentError) as info:
            assert_not_exposed({}, allow=allow)  # type: ignore[arg-type]
        assert str(info.value) == f"assert_not_exposed: {message}"

    def test_assert_not_exposed_allows_by_host(self) -> None:
        assert_not_exposed({"host": "10.0.0.5"}, allow={"10.0.0.5"})
        with pytest.raises(ExposedError):
            assert_not_exposed({"host": "10.0.0.5"}, allow=("10.0.0.6",))


class TestReservePort:
    def test_wrong_host(self) -> None:
        with pytest.raises(UnsafeBindError) as info:
            reserve_port(Opaque())  # type: ignore[arg-type]
        assert str(info.value) == (
            "unsafe bind address '<Opaque object>': a bind host must be str, not Opaque"
        )

    def test_wrong_type(self) -> None:
        with pytest.raises(BindError) as info:
            reserve_port(type=5)
        assert str(info.value) == (
            "type must be socket.SOCK_STREAM, socket.SOCK_DGRAM, 'tcp', 'udp' or 'both', not 5"
        )


class TestHostsBlock:
    @pytest.mark.parametrize(
        ("entries", "message"),
        [
            (5, "entries must be a list of (address, name, ...), not int"),
            ("127.0.0.1 a", "entries must be a list of (address, name, ...), not str"),
            ([5], "an entry must be (address, name, ...), not int"),
            ([[]], "an entry must be (address, name, ...), not empty"),
        ],
    )
    def test_replace_wrong_entries(self, entries: object, message: str) -> None:
        hosts = HostsFile.parse(b"127.0.0.1 localhost\n")
        with pytest.raises(HostsSyntaxError) as info:
            hosts.block("me").replace(entries)  # type: ignore[arg-type]
        assert str(info.value) == message
        assert hosts.to_bytes() == b"127.0.0.1 localhost\n"

    def test_owner(self) -> None:
        hosts = HostsFile.parse(b"")
        with pytest.raises(HostsSyntaxError) as info:
            hosts.block(Opaque())  # type: ignore[arg-type]
        assert str(info.value) == "a block owner must be str, not Opaque"
        with pytest.raises(HostsSyntaxError) as info:
            hosts.block("x" * 100)
        assert str(info.value) == (
            f"a block owner is 1 to 64 of A-Z a-z 0-9 . _ -, not '{'x' * 64}'..."
        )
