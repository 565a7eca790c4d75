"""Readers of saved listener tables (loopback/doctor/_readers.py), on recorded output.

The files in ``tests/data/doctor/`` are ``ss`` and ``lsof`` output recorded on Linux
(``lsof -F`` too), and macOS ``lsof`` and ``netstat``, Windows ``netstat`` (English, and
localized in the code pages ``cmd.exe`` redirects write: German, French, Italian,
Spanish in UTF-16, Portuguese, Polish, Russian, Japanese, Chinese; with ``-b``; without
``-n``) and ``Get-NetTCPConnection`` output (table, ``Select-Object``, list, JSON, CSV,
UTF-16, the cmdlet's not-found error) written from the formats their manuals, vendor
documentation and public issue reports show.
"""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from loopback import Address
from loopback.doctor import TOOLS, ListenerFormatError, guess_tool, read_docker_ps, read_listeners
from loopback.doctor._names import LOCALIZED_WORDS
from loopback.doctor._readers import decode, read_proc_net

DATA = Path(__file__).resolve().parent / "data" / "doctor"

# One row per listener: "protocol address port name pid" ("-" for unknown).
EXPECTED: dict[str, list[str]] = {
    "ss-ltnup-linux.txt": [
        "tcp 0.0.0.0 2024 - -",
        "tcp 127.0.0.1 3000 python3 25710",
        "tcp ::1 5173 python3 25710",
        "udp 127.0.0.1 5353 python3 25710",
        "udp :: 5354 python3 25710",
        "tcp 0.0.0.0 5432 python3 25710",
        "tcp 127.0.0.2 6379 python3 25710",
        "tcp :: 8080 python3 25710",
        "tcp :: 8081 python3 25710",
        "tcp ::ffff:127.0.0.1 9000 python3 25710",
    ],
    "ss-old-centos7.txt": [
        "tcp 0.0.0.0 22 sshd 1234",
        "tcp :: 22 sshd 1234",
        "tcp 127.0.0.1 25 master 1500",
        "tcp ::1 25 master 1500",
    ],
    "ss-ltnp-resolved.txt": [
        "tcp :: 22 sshd 812",
        "tcp 127.0.0.53 53 systemd-resolve 640",
        "tcp 127.0.0.54 53 systemd-resolve 640",
        "tcp 127.0.0.1 3000 node 4242",
        "tcp 0.0.0.0 8000 gunicorn 7001",
        "tcp fe80::1c2d:3eff:fe4f:5a6b 8443 - -",
        "tcp :: 9090 prometheus 900",
    ],
    "ss-udp.txt": ["udp 127.0.0.53 53 systemd-resolve 640"],
    "lsof-linux.txt": [
        "tcp 127.0.0.1 3000 python3 25710",
        "tcp ::1 5173 python3 25710",
        "udp 127.0.0.1 5353 python3 25710",
        "udp :: 5354 python3 25710",
        "tcp 0.0.0.0 5432 python3 25710",
        "tcp 127.0.0.2 6379 python3 25710",
        "tcp :: 8080 python3 25710",
        "tcp :: 8081 python3 25710",
        "tcp ::ffff:127.0.0.1 9000 python3 25710",
    ],
    "lsof-macos.txt": [
        "tcp :: 22 launchd 1",
        "tcp 0.0.0.0 5000 ControlCe 512",
        "tcp :: 5000 ControlCe 512",
        "tcp ::1 5173 node 41234",
        "udp 0.0.0.0 5353 mDNSRespo 201",
        "tcp 127.0.0.1 5432 postgres 777",
        "tcp ::1 5432 postgres 777",
        "tcp 0.0.0.0 7000 ControlCe 512",
        "tcp :: 7000 ControlCe 512",
        "tcp 0.0.0.0 8080 nginx 100",
        "tcp 127.0.0.1 9222 Google_ 901",
        "tcp 0.0.0.0 49152 rapportd 530",
    ],
    "netstat-macos-mojave.txt": [
        "tcp :: 3000 - 41234",
        "tcp 127.0.0.1 5432 - 777",
        "tcp ::1 5432 - 777",
        "tcp 0.0.0.0 7000 - 512",
        "tcp fe80::1 8021 - 300",
    ],
    "netstat-macos-sonoma.txt": [
        "tcp :: 5000 - 512",
        "udp 0.0.0.0 5353 - 201",
        "tcp 127.0.0.1 8000 - 60111",
    ],
    "netstat-macos-tahoe.txt": [
        "tcp ::1 5173 node 41234",
        "tcp :: 7000 ControlCenter 512",
        "tcp 127.0.0.1 49472 Autodesk_Fusion 22712",
    ],
    "netstat-windows-en.txt": [
        "tcp 0.0.0.0 135 - 1060",
        "tcp :: 135 - 1060",
        "tcp 192.168.1.20 139 - 4",
        "tcp 0.0.0.0 445 - 4",
        "udp ::1 1900 - 3300",
        "udp fe80::1c2d:3eff:fe4f:5a6b 1900 - 3300",
        "tcp 127.0.0.1 3000 - 15872",
        "tcp ::1 5173 - 20480",
        "udp 0.0.0.0 5353 - 2100",
        "tcp fe80::1c2d:3eff:fe4f:5a6b 8443 - 5120",
    ],
    "netstat-windows-de-cp850.txt": [
        "tcp 0.0.0.0 135 - 1060",
        "udp 127.0.0.1 1900 - 3300",
        "tcp 127.0.0.1 5000 - 8120",
        "tcp ::1 5000 - 8120",
    ],
    "netstat-windows-it.txt": ["tcp 0.0.0.0 3306 - 4410", "tcp :: 3306 - 4410"],
    "netstat-windows-b.txt": [
        "tcp 0.0.0.0 135 svchost.exe 1060",
        "tcp 0.0.0.0 445 - 4",
        "tcp 127.0.0.1 5000 python.exe 9000",
    ],
    "get-nettcpconnection-table.txt": [
        "tcp 0.0.0.0 135 - 1060",
        "tcp 127.0.0.1 3000 - 15872",
        "tcp ::1 5173 - 20480",
        "tcp fe80::1c2d:3eff:fe4f:5a6b 8443 - 5120",
        "tcp :: 49669 - 3012",
    ],
    "get-nettcpconnection-list.txt": ["tcp 127.0.0.1 3000 - 15872", "tcp ::1 5173 - 20480"],
    "get-nettcpconnection.json": [
        "tcp 127.0.0.1 3000 - 15872",
        "tcp ::1 5173 - 20480",
        "tcp :: 49669 - 3012",
    ],
    "get-nettcpconnection-utf16.json": ["tcp 127.0.0.1 3000 - 15872"],
    "get-nettcpconnection-select.json": ["tcp 127.0.0.1 8000 - 2460"],
    "netstat-linux.txt": [
        "tcp 0.0.0.0 22 sshd 812",
        "tcp :: 22 sshd 812",
        "tcp 127.0.0.53 53 systemd-resolve 640",
        "udp 127.0.0.53 53 systemd-resolve 640",
        "udp fe80::1c2d:3eff:fe4 546 systemd-network 700",  # cut short: -W shows it whole
        "tcp ::1 631 cupsd 1020",
        "tcp 127.0.0.1 5432 - -",
    ],
    "get-nettcpconnection.csv": ["tcp 127.0.0.1 3000 - 15872", "tcp :: 49669 - 3012"],
    # Format-List *: State comes first, a blank line between objects
    "get-nettcpconnection-list-all.txt": ["tcp :: 445 - 4", "tcp 127.0.0.1 3000 - 15872"],
    # Select-Object with a computed process name, numbers right-aligned
    "get-nettcpconnection-select-process.txt": [
        "tcp 0.0.0.0 135 svchost 1060",
        "tcp 127.0.0.1 3000 node 15872",
        "tcp ::1 5173 node 20480",
        "tcp fe80::1c2d:3eff:fe4f:5a6b 8443 Code_Helper 5120",
        "tcp :: 49669 spoolsv 3012",
    ],
    # Select-Object with more than four properties: a list (a computed Process property)
    "get-nettcpconnection-select-list.txt": [
        "tcp fe80::5d1c:2b3a:9e4f:1c02 3389 svchost 1188",
        "tcp 127.0.0.1 5000 python 8800",
        "tcp :: 7680 svchost 9016",
    ],
    "get-nettcpconnection-ps7.json": ["tcp ::1 5173 - 20480"],  # -EnumsAsStrings, one object
    "get-nettcpconnection-none.txt": [],  # "No MSFT_NetTCPConnection objects found"
    # lsof -F (every field; -F0: NUL-ended fields), recorded on Linux, and on macOS
    "lsof-F-linux.txt": [
        "tcp 127.0.0.1 80 python3 4242",
        "tcp 127.0.0.1 631 python3 4242",
        "tcp 127.0.0.1 47311 python3 4242",
        "tcp ::1 47312 python3 4242",
        "tcp :: 47313 python3 4242",
        "tcp 0.0.0.0 47314 python3 4242",
        "udp 127.0.0.1 47315 python3 4242",
        "udp :: 47316 python3 4242",
    ],
    "lsof-F0-linux.txt": [
        "tcp 127.0.0.1 80 python3 4242",
        "tcp 127.0.0.1 631 python3 4242",
        "tcp 127.0.0.1 47311 python3 4242",
        "tcp ::1 47312 python3 4242",
        "tcp :: 47313 python3 4242",
        "tcp 0.0.0.0 47314 python3 4242",
        "udp 127.0.0.1 47315 python3 4242",
        "udp :: 47316 python3 4242",
    ],
    "lsof-F-macos.txt": [
        "tcp ::1 5173 node 41234",
        "udp 0.0.0.0 5353 mDNSResponder 201",
        "tcp 0.0.0.0 7000 ControlCenter 512",
        "tcp :: 7000 ControlCenter 512",
        "tcp 0.0.0.0 8080 nginx 100",
    ],
    # lsof without -n -P: host and service names
    "lsof-macos-names.txt": [
        "tcp 127.0.0.1 631 cupsd 300",
        "tcp ::1 631 cupsd 300",
        "tcp 127.0.0.1 3000 node 41234",
        "tcp 0.0.0.0 5000 ControlCe 512",
        "tcp :: 5000 ControlCe 512",
        "udp 0.0.0.0 5353 mDNSRespo 201",
        "tcp 127.0.0.1 5432 postgres 777",
        "tcp ::1 5432 postgres 777",
        "tcp 0.0.0.0 7000 ControlCe 512",
        "tcp :: 7000 ControlCe 512",
    ],
    "netstat-macos-names.txt": [
        "tcp 0.0.0.0 80 - -",
        "tcp ::1 631 - -",
        "tcp :: 5000 - -",
        "udp 0.0.0.0 5353 - -",
        "tcp 127.0.0.1 5432 - -",
        "tcp ::1 5432 - -",
    ],
    # macOS 14: "(State)", pid in the 9th column; an unbound UDP socket (*.*)
    "netstat-macos-sonoma14.txt": [
        "udp :: 5353 - 201",
        "tcp 127.0.0.1 6379 - 880",
        "tcp ::1 6379 - 880",
        "tcp :: 7000 - 512",
    ],
    # Windows netstat without -n -o: host names for peers, service names on old systems
    "netstat-windows-a-names.txt": [
        "tcp 0.0.0.0 135 - -",
        "tcp :: 135 - -",
        "tcp 0.0.0.0 445 - -",
        "udp 0.0.0.0 1900 - -",
        "tcp 127.0.0.1 5000 - -",
    ],
    # localized Windows netstat, in the code page cmd.exe redirects write (UTF-16 from
    # PowerShell 5.1): the state word is never needed
    "netstat-windows-b-fr.txt": [
        "tcp 0.0.0.0 135 svchost.exe 1044",
        "tcp 0.0.0.0 445 - 4",
        "tcp 127.0.0.1 5000 Démo_Serveur.exe 9000",
        "tcp ::1 5000 Démo_Serveur.exe 9000",
    ],
    "netstat-windows-es-utf16.txt": [
        "tcp 0.0.0.0 135 - 1044",
        "tcp 127.0.0.1 3000 - 15872",
        "tcp ::1 5173 - 20480",
        "udp :: 5353 - 2100",
    ],
    "netstat-windows-fr-cp850.txt": [
        "tcp 0.0.0.0 135 - 1044",
        "tcp :: 135 - 1044",
        "tcp 0.0.0.0 445 - 4",
        "udp 0.0.0.0 5353 - 2480",
        "tcp 127.0.0.1 8000 - 6120",
        "tcp ::1 8000 - 6120",
    ],
    "netstat-windows-ja-cp932.txt": [
        "tcp 0.0.0.0 135 - 1020",
        "tcp 127.0.0.1 5000 - 8800",
        "tcp ::1 5000 - 8800",
        "udp 127.0.0.1 52000 - 8800",
    ],
    "netstat-windows-pl-cp852.txt": ["tcp 0.0.0.0 3306 - 4410", "tcp :: 3306 - 4410"],
    "netstat-windows-pt-br.txt": [
        "tcp 0.0.0.0 80 - 4",
        "tcp 127.0.0.1 4200 - 7788",
        "tcp ::1 4200 - 7788",
    ],
    "netstat-windows-ru-cp866.txt": [
        "tcp 0.0.0.0 135 - 952",
        "udp ::1 1900 - 5100",
        "tcp fe80::5d1c:2b3a:9e4f:1c02 3389 - 1188",
        "tcp 0.0.0.0 5432 - 3900",
        "tcp :: 5432 - 3900",
    ],
    "netstat-windows-zh-cp936.txt": [
        "tcp 0.0.0.0 7680 - 9016",
        "tcp :: 7680 - 9016",
        "tcp 127.0.0.1 8080 - 5120",
    ],
    # ss without -n, and -r: names; the family of "localhost" from the peer column
    "ss-ltpr-names.txt": [
        "tcp 0.0.0.0 22 sshd 812",
        "tcp :: 22 sshd 812",
        "tcp 127.0.0.53 53 systemd-resolve 640",
        "tcp 127.0.0.1 80 python3 4242",
        "tcp 127.0.0.1 631 cupsd 1020",
        "tcp ::1 631 cupsd 1020",
        "tcp :: 5432 - -",
        "tcp 127.0.0.1 47311 python3 4242",
    ],
    # ss before iproute2 4.17 with IPv4 listeners only: "*" is 0.0.0.0
    "ss-old-ipv4-only.txt": [
        "tcp 0.0.0.0 22 sshd 1102",
        "tcp 127.0.0.1 25 master 1500",
        "tcp 0.0.0.0 3306 mysqld 1400",
    ],
    # ss ... state listening: no State column (and no Netid with -t alone)
    "ss-state-listening.txt": [
        "tcp :: 22 - -",
        "tcp 127.0.0.1 80 python3 4242",
        "tcp 127.0.0.1 631 - -",
        "tcp :: 8080 node 5150",
        "tcp ::ffff:127.0.0.1 9000 php-fpm 1300",
    ],
    # a narrow terminal wrapped the process column; -e details; shared sockets; %iface
    "ss-tulpn-wrapped.txt": [
        "tcp 127.0.0.53 53 systemd-resolve 640",
        "udp 127.0.0.53 53 systemd-resolve 640",
        "udp 0.0.0.0 68 dhclient 700",
        "tcp 0.0.0.0 80 nginx 1301",
        "tcp :: 80 nginx 1301",
        "udp fe80::a00:27ff:fe4e:66a1 546 - -",
        "tcp 127.0.0.1 5432 postgres 900",
    ],
}


def rows(text: str | bytes, tool: str) -> list[str]:
    return [
        f"{s.protocol} {s.address} {s.port} {(s.name or '-').replace(' ', '_')} {s.pid or '-'}"
        for s in read_listeners(text, tool)
    ]


def test_every_recorded_file_is_checked() -> None:
    assert sorted(EXPECTED) == sorted(p.name for p in DATA.iterdir())


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_recorded_output(name: str) -> None:
    data = (DATA / name).read_bytes()
    tool = guess_tool(data)
    assert name.startswith(tool)
    assert rows(data, tool) == EXPECTED[name]


def test_text_and_bytes_read_the_same() -> None:
    text = (DATA / "ss-ltnup-linux.txt").read_text()
    assert rows(text, "ss") == EXPECTED["ss-ltnup-linux.txt"]


class TestSs:
    def test_exposure_and_unknown_queues(self) -> None:
        found = read_listeners("LISTEN - - 10.0.0.1:80 0.0.0.0:*\n", "ss")
        assert found[0].exposure == "specific_address" and not found[0].full

    def test_queue_and_backlog(self) -> None:
        found = read_listeners((DATA / "ss-ltnp-resolved.txt").read_text(), "ss")
        gunicorn = next(s for s in found if s.port == 8000)
        assert (gunicorn.queued, gunicorn.backlog, gunicorn.full) == (129, 128, True)
        assert not next(s for s in found if s.port == 3000).full

    def test_users_before_iproute2_3_12(self) -> None:
        text = 'LISTEN 0 128 *:22 *:* users:(("sshd",1234,3))\nLISTEN 0 128 :::80 :::*\n'
        assert rows(text, "ss") == ["tcp 0.0.0.0 22 sshd 1234", "tcp :: 80 - -"]

    def test_without_header_or_process(self) -> None:
        assert rows("LISTEN 0 5 127.0.0.1:80 0.0.0.0:*\n", "ss") == ["tcp 127.0.0.1 80 - -"]
        assert rows("LISTEN 0 5 127.0.0.1:* 0.0.0.0:*\nLISTEN 0 5 x 0.0.0.0:*\n", "ss") == []

    def test_other_netids_and_states_are_skipped(self) -> None:
        text = (
            "Netid State Recv-Q Send-Q Local Address:Port Peer Address:Port\n"
            "tcp ESTAB 0 0 127.0.0.1:5432 127.0.0.1:50000\n"
            "u_str LISTEN 0 5 /run/x.sock 12 * 0\n"
            "\tskmem:(r0,rb131072)\n"
        )
        assert rows(text, "ss") == []

    def test_names_instead_of_numbers(self) -> None:
        # ss without -n prints service names; -r host names (the family from the peer)
        text = (
            "LISTEN 0 5 127.0.0.1:http 0.0.0.0:*\n"
            "LISTEN 0 5 localhost:ipp [::]:*\n"
            "LISTEN 0 5 localhost6:5000 *:*\n"
        )
        assert rows(text, "ss") == [
            "tcp 127.0.0.1 80 - -", "tcp ::1 631 - -", "tcp ::1 5000 - -"
        ]  # fmt: skip
        with pytest.raises(ListenerFormatError) as info:
            read_listeners("LISTEN 0 5 127.0.0.1:gopherz 0.0.0.0:*\n", "ss")
        assert str(info.value) == (
            "ss output line 1: not a port number: 'gopherz' (run the tool with numeric output)"
        )
        with pytest.raises(ListenerFormatError) as info:
            read_listeners("LISTEN 0 5 *:http-alt *:*\n", "ss")
        assert str(info.value) == (
            "ss output line 1: a service name of several ports: 'http-alt' "
            "(run the tool with numeric output)"
        )
        with pytest.raises(ListenerFormatError, match=r"not an address: 'myhost\.lan'"):
            read_listeners("LISTEN 0 5 myhost.lan:80 0.0.0.0:*\n", "ss")
        with pytest.raises(ListenerFormatError, match="not an address: 'localhost'"):
            read_listeners("LISTEN 0 5 localhost:80 *:*\n", "ss")  # which family?

    def test_rows_without_state_or_netid(self) -> None:
        text = "Recv-Q Send-Q Local Address:Port Peer Address:Port\n0 5 127.0.0.1:80 0.0.0.0:*\n"
        assert rows(text, "ss") == ["tcp 127.0.0.1 80 - -"]
        # a state filter other than listening: connections have a peer port
        assert rows("Netid Recv-Q Send-Q\ntcp 0 0 127.0.0.1:80 127.0.0.1:5000\n", "ss") == []

    def test_lines_that_are_no_rows(self) -> None:
        text = (
            "$ ss 0 0 1:2 3:4\n"  # a prompt
            "tcp LISTEN UNCONN 0 0 127.0.0.1:80 0.0.0.0:*\n"  # two states
            "u_str LISTEN 0 5 /run/x.sock 12 * 0\n"
            'users:(("orphan",pid=1,fd=2))\n'  # a wrapped process column without its row
        )
        assert rows(text, "ss") == []

    def test_a_timestamp_is_no_old_ss(self) -> None:
        text = "[12:34:56] $ ss -ltn\nLISTEN 0 5 *:80 *:*\n"  # a dual-stack ::
        assert rows(text, "ss") == ["tcp :: 80 - -"]

    def test_wrapped_process_column_of_a_connection(self) -> None:
        text = (
            "tcp LISTEN 0 5 127.0.0.1:80 0.0.0.0:*\n"  # no process: ss run without root
            "tcp ESTAB 0 0 127.0.0.1:80 127.0.0.1:5000\n"
            '    users:(("curl",pid=7,fd=3))\n'
        )
        assert rows(text, "ss") == ["tcp 127.0.0.1 80 - -"]

    def test_wrapped_process_column_only_once(self) -> None:
        text = (
            'LISTEN 0 5 127.0.0.1:80 0.0.0.0:* users:(("a",pid=1,fd=2))\n'  # row
            'users:(("b",pid=2,fd=2))\n'  # the process column of another row
        )
        assert rows(text, "ss") == ["tcp 127.0.0.1 80 a 1"]


class TestLsof:
    def test_without_n_localhost_is_read_by_family(self) -> None:
        text = (
            "COMMAND PID USER FD TYPE DEVICE SIZE/OFF NODE NAME\n"
            "redis 9 me 6u IPv4 0x1 0t0 TCP localhost:6379 (LISTEN)\n"
            "redis 9 me 7u IPv6 0x2 0t0 TCP localhost:6379 (LISTEN)\n"
        )
        assert rows(text, "lsof") == ["tcp 127.0.0.1 6379 redis 9", "tcp ::1 6379 redis 9"]

    def test_warnings_and_other_files_are_skipped(self) -> None:
        text = (
            "lsof: WARNING: can't stat() fuse.gvfsd-fuse file system /run/user/1000/gvfs\n"
            "      Output information may be incomplete.\n"
            "COMMAND PID USER FD TYPE DEVICE SIZE/OFF NODE NAME\n"
            "bash 9 me cwd DIR 8,1 4096 2 /\n"
            "x 9 me 3u IPv4 0x1 0t0 TCP\n"
        )
        assert rows(text, "lsof") == []

    def test_rows_that_are_no_socket(self) -> None:
        text = "COMMAND\nx pid me 6u IPv4 0x1 0t0 TCP *:9 (LISTEN)\nx 9 me 6u unix 0x1 0t0 TCP\n"
        assert rows(text, "lsof") == []

    def test_escapes(self) -> None:
        text = (
            "Code\\x20H 9 me 6u IPv4 0x1 0t0 TCP *:9 (LISTEN)\n"
            "a\\xZZ 9 me 6u IPv4 0x2 0t0 TCP *:8 (LISTEN)"
        )
        assert [s.name for s in read_listeners(text, "lsof")] == ["a\\xZZ", "Code H"]

    def test_table_without_tcp_states(self) -> None:
        # lsof -T leaves the state out: a TCP socket without a peer is read as listening
        text = (
            "COMMAND PID USER FD TYPE DEVICE SIZE/OFF NODE NAME\n"
            "node 42 me 23u IPv6 0x1 0t0 TCP [::1]:3000\n"
            "node 42 me 24u IPv6 0x2 0t0 TCP [::1]:3000->[::1]:5000\n"
        )
        assert rows(text, "lsof") == ["tcp ::1 3000 node 42"]

    def test_fields_without_protocol(self) -> None:
        with pytest.raises(ListenerFormatError) as info:
            read_listeners("p42\ncnode\nn*:3000\nn*:3001\n", "lsof")  # lsof -Fpcn
        assert str(info.value) == (
            "lsof output line 3: no protocol field: save lsof -F pcPtnT (or -F alone)"
        )

    def test_fields_without_state_or_type(self) -> None:
        # lsof -F pcPn: no TCP state (a TCP socket without a peer is read as listening),
        # no type (the family from the address)
        text = "p42\ncnode\nPTCP\nn[::1]:3000\nPTCP\nn127.0.0.1:3000->127.0.0.1:5000\n"
        assert rows(text, "lsof") == ["tcp ::1 3000 node 42"]


class TestNetstat:
    def test_macos_rows_without_a_header_have_no_pid(self) -> None:
        text = "tcp4 0 0 127.0.0.1.8080 *.* LISTEN 131072 131072 77 0\nudp4 0 0 *.53 10.0.0.1.53\n"
        assert rows(text, "netstat-macos") == ["tcp 127.0.0.1 8080 - -"]

    def test_macos_short_rows(self) -> None:
        assert rows("Proto\ntcp4 0 0 127.0.0.1.80\nip4 0 0 x y\n", "netstat-macos") == []

    def test_macos_cut_rows(self) -> None:
        header = "Proto Recv-Q Send-Q Local Foreign (state) rhiwat shiwat pid epid\n"
        assert rows(header + "tcp4 0 0 127.0.0.1.80 *.* LISTEN 1\n", "netstat-macos") == [
            "tcp 127.0.0.1 80 - -"
        ]
        header = "Proto Recv-Q Send-Q Local Foreign (state) process:pid\n"
        assert rows(header + "tcp4 0 0 127.0.0.1.80 *.* LISTEN odd\n", "netstat-macos") == [
            "tcp 127.0.0.1 80 - -"
        ]
        assert rows("Proto x\ntcp4 0 0 127.0.0.1.80 *.*\n", "netstat-macos") == []

    def test_linux_without_p(self) -> None:
        text = "tcp 0 0 127.0.0.1:80 0.0.0.0:* LISTEN\nudp 0 0 0.0.0.0:68 0.0.0.0:*\n"
        assert rows(text, "netstat-linux") == ["udp 0.0.0.0 68 - -", "tcp 127.0.0.1 80 - -"]
        assert guess_tool(text) == "netstat-linux"
        assert guess_tool("tcp6 0 0 ::1.8080 *.* LISTEN") == "netstat-macos"

    def test_windows_without_n_names_the_problem(self) -> None:
        text = "  TCP    0.0.0.0:epmapper     DESKTOP-1:0     LISTENING     1060\n"
        with pytest.raises(ListenerFormatError, match="not a port number: 'epmapper'"):
            read_listeners(text, "netstat-windows")
        text = "  TCP    kubernetes:5000     DESKTOP-1:0     LISTENING     1060\n"
        with pytest.raises(ListenerFormatError, match="not an address: 'kubernetes'"):
            read_listeners(text, "netstat-windows")

    def test_windows_b_without_an_elevated_prompt(self) -> None:
        with pytest.raises(ListenerFormatError) as info:
            read_listeners("The requested operation requires elevation.\r\n", "netstat-windows")
        assert str(info.value) == (
            "netstat-windows output: netstat -b needs an elevated prompt "
            "(save netstat -ano, or run as administrator)"
        )

    def test_windows_without_o_and_bound_sockets(self) -> None:
        text = (
            "  TCP    127.0.0.1:80     0.0.0.0:0     LISTENING\n"
            "  TCP    127.0.0.1:81     0.0.0.0:0     BOUND        44\n"
            "  UDP    127.0.0.1:53     *:*\n"
            " [orphan.exe]\n"
        )
        assert rows(text, "netstat-windows") == [
            "udp 127.0.0.1 53 orphan.exe -",
            "tcp 127.0.0.1 80 - -",
        ]


class TestGetNetTCPConnection:
    def test_terminal_colours(self) -> None:
        text = (
            "\x1b[32;1mLocalAddress LocalPort State  OwningProcess\x1b[0m\n"
            "\x1b[32;1m------------ --------- -----  -------------\x1b[0m\n"
            "::1          5173      Listen 20480\n"
        )
        assert rows(text, "get-nettcpconnection") == ["tcp ::1 5173 - 20480"]

    def test_a_cut_address_is_an_error(self) -> None:
        text = (
            "LocalAddress LocalPort State  OwningProcess\n"
            "------------ --------- -----  -------------\n"
            "fe80::1c2... 8443      Listen 5120\n"
        )
        with pytest.raises(ListenerFormatError, match="is cut short"):
            read_listeners(text, "get-nettcpconnection")

    def test_csv_without_quotes_or_with_semicolons(self) -> None:
        # PowerShell 7: ConvertTo-Csv -UseQuotes Never; -UseCulture in German: ";"
        text = "LocalAddress,LocalPort,State,OwningProcess\n::1,5173,Listen,20480\n"
        assert rows(text, "get-nettcpconnection") == ["tcp ::1 5173 - 20480"]
        text = '"LocalAddress";"LocalPort";"State"\n"127.0.0.1";"3000";"Listen"\n'
        assert rows(text, "get-nettcpconnection") == ["tcp 127.0.0.1 3000 - -"]
        assert guess_tool("LocalAddress;LocalPort\n") == "get-nettcpconnection"

    def test_csv_errors(self) -> None:
        with pytest.raises(ListenerFormatError, match="a CSV type line without a header"):
            read_listeners("#TYPE x\n", "get-nettcpconnection")
        with pytest.raises(ListenerFormatError, match="without LocalAddress and LocalPort"):
            read_listeners('"a","b"\n"1","2"\n', "get-nettcpconnection")
        with pytest.raises(ListenerFormatError, match="line 1: not CSV: field larger"):
            read_listeners('"' + "a" * 200_000 + '"\n', "get-nettcpconnection")

    def test_json_errors(self) -> None:
        with pytest.raises(ListenerFormatError, match="not JSON"):
            read_listeners("[1,", "get-nettcpconnection")
        with pytest.raises(ListenerFormatError, match="item 1 is not an object"):
            read_listeners("[1]", "get-nettcpconnection")
        with pytest.raises(ListenerFormatError, match="without LocalAddress and LocalPort"):
            read_listeners('{"State": 2}', "get-nettcpconnection")

    def test_rows_without_state(self) -> None:
        text = (
            '[{"LocalAddress": "::1", "LocalPort": 80, "RemotePort": 443, "ProcessName": "x"},'
            ' {"LocalAddress": "::1", "LocalPort": 81, "ProcessName": "svc", "X": true}]'
        )
        assert rows(text, "get-nettcpconnection") == ["tcp ::1 81 svc -"]

    def test_a_list_with_connections(self) -> None:
        text = (
            "LocalAddress : 127.0.0.1\nLocalPort : 50000\nState : Established\n\n"
            "LocalAddress : ::1\nLocalPort : 80\nState : Listen\n\n"
            "LocalAddress : ::1\nLocalPort : 50001\nState : TimeWait\n"
        )
        assert rows(text, "get-nettcpconnection") == ["tcp ::1 80 - -"]

    def test_a_list_without_blank_lines(self) -> None:
        text = (
            "PS C:\\> Get-NetTCPConnection | Select @{n='a : b';e={1}},LocalAddress\n"
            "LocalAddress : ::1\nLocalPort : 80\nState : Listen\n"
            "LocalAddress : 127.0.0.1\nLocalPort : 81\nState : Listen\n"
        )
        assert rows(text, "get-nettcpconnection") == ["tcp ::1 80 - -", "tcp 127.0.0.1 81 - -"]

    def test_a_list_of_connections_only(self) -> None:
        text = "\nState : Established\nLocalAddress : ::1\nLocalPort : 80\n\n"
        assert rows(text, "get-nettcpconnection") == []

    def test_prompts_fences_and_wrapped_values_in_a_table(self) -> None:
        text = (
            "```\n"
            "PS C:\\> Get-NetTCPConnection -State Listen | Select LocalAddress,LocalPort\n"
            "\n"
            "LocalAddress LocalPort\n"
            "------------ ---------\n"
            "::1               5173\n"
            "PS C:\\Users\\me> \n"
            "```\n"
        )
        assert rows(text, "get-nettcpconnection") == ["tcp ::1 5173 - -"]

    def test_format_table_wrap(self) -> None:
        text = (
            "LocalAddress LocalPort OwningProcess ProcessName\n"
            "------------ --------- ------------- -----------\n"
            "fe80::1c2d:3      8443          5120 Code\n"
            "eff:fe4f:5a6b                        Helper\n"
            "%12\n"
            "::1               5173         20480 node\n"
        )
        assert rows(text, "get-nettcpconnection") == [
            "tcp ::1 5173 node 20480", "tcp fe80::1c2d:3eff:fe4f:5a6b 8443 Code_Helper 5120"
        ]  # fmt: skip
        orphan = "LocalAddress LocalPort\n------------ ---------\nfe80::1\n"
        assert rows(orphan, "get-nettcpconnection") == []

    def test_nothing_found_in_another_language(self) -> None:
        text = (
            "Get-NetTCPConnection : Aucun objet MSFT_NetTCPConnection trouvé avec la "
            "propriété « LocalPort » égale à « 5000 ».\n"
            "Au caractère Ligne:1 : 1\n"
            "+ Get-NetTCPConnection -LocalPort 5000\n"
            "    + FullyQualifiedErrorId : CmdletizationQuery_NotFound_LocalPort,"
            "Get-NetTCPConnection\n"
        )
        assert rows(text, "get-nettcpconnection") == []
        text = text.replace("LocalPort", "LocalAddress").replace("Au caractère", "At")
        assert rows(text, "get-nettcpconnection") == []

    def test_a_header_without_rows(self) -> None:
        assert (
            rows("LocalAddress LocalPort\n------------ ---------\n", "get-nettcpconnection") == []
        )
        with pytest.raises(ListenerFormatError, match="no table, list or JSON"):
            read_listeners("---\n", "get-nettcpconnection")


class TestErrors:
    @pytest.mark.parametrize("tool", sorted(TOOLS))
    def test_not_the_tools_output(self, tool: str) -> None:
        with pytest.raises(ListenerFormatError) as info:
            read_listeners("hello\nworld\n", tool)
        assert str(info.value).startswith(f"{tool} output: no ")

    def test_unknown_tool_and_types(self) -> None:
        with pytest.raises(ListenerFormatError) as info:
            read_listeners("", "netstat")
        assert str(info.value) == (
            "'netstat' output: unknown tool (one of: "
            "ss, lsof, netstat-macos, netstat-windows, netstat-linux, get-nettcpconnection)"
        )
        with pytest.raises(ListenerFormatError, match="int output: unknown tool"):
            read_listeners("", 3)  # type: ignore[arg-type]
        with pytest.raises(ListenerFormatError, match="not text: list"):
            read_listeners([], "ss")  # type: ignore[arg-type]

    def test_guess_tool_fails_clearly(self) -> None:
        with pytest.raises(ListenerFormatError, match="no listener table recognised"):
            guess_tool(b"\n\nhello\n")

    def test_pickles(self) -> None:
        error = ListenerFormatError("ss", "bad", line=3)
        again = pickle.loads(pickle.dumps(error))
        assert (str(again), again.line, again.tool) == ("ss output line 3: bad", 3, "ss")

    def test_tools_name_their_commands(self) -> None:
        assert TOOLS["netstat-windows"] == "netstat -ano"


def test_guess_tool() -> None:
    assert guess_tool(b"\xff\xfeC\x00O\x00M\x00M\x00A\x00N\x00D\x00") == "lsof"
    assert guess_tool("p42\0cnode\0\n") == "lsof"
    assert guess_tool("node 41234 me 23u IPv6 0x1 0t0 TCP [::1]:5173 (LISTEN)") == "lsof"
    assert guess_tool("State : Listen\n") == "get-nettcpconnection"
    assert guess_tool("\x1b[32;1mLocalAddress LocalPort\x1b[0m") == "get-nettcpconnection"
    assert guess_tool("tcp4 0 0 localhost:http *.* LISTEN") == "netstat-macos"
    with pytest.raises(ListenerFormatError, match="not text: int"):
        guess_tool(3)  # type: ignore[arg-type]
    assert guess_tool("  TCP  0.0.0.0:1  0.0.0.0:0  LISTENING  4") == "netstat-windows"
    assert guess_tool("[{}]") == "get-nettcpconnection"
    assert guess_tool("LISTEN 0 5 127.0.0.1:80 0.0.0.0:*") == "ss"


def test_decode() -> None:
    assert decode("é".encode("utf-16")) == "é"
    assert decode("ab".encode("utf-16-le")) == "ab"
    assert decode(b"\xef\xbb\xbfab") == "ab"
    assert decode(b"ABH\x99REN") == "ABHÖREN"  # code page 850, by a known word
    assert decode(b"ABH\xd6REN") == "ABHÖREN"  # 1252
    assert decode(b"\x99 \xff") == "\ufffd \ufffd"  # no known word: UTF-8, replaced


@pytest.mark.parametrize(
    ("name", "encoding"),
    [
        ("netstat-windows-fr-cp850.txt", "cp850"),
        ("netstat-windows-b-fr.txt", "cp850"),
        ("netstat-windows-pt-br.txt", "cp850"),
        ("netstat-windows-pl-cp852.txt", "cp852"),
        ("netstat-windows-ru-cp866.txt", "cp866"),
        ("netstat-windows-ja-cp932.txt", "cp932"),
        ("netstat-windows-zh-cp936.txt", "cp936"),
        ("netstat-windows-de-cp850.txt", "cp850"),
    ],
)
def test_decode_localized_windows_output(name: str, encoding: str) -> None:
    data = (DATA / name).read_bytes()
    assert decode(data) == data.decode(encoding)


@pytest.mark.parametrize(
    ("word", "pages"), [(word, pages) for word, pages in LOCALIZED_WORDS]
)  # fmt: skip
def test_every_localized_word_tells_its_code_pages(word: str, pages: tuple[str, ...]) -> None:
    for page in pages:
        text = f"  Proto  {word}\r\n  TCP    127.0.0.1:80   0.0.0.0:0   {word}   4\r\n"
        assert decode(text.encode(page)) == text, page
        assert rows(text.encode(page), "netstat-windows") == ["tcp 127.0.0.1 80 - 4"]


PROC_TCP = (
    "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  "
    "timeout inode\n"
    "   0: 0100007F:0BB8 00000000:0000 0A 00000080:00000081 00:00000000 00000000  1000  "
    "      0 4242 1\n"
    "   1: 0100007F:0BB9 0100007F:C350 01 00000000:00000000 00:00000000 00000000  1000  "
    "      0 4243 1\n"
    "   2: short\n"
)


def test_read_proc_net() -> None:
    [(sock, inode)] = read_proc_net(PROC_TCP, "tcp", 4)
    assert (str(sock.address), sock.port, sock.queued, sock.backlog, inode) == (
        "127.0.0.1", 3000, 0x81, 0x80, "4242"
    )  # fmt: skip
    [(big, _)] = read_proc_net(
        PROC_TCP.replace("0100007F:0BB8", "7F000001:0BB8"), "tcp", 4, little=False
    )
    assert big.address == Address("127.0.0.1")
    six = "h\n 0: 00000000000000000000000001000000:0035 0 07 00000000:00000000 0 0 0 0 0 99\n"
    [(udp, _)] = read_proc_net(six, "udp", 6)
    assert (str(udp.address), udp.port, udp.queued) == ("::1", 53, None)


def test_read_docker_ps() -> None:
    text = (
        "web\t0.0.0.0:8080->80/tcp, :::8080->80/tcp\n"
        "db\t127.0.0.1:5432-5433->5432-5433/tcp\n"
        "dns\t0.0.0.0:53->53/udp, 9000/tcp\n"
        "odd\tbad:80->80/tcp, 0.0.0.0:x->80/tcp, 0.0.0.0:80->y/tcp\n"
        "none\t\n"
    )
    found = [
        (p.container, str(p.address), p.port, p.target, p.protocol) for p in read_docker_ps(text)
    ]
    assert found == [
        ("web", "0.0.0.0", 8080, 80, "tcp"),
        ("web", "::", 8080, 80, "tcp"),
        ("db", "127.0.0.1", 5432, 5432, "tcp"),
        ("db", "127.0.0.1", 5433, 5433, "tcp"),
        ("dns", "0.0.0.0", 53, 53, "udp"),
    ]


SAMPLES = sorted((DATA / name).read_text(errors="replace") for name in EXPECTED)


@st.composite
def tool_output(draw: st.DrawFn) -> str:
    """A recorded output with a piece cut out and arbitrary text put in."""
    text = draw(st.sampled_from(SAMPLES))
    start = draw(st.integers(0, len(text)))
    end = draw(st.integers(start, min(len(text), start + 80)))
    return text[:start] + draw(st.text(max_size=40)) + text[end:]


class TestTotality:
    """Any text gives listeners or ListenerFormatError, for every tool (never a crash)."""

    @given(text=st.one_of(st.text(), tool_output()), tool=st.sampled_from(sorted(TOOLS)))
    def test_read_listeners(self, text: str, tool: str) -> None:
        try:
            found = read_listeners(text, tool)
        except ListenerFormatError as error:
            message = str(error)
        else:
            message = f"{tool} output"
            assert all(0 < s.port < 65536 for s in found)
        assert message.startswith(f"{tool} output")

    @given(text=st.one_of(st.text(), tool_output()))
    def test_guess_tool(self, text: str) -> None:
        try:
            assert guess_tool(text) in TOOLS
        except ListenerFormatError:
            pass

    @given(data=st.one_of(st.binary(), tool_output().map(str.encode)),
           tool=st.sampled_from(sorted(TOOLS)))  # fmt: skip
    def test_bytes(self, data: bytes, tool: str) -> None:
        try:
            read_listeners(data, tool)
        except ListenerFormatError as error:
            message = str(error)
        else:
            message = f"{tool} output"
        assert message.startswith(f"{tool} output")
