"""Command lines split into words as a POSIX shell splits them, with where each word starts.

Quotes (``'...'``, ``"..."`` with its backslash escapes), backslashes, line continuations
and comments are read as ``sh`` reads them; the control operators (``;``, ``&``, ``&&``,
``|``, ``||``, newlines, parentheses) end a simple command. Parameter expansions and
command substitutions stay in their word as written (``$HOST``, ``$(...)``): what they
expand to is not known here. Linear in the text.
"""

from __future__ import annotations

from typing import NamedTuple

__all__ = ["Word", "simple_commands"]


class Word(NamedTuple):
    """A word of a command line: where it starts in the text, and what the shell makes of it."""

    offset: int
    text: str


_BLANK = " \t"
_OPERATOR = ";&|()\n"
_DOUBLE_ESCAPES = '$`"\\\n'


def simple_commands(text: str) -> list[list[Word]]:
    """The simple commands of ``text``, each a list of words (empty ones left out).

    >>> line = "cd /app && exec 'gunicorn' -b \\"0.0.0.0:80\\""
    >>> [[word.text for word in command] for command in simple_commands(line)]
    [['cd', '/app'], ['exec', 'gunicorn', '-b', '0.0.0.0:80']]
    """
    commands: list[list[Word]] = []
    words: list[Word] = []
    i, size = 0, len(text)
    while i < size:
        char = text[i]
        if char in _BLANK or text.startswith("\\\n", i):
            i += 1 if char in _BLANK else 2
        elif char == "#":  # a comment, to the end of the line
            end = text.find("\n", i)
            i = size if end < 0 else end
        elif char in "<>":  # a redirection: 2>&1 and >| stay in the command
            i += 2 if text[i + 1 : i + 2] in ("&", "|", ">", "<") else 1
        elif char in _OPERATOR:
            if words:
                commands.append(words)
                words = []
            i += 1
        else:
            word, i = _word(text, i)
            words.append(word)
    if words:
        commands.append(words)
    return commands


def _word(text: str, start: int) -> tuple[Word, int]:
    """The word at ``start`` and where it ends."""
    chars: list[str] = []
    i, size, depth = start, len(text), 0  # depth: inside $( ... ) or ${ ... }
    while i < size:
        char = text[i]
        if depth == 0 and (char in _BLANK or char in _OPERATOR or char in "<>"):
            break
        if char == "\\":
            if text.startswith("\\\n", i):
                i += 2
                continue
            chars.append(text[i + 1 : i + 2])
            i += 2
        elif char == "'":
            end = text.find("'", i + 1)
            end = size if end < 0 else end
            chars.append(text[i + 1 : end])
            i = end + 1
        elif char == '"':
            i += 1
            while i < size and text[i] != '"':
                if text[i] == "\\" and text[i + 1 : i + 2] in tuple(_DOUBLE_ESCAPES):
                    chars.append("" if text[i + 1] == "\n" else text[i + 1])
                    i += 2
                else:
                    chars.append(text[i])
                    i += 1
            i += 1
        else:
            if char == "$" and text[i + 1 : i + 2] in ("(", "{"):
                depth += 1
                chars.append(text[i : i + 2])
                i += 2
                continue
            if depth and char in ")}":
                depth -= 1
            chars.append(char)
            i += 1
    return Word(start, "".join(chars)), i
