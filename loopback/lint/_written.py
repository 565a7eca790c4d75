"""Server configuration a shell script writes: ``sed -i``, ``echo >>``, ``tee``.

Provisioning scripts change a server's configuration in place: ``sed -i
's/^bind 127.0.0.1/bind 0.0.0.0/' /etc/redis/redis.conf``, ``echo "listen_addresses =
'*'" >> postgresql.conf``, ``echo "bind-address = 0.0.0.0" | sudo tee -a
/etc/mysql/conf.d/remote.cnf``. What such a command writes (the replacement of each
``s`` command, the text of ``a``, ``i`` and ``c`` commands, what ``echo`` and ``printf``
print) is read as a fragment of the file it goes to, with that file's reader, and each
setting found is reported where the script writes it. The file's reader is the caller's
(:data:`ReaderOf`, by the file's path: ``.cnf`` is MySQL's INI, ``redis.conf`` Redis's).

sed's script is read as GNU sed reads it (https://www.gnu.org/software/sed/manual/
sed.html#The-_0022s_0022-Command): addresses, ``s`` with any delimiter, its escapes
(``\\n``, an escaped delimiter), ``\\1`` ... (the text of that group in the regular
expression, its operators left out) and ``&``; ``-i`` (and ``-i.bak``, ``--in-place``)
writes the files named after the script, which ``-e`` gives, or the first operand. Shell
variables assigned in the script before the command (``IP=10.0.0.5``) are put in; a
setting whose value still holds one (``$IP`` set elsewhere) is not reported. A setting a
fragment only implies (Redis's ``bind`` left out of a one-line fragment) is not either:
the rest of the file is not known. Linear in the script.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import NamedTuple, Optional

from ..errors import ConfigFileError
from ._model import SettingFinding
from ._places import Places, value_offset
from ._shell import Word

__all__ = ["WRITE_TARGET", "Reader", "ReaderOf", "Write", "read_fragment", "written"]

#: A file's reader: ``(name, text) -> findings``.
Reader = Callable[[str, str], "list[SettingFinding]"]
#: The reader of a file a script writes, by its path (``None``: no server's configuration).
ReaderOf = Callable[[str], Optional[Reader]]

#: A file a command writes: ``> FILE``, ``>> FILE``, ``tee [-a] FILE`` (quotes left out).
WRITE_TARGET = re.compile(r"(?:>>?|\btee(?:[ \t]+-[a-z]+)*)[ \t]*['\"]?([^\s'\";&|<>()]+)")
_REFERENCE = re.compile(r"\$(?:\{([A-Za-z_]\w*)(?::?-([^}]{0,200}))?\}|([A-Za-z_]\w*))")
#: How much text putting variables in may add to a word (``A=$A$A`` doubles each time).
_EXPANSION = 4096
_ASSIGNMENT = re.compile(r"([A-Za-z_]\w*)=(.*)", re.DOTALL)
_WRAPPERS = frozenset(["sudo", "doas", "command", "builtin"])


class Write(NamedTuple):
    """Text a command writes to a file, and where it is in the script."""

    #: The file written.
    target: str
    #: What is written to it.
    text: str
    #: Where the script has it: where to look for its values (or where its lines start).
    offset: int
    #: Whether ``text`` is the script's own lines from ``offset`` (a here-document's body).
    lines: bool = False


def written(text: str, commands: list[list[Word]]) -> Iterator[Write]:
    """What the commands of a script (split from ``text``) write into files, in order."""
    variables: dict[str, str] = {}
    for index, command in enumerate(commands):
        words = [_expand(word.text, variables) for word in command]
        if all(_ASSIGNMENT.fullmatch(word) for word in words):
            for word in words:
                name, value = word.split("=", 1)
                variables[name] = value
            continue
        start = _past_wrappers(words)
        program = words[start].rsplit("/", 1)[-1] if start < len(words) else ""
        targets = [i for i in range(start, len(words)) if _redirected(text, command[i].offset)]
        if index + 1 < len(commands) and _piped(text, commands[index + 1][0].offset):
            after = [_expand(word.text, variables) for word in commands[index + 1]]
            tee = _past_wrappers(after)
            if tee < len(after) and after[tee].rsplit("/", 1)[-1] == "tee":
                files = [word for word in after[tee + 1 :] if not word.startswith("-")]
                targets_after = files
            else:
                targets_after = []
        else:
            targets_after = []
        if program in ("sed", "perl"):  # perl -pi -e 's/.../.../' edits in place too
            yield from _sed(words, start + 1, command, perl=program == "perl")
        elif program in ("echo", "printf") and (targets or targets_after):
            printed = _printed(words, start, program, set(targets))
            if printed is not None:
                content, at = printed
                files = [words[i] for i in targets] + targets_after
                yield from (Write(file, content, command[at].offset) for file in files)


def _past_wrappers(words: list[str]) -> int:
    """The index of the program past ``sudo [-u USER]`` and the like."""
    i = 0
    while i < len(words) and words[i] in _WRAPPERS:
        i += 1
        while i < len(words) and words[i].startswith("-"):
            i += 2 if words[i] in ("-u", "-g", "-C") else 1
    return i


def _redirected(text: str, offset: int) -> bool:
    """Is the word at ``offset`` the file of a redirection (``> FILE``, ``>> FILE``)?"""
    i = offset - 1
    while i >= 0 and text[i] in " \t":
        i -= 1
    return i >= 0 and text[i] == ">"


def _piped(text: str, offset: int) -> bool:
    """Does a pipe (``|``, not ``||``) lead to the command starting at ``offset``?"""
    i = offset - 1
    while i >= 0 and (text[i] in " \t" or text[i - 1 : i + 1] == "\\\n"):
        i -= 2 if text[i] == "\n" else 1
    return i >= 0 and text[i] == "|" and text[i - 1 : i] != "|"


def _printed(words: list[str], start: int, program: str, skip: set[int]) -> tuple[str, int] | None:
    """What ``echo`` or ``printf`` prints, and the index of its first word (``None``: none)."""
    args = [i for i in range(start + 1, len(words)) if i not in skip]
    if program == "echo":
        while args and re.fullmatch(r"-[neE]+", words[args[0]]):
            args = args[1:]
        if not args:
            return None
        return _escaped(" ".join(words[i] for i in args)), args[0]
    if not args:
        return None
    printed = _escaped(words[args[0]])
    for i in args[1:]:
        printed = printed.replace("%s", words[i], 1)
    return printed, args[0]


def _escaped(text: str) -> str:
    r"""``text`` with ``\n`` and ``\t`` made a newline and a tab (as ``echo -e`` and ``printf``)."""
    return text.replace("\\n", "\n").replace("\\t", "\t")


def _expand(word: str, variables: dict[str, str]) -> str:
    """``word`` with the variables known put in (``${NAME:-default}``: the default if not)."""
    if "$" not in word:
        return word
    budget = _EXPANSION

    def put(match: re.Match[str]) -> str:
        nonlocal budget
        name = match[1] or match[3]
        value = variables.get(name, match[2])
        if value is None or len(value) > budget:
            return match[0]
        budget -= len(value)
        return value

    return _REFERENCE.sub(put, word)


# -- sed ------------------------------------------------------------------------------------


def _sed(words: list[str], i: int, command: list[Word], *, perl: bool) -> Iterator[Write]:
    """The text ``sed -i`` (or ``perl -pi -e``) writes into each of its files."""
    in_place, extended = False, perl
    scripts: list[int] = []  # the indexes of words holding the script
    operands: list[int] = []
    while i < len(words):
        word = words[i]
        if word in ("-e", "--expression", "-f", "--file") and i + 1 < len(words):
            if word in ("-e", "--expression"):
                scripts.append(i + 1)
            i += 2
            continue
        if word.startswith("--expression="):
            scripts.append(i)
        elif word.startswith("--"):
            in_place = in_place or word.startswith("--in-place")
            extended = extended or word == "--regexp-extended"
        elif word.startswith("-") and len(word) > 1:
            letters = word[1:].split("i", 1)[0]  # -i takes the rest as a suffix
            in_place = in_place or "i" in word[1:]
            extended = extended or "E" in letters or "r" in letters
            if letters.endswith("e") and i + 1 < len(words):
                scripts.append(i + 1)
                i += 1
        else:
            operands.append(i)
        i += 1
    if not scripts and operands:
        scripts, operands = operands[:1], operands[1:]
    if not in_place or not operands:
        return
    for index in scripts:
        script = words[index].removeprefix("--expression=")
        for text, at in _sed_texts(script, extended=extended, perl=perl):
            for operand in operands:
                yield Write(words[operand], text, command[index].offset + at)


def _sed_texts(script: str, *, extended: bool, perl: bool = False) -> Iterator[tuple[str, int]]:
    """The text each ``s``, ``a``, ``i`` and ``c`` command of a sed script writes.

    ``perl``: a Perl program, of which only its ``s///`` are read (``$1`` its groups).
    """
    i, size = 0, len(script)
    while i < size:
        while i < size and script[i] in " \t\n;!":
            i += 1
        address = i
        i = _past_address(script, i)
        single = script[address : address + 1] == "/" and script[i : i + 1] != ","
        selected = _literal(script[address + 1 : i - 1]) if single else ""
        if i < size and script[i] == ",":
            i = _past_address(script, i + 1)
        while i < size and script[i] in " \t!":
            i += 1
        command = script[i : i + 1]
        if command == "s" and i + 1 < size:
            delimiter = script[i + 1]
            pattern, i = _part(script, i + 2, delimiter)
            at = i
            replacement, i = _part(script, i, delimiter)
            if perl:  # $1 is Perl's \1
                replacement = re.sub(r"\$(\d)", r"\\\1", replacement)
            written = _replaced(replacement, pattern, delimiter, extended=extended)
            if written.lstrip().startswith("#"):  # commented out: as if deleted
                written = _default_of(_literal(pattern)) or written
            yield written, at
            while i < size and script[i] not in ";\n}":
                i += 1
        elif command == "d" and _default_of(selected):  # /^bind-address/d
            yield _default_of(selected), address
        elif command in ("a", "i", "c") and not perl:
            i += 1
            if script[i : i + 1] == "\\":
                i += 1
            while i < size and script[i] in " \t\n":
                i += 1
            end = script.find("\n", i)
            end = size if end < 0 else end
            yield script[i:end], i
            i = end
        else:
            separator = _SEPARATOR.search(script, i)
            i = max(separator.start() if separator else size, i + 1)


_SEPARATOR = re.compile(r"[;\n]")
#: What a server binds when the line of its bind setting is deleted (or commented out),
#: written as that setting: by the setting's name. MySQL's ``bind-address`` defaults to
#: ``*`` (https://dev.mysql.com/doc/refman/8.4/en/server-system-variables.html
#: #sysvar_bind_address), Redis without ``bind`` listens on every interface
#: (https://raw.githubusercontent.com/redis/redis/7.2/redis.conf).
_DEFAULTS = {"bind-address": "bind-address = *", "bind_address": "bind-address = *",
             "bind": "bind * -::*"}  # fmt: skip


def _default_of(line: str) -> str:
    """The default a deleted line's setting leaves (``""``: none known)."""
    name = re.split(r"[\s=]", line.strip().lstrip("#").strip(), maxsplit=1)[0]
    return _DEFAULTS.get(name, "")


def _past_address(script: str, i: int) -> int:
    """Past a sed address at ``i``: a line number, ``$``, ``/regexp/`` or ``\\cregexpc``."""
    if script[i : i + 1] == "/":
        return _part(script, i + 1, "/")[1]
    if script[i : i + 1] == "\\" and i + 1 < len(script):
        return _part(script, i + 2, script[i + 1])[1]
    while i < len(script) and (script[i].isdigit() or script[i] in "$~+"):
        i += 1
    return i


def _part(script: str, i: int, delimiter: str) -> tuple[str, int]:
    """The text up to the next unescaped ``delimiter`` from ``i``, and the index past it."""
    start = i
    while i < len(script) and script[i] != delimiter:
        i += 2 if script[i] == "\\" else 1
    return script[start:i], i + 1


def _replaced(replacement: str, pattern: str, delimiter: str, *, extended: bool) -> str:
    """The text an ``s`` command's replacement writes (groups as their literal text)."""
    groups = _groups(pattern, extended=extended)
    out: list[str] = []
    i = 0
    while i < len(replacement):
        char = replacement[i]
        if char == "\\" and i + 1 < len(replacement):
            following = replacement[i + 1]
            if following.isdigit():
                number = int(following)
                out.append(groups[number - 1] if 0 < number <= len(groups) else "")
            else:
                out.append({"n": "\n", "t": "\t"}.get(following, following))
            i += 2
            continue
        out.append(_literal(pattern) if char == "&" else char)
        i += 1
    return "".join(out).replace("\\" + delimiter, delimiter)


def _groups(pattern: str, *, extended: bool) -> list[str]:
    """The literal text of each group of a regular expression, in order of its opening."""
    opening, closing = ("(", ")") if extended else ("\\(", "\\)")
    groups: list[str] = []
    starts: list[tuple[int, int]] = []  # (where its text starts, its number)
    i = 0
    while i < len(pattern):
        if pattern.startswith(opening, i):
            starts.append((i + len(opening), len(groups)))
            groups.append("")
            i += len(opening)
        elif pattern.startswith(closing, i) and starts:
            start, number = starts.pop()
            groups[number] = _literal(pattern[start:i])
            i += len(closing)
        else:
            i += 2 if pattern[i] == "\\" and not extended else 1
    return groups


_OPERATORS = re.compile(r"\[\[:\w+:\]\]|\[[^\][]*\]|\\[sSwW]|\\[+?(){}|]|[\^$*+?(){}|]|\.\*")


def _literal(regexp: str) -> str:
    """What a regular expression matches literally, its operators left out."""
    return re.sub(r"\\(.)", r"\1", _OPERATORS.sub("", regexp))


# -- reading what is written -----------------------------------------------------------------


def read_fragment(
    name: str, text: str, write: Write, reader: Reader, places: Places
) -> list[SettingFinding]:
    """The settings of ``write`` (a fragment of its file), placed where the script writes it."""
    try:
        found = reader(write.target, write.text)
    except ConfigFileError:  # not valid as its file's kind: nothing to say
        return []
    first = places(write.offset)[0]
    placed = []
    for finding in found:
        value = str(finding.value)
        if not value or "$" in value:
            continue
        if write.lines:  # the reader's place, in the script's lines
            line, column = first + (finding.line or 1) - 1, finding.column
        else:
            line, column = places(value_offset(text, write.offset, value))
        path = (write.target, *finding.path)  # where it is written, then its keys
        placed.append(replace(finding, path=path, file=name, line=line, column=column))
    return placed
