"""Frozen records without dataclasses (loopback/_record.py), as hosts' Line and Finding."""

from __future__ import annotations

import copy
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from loopback._record import frozen
from loopback.hosts import Finding, HostsFile, Line


@frozen
class Point:
    __slots__ = ("x", "y")
    x: int
    y: int


def test_a_record_reads_its_fields_by_position_or_keyword() -> None:
    assert Point(1, 2) == Point(x=1, y=2) == Point(1, y=2)
    assert Point(1, 2) != Point(2, 1)
    assert Point(1, 2) != (1, 2)  # type: ignore[comparison-overlap]
    assert repr(Point(1, 2)) == "Point(x=1, y=2)"
    assert hash(Point(1, 2)) == hash((1, 2))
    assert getattr(Point, "__match_args__") == ("x", "y")  # noqa: B009 - 3.10+ types declare it


@pytest.mark.parametrize(
    ("args", "kwargs", "message"),
    [
        ((1, 2, 3), {}, "Point() takes 2 arguments"),
        ((1,), {"x": 1}, "Point() got an unexpected or repeated 'x'"),
        ((1,), {"z": 1}, "Point() got an unexpected or repeated 'z'"),
        ((1,), {}, "Point() missing y"),
    ],
)
def test_wrong_arguments_are_a_type_error(
    args: tuple[int, ...], kwargs: dict[str, int], message: str
) -> None:
    with pytest.raises(TypeError) as info:
        Point(*args, **kwargs)
    assert str(info.value) == message


def test_a_record_cannot_change() -> None:
    point = Point(1, 2)
    with pytest.raises(AttributeError, match="cannot assign to field 'x'"):
        point.x = 3  # type: ignore[misc]
    with pytest.raises(AttributeError, match="cannot delete field 'x'"):
        del point.x


def test_hosts_records_copy_and_pickle() -> None:
    line = HostsFile.parse(b"127.0.0.1 localhost # here\n").lines[0]
    (finding,) = HostsFile.parse(b"127.1 x\n").lint()
    for record in (line, finding, Point(1, 2)):
        assert pickle.loads(pickle.dumps(record)) == record
        assert copy.copy(record) == copy.deepcopy(record) == record
        assert hash(copy.copy(record)) == hash(record)
    assert isinstance(line, Line) and isinstance(finding, Finding)


def test_loading_a_hosts_file_imports_neither_dataclasses_nor_tempfile() -> None:
    code = (
        "import sys; from loopback.hosts import HostsFile; HostsFile.parse(b'::1 x\\n').lint();"
        "print(sorted({'dataclasses', 'inspect', 'tempfile'} & set(sys.modules)))"
    )
    root = Path(__file__).resolve().parents[1]
    result = subprocess.run(  # -S: no site, so no coverage measuring the child either
        [sys.executable, "-S", "-c", code], capture_output=True, text=True, check=True, cwd=root
    )
    assert result.stdout == "[]\n"
