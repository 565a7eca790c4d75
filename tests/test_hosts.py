"""Hosts files in memory: the lossless model, lookups, editing, blocks, lint (loopback/hosts)."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from loopback import Address, AddressError
from loopback.hosts import HostsFile, HostsSyntaxError
from loopback.hosts._io import interface_index
from loopback.hosts._numeric import getaddrinfo_numeric
from loopback.hosts._parse import encode

#: /work/shared/data beside the repository, or beside the directory of its worktrees.
SHARED_DATA = next(
    (
        parent / "shared" / "data"
        for parent in list(Path(__file__).resolve().parents)[1:4]  # slicing parents: 3.10+
        if (parent / "shared" / "data").is_dir()
    ),
    Path(__file__).resolve().parents[2] / "shared" / "data",
)
REAL_FILES = sorted(SHARED_DATA.glob("real-hosts/*.hosts")) + sorted(SHARED_DATA.glob("*.txt"))

hosts_like_bytes = st.lists(
    st.sampled_from(
        [b"127.0.0.1", b"::1", b" ", b"\t", b"\r", b"\n", b"\r\n", b"#", b"\x00", b"\xef\xbb\xbf",
         b"localhost", b"web", b"\xff\xfe", b"\xc3\xa4", b"127.1", b"fe80::1%lo", b";", b"\x0b"]
    )
).map(b"".join)  # fmt: skip


class TestLossless:
    """Any bytes parse, and come back exactly."""

    @given(st.one_of(st.binary(), hosts_like_bytes))
    def test_round_trip(self, data: bytes) -> None:
        hosts = HostsFile.parse(data)
        assert hosts.to_bytes() == data
        lines = hosts.lines
        assert b"".join(line.raw + line.newline for line in lines) == data
        assert len(lines) == len(hosts)

    @pytest.mark.parametrize("path", REAL_FILES or [None], ids=lambda p: p.name if p else "none")
    def test_real_files(self, path: Path | None) -> None:
        if path is None:
            pytest.skip(f"no real hosts files in {SHARED_DATA}")
        data = path.read_bytes()
        hosts = HostsFile.parse(data)
        assert hosts.to_bytes() == data
        hosts.lookup("localhost", multi=True)  # builds the index over the whole file

    def test_str_input_is_utf8(self) -> None:
        hosts = HostsFile.parse("10.0.0.1 b\u00fccher \udcff\n")
        assert hosts.to_bytes() == b"10.0.0.1 b\xc3\xbccher \xff\n"
        assert hosts.lines[0].names == ("b\u00fccher", "\udcff")

    def test_any_str(self) -> None:
        hosts = HostsFile.parse("10.0.0.1 \ud800\n")  # a lone surrogate no byte stands for
        assert hosts.to_bytes() == b"10.0.0.1 \xed\xa0\x80\n"

    def test_not_bytes(self) -> None:
        with pytest.raises(HostsSyntaxError, match="expected bytes or str, not int"):
            HostsFile.parse(5)  # type: ignore[arg-type]

    def test_line_views(self) -> None:
        data = (
            b"\xef\xbb\xbf10.0.0.1 bom\n"
            b"# comment\n"
            b"   \r\n"
            b"10.0.0.2\tweb  web.example # note\r\n"
            b"127.1 short\n"
            b"fe80::1%lo zoned\n"
            b"10.0.0.3 nul\x00hidden\n"
            b"10.0.0.4"
        )
        kinds = [(line.kind, line.names, line.newline) for line in HostsFile.parse(data).lines]
        assert kinds == [
            ("ignored", (), b"\n"),
            ("comment", (), b"\n"),
            ("blank", (), b"\n"),
            ("entry", ("web", "web.example"), b"\n"),
            ("ignored", (), b"\n"),
            ("ignored", (), b"\n"),
            ("entry", ("nul",), b"\n"),
            ("entry", (), b""),
        ]
        hosts = HostsFile.parse(data)
        assert hosts.has_bom
        assert hosts.lines[3].comment == " note\r"
        assert hosts.lines[3].text == "10.0.0.2\tweb  web.example # note\r"
        assert (
            hosts.lines[5].reason
            == "glibc does not read the address 'fe80::1%lo' (inet_pton: zone id)"
        )
        assert [line.number for line in hosts.entries] == [4, 7, 8]


MULTI_FILE = (
    b"::1 localhost ip6-localhost\n127.0.0.1 localhost\n::ffff:10.1.2.3 mapped\n"
    b"10.0.0.1 web web.example\n10.0.0.2 Web other\nfd00::1 WEB\n10.0.0.9\n"
)


class TestLookup:
    """The answers glibc gave for the same file (tests/differential has the live check)."""

    hosts = HostsFile.parse(MULTI_FILE)

    @pytest.mark.parametrize(
        ("name", "family", "multi", "expected"),
        [
            ("localhost", socket.AF_UNSPEC, False, ["::1"]),
            ("localhost", socket.AF_UNSPEC, True, ["::1", "127.0.0.1"]),
            ("localhost", socket.AF_INET, False, ["127.0.0.1"]),
            ("localhost", socket.AF_INET, True, ["127.0.0.1", "127.0.0.1"]),
            ("localhost", socket.AF_INET6, True, ["::1"]),
            ("mapped", socket.AF_INET, True, ["10.1.2.3"]),
            ("mapped", socket.AF_INET6, True, ["::ffff:10.1.2.3"]),
            ("WEB.EXAMPLE", socket.AF_UNSPEC, True, ["10.0.0.1"]),
            ("web", socket.AF_UNSPEC, False, ["10.0.0.1"]),
            ("web", socket.AF_UNSPEC, True, ["10.0.0.1", "10.0.0.2", "fd00::1"]),
            ("web", socket.AF_INET6, False, ["fd00::1"]),
            ("web.", socket.AF_UNSPEC, True, []),
            ("nothere", socket.AF_UNSPEC, True, []),
            ("10.0.0.7", socket.AF_UNSPEC, True, ["10.0.0.7"]),  # numeric: never the file
            ("127.1", socket.AF_INET, True, ["127.0.0.1"]),
            ("10.0.0.7", socket.AF_INET6, True, []),
            ("::1", socket.AF_INET, True, []),
            ("::ffff:1.2.3.4", socket.AF_INET, True, ["1.2.3.4"]),
            ("08.1.2.3", socket.AF_UNSPEC, True, []),  # digits and dots: never the file
            ("1.2.3.256", socket.AF_INET, True, []),
            ("1::2::3", socket.AF_UNSPEC, True, []),
        ],
    )
    def test_lookup(self, name: str, family: int, multi: bool, expected: list[str]) -> None:
        assert self.hosts.lookup(name, family, multi=multi) == [Address(a) for a in expected]

    def test_query(self) -> None:
        entry = self.hosts.query("web", multi=True)
        assert entry is not None
        assert (entry.name, entry.aliases) == ("web", ["web.example", "other", "Web"])
        assert entry.addresses == [Address("10.0.0.1"), Address("10.0.0.2")]
        assert self.hosts.query("web", multi=False) == (
            "web",
            ["web.example"],
            [Address("10.0.0.1")],
        )
        assert self.hosts.query("nothere") is None
        entry = self.hosts.query("web", socket.AF_INET6, multi=True)
        assert entry == ("WEB", [], [Address("fd00::1")])
        numeric = HostsFile.parse(b"10.9.9.9 1.2.3.4\n10.9.9.8 08.1.2.3\n")
        assert numeric.query("1.2.3.4") == ("1.2.3.4", [], [Address("1.2.3.4")])
        assert numeric.query("08.1.2.3") is None
        assert numeric.query("::1") is None
        assert HostsFile.parse(b":: anyhost\n").reverse("::") is None  # glibc refuses ::

    @pytest.mark.parametrize(
        ("address", "expected"),
        [
            ("127.0.0.1", ["localhost", "ip6-localhost"]),  # the ::1 line counts as 127.0.0.1
            ("::1", ["localhost", "ip6-localhost"]),
            ("10.1.2.3", ["mapped"]),
            ("10.0.0.9", []),
            ("10.0.0.8", None),
            (Address("fd00::1"), ["WEB"]),
            ("::", None),
        ],
    )
    def test_reverse(self, address: str | Address, expected: list[str] | None) -> None:
        assert self.hosts.reverse(address) == expected

    def test_errors(self) -> None:
        with pytest.raises(HostsSyntaxError, match="must be str, not bytes"):
            self.hosts.lookup(b"web")  # type: ignore[arg-type]
        with pytest.raises(HostsSyntaxError, match="family must be"):
            self.hosts.lookup("web", 99)
        with pytest.raises(AddressError):
            self.hosts.reverse("10.1")

    def test_multi_from_the_environment(
        self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
    ) -> None:
        conf = tmp_path / "host.conf"
        conf.write_text("# glibc\nmulti on\n")
        monkeypatch.delenv("RESOLV_MULTI", raising=False)
        monkeypatch.setenv("RESOLV_HOST_CONF", str(conf))
        assert HostsFile.parse(MULTI_FILE).lookup("web", socket.AF_INET) == [
            Address("10.0.0.1"),
            Address("10.0.0.2"),
        ]
        conf.write_text("multi off\n")
        assert HostsFile.parse(MULTI_FILE).lookup("web", socket.AF_INET) == [Address("10.0.0.1")]
        monkeypatch.setenv("RESOLV_HOST_CONF", str(tmp_path / "missing"))
        assert HostsFile.parse(MULTI_FILE).lookup("web", socket.AF_INET) == [Address("10.0.0.1")]
        monkeypatch.setenv("RESOLV_MULTI", "on")
        hosts = HostsFile.parse(MULTI_FILE)
        assert len(hosts.lookup("web", socket.AF_INET)) == 2
        monkeypatch.setenv("RESOLV_MULTI", "off")  # read once per file, as glibc reads it once
        assert len(hosts.lookup("web", socket.AF_INET)) == 2

    def test_index_follows_edits(self) -> None:
        hosts = HostsFile.parse(b"10.0.0.1 web\n")
        assert hosts.lookup("db", multi=True) == []
        hosts.add("10.0.0.2", "db")
        assert hosts.lookup("db", multi=True) == [Address("10.0.0.2")]
        hosts.remove("db")
        assert hosts.lookup("db", multi=True) == []

    @given(st.one_of(st.binary(), hosts_like_bytes))
    def test_index_agrees_with_the_lines(self, data: bytes) -> None:
        """The lean index answers what a scan of every line's glibc view answers."""
        self.check_index(data)

    @given(st.one_of(st.binary(), hosts_like_bytes))
    def test_index_of_tiny_chunks_agrees_with_the_lines(self, data: bytes) -> None:
        """Chunks of a line or two: every cut between chunks is a line end."""
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr("loopback.hosts._lookup._MIN_CHUNK", 1)
            patch.setattr("loopback.hosts._lookup._TOKENS", 1)
            self.check_index(data)

    @given(st.one_of(st.binary(), hosts_like_bytes))
    def test_index_of_every_line_agrees_with_the_lines(self, data: bytes) -> None:
        """Once lookups have paid for it, every line is indexed (here: at once)."""
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr("loopback.hosts._lookup._PROMOTION", 10**9)
            self.check_index(data)

    def test_many_lookups_index_every_line(self) -> None:
        data = b"".join(b"10.0.%d.%d host%d h%d\n" % (i >> 8, i & 255, i, i) for i in range(3000))
        hosts = HostsFile.parse(data + b"10.9.9.9 host7 # again\n")
        for i in range(3000):  # a new name each time: the lookups pay for the index
            assert hosts.lookup(f"h{i}", multi=True) == [Address(f"10.0.{i >> 8}.{i & 255}")]
        assert hosts.lookup("HOST7", multi=True) == [Address("10.0.0.7"), Address("10.9.9.9")]
        assert hosts.lookup("again", multi=True) == []

    def test_names_no_token_can_be(self) -> None:
        hosts = HostsFile.parse(b"10.0.0.1 a b#c\n10.0.0.2 d\x00e\n")
        for name in ("", "a b", "b#c", "d\x00e", "\na", " a", "#c"):
            assert hosts.lookup(name, multi=True) == [], repr(name)
        assert hosts.lookup("b", multi=True) == [Address("10.0.0.1")]
        assert hosts.lookup("d", multi=True) == [Address("10.0.0.2")]
        assert hosts.lookup("c", multi=True) == hosts.lookup("e", multi=True) == []

    def test_query_merges_lines_of_one_canonical_name(self) -> None:
        hosts = HostsFile.parse(b"10.0.0.1 web a\n10.0.0.2 web b\n10.0.0.3 Web\n")
        entry = hosts.query("web", socket.AF_INET, multi=True)
        assert entry == ("web", ["a", "b", "Web"], [Address(f"10.0.0.{i}") for i in (1, 2, 3)])

    def test_reverse_reads_each_address_once(self) -> None:
        hosts = HostsFile.parse(b"10.0.0.1 a\n10.0.0.1 b\n10.0.0.2 c\n10.0.0.1 d\n")
        assert hosts.reverse("10.0.0.1") == ["a"]
        assert hosts.reverse("10.0.0.2") == ["c"]

    @staticmethod
    def check_index(data: bytes) -> None:
        hosts = HostsFile.parse(data)
        hosts.lookup("a-first-name-is-scanned-for", multi=True)
        entries = [line for line in hosts.lines if line.kind == "entry"]
        names = {name for line in hosts.lines for name in line.text.split()}
        for name in names | {name for line in entries for name in line.names}:
            if getaddrinfo_numeric(name, socket.AF_UNSPEC, interface_index) is not None:
                continue
            key = encode(name).lower()
            expected = [
                line.address
                for line in entries
                if key in {encode(other).lower() for other in line.names}
            ]
            assert hosts.lookup(name, multi=True) == expected, name

    def test_a_file_of_many_comments(self) -> None:
        data = b"".join(
            b"# note %d\n10.0.%d.%d name%d # inline\n" % (i, i // 256, i % 256, i)
            for i in range(1500)
        )
        hosts = HostsFile.parse(data)
        assert hosts.lookup("name1499", multi=True) == [Address("10.0.5.219")]
        assert hosts.lookup("inline", multi=True) == []

    def test_a_name_twice_on_one_line_answers_once(self) -> None:
        data = b"10.0.0.1 web web WEB\n10.0.0.2 web\n10.0.0.3 web web\n"
        hosts = HostsFile.parse(data)
        assert hosts.lookup("web", multi=True) == [Address(f"10.0.0.{i}") for i in (1, 2, 3)]
        indexed = HostsFile.parse(data)
        assert indexed.lookup("first", multi=True) == []  # a first lookup scans the bytes
        assert indexed.lookup("web", multi=True) == [Address(f"10.0.0.{i}") for i in (1, 2, 3)]
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr("loopback.hosts._lookup._PROMOTION", 10**9)  # every line indexed
            indexed = HostsFile.parse(data)
            assert indexed.lookup("first", multi=True) == indexed.lookup("second", multi=True)
            assert indexed.lookup("web", multi=True) == hosts.lookup("web", multi=True)


class TestAdd:
    def test_copies_the_file_style(self) -> None:
        hosts = HostsFile.parse(b"127.0.0.1\tlocalhost\r\n10.0.0.1\tweb www\r\n")
        added = hosts.add("10.0.0.2", "db", "db.example", comment="database")
        assert hosts.to_bytes().endswith(b"10.0.0.2\tdb db.example # database\r\n")
        assert [line.names for line in added] == [("db", "db.example")]

    def test_style_is_read_from_the_last_entries(self) -> None:
        old = b"".join(b"10.0.%d.%d\tname%d\n" % (i // 256, i % 256, i) for i in range(300))
        new = b"".join(b"10.1.%d.%d name%d\n" % (i // 256, i % 256, i) for i in range(600))
        hosts = HostsFile.parse(old + new)
        hosts.add("10.9.9.9", "last")
        assert hosts.to_bytes().endswith(b"\n10.9.9.9 last\n")

    def test_aligned_columns(self) -> None:
        hosts = HostsFile.parse(
            b"127.0.0.1       localhost\n10.0.0.1        web\n::1             ip6\n"
        )
        hosts.add("::2", "two")
        assert hosts.to_bytes().endswith(b"::2             two\n")

    def test_file_without_final_newline(self) -> None:
        hosts = HostsFile.parse(b"10.0.0.1 web")
        hosts.add(Address("10.0.0.2"), "db")
        assert hosts.to_bytes() == b"10.0.0.1 web\n10.0.0.2 db\n"
        crlf = HostsFile.parse(b"10.0.0.1 web\r\n10.0.0.3 x")
        crlf.add("10.0.0.2", "db")
        assert crlf.to_bytes() == b"10.0.0.1 web\r\n10.0.0.3 x\r\n10.0.0.2 db\r\n"

    def test_address_only_lines_do_not_set_the_style(self) -> None:
        hosts = HostsFile.parse(b"10.0.0.1\tweb\n10.0.0.9\n")
        hosts.add("10.0.0.2", "db")
        assert hosts.to_bytes().endswith(b"\n10.0.0.2\tdb\n")

    def test_empty_file(self) -> None:
        hosts = HostsFile.parse(b"")
        hosts.add("127.0.0.1", "localhost", comment="")
        assert hosts.to_bytes() == b"127.0.0.1\tlocalhost #\n"

    def test_windows_splits_at_nine_names(self) -> None:
        hosts = HostsFile.parse(b"", windows=True)
        names = [f"n{i}" for i in range(12)]
        added = hosts.add("10.0.0.1", *names)
        assert [len(line.names) for line in added] == [9, 3]
        assert hosts.to_bytes().count(b"\r\n") == 2

    @pytest.mark.parametrize(
        ("address", "names", "comment", "error"),
        [
            ("10.0.0.1", ("bad name",), None, "is not a host name"),
            ("10.0.0.1", ("evil\nline",), None, "is not a host name"),
            ("10.0.0.1", ("a#b",), None, "is not a host name"),
            ("10.0.0.1", ("-lead",), None, "is not a host name"),
            ("10.0.0.1", ("b\u00fccher",), None, "is not ASCII"),
            ("10.0.0.1", ("",), None, "1 to 253 characters"),
            ("10.0.0.1", ("a" * 64,), None, "is not a host name"),
            ("10.0.0.1", (5,), None, "must be str"),
            ("10.0.0.1", (), None, "at least one name"),
            ("10.0.0.1", ("ok",), "two\nlines", "one line without NUL"),
            ("10.0.0.1", ("ok",), 5, "a comment must be str"),
            ("fe80::1%lo", ("ok",), None, "zone id"),
            (Address("fe80::1%lo"), ("ok",), None, "zone id"),
            (5, ("ok",), None, "must be str or Address"),
        ],
    )
    def test_refuses(
        self, address: object, names: tuple[object, ...], comment: object, error: str
    ) -> None:
        hosts = HostsFile.parse(b"10.0.0.1 web\n")
        with pytest.raises(HostsSyntaxError, match=error):
            hosts.add(address, *names, comment=comment)  # type: ignore[arg-type]
        assert hosts.to_bytes() == b"10.0.0.1 web\n"

    def test_refuses_lenient_addresses(self) -> None:
        with pytest.raises(AddressError):
            HostsFile.parse(b"").add("127.1", "x")

    def test_trailing_dot_names_are_allowed(self) -> None:
        hosts = HostsFile.parse(b"")
        hosts.add("10.0.0.1", "a.example.")
        assert hosts.lookup("a.example.", multi=True) == [Address("10.0.0.1")]


class TestRemove:
    def test_removes_only_the_name(self) -> None:
        data = b"10.0.0.1  web\tWEB.example  db # keep web here\r\n10.0.0.2 other\n"
        hosts = HostsFile.parse(data)
        assert hosts.remove("web.EXAMPLE") == 1
        assert hosts.to_bytes() == b"10.0.0.1  web  db # keep web here\r\n10.0.0.2 other\n"

    def test_a_line_left_without_names_goes(self) -> None:
        hosts = HostsFile.parse(b"# top\n10.0.0.1 web\n10.0.0.2 web WEB\n10.0.0.3 db")
        assert hosts.remove("web") == 3
        assert hosts.to_bytes() == b"# top\n10.0.0.3 db"
        last = HostsFile.parse(b"10.0.0.1 db\n10.0.0.2 web")
        last.remove("web")
        assert last.to_bytes() == b"10.0.0.1 db\n"

    def test_leaves_comments_and_ignored_lines(self) -> None:
        data = b"# 10.0.0.1 web\n127.1 web\n10.0.0.1 webby\n"
        hosts = HostsFile.parse(data)
        assert hosts.remove("web") == 0
        assert hosts.to_bytes() == data
        with pytest.raises(HostsSyntaxError):
            hosts.remove(None)  # type: ignore[arg-type]


class TestAddIsIdempotent:
    def test_an_entry_already_there_is_not_added_again(self) -> None:
        data = b"10.0.0.1 web web.example\n# 10.0.0.2 db\n127.1 db\n"
        hosts = HostsFile.parse(data)
        assert hosts.add("10.0.0.1", "WEB.example") == []
        assert hosts.add(Address("10.0.0.1"), "web", "web.example") == []
        assert hosts.to_bytes() == data
        (added,) = hosts.add("10.0.0.2", "db")  # commented out, and 127.1 is no address
        assert added.text == "10.0.0.2 db"
        (added,) = hosts.add("10.0.0.1", "web", "api")  # api is new: a line of its own
        assert added.names == ("web", "api")

    def test_the_entry_is_checked_first(self) -> None:
        hosts = HostsFile.parse(b"10.0.0.1 web\n")
        with pytest.raises(HostsSyntaxError, match="is not a host name"):
            hosts.add("10.0.0.1", "web", "bad_name")


class TestRemoveAddress:
    def test_removes_every_line_with_the_address(self) -> None:
        hosts = HostsFile.parse(
            b"# keep\n10.0.0.1 web\nfd00::1 db\n10.0.0.2 other\nFD00::0001 db2 # c\nfd00::1"
        )
        assert hosts.remove_address("fd00::1") == 3
        assert hosts.to_bytes() == b"# keep\n10.0.0.1 web\n10.0.0.2 other\n"
        assert hosts.lookup("db", multi=True) == []

    def test_nothing_to_remove_changes_nothing(self) -> None:
        data = b"10.0.0.1 web\n127.1 short\n"
        hosts = HostsFile.parse(data)
        assert hosts.remove_address(Address("10.0.0.9")) == 0
        assert hosts.remove_address("127.0.0.1") == 0  # 127.1 is no address for glibc
        assert hosts.to_bytes() == data

    def test_refuses_what_is_no_strict_address(self) -> None:
        hosts = HostsFile.parse(b"10.0.0.1 web\n")
        with pytest.raises(AddressError):
            hosts.remove_address("127.1")
        with pytest.raises(HostsSyntaxError, match="must be str or Address, not int"):
            hosts.remove_address(1)  # type: ignore[arg-type]


class TestBlockEnableDisable:
    DATA = (
        b"127.0.0.1 localhost\r\n# BEGIN loopback: app\r\n10.0.0.1 a  b # note\r\n"
        b"# keep\r\n\r\n::1 c\r\n# END loopback: app\r\n10.0.0.9 after\r\n"
    )

    def test_disable_and_enable_keep_every_byte(self) -> None:
        hosts = HostsFile.parse(self.DATA)
        assert hosts.block("app").enabled
        block = hosts.block("app")
        assert block.entries == [("10.0.0.1", "a", "b"), ("::1", "c")]
        assert block.disable() is True
        assert block.disable() is False
        assert not block.enabled
        assert hosts.to_bytes() == (
            b"127.0.0.1 localhost\r\n# BEGIN loopback: app (disabled)\r\n"
            b"# 10.0.0.1 a  b # note\r\n# # keep\r\n# \r\n# ::1 c\r\n"
            b"# END loopback: app\r\n10.0.0.9 after\r\n"
        )
        assert hosts.lookup("a", multi=True) == []
        assert block.entries == [("10.0.0.1", "a", "b"), ("::1", "c")]
        assert block.enable() is True
        assert block.enable() is False
        assert hosts.to_bytes() == self.DATA

    def test_a_disabled_block_stays_disabled_when_replaced(self) -> None:
        hosts = HostsFile.parse(b"# BEGIN loopback: app (disabled)\n# END loopback: app\n")
        hosts.block("app").replace([("10.0.0.1", "a")])
        assert hosts.to_bytes() == (
            b"# BEGIN loopback: app (disabled)\n# 10.0.0.1\ta\n# END loopback: app\n"
        )
        assert hosts.block("app").entries == [("10.0.0.1", "a")]

    def test_a_missing_block(self) -> None:
        hosts = HostsFile.parse(b"127.0.0.1 localhost\n")
        block = hosts.block("app")
        assert not block.enabled
        assert block.entries == []
        with pytest.raises(HostsSyntaxError, match="there is no block 'app'"):
            block.disable()


class TestBlock:
    def test_replace_is_idempotent(self) -> None:
        hosts = HostsFile.parse(b"127.0.0.1 localhost\n")
        block = hosts.block("dev")
        assert not block.exists and block.lines == []
        block.replace([("127.0.0.1", "a.localhost"), ("::1", "a.localhost")])
        once = hosts.to_bytes()
        block.replace([("127.0.0.1", "a.localhost"), ("::1", "a.localhost")])
        assert hosts.to_bytes() == once
        assert [line.names for line in block.lines] == [("a.localhost",), ("a.localhost",)]
        block.replace([("127.0.0.2", "b.localhost")])
        assert hosts.to_bytes() == (
            b"127.0.0.1 localhost\n"
            b"# BEGIN loopback: dev\n127.0.0.2 b.localhost\n# END loopback: dev\n"
        )

    def test_blocks_of_different_owners_and_removal(self) -> None:
        hosts = HostsFile.parse(b"127.0.0.1 localhost\r\n")
        hosts.block("a").replace([("10.0.0.1", "a")])
        hosts.block("b").replace([("10.0.0.2", "b")])
        assert hosts.block("a").remove() is True
        assert hosts.block("a").remove() is False
        assert hosts.to_bytes() == (
            b"127.0.0.1 localhost\r\n# BEGIN loopback: b\r\n10.0.0.2 b\r\n# END loopback: b\r\n"
        )
        hosts.block("b").remove()
        assert hosts.to_bytes() == b"127.0.0.1 localhost\r\n"

    def test_block_at_the_end_without_newline(self) -> None:
        hosts = HostsFile.parse(b"# BEGIN loopback: x\n10.0.0.1 a\n# END loopback: x")
        hosts.block("x").remove()
        assert hosts.to_bytes() == b""

    @pytest.mark.parametrize(
        ("data", "line", "message"),
        [
            (b"# BEGIN loopback: x\n", 1, "without an END"),
            (b"# END loopback: x\n", 1, "without a BEGIN"),
            (b"# BEGIN loopback: x\n# BEGIN loopback: x\n# END loopback: x\n", 2, "second BEGIN"),
            (b"# BEGIN loopback: x\n# END loopback: x\n# END loopback: x\n", 3, "without a BEGIN"),
        ],
    )
    def test_unbalanced_markers_are_errors(self, data: bytes, line: int, message: str) -> None:
        hosts = HostsFile.parse(data)
        with pytest.raises(HostsSyntaxError, match=message) as info:
            hosts.block("x").replace([])
        assert (info.value.line, info.value.column) == (line, 1)
        assert hosts.to_bytes() == data

    @pytest.mark.parametrize("owner", ["", "a b", "x" * 65, 5])
    def test_owner_names(self, owner: object) -> None:
        with pytest.raises(HostsSyntaxError, match="owner"):
            HostsFile.parse(b"").block(owner)  # type: ignore[arg-type]


def messages(data: bytes) -> list[tuple[int, str, str]]:
    return [(f.line, f.severity, f.message) for f in HostsFile.parse(data).lint()]


class TestLint:
    @pytest.mark.parametrize(
        ("data", "line", "severity", "message"),
        [
            (
                b"\xef\xbb\xbf127.0.0.1 localhost\n",
                1,
                "error",
                "byte order mark makes glibc ignore",
            ),
            (b"10.0.0.1 web\x00x\n", 1, "error", "a NUL byte hides the rest of the line"),
            (b"10.0.0.1 a\r10.0.0.2 b\n", 1, "error", "a lone CR does not end a line"),
            (b"10.0.0.1 a\r\n10.0.0.2 b\n", 0, "note", "mixed line endings: 1 of 2 lines"),
            (b"; 10.0.0.1 a\n", 1, "error", "';' and '//' do not start comments"),
            (b"// 10.0.0.1 a\n", 1, "error", "';' and '//' do not start comments"),
            (b"10.0.0.1 a#b\n", 1, "warning", "'#' glued to a word starts a comment"),
            (b"10.0.0.9\n", 1, "warning", "an address with no name"),
            (
                b"10.0.0.1 localhost\n",
                1,
                "warning",
                "localhost points to 10.0.0.1, not to loopback",
            ),
            (b"10.0.0.1 app.localhost\n", 1, "warning", "app.localhost points to 10.0.0.1"),
            (b"::1 localhost\n127.0.0.1 localhost\n", 2, "warning", "::1 on line 1 comes first"),
            (
                b"10.0.0.1 web\n10.0.0.2 web\n",
                2,
                "warning",
                "web is 10.0.0.1 on line 1 and 10.0.0.2",
            ),
            (b"fd00::1 web\nfd00::2 web\n", 2, "warning", "web is fd00::1 on line 1 and fd00::2"),
            (
                b"::ffff:10.0.0.1 m\n10.0.0.2 m\n",
                2,
                "warning",
                "m is 10.0.0.1 on line 1 and 10.0.0.2",
            ),
            (b"10.0.0.1 *.wild\n", 1, "warning", "'*' is a literal character here"),
            (b"10.0.0.1 b\xc3\xbccher\n", 1, "warning", "is not ASCII: glibc compares bytes"),
            (b"10.0.0.1 1.2.3.4\n", 1, "warning", "address: getaddrinfo and gethostbyname never"),
            (b"10.0.0.1 0x11\n", 1, "warning", "0x11 looks like an address: getaddrinfo never"),
            (b"10.0.0.1 fe80::1%eth9\n", 1, "warning", "getaddrinfo and gethostbyname never"),
            (b"10.0.0.1 999.1.1.1\n", 1, "warning", "like an address: gethostbyname never"),
            (b"10.0.0.1 a.example.\n", 1, "note", "glibc keeps a trailing dot"),
            (b"10.0.0.1 a b\n10.0.0.1  A b\n", 2, "note", "the same entry as line 1"),
            (b"10.0.0.1 under_score\n", 1, "note", "is not a host name (RFC 1123)"),
            (
                b"10.0.0.1 " + b" ".join(b"n%d" % i for i in range(10)) + b"\n",
                1,
                "note",
                "at most 9",
            ),
            (b"10.0.0.1 " + b"a" * 5000 + b"\n", 1, "note", "a line of 5009 bytes"),
            (b"# x\n  10.0.0.5 myhost", 2, "error", "glibc misreads an indented line"),
            (b" 10.0.0.1 c\x00zz\n", 1, "error", "glibc misreads an indented line"),
        ],
    )
    def test_findings(self, data: bytes, line: int, severity: str, message: str) -> None:
        found = [(f.line, f.severity) for f in HostsFile.parse(data).lint() if message in f.message]
        assert found == [(line, severity)]

    @pytest.mark.parametrize(
        ("data", "fix"),
        [
            (b"127.1 short\n", "write the address as 127.0.0.1"),
            (b"010.0.0.1 octal\n", "write the address as 8.0.0.1"),
            (b"fe80::1%lo0 localhost\n", "write the address as fe80::1"),
            (b"[::1] x\n", "write the address as ::1"),
            (b"10.0.0.0/8 x\n", "write the address as 10.0.0.0"),
            (b"not-an-address x\n", None),
        ],
    )
    def test_ignored_lines_get_a_fix(self, data: bytes, fix: str | None) -> None:
        (finding,) = [
            f for f in HostsFile.parse(data).lint() if f.message.startswith("glibc ignores")
        ]
        assert finding.severity == "error"
        assert finding.fix == fix

    def test_suggestion_is_a_deprecated_alias_of_fix(self) -> None:
        (finding,) = HostsFile.parse(b"127.1 short\n").lint()
        with pytest.warns(DeprecationWarning, match=r"Finding\.suggestion is deprecated"):
            assert finding.suggestion == finding.fix == "write the address as 127.0.0.1"

    def test_utf16(self) -> None:
        data = "127.0.0.1 localhost\n".encode("utf-16")
        assert messages(data) == [
            (0, "error", "the file looks like UTF-16: glibc reads nothing in it")
        ]

    def test_clean_file(self) -> None:
        assert messages(b"127.0.0.1 localhost\n::1 localhost ip6-localhost\n# ok\n\n") == []

    def test_non_ascii_name_that_idna_refuses(self) -> None:
        findings = HostsFile.parse("10.0.0.1 \u00e4" + "x" * 70 + "\n").lint()
        assert any(f.fix is None and "not ASCII" in f.message for f in findings)


class TestTextNoByteStandsFor:
    """A lone surrogate such as '\\ud800' is no name in any file: found nowhere, never written."""

    hosts = HostsFile.parse(b"127.0.0.1 localhost\n")

    def test_lookup_and_remove_find_nothing(self) -> None:
        assert self.hosts.lookup("\ud800") == []
        assert self.hosts.lookup("localhost\ud800") == []
        assert self.hosts.remove("\ud800") == 0
        assert self.hosts.to_bytes() == b"127.0.0.1 localhost\n"

    def test_a_comment_with_one_is_refused(self) -> None:
        with pytest.raises(HostsSyntaxError, match="lone surrogate"):
            self.hosts.add("127.0.0.2", "x", comment="\ud800")
        assert self.hosts.to_bytes() == b"127.0.0.1 localhost\n"

    def test_a_huge_family_is_refused(self) -> None:
        with pytest.raises(HostsSyntaxError, match="family must be"):
            self.hosts.lookup("localhost", 10**5000)


class TestLinearTime:
    """Inputs that were quadratic once: each must finish in time linear in its size."""

    def test_remove_from_one_long_line_of_aliases(self) -> None:
        hosts = HostsFile.parse(b"10.0.0.1 " + b" ".join([b"a", b"B"] * 50_000) + b"\n")
        assert hosts.remove("a") == 50_000
        assert hosts.to_bytes() == b"10.0.0.1 " + b" ".join([b"B"] * 50_000) + b"\n"

    def test_remove_from_many_lines(self) -> None:
        hosts = HostsFile.parse(b"10.0.0.1 web\n10.0.0.2 web db\n" * 20_000 + b"10.0.0.3 web")
        assert hosts.remove("web") == 40_001
        assert hosts.to_bytes() == b"10.0.0.2 db\n" * 20_000

    def test_lookup_in_lines_with_nul_bytes(self) -> None:
        hosts = HostsFile.parse(b"10.0.0.1 x\x00y\n" * 50_000 + b"10.0.0.2 y\n")
        assert hosts.lookup("y", multi=True) == [Address("10.0.0.2")]
        assert len(hosts.lookup("x", multi=True)) == 50_000

    def test_lint_of_a_long_non_ascii_name(self) -> None:
        hosts = HostsFile.parse(b"10.0.0.1 " + b"\xc3\xa9" * 100_000 + b"\n")
        long_line, not_ascii = hosts.lint()
        assert long_line.message.startswith("a line of 200009 bytes")
        assert not_ascii.message.endswith("IDN lookups ask for Punycode")
        assert not_ascii.fix is None

    def test_files_of_many_chunks(self) -> None:
        """The index cuts the file into chunks at newlines; a long line is a chunk of its own."""
        lines = b"".join(
            b"10.%d.%d.%d host%d alias%d\n" % (i >> 16, i >> 8 & 255, i & 255, i, i)
            for i in range(60_000)
        )
        long_line = b"10.9.9.9 " + b"x" * 1_500_000 + b" last"
        head = b"".join(lines.splitlines(keepends=True)[:3])
        hosts = HostsFile.parse(lines + long_line + b"\n" + head + long_line)
        assert hosts.lookup("HOST59999", multi=True) == [Address("10.0.234.95")]
        assert hosts.lookup("alias0", multi=True) == [Address("10.0.0.0")] * 2
        assert hosts.lookup("last", multi=True) == [Address("10.9.9.9")] * 2
