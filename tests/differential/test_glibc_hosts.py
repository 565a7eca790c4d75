"""Differential tests of hosts-file lookups against glibc itself.

Each generated hosts file is bind-mounted over /etc/hosts (with an nsswitch.conf that reads
only files) inside ``unshare -m``, and glibc answers getaddrinfo, gethostbyname_ex and
gethostbyaddr there (tests/differential/glibc_oracle.py), once with ``RESOLV_MULTI=on`` and
once with ``off``. getaddrinfo sorts by RFC 6724, so its answers are compared as multisets;
gethostbyname_ex and gethostbyaddr are compared exactly. Needs Linux, glibc, root and
``unshare``; skipped with the reason otherwise.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import random
import shlex
import shutil
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from loopback import Address, AddressError
from loopback._address import make_address
from loopback._strict import parse_strict
from loopback.hosts import HostEntry, HostsFile
from loopback.hosts._hostconf import read_multi
from loopback.hosts._parse import encode
from tests.test_hosts import REAL_FILES

# slow: a process in a mount namespace per case; glibc's answers do not vary with Python
pytestmark = [pytest.mark.oracle, pytest.mark.slow]

ORACLE = Path(__file__).with_name("glibc_oracle.py")
FAMILIES = {"inet": socket.AF_INET, "inet6": socket.AF_INET6, "unspec": socket.AF_UNSPEC}


def _why_not() -> str | None:
    if platform.system() != "Linux" or platform.libc_ver()[0] != "glibc":
        return "needs Linux with glibc"
    if os.geteuid() != 0:
        return "needs root to bind-mount over /etc/hosts"
    if shutil.which("unshare") is None or shutil.which("mount") is None:
        return "needs unshare and mount (util-linux)"
    probe = subprocess.run(
        ["unshare", "-m", "mount", "--bind", "/etc/hosts", "/etc/hosts"],
        capture_output=True,
        check=False,
    )
    if probe.returncode != 0:
        return (
            f"unshare -m with a bind mount failed: {probe.stderr.decode(errors='replace').strip()}"
        )
    return None


WHY_NOT = _why_not()
needs_namespace = pytest.mark.skipif(WHY_NOT is not None, reason=WHY_NOT or "")


def _mounts(tmp: Path, data: bytes) -> str:
    """The shell commands that make ``data`` /etc/hosts and nsswitch.conf read only files."""
    hosts = tmp / "hosts"
    hosts.write_bytes(data)
    nsswitch = tmp / "nsswitch.conf"
    nsswitch.write_text("hosts: files\n")
    return f"mount --bind {hosts} /etc/hosts && mount --bind {nsswitch} /etc/nsswitch.conf"


def glibc(
    tmp: Path,
    data: bytes,
    names: list[str],
    addresses: list[str],
    multi: bool | None,
    *,
    host_conf: bytes | None = None,
    env_multi: bytes | None = None,
) -> dict[str, dict[str, Any]]:
    """Ask glibc, in a private mount namespace, about ``data`` as /etc/hosts.

    ``multi`` sets ``RESOLV_MULTI``; ``None`` leaves it to ``host_conf`` and ``env_multi``.
    """
    # -S: the oracle needs only the stdlib
    script = f"{_mounts(tmp, data)} && exec {sys.executable} -S {ORACLE}"
    env = {key: value for key, value in os.environb.items() if not key.startswith(b"RESOLV_")}
    conf = tmp / "host.conf"
    if host_conf is not None:
        conf.write_bytes(host_conf)
    env[b"RESOLV_HOST_CONF"] = os.fsencode(conf if host_conf is not None else tmp / "none")
    if multi is not None:
        env[b"RESOLV_MULTI"] = b"on" if multi else b"off"
    elif env_multi is not None:
        env[b"RESOLV_MULTI"] = env_multi
    request = {"names": names, "addresses": addresses, "unspec": multi is False}
    result = subprocess.run(
        ["unshare", "-m", "sh", "-c", script],
        input=json.dumps(request).encode(),
        capture_output=True,
        check=True,
        env=env,
        timeout=60,
    )
    answer: dict[str, dict[str, Any]] = json.loads(result.stdout)
    return answer


ADDRESSES_V4 = ["127.0.0.1", "127.0.1.1", "10.0.0.1", "10.0.0.2", "192.0.2.7", "0.0.0.0"]
ADDRESSES_V6 = [
    "::1",
    "fd00::1",
    "FD00::0001",
    "::ffff:10.0.0.1",
    "::ffff:127.0.0.1",
    "fe80::1",
    "::",
]
IGNORED = ["127.1", "010.0.0.1", "fe80::1%lo", "[::1]", "10.0.0.0/8", "256.1.1.1", "0x7f.0.0.1"]
NAMES = ["localhost", "web", "Web", "WEB.example", "web.example", "db", "db.", "a-b", "x_y", "*.w"]


def random_hosts(rng: random.Random) -> bytes:
    """A hosts file with the shapes glibc cares about: comments anywhere, odd whitespace,
    CRLF, ignored addresses, address-only lines, duplicates, case and trailing dots."""
    lines = []
    for _ in range(rng.randrange(1, 14)):
        kind = rng.random()
        if kind < 0.1:
            lines.append(rng.choice([b"", b"   ", b"# comment", b"  # indented", b"\t"]))
            continue
        address = rng.choice(ADDRESSES_V4 + ADDRESSES_V6 + (IGNORED if kind < 0.2 else []))
        names = rng.sample(NAMES + NUMERIC_LOOKING, rng.randrange(0, 4))
        separator = rng.choice([" ", "\t", "  ", " \t "])
        line = separator.join([address, *names])
        if rng.random() < 0.15:
            line += rng.choice([" # trailing", "#glued", " #"])
        if rng.random() < 0.1 and names:
            line = line.replace(names[0], names[0] + "#cut", 1)
        lines.append(line.encode())
    newline = b"\r\n" if rng.random() < 0.2 else b"\n"
    data = newline.join(lines) + (newline if rng.random() < 0.8 else b"")
    if rng.random() < 0.05:
        data = b"\xef\xbb\xbf" + data
    return data


#: Names that look numeric to one API and not to the other, zones, and "." (see
#: loopback/hosts/_numeric.py): each is looked up, and put in generated files.
NUMERIC_LOOKING = [
    "0x11",
    "0X7f.0.0.1",
    "1.2.3.0x4",
    "999.1.1.1",
    "08",
    "4294967296",
    "1.16777216",
    "127.0.0.1.",
    "1.2.3.",
    "1.2.3.4.5",
    "1..2",
    "a:b",
    "1:2:3",
    ":x",
    "1:g",
    "::1.",
    "g:1",
    "[::1]",
    ".",
    "fe80::1%lo",
    "fe80::1%lo0",
    "fe80::1%7",
    "fe80::1%",
    "fd00::1%lo",
    "fd00::1%7",
    "::1%1",
    "127.0.0.1%lo",
    "::ffff:254.128.0.1%lo",
    "ff02::1%lo",
    "1.2.3.4",
    "ab:cd::",
    "127.1",
]


def _value(text: str) -> tuple[int, int]:
    """An address's (version, value), without its zone (Python's getaddrinfo drops it)."""
    address = Address(text.split("%", maxsplit=1)[0])
    return address.version, int(address)


def _entry(entry: HostEntry | None) -> list[Any] | None:
    if entry is None:
        return None
    return [entry.name, entry.aliases, [str(a) for a in entry.addresses]]


def compare(tmp: Path, data: bytes, extra: list[str] = NUMERIC_LOOKING) -> None:
    hosts = HostsFile.parse(data)
    names = sorted(
        set(NAMES) | {n.upper() for n in NAMES} | {"nothere", "cut", "web#cut"} | set(extra)
    )
    addresses = [*ADDRESSES_V4, "::1", "fd00::1", "::ffff:10.0.0.1", "fe80::1", "10.0.0.9"]
    for multi in (False, True):
        answer = glibc(tmp, data, names, addresses, multi)
        context = f"multi {'on' if multi else 'off'}, file {data!r}"
        for name in names:
            for key, family in FAMILIES.items():
                ours = sorted(_value(str(a)) for a in hosts.lookup(name, family, multi=multi))
                theirs = sorted(_value(a) for a in answer["lookup"][name][key] or [])
                assert ours == theirs, f"lookup({name!r}, {key}) {context}"
            ours = sorted(
                _value(str(a))
                for a in hosts.lookup(name, socket.AF_INET, multi=multi, canonname=True)
            )
            theirs = sorted(_value(a) for a in answer["lookup"][name]["inet+canon"] or [])
            assert ours == theirs, f"lookup({name!r}, inet, canonname) {context}"
            for key, v4mapped in (("inet6+mapped", True), ("inet6+all", "all")):
                found = hosts.lookup(name, socket.AF_INET6, multi=multi, v4mapped=v4mapped)  # type: ignore[arg-type]
                ours = sorted(_value(str(a)) for a in found)
                theirs = sorted(_value(a) for a in answer["lookup"][name][key] or [])
                assert ours == theirs, f"lookup({name!r}, inet6, v4mapped={v4mapped!r}) {context}"
            for key, expected in answer["query"][name].items():
                entry = hosts.query(name, FAMILIES[key], multi=multi)
                assert _entry(entry) == expected, f"query({name!r}, {key}) {context}"
        for address in addresses:
            names_back = hosts.reverse(address)
            theirs_back = answer["reverse"][address]
            ours_back = None if names_back is None else names_back
            expected = None if theirs_back is None else [theirs_back[0], *theirs_back[1]]
            if expected == [""]:
                expected = []  # an address-only line: glibc's empty canonical name
            assert ours_back == expected, f"reverse({address!r}) {context}"


CASES = [
    b"::1 localhost ip6-localhost\n127.0.0.1 localhost\n",
    b"127.0.0.1 localhost\n::1 localhost\n",
    b"10.0.0.1 web web.example\n10.0.0.2 Web other\nfd00::1 WEB\n",
    b"10.0.0.1 web#cut db\n10.0.0.2#nospace web\n",
    b"\xef\xbb\xbf10.0.0.1 web\n10.0.0.2 web\n",
    b"10.0.0.9\n10.0.0.9 db\n",
    b"10.0.0.1 db.\n10.0.0.2 db\n",
    b"::ffff:10.0.0.1 web\n10.0.0.1 db\n",
    b"127.1 web\n010.0.0.1 web\nfe80::1%lo web\n10.0.0.1 web\n",
    b"10.0.0.1 web\r\n10.0.0.2\tdb\x0bweb\r\n",
    b"10.0.0.1 web\x00hidden\n",
    b"10.0.0.1 cra\r10.0.0.2 crb\r",
]


@needs_namespace
@pytest.mark.parametrize("data", CASES)
def test_known_cases(tmp_path: Path, data: bytes) -> None:
    compare(tmp_path, data)


@needs_namespace
@pytest.mark.parametrize("seed", range(150))
def test_generated_files(tmp_path: Path, seed: int) -> None:
    compare(tmp_path, random_hosts(random.Random(seed)))


@needs_namespace
@pytest.mark.parametrize("path", REAL_FILES or [None], ids=lambda p: p.name if p else "none")
def test_real_files(tmp_path: Path, path: Path | None) -> None:
    """Third-party hosts files (tests/test_hosts.py's REAL_FILES), with names from each."""
    if path is None:
        pytest.skip("no real hosts files")
    data = path.read_bytes()
    rng = random.Random(path.name)
    found = sorted({name for line in HostsFile.parse(data).entries for name in line.names})
    sample = rng.sample(found, min(len(found), 40))
    compare(tmp_path, data, [*NUMERIC_LOOKING, *sample, *(n.upper() for n in sample)])


@needs_namespace
def test_save_over_a_real_bind_mount(tmp_path: Path) -> None:
    """As in Docker: the file is a mount point, rename() onto it fails with EBUSY, and
    save writes it in place (into the mounted file) after the backup."""
    source = tmp_path / "source"
    source.write_bytes(b"127.0.0.1 localhost\n")
    target = tmp_path / "target"
    target.write_bytes(b"")
    code = (
        "from loopback.hosts import HostsFile; "
        f"h = HostsFile.load({str(target)!r}); h.add('10.0.0.1', 'web'); h.save()"
    )
    script = f"mount --bind {source} {target} && exec {sys.executable} -c {shlex.quote(code)}"
    subprocess.run(["unshare", "-m", "sh", "-c", script], check=True, timeout=60)
    assert source.read_bytes() == b"127.0.0.1 localhost\n10.0.0.1 web\n"
    (backup,) = tmp_path.glob("target.loopback-*.bak")
    assert backup.read_bytes() == b"127.0.0.1 localhost\n"


#: host.conf contents and RESOLV_MULTI values, as glibc's res_hconf.c reads them.
HOST_CONFS: list[tuple[bytes | None, bytes | None]] = [
    (None, None),
    (b"multi on\n", None),
    (b"multi off\n", None),
    (b"MULTI ON\n", None),
    (b"multi onion\n", None),
    (b"multi offer\n", None),
    (b"multi o\n", None),
    (b"multi\n", None),
    (b"  multi\ton # comment\n", None),
    (b"multi,on\n", None),
    (b"multi#on\n", None),
    (b"# multi on\n", None),
    (b"multix on\n", None),
    (b"order hosts,bind\nmulti on\nmulti off\n", None),
    (b"multi off\nmulti garbage\n", None),
    (b"multi on", None),
    (b"multi on\0 off\n", None),
    (b"multi off " + b" " * 246 + b"multi on\n", None),
    (b"multi on " + b" " * 246 + b"multi off\n", None),
    (b"multi on" + b" " * 246 + b"multi off\n", None),
    (b"\0multi on\n", None),
    (b"x" * 255 + b"multi on\n", None),
    (b"x" * 254 + b"\nmulti on\n", None),
    (b"multi on\n", b"off"),
    (b"multi on\n", b" off"),
    (b"multi on\n", b"OFFLINE"),
    (b"multi off\n", b"onward"),
    (b"multi off\n", b""),
    (b"multi off\n", b"yes"),
    (None, b"on"),
    (None, b"On"),
]


@needs_namespace
def test_host_conf_as_glibc_reads_it(tmp_path: Path) -> None:
    """multi on shows as two addresses for a name on two lines, multi off as one."""
    data = b"10.0.0.1 twice\n10.0.0.2 twice\n"
    for conf, env in HOST_CONFS:
        answer = glibc(tmp_path, data, ["twice"], [], None, host_conf=conf, env_multi=env)
        glibc_multi = len(answer["query"]["twice"]["inet"][2]) == 2
        assert read_multi(conf, env) is glibc_multi, (conf, env)
        hosts = HostsFile.parse(data)
        env_text = {} if env is None else {"RESOLV_MULTI": os.fsdecode(env)}
        conf_path = tmp_path / "host.conf"
        if conf is not None:
            conf_path.write_bytes(conf)
        with pytest.MonkeyPatch.context() as patch:
            patch.delenv("RESOLV_MULTI", raising=False)
            for key, value in env_text.items():
                patch.setenv(key, value)
            patch.setenv("RESOLV_HOST_CONF", str(conf_path if conf else tmp_path / "none"))
            assert len(hosts.lookup("twice", socket.AF_INET)) == 1 + glibc_multi, (conf, env)


# getent --no-idn ------------------------------------------------------------------------
#
# getent prints what glibc answers as bytes, with no IDN conversion (--no-idn) of the
# names asked or of the canonical names printed: `ahosts`, `ahostsv4` and `ahostsv6` call
# getaddrinfo with AI_V4MAPPED | AI_ADDRCONFIG | AI_CANONNAME for AF_UNSPEC, AF_INET and
# AF_INET6; `hosts` reads an address key with gethostbyaddr and any other name with
# gethostbyname2(AF_INET6), then gethostbyname2(AF_INET) (glibc's nss/getent.c). Each
# database is asked about every name in one getent run, the names separated by a
# delimiter name that a line appended to the file answers.

DELIMITER = "zz-loopback-delimiter"
DELIMITER_ADDRESSES = (b"10.255.255.254", b"::ffff:10.255.255.254")
GETENT_DATABASES = ("ahosts", "ahostsv4", "ahostsv6", "hosts")


def _why_no_getent() -> str | None:
    if WHY_NOT is not None:
        return WHY_NOT
    if shutil.which("getent") is None:
        return "needs getent (glibc)"
    if (
        subprocess.run(
            ["getent", "--no-idn", "hosts", "localhost"], capture_output=True, check=False
        ).returncode
        == 64
    ):
        return "this getent has no --no-idn"
    for host, family in (("127.0.0.1", socket.AF_INET), ("::1", socket.AF_INET6)):
        try:
            socket.getaddrinfo(host, None, family, socket.SOCK_STREAM, 0, socket.AI_ADDRCONFIG)
        except OSError:
            return (
                f"getent ahosts passes AI_ADDRCONFIG, and this machine has no {family.name} "
                "address but loopback: glibc would hide that family"
            )
    return None


WHY_NO_GETENT = _why_no_getent()
needs_getent = pytest.mark.skipif(WHY_NO_GETENT is not None, reason=WHY_NO_GETENT or "")


def getent(tmp: Path, data: bytes, names: list[str], multi: bool) -> dict[str, list[list[bytes]]]:
    """Each database's output lines for each name (each line split at white space)."""
    script = (
        f"{_mounts(tmp, data)} || exit 1; for db in {' '.join(GETENT_DATABASES)}; do "
        'echo "@@ $db"; getent --no-idn "$db" "$@"; done; exit 0'
    )
    keys = [os.fsencode(part) for name in names for part in (name, DELIMITER)]
    env = {key: value for key, value in os.environb.items() if not key.startswith(b"RESOLV_")}
    env[b"RESOLV_HOST_CONF"] = os.fsencode(tmp / "none")
    env[b"RESOLV_MULTI"] = b"on" if multi else b"off"
    result = subprocess.run(
        [b"unshare", b"-m", b"sh", b"-c", script.encode(), b"getent", *keys],
        capture_output=True,
        check=True,
        env=env,
        timeout=60,
    )
    out: dict[str, list[list[bytes]]] = {}
    blocks: list[list[bytes]] = []
    block: list[bytes] = []
    for line in result.stdout.split(b"\n")[:-1]:
        if line.startswith(b"@@ "):
            blocks = out.setdefault(line[3:].decode(), [])
            continue
        address = line.split(b" ", 1)[0]
        if address in DELIMITER_ADDRESSES:
            if line.rstrip().endswith(DELIMITER.encode()):  # the first line of its answer
                blocks.append(block)
                block = []
            continue
        block.append(line)
    return out


def _getent_addresses(lines: list[bytes]) -> list[tuple[int, int]]:
    """ahosts*: the addresses of the STREAM lines (one per address), as (version, value)."""
    return sorted(
        _value(line.split()[0].decode()) for line in lines if line.split()[1] == b"STREAM"
    )


def _getent_hosts_line(line: bytes) -> tuple[tuple[int, int], list[bytes]]:
    """hosts: printf("%-15s %s", address, h_name), then " alias" for each alias."""
    address = line.split(b" ", 1)[0]
    rest = line[max(15, len(address)) + 1 :]
    return _value(address.decode()), rest.split(b" ") if rest else []


def _ours_hosts(
    hosts: HostsFile, name: str, multi: bool
) -> list[tuple[tuple[int, int], list[bytes]]]:
    """What getent's hosts_keys prints, from our answers."""
    if "%" not in name:
        try:
            version, value, _ = parse_strict(name)  # inet_pton, AF_INET6 then AF_INET
        except AddressError:
            pass
        else:
            names = hosts.reverse(make_address(version, value))
            if names is None:
                return []
            return [((version, value), [encode(n) for n in names])]
    entry = hosts.query(name, socket.AF_INET6, multi=multi) or hosts.query(
        name, socket.AF_INET, multi=multi
    )
    if entry is None:
        return []
    shown = [encode(n) for n in [entry.name, *entry.aliases]]
    return [(_value(str(address)), shown) for address in entry.addresses]


def compare_getent(tmp: Path, data: bytes, names: list[str]) -> None:
    if not data.endswith(b"\n") and data:
        data += b"\n"
    data += f"10.255.255.254 {DELIMITER}\n".encode()
    names = [name for name in names if name and not name.startswith("-")]
    hosts = HostsFile.parse(data)
    for multi in (False, True):
        answer = getent(tmp, data, names, multi)
        assert all(len(answer[db]) == len(names) for db in GETENT_DATABASES), answer
        context = f"multi {'on' if multi else 'off'}, file {data!r}"
        for i, name in enumerate(names):
            options: dict[str, bool]
            for db, family, options in (
                ("ahosts", socket.AF_UNSPEC, {}),
                ("ahostsv4", socket.AF_INET, {"canonname": True}),
                ("ahostsv6", socket.AF_INET6, {"v4mapped": True}),
            ):
                found = hosts.lookup(name, family, multi=multi, **options)
                ours = sorted(_value(str(a)) for a in found)
                assert ours == _getent_addresses(answer[db][i]), f"getent {db} {name!r} {context}"
            theirs = [_getent_hosts_line(line) for line in answer["hosts"][i]]
            assert _ours_hosts(hosts, name, multi) == theirs, f"getent hosts {name!r} {context}"


#: Every numeric-looking name, zone and "." as a name of an IPv4 and an IPv6 line, an
#: IPv4-mapped line (AI_V4MAPPED drops it once an IPv6 line answered), an address-only line.
NUMERIC_FILE = (
    ("10.0.0.1 n4 {names}\nfd00::9 n6 {names}\n::ffff:10.0.0.7 mapped-only n6\n10.0.0.9\n")
    .format(names=" ".join(NUMERIC_LOOKING))
    .encode()
)


@needs_getent
@pytest.mark.parametrize(
    "data",
    [*CASES, NUMERIC_FILE, *(random_hosts(random.Random(seed)) for seed in range(12))],
    ids=lambda data: hashlib.sha256(data).hexdigest()[:8],
)
def test_getent_no_idn(tmp_path: Path, data: bytes) -> None:
    """getent --no-idn ahosts/ahostsv4/ahostsv6/hosts, byte for byte where names show."""
    names = sorted(
        set(NAMES)
        | {n.upper() for n in NAMES}
        | set(NUMERIC_LOOKING)
        | {"nothere", "cut", "web#cut", "mapped-only", "n4", "n6", "10.0.0.9", "::ffff:10.0.0.7"}
        | set(ADDRESSES_V4)
        | {"::1", "fd00::1", "fe80::1", "::"}
    )
    compare_getent(tmp_path, data, names)
