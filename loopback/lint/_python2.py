"""Python 2 source, made readable to Python 3's parser without moving a line.

Python 3's parser refuses what Python 2 read (https://docs.python.org/3/whatsnew/3.0.html):
the ``print`` and ``exec`` statements, ``except E, name:``, ``raise E, message``,
backquotes, ``<>``, ``10L``, ``0777``, ``ur""`` and indentation mixing tabs and spaces.
None of them binds a socket, so a file Python 3 refuses is rewritten in place and parsed
again, never run: the statements are neutralised (a ``pass`` at their indentation, their
other lines left empty), the tokens replaced by ones of the same length (```x``` is
``(x)``, ``<>`` is ``!=``, ``10L`` is ``10``), tabs in indentation expanded to the next
multiple of eight columns as Python 2 read them. Every line keeps its number, and every
column but those after an expanded tab, which :func:`readable` reports.

What else Python 3 refuses (a line of a file that was never valid) is neutralised the
same way, one statement per parse, at most :data:`ATTEMPTS` times, so a file is parsed at
most that many times more: the reading stays linear in the file's size.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
import warnings
from typing import NamedTuple

__all__ = ["ATTEMPTS", "Readable", "readable"]

#: How many statements Python 3 refuses beyond the known Python 2 forms are neutralised.
ATTEMPTS = 10

_STATEMENTS = frozenset(["print", "exec"])
_NOT_STATEMENT = frozenset(["(", "=", ".", "[", ")", ",", ":"])  # print(x), print = f
_OCTAL = re.compile("0+(?=[0-9])")  # Python 2's octal literals: 0777
_HEADERS = {"except": "except:", "elif": "elif 1:", "def": "def _():", "class": "class _:"}
_START = tokenize.TokenInfo(tokenize.OP, "", (0, 0), (0, 0), "")  # before the first token


class Readable(NamedTuple):
    """A module's tree, and how far each line's code moved right (its line: columns)."""

    tree: ast.Module
    shifts: dict[int, int]


def readable(name: str, text: str) -> Readable:
    """The module Python 3 reads from ``text``, rewritten as Python 2 read it if need be.

    :raises SyntaxError: Python 3's first error in ``text`` as given, when no rewriting
        makes it readable.

    >>> readable("old.py", 'print "hi"\\ns.bind(("", 80))\\n').tree.body[1].lineno
    2
    """
    try:
        return Readable(_parse(name, text), {})
    except SyntaxError as error:
        first = error
    rows = text.split("\n")
    shifts = _expand_tabs(rows)
    statements = _statements("\n".join(rows))
    if statements is None:
        raise first
    neutralised: set[int] = set()
    starts: dict[int, int] = {}  # a row -> the statement that covers it
    for index, tokens in enumerate(statements):
        for row in range(tokens[0].start[0], tokens[-1].end[0] + 1):
            starts[row] = index
        if _python2_statement(tokens):
            _neutralise(rows, tokens)
            neutralised.add(index)
        else:
            _rewrite_tokens(rows, tokens)
    for _ in range(ATTEMPTS + 1):
        try:
            return Readable(_parse(name, "\n".join(rows)), shifts)
        except SyntaxError as error:
            index = starts.get(error.lineno or 0, -1)
            if index < 0 or index in neutralised:
                break
            _neutralise(rows, statements[index])
            neutralised.add(index)
    raise first


def _parse(name: str, text: str) -> ast.Module:
    """Python 3's tree, without the warnings its compiler prints about the user's code.

    (``"\\d"`` is a ``SyntaxWarning`` from Python 3.12 on, a ``DeprecationWarning`` before:
    the file is read, not run, and a linter's output is its findings.)
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return ast.parse(text, filename=name)


def _statements(text: str) -> list[list[tokenize.TokenInfo]] | None:
    """The logical lines' tokens (``None``: the tokenizer refuses the text).

    Python 3.12's tokenizer refuses an unterminated string and older ones go on, older
    ones refuse a closing bracket never opened and 3.12's goes on: both are refused here,
    on every version. (What is refused still differs where the tokenizers do in text no
    Python ever read: ``0b12``, ``1__0``; and a file in Python 3 syntax newer than the
    running Python is refused by its parser, as it always was.)
    """
    if "\r" in text.replace("\r\n", ""):
        return None  # a lone carriage return ends a line for the parser, not here
    statements: list[list[tokenize.TokenInfo]] = []
    current: list[tokenize.TokenInfo] = []
    skipped = (tokenize.NL, tokenize.COMMENT, tokenize.INDENT, tokenize.DEDENT)
    depth, refused = 0, False
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            depth += (token.string in ("(", "[", "{")) - (token.string in (")", "]", "}"))
            unterminated = token.type == tokenize.ERRORTOKEN and token.string in ("'", '"')
            refused = refused or depth < 0 or unterminated
            if token.type in (tokenize.NEWLINE, tokenize.ENDMARKER):
                if current:
                    statements.append(current)
                current = []
            elif token.type not in skipped and token.string.strip():
                current.append(token)
    except (tokenize.TokenError, SyntaxError):  # unclosed brackets, bad dedents
        return None
    return None if refused else statements


def _expand_tabs(rows: list[str]) -> dict[int, int]:
    """Python 2's indentation: a tab moves to the next multiple of eight columns.

    Python 3 refuses a block indented with tabs on some lines and spaces on others
    (its tokenizer too, from 3.12 on), so every row's leading tabs are expanded first.
    """
    shifts: dict[int, int] = {}
    for number, line in enumerate(rows, start=1):
        code = line.lstrip(" \t")
        indent = line[: len(line) - len(code)]
        if "\t" in indent:
            expanded = indent.expandtabs(8)
            rows[number - 1] = expanded + code
            shifts[number] = len(expanded) - len(indent)
    return shifts


def _python2_statement(tokens: list[tokenize.TokenInfo]) -> bool:
    """``print x``, ``exec code in names``, ``raise E, message``: statements Python 3 refuses.

    Also a block's one line (``if x: print y``): its header goes with it.
    """
    if tokens[0].string == "raise":
        return _top_comma(tokens) is not None
    depth = 0
    for before, token, after in zip([_START, *tokens], tokens, [*tokens[1:], _START]):
        depth += (token.string in ("(", "[", "{")) - (token.string in (")", "]", "}"))
        statement = before is _START or (before.string == ":" and depth == 0)
        if statement and token.type == tokenize.NAME and token.string in _STATEMENTS:
            return after is not _START and after.string not in _NOT_STATEMENT
    return False


def _top_comma(tokens: list[tokenize.TokenInfo]) -> int | None:
    """The index of the first comma outside brackets."""
    depth = 0
    for index, token in enumerate(tokens):
        if token.string in ("(", "[", "{"):
            depth += 1
        elif token.string in (")", "]", "}"):
            depth -= 1
        elif token.string == "," and depth == 0:
            return index
    return None


def _neutralise(rows: list[str], tokens: list[tokenize.TokenInfo]) -> None:
    """A statement replaced by ``pass``, or by a header of its kind if it opens a block.

    The header keeps what the block needs around it: an ``except`` its ``try``, a
    ``def`` its decorators and the ``return`` in its body.
    """
    first, last = tokens[0].start[0], tokens[-1].end[0]
    indent = tokens[0].start[1]
    opens_block = tokens[-1].string == ":"
    header = _HEADERS.get(tokens[0].string, "if 1:") if opens_block else "pass"
    rows[first - 1] = rows[first - 1][:indent] + header
    for row in range(first + 1, last + 1):
        rows[row - 1] = ""


def _rewrite_tokens(rows: list[str], tokens: list[tokenize.TokenInfo]) -> None:
    """Python 2's tokens replaced by Python 3's of the same length, in place."""
    if tokens[0].string == "except":  # except E, name:  ->  except E       :
        comma = _top_comma(tokens)
        colon = next((t for t in tokens[comma or 0 :] if t.string == ":"), None)
        if comma is not None and colon is not None and colon.start[0] == tokens[comma].start[0]:
            _replace(rows, tokens[comma], " " * (colon.start[1] - tokens[comma].start[1]))
    opened = False
    for before, token in zip([_START, *tokens], tokens):
        adjacent = before.end == token.start  # never after _START: rows start at 1
        kind, text = token.type, token.string
        row, column = token.start
        line = rows[row - 1]
        # Python 3.12's tokenizer reads "<>" and "0777" as one token, older ones as two:
        # the text at the token's start is what is looked at, the same on every version
        octal = _OCTAL.match(line, column) if kind == tokenize.NUMBER else None
        if text == "`":  # `x` is repr(x): (x) has its length
            _replace(rows, token, ")" if opened else "(")
            opened = not opened
        elif text[:1] == "<" and line[column : column + 2] == "<>":
            _replace(rows, token, "!=")
        elif octal:  # 0777 is 0o777: its value does not matter here, its place does
            _replace(rows, token, " " * len(octal[0]))
        elif text in ("l", "L") and adjacent and before.type == tokenize.NUMBER:
            _replace(rows, token, " ")  # 10L
        elif kind == tokenize.STRING and adjacent and before.string.lower() == "ur":
            _replace(rows, before, " ")  # ur"x": r"x"


def _replace(rows: list[str], token: tokenize.TokenInfo, text: str) -> None:
    """Text in place of a token's first characters (as many as ``text`` has)."""
    row, column = token.start
    line = rows[row - 1]
    rows[row - 1] = line[:column] + text + line[column + len(text) :]
