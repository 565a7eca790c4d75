"""Python 2 source read by Python 3's parser (loopback/lint/_python2.py).

Each case is written the way Python 2 programs were (the statements and tokens listed in
https://docs.python.org/3/whatsnew/3.0.html); what matters is that the bind calls around
them are found, on their own line and column.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from loopback.lint import ConfigFileError, lint_path
from loopback.lint._python import read_python
from loopback.lint._python2 import ATTEMPTS, readable

ALL = "all_interfaces"
LOOP = "loopback"


def found(source: str) -> list[tuple[int, int | None, str, str]]:
    return [
        (f.line or 0, f.column, str(f.value), f.verdict.exposure)
        for f in read_python("server.py", source)
    ]


SERVER = """\
import socket
HOST = ''   # all interfaces
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
print 'Socket created'
try:
    s.bind((HOST, 8888))
except socket.error , msg:
    print 'Bind failed: ' + str(msg[0])
    sys.exit()
print >>sys.stderr, "listening"
exec "x = 1" in names
if not ok: raise ValueError, "no"
raise SystemExit, 1
"""

CASES: list[tuple[str, list[tuple[int, int | None, str, str]]]] = [
    # statements Python 3 refuses are left out; what binds is read where it stands
    (SERVER, [(6, 12, "", ALL)]),
    ("print 'x'\nhttpd = SocketServer.TCPServer(('', 8000), H)\n", [(2, 32, "", ALL)]),
    ('print "a", \\\n  "b"\ns.bind(("0.0.0.0", 1))\n', [(3, 8, "0.0.0.0", ALL)]),
    ("if x: print 'a'\nelse: print 'b'\ns.bind(('', 1))\n", [(3, 8, "", ALL)]),
    ("try: print 'x'\nexcept: pass\ns.bind(('', 1))\n", [(3, 8, "", ALL)]),
    ("try:\n    pass\nexcept (A, B), e:\n    s.bind(('127.0.0.1', 1))\n",
     [(4, 12, "127.0.0.1", LOOP)]),
    # tokens: replaced by Python 3's of the same length, so columns stay
    ("print `x`\nx = `1` <> 2L + 0777 + 0xFFL; s.bind(('', 1))\n", [(2, 38, "", ALL)]),
    ("print 'x'\nm = 00755 | 0 | 00 | 0.5 < 1; s.bind(('', 1))\n", [(2, 38, "", ALL)]),
    ("print 'x'\nn = ur'\\d+'; s.bind(('0.0.0.0', 1))\n", [(2, 21, "0.0.0.0", ALL)]),
    # indentation: Python 2 read a tab as up to the next multiple of eight columns
    ("if 1:\n        x = 1\n\tprint 'a'\n\ts.bind(('', 1))\n", [(4, 9, "", ALL)]),
    ("while 1:\n\tdata = c.recv(1)\n    \ts.bind(('', 1))\nprint 'x'\n", [(3, 13, "", ALL)]),
    # what is refused beyond those forms is left out too, a statement at a time
    ("@app\ndef f(a, (b, c)):\n    return s.bind(('', 1))\nprint 'x'\n", [(3, 19, "", ALL)]),
    ("if x <> 1: pass\nelif `y`, z:\n    s.bind(('', 1))\nprint 'x'\n", [(3, 12, "", ALL)]),
    ("class A(object), B:\n    s.bind(('', 1))\nprint 'x'\n", [(2, 12, "", ALL)]),
    ("try:\n    pass\nexcept E, \\\n  e:\n    s.bind(('', 1))\nprint 'x'\n", [(5, 12, "", ALL)]),
    ("x = = 1\n" * ATTEMPTS + "s.bind(('', 1))\n", [(ATTEMPTS + 1, 8, "", ALL)]),
    # print and exec that Python 3 reads are left as they are
    ("print('x')\nprint = log.info\nexec(code)\ns.bind(('', 1))\n", [(4, 8, "", ALL)]),
]  # fmt: skip


@pytest.mark.parametrize(("source", "expected"), CASES)
def test_python2(source: str, expected: list[tuple[int, int | None, str, str]]) -> None:
    assert found(source) == expected


def test_no_warning_about_the_code_read() -> None:
    # "\d" is a SyntaxWarning from Python 3.12 on (DeprecationWarning before); the tests
    # turn warnings into errors, so reading it here proves none escapes
    assert found('import re\nNUM = re.compile("\\d+")\ns.bind(("", 1))\n') == [(3, 8, "", ALL)]
    assert found('NUM = "\\d"\nprint NUM\ns.bind(("", 1))\n') == [(3, 8, "", ALL)]


def test_lines_keep_their_numbers() -> None:
    tree, shifts = readable("old.py", "if 1:\n        print 'a'\n\tprint 'b'\n")
    assert [type(node).__name__ for node in tree.body[0].body] == ["Pass", "Pass"]  # type: ignore[attr-defined]
    assert shifts == {3: 7}
    tree, shifts = readable("new.py", "x = 1\n")  # Python 3 source: as Python 3 reads it
    assert (ast.dump(tree), shifts) == (ast.dump(ast.parse("x = 1\n")), {})


def test_a_file_in_latin_1_is_read_its_places_kept(tmp_path: Path) -> None:
    """Old sources declare ``# -*- coding: latin-1 -*-``: bytes that are not UTF-8."""
    source = "# -*- coding: latin-1 -*-\n# caf\xe9\napp.run(host='0.0.0.0')  # \xe9t\xe9\n"
    path = tmp_path / "server.py"
    path.write_bytes(source.encode("latin-1"))
    assert [(f.line, f.column, f.verdict.exposure) for f in lint_path(path)] == [(3, 14, ALL)]


REFUSED = [
    "def (\n",  # unclosed: the tokenizer refuses it too
    "a = 1\rprint 'x'\n",  # a lone carriage return
    "x = = 1\n" * (ATTEMPTS + 1) + "print 'x'\n",  # too many to leave out
    "if x:\n",  # still refused once left out
    "print 'x'\n        \n\tpass\n",  # a row no statement covers
    "print 'x'\nx = )\n",  # refused by Python 3.11's tokenizer, and by this reader
    "print 'x'\nx = 'no end\n",  # refused by Python 3.12's tokenizer, and by this reader
]


@pytest.mark.parametrize("source", REFUSED)
def test_refused_with_pythons_first_error(source: str) -> None:
    with pytest.raises(SyntaxError) as python:
        compile(source, "old.py", "exec")
    with pytest.raises(ConfigFileError) as info:
        read_python("old.py", source)
    assert (info.value.line, info.value.column) == (python.value.lineno, python.value.offset)
    assert str(info.value).startswith(f"old.py:{python.value.lineno}:")
    assert f"not valid Python: {python.value.msg}" in str(info.value)
