"""Files made of command lines: Dockerfiles, Procfiles, systemd units, shell scripts.

Each command line is read by ``_commands``; where it runs decides what a bind means.
A Dockerfile's ``CMD`` and ``ENTRYPOINT`` run inside a container: binding every
interface there is how a port becomes publishable, not an exposure (``EXPOSE`` says a
port is meant to be reached, so a server bound to loopback there is reported as
unreachable). A Procfile's processes, a systemd unit's ``ExecStart`` and a shell
script's ``docker run -p`` run on a host: what they bind is what they expose.
"""

from __future__ import annotations

import json
import re
from collections import deque
from collections.abc import Iterator
from typing import NamedTuple

from ._commands import CommandSetting, expanded_setting, read_command, read_shell
from ._containers import container_ports, in_container, on_ports
from ._model import Key, SettingFinding, Verdict
from ._places import Places, lines, value_offset
from ._probes import BUSYBOX_APPLETS, is_busybox, probe_settings
from ._setting import check_setting
from ._shell import Word, simple_commands
from ._written import WRITE_TARGET, ReaderOf, Write, read_fragment, written

__all__ = [
    "command_finding",
    "read_dockerfile",
    "read_procfile",
    "read_script",
    "read_systemd",
]


def command_finding(
    name: str,
    place: tuple[int, int] | tuple[None, None],
    path: tuple[Key, ...],
    setting: CommandSetting,
    *,
    in_a_container: bool,
    published: bool,
) -> SettingFinding:
    """A command line's setting as a finding, judged where the command runs."""
    verdict, check = setting.verdict, setting.check
    if check:
        pass  # judged where it was found
    elif setting.where == "container" or (in_a_container and setting.where != "host"):
        verdict, check = in_container(verdict, published=published or setting.published)
    line, column = place
    return SettingFinding(
        (*path, setting.program),
        setting.syntax,
        setting.value,
        verdict,
        name,
        line=line,
        column=column,
        check=check,
    )


# -- Dockerfile -------------------------------------------------------------------------

_INSTRUCTION = re.compile(r"[ \t]*([A-Za-z]+)[ \t]+")
_ESCAPE = re.compile(r"#[ \t]*escape[ \t]*=[ \t]*([\\`])[ \t]*$", re.IGNORECASE)


def _logical_lines(text: str) -> Iterator[tuple[int, str]]:
    """Each instruction as Docker joins its lines: (its offset, its text, same length).

    The escape character and newline that continue a line, and comment lines inside
    one, become spaces, so offsets in the joined text are offsets in the file.
    """
    escape = "\\"
    parts: list[str] = []
    start = -1
    for offset, line in lines(text):
        if start < 0:
            match = _ESCAPE.match(line) if offset == 0 else None
            escape = match[1] if match else escape
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            start = offset
        elif line.lstrip().startswith("#"):
            parts.append(" " * (len(line) + 1))
            continue
        body = line.rstrip("\r")
        if body.rstrip().endswith(escape):
            stripped = body.rstrip()
            parts.append(stripped[:-1] + " " * (len(line) - len(stripped) + 2))
            continue
        parts.append(line)
        yield start, "".join(parts)
        parts, start = [], -1
    if parts:
        yield start, "".join(parts)


def _exec_form(text: str, offset: int) -> tuple[list[str], list[int]] | None:
    """A JSON array of strings (the exec form) and each one's offset, or ``None``."""
    if not text.startswith("["):
        return None
    try:
        words = json.loads(text)
    except ValueError:
        return None
    if not isinstance(words, list) or not all(isinstance(word, str) for word in words):
        return None
    offsets, i = [], 1
    for _ in words:
        i = text.index('"', i)
        offsets.append(offset + i + 1)
        _, i = json.decoder.scanstring(text, i + 1)  # type: ignore[attr-defined]
    return words, offsets


class _Command(NamedTuple):
    """A ``CMD`` or ``ENTRYPOINT``: exec-form words and their offsets, or shell text."""

    words: list[str]
    offsets: list[int]
    shell: str | None = None
    start: int = 0


def _command(text: str, offset: int) -> _Command:
    exec_form = _exec_form(text.strip(), offset + len(text) - len(text.lstrip()))
    if exec_form is None:
        return _Command([], [], text, offset)
    return _Command(*exec_form)


_NONE = _Command([], [])


def read_dockerfile(name: str, text: str) -> list[SettingFinding]:
    """``CMD``, ``ENTRYPOINT`` and ``HEALTHCHECK`` of every stage, judged in a container."""
    places = Places(text)
    found: list[SettingFinding] = []
    stage: dict[str, _Command] = {}
    exposed: list[str] = []  # the stage's EXPOSE words
    busybox: dict[str, bool] = {}  # stage name -> are its wget and nc BusyBox's
    image, installs = "", ""  # this stage's base, and what its RUNs install

    def add(offset: int, label: str, setting: CommandSetting) -> None:
        place = places(value_offset(text, offset, setting.value))
        published = bool(exposed) and on_ports(setting.verdict.ports, container_ports(exposed))
        found.append(
            command_finding(
                name, place, (label,), setting, in_a_container=True, published=published
            )
        )

    def finish() -> None:
        servers = _servers(stage)
        for offset, label, setting in servers:
            add(offset, label, setting)
        probe = stage.get("HEALTHCHECK")
        if probe is None:
            return
        if probe.shell is not None:
            commands = [
                [(probe.start + word.offset, word.text) for word in command]
                for command in simple_commands(probe.shell)
            ]
        else:
            commands = [list(zip(probe.offsets, probe.words))]
        installed = set(installs.split())
        applets = {
            applet
            for applet in (BUSYBOX_APPLETS if busybox.get(image, is_busybox(image)) else ())
            if not installed & _REPLACEMENTS[applet]
        }
        found_servers = [setting for _, _, setting in servers]
        for offset, setting in probe_settings(commands, found_servers, busybox=applets):
            add(offset, "HEALTHCHECK", setting)

    for start, line in _logical_lines(text):
        match = _INSTRUCTION.match(line)
        if match is None:
            continue
        instruction, rest = match[1].upper(), line[match.end() :]
        if instruction == "FROM":
            finish()
            words = [w for w in rest.split() if not w.startswith("--")]
            base = words[0].lower() if words else ""
            stage, exposed, image, installs = {}, [], base, ""
            if len(words) >= 3 and words[1].lower() == "as":
                busybox[words[2].lower()] = busybox.get(base, is_busybox(base))
        elif instruction in ("CMD", "ENTRYPOINT"):
            stage[instruction] = _command(rest, start + match.end())
        elif instruction == "HEALTHCHECK":
            probe = _healthcheck(rest, start + match.end())
            if probe is not None:
                stage[instruction] = probe
            else:
                stage.pop(instruction, None)
        elif instruction == "EXPOSE":
            exposed += rest.split()
        elif instruction == "RUN" and "apk" in rest:
            installs += " " + rest
    finish()
    return sorted(found, key=lambda finding: (finding.line or 0, finding.column or 0))


def _servers(stage: dict[str, _Command]) -> list[tuple[int, str, CommandSetting]]:
    """The bind settings of a stage's command line, each with its word's offset and instruction."""
    entry, command = stage.get("ENTRYPOINT", _NONE), stage.get("CMD", _NONE)
    shell = entry if entry.shell is not None else command
    if shell.shell is not None:  # /bin/sh -c runs it (a shell-form ENTRYPOINT drops CMD)
        label = "ENTRYPOINT" if shell is entry else "CMD"
        return [(shell.start + at, label, setting) for at, setting in read_shell(shell.shell)]
    # the ENTRYPOINT runs with the CMD as its arguments; a script as the entrypoint
    # (docker-entrypoint.sh) usually runs the CMD: then the CMD alone says it
    words, offsets = entry.words + command.words, entry.offsets + command.offsets
    first = len(entry.words)
    settings = read_command(words)
    if not settings:
        words, offsets, first = command.words, command.offsets, 0
        settings = read_command(words)
    return [(offsets[s.word], "CMD" if s.word >= first else "ENTRYPOINT", s) for s in settings]


#: Alpine packages that put another program where BusyBox's applet was.
_REPLACEMENTS = {"wget": {"wget"}, "nc": {"netcat-openbsd", "nmap-ncat"}}


def _healthcheck(text: str, offset: int) -> _Command | None:
    """``HEALTHCHECK [--option=value ...] CMD command`` (``None``: ``NONE``, or no ``CMD``)."""
    for word in next(iter(simple_commands(text)), []):
        if word.text.startswith("--"):
            continue
        if word.text.upper() != "CMD":
            return None
        after = word.offset + 3
        return _command(text[after:], offset + after)
    return None


# -- Procfile -----------------------------------------------------------------------------

_PROCESS = re.compile(r"([A-Za-z0-9_-]+)[ \t]*:[ \t]*")


def read_procfile(name: str, text: str) -> list[SettingFinding]:
    """``name: command`` lines (Heroku, foreman, honcho), run on a host with ``PORT`` set."""
    places = Places(text)
    found = []
    for start, line in lines(text):
        match = _PROCESS.match(line)
        if match is None:
            continue
        # Heroku, foreman and honcho set PORT, the port to bind, for every process
        for offset, setting in read_shell(line[match.end() :], port_set=True):
            place = places(value_offset(text, start + match.end() + offset, setting.value))
            found.append(
                command_finding(
                    name, place, (match[1],), setting, in_a_container=False, published=False
                )
            )
    return found


# -- systemd units ------------------------------------------------------------------------

_UNIT_LINE = re.compile(r"[ \t]*([A-Za-z]+)[ \t]*=[ \t]*")
_LISTEN = ("ListenStream", "ListenDatagram", "ListenSequentialPacket")


def read_systemd(name: str, text: str, *, expanded: bool = False) -> list[SettingFinding]:
    """``ExecStart=``, ``Environment=`` and sockets' ``Listen*=`` of a unit, on a host.

    ``expanded``: the text is a shell's here-document, its ``$NAME`` filled in when the
    script runs (systemd itself fills in none in ``Listen*=``).
    """
    places = Places(text)
    found = []
    section = ""
    for start, line in lines(text):
        stripped = line.strip()
        if stripped.startswith("["):
            section = stripped.strip("[]")
            continue
        match = _UNIT_LINE.match(line)
        if match is None:
            continue
        key, value, at = match[1], line[match.end() :].rstrip(), start + match.end()
        if key == "ExecStart":
            prefix = len(value) - len(value.lstrip("-@:+!|"))
            settings = read_shell(value[prefix:])
            at += prefix
        elif key == "Environment":
            settings = read_shell(f"env {value} true")
        elif key in _LISTEN and value:
            settings = [(0, _socket(value, expanded=expanded))]
        else:
            continue
        for offset, setting in settings:
            found.append(
                command_finding(
                    name,
                    places(
                        value_offset(
                            text, at + max(offset - 4 * (key == "Environment"), 0), setting.value
                        )
                    ),
                    (section, key),
                    setting,
                    in_a_container=False,
                    published=False,
                )
            )
    return found


def _socket(value: str, *, expanded: bool) -> CommandSetting:
    """A socket unit's listening address (a port alone: every interface)."""
    if value.startswith(("/", "@", "vsock:")):
        verdict = Verdict("not_network", (f"unix:{value}",), (), "a unix-domain or vsock socket")
        return CommandSetting(0, "socket", "listen", value, verdict, "host")
    if expanded and "$" in value:
        return expanded_setting("socket", "listen", value)
    return CommandSetting(0, "socket", "listen", value, check_setting("listen", value), "host")


# -- shell scripts --------------------------------------------------------------------------

#: ``<<WORD``, ``<<-WORD``, ``<< 'WORD'`` (not ``<<<``, a here-string): a here-document.
_HEREDOC = re.compile(r"(?<!<)<<(-?)[ \t]*(['\"]?)([A-Za-z_][A-Za-z0-9_]*)\2")
#: The file a here-document goes to, when it is a systemd unit or drop-in (``x.service``,
#: ``ssh.socket.d/override.conf``).
_UNIT_TARGET = re.compile(r"[\w@.%/-]+\.(?:service|socket)(?:\.d/[\w@.-]+\.conf)?(?![\w.])")
#: A recipe line's prefixes, after its indent: ``@`` (silent), ``-`` (ignore errors) and,
#: in a Makefile, ``+``. A Makefile's recipe lines start with a tab; a justfile's with
#: any indent (https://just.systems/man/en/recipe-line-prefixes.html).
_RECIPE = re.compile(r"\t[ \t]*([@+-]+)")
_JUST_RECIPE = re.compile(r"[ \t]+([@-]+)")
#: Names of justfiles (just looks for ``justfile`` in any case, and ``.justfile``).
_JUSTFILES = ("justfile", ".justfile")
#: Names a container's entrypoint script is given (``docker-entrypoint.sh``).
_ENTRYPOINT_NAMES = ("entrypoint", "entry-point", "entry_point")


def read_script(name: str, text: str, *, reader_of: ReaderOf | None = None) -> list[SettingFinding]:
    """The servers a shell script or a Makefile starts, and the units it writes.

    A script runs on a host, so a server it starts binds there (``nohup uvicorn --host
    0.0.0.0 &`` exposes it), unless the script is a container's entrypoint: named so
    (``docker-entrypoint.sh``) or handing over to the container's command (``exec
    "$@"``), or the server is handed the script's process (``exec uvicorn ...``, how an
    entrypoint makes its server the container's first process); there only ``docker run
    -p`` and ``kubectl port-forward``, which run on a host whatever runs them, are judged.
    A here-document is data, not commands: one written to a systemd unit (``cat >
    /etc/systemd/system/app.service <<EOF``) is read as that unit. A recipe's prefixes
    (a Makefile's ``@``, ``-``, ``+``; a justfile's ``@``, ``-``) are not part of the
    command.

    ``reader_of``: how to read a server's configuration the script writes (by its path):
    a here-document written to it (``cat <<EOF >> /etc/mysql/my.cnf``) is read as that
    file, and so are the fragments ``sed -i``, ``echo`` and ``tee`` write (:mod:`._written`);
    not in a container's entrypoint, where the configuration is the container's.
    """
    base = name.replace("\\", "/").rsplit("/", 1)[-1].lower()
    just = base in _JUSTFILES or base.endswith(".just")
    text = _without_prefixes(text, _JUST_RECIPE if just else _RECIPE)
    commands, units, bodies = _heredocs(text)
    places = Places(text)
    split = simple_commands(commands)
    entrypoint = _is_entrypoint(name, split)
    found = []
    if reader_of is not None and not entrypoint:
        found = _configurations(name, (text, commands), split, bodies, reader_of)
    makefile = base in _MAKEFILES or base.endswith(".mk")
    for command in _commands_run(commands, split, makefile=makefile):
        words = [word.text for word in command]
        handed_over = entrypoint or words[0] == "exec"
        found += [
            command_finding(
                name,
                places(value_offset(commands, command[setting.word].offset, setting.value)),
                (),
                setting,
                in_a_container=False,
                published=False,
            )
            for setting in read_command(words)
            if setting.where == "host" or (setting.where == "" and not handed_over)
        ]
    for expanded, unit_text in units.items():
        found += read_systemd(name, unit_text, expanded=expanded)
    return sorted(found, key=lambda finding: (finding.line or 0, finding.column or 0))


#: Names of Makefiles (GNU make looks for these three).
_MAKEFILES = ("makefile", "gnumakefile")
#: A Makefile's variable assignment (not a recipe line): ``HOST ?= 0.0.0.0``, ``X := y``.
_MAKE_ASSIGNMENT = re.compile(
    r"(?:export[ \t]+|override[ \t]+)?([A-Za-z_][\w.-]*)[ \t]*(?:[?:+!]|::)?=[ \t]*(.*)"
)
#: A reference to a make variable (``$(HOST)``, ``${HOST}``), or ``$$`` (a ``$``).
_MAKE_REFERENCE = re.compile(r"\$\$|\$[({]([A-Za-z_][\w.-]*)[)}]")
#: A word that is one shell variable (``$CMD``, ``${CMD}``).
_SHELL_REFERENCE = re.compile(r"\$(?:\{([A-Za-z_]\w*)\}|([A-Za-z_]\w*))")
#: How much text putting variables in may make of one word.
_EXPANSION = 4096


def _commands_run(text: str, split: list[list[Word]], *, makefile: bool) -> list[list[Word]]:
    """The commands a script runs, as far as its own variables say.

    In a Makefile, ``$(NAME)`` and ``${NAME}`` are make's variables, assigned outside the
    recipes (``HOST ?= 0.0.0.0``): put in, and the word split again as the shell splits
    it. In a shell script, a command kept in a variable (``CMD="uvicorn --host 0.0.0.0"``,
    then ``$CMD &``) is the variable's words, placed where it is assigned; a command
    substitution (``ID=$(docker run -p 80:80 -d web)``) is a command too.
    """
    if makefile:
        variables = _make_variables(text)
        return [_make_expanded(command, variables) for command in split]
    commands: dict[str, list[Word]] = {}  # variable -> the words of its value
    run = []
    for command in split:
        first = next((i for i, w in enumerate(command) if not _is_assignment(w.text)), None)
        if first is None:  # NAME=value ...: kept for what it runs later
            for word in command:
                variable, value = word.text.split("=", 1)
                at = word.offset + len(variable) + 1
                commands[variable] = [Word(at, w.text) for c in simple_commands(value) for w in c]
            run.append(command)
        else:
            match = _SHELL_REFERENCE.fullmatch(command[first].text)
            known = commands.get(match[1] or match[2], []) if match else []
            run.append(command[:first] + known + command[first + 1 :] if known else command)
        for word in command:
            run += [
                [Word(word.offset, inner.text) for inner in substituted]
                for part in _substitutions(word.text)
                for substituted in simple_commands(part)
            ]
    return run


def _is_assignment(word: str) -> bool:
    name, equals, _ = word.partition("=")
    return bool(equals) and name.isidentifier()


def _substitutions(word: str) -> list[str]:
    """The commands of a word's command substitutions (``$(...)``, outermost only)."""
    found = []
    start = word.find("$(")
    while start >= 0:
        depth, i = 0, start + 1
        while i < len(word):
            depth += (word[i] == "(") - (word[i] == ")")
            if depth == 0:
                break
            i += 1
        if not word.startswith("$((", start):  # $((...)) is arithmetic
            found.append(word[start + 2 : i])
        start = word.find("$(", i)
    return found


def _make_variables(text: str) -> dict[str, str]:
    """A Makefile's variables assigned outside recipes (the last assignment wins)."""
    variables = {}
    for _, line in lines(text):
        match = None if line.startswith("\t") else _MAKE_ASSIGNMENT.match(line)
        if match:
            value = match[2].split("#", 1)[0].strip()
            variables[match[1]] = value
    return variables


def _make_expanded(command: list[Word], variables: dict[str, str]) -> list[Word]:
    """A recipe's words with make's variables put in, each split again by the shell."""
    words = []
    for word in command:
        if "$" not in word.text:
            words.append(word)
            continue
        budget = _EXPANSION

        def expand(text: str, depth: int) -> str:
            def put(match: re.Match[str]) -> str:
                nonlocal budget
                if match[0] == "$$":
                    return "$"
                value = variables.get(match[1])
                if value is None or len(value) > budget or not depth:
                    return match[0]
                budget -= len(value)
                return expand(value, depth - 1)  # a value may name other variables

            return _MAKE_REFERENCE.sub(put, text)

        expanded = expand(word.text, 4)
        words += [Word(word.offset, w.text) for c in simple_commands(expanded) for w in c]
    return words


def _without_prefixes(text: str, prefix: re.Pattern[str]) -> str:
    """``text`` with each recipe line's prefixes made spaces (offsets kept).

    Only a line that starts a command has them: the next line of one ending in ``\\``
    goes on with the same command (``-p 80:80`` there is an option, not a prefix).
    """
    parts = []
    continued = False
    for _, line in lines(text):
        match = None if continued else prefix.match(line)
        start, end = (match.start(1), match.end(1)) if match else (0, 0)
        parts.append(line[:start] + " " * (end - start) + line[end:])
        continued = line.rstrip("\r").endswith("\\")
    return "\n".join(parts)


class _Body(NamedTuple):
    """A here-document written to a file: its path, and where its body is."""

    target: str
    start: int
    end: int


def _heredocs(text: str) -> tuple[str, dict[bool, str], list[_Body]]:
    """The text with here-document bodies blanked, and the bodies written to files.

    The bodies written to units are one text, keyed by whether the shell expands them
    (an unquoted delimiter); the others are a list.
    Every text keeps every offset: blanked characters become spaces, newlines stay.
    """
    keep = list(text)
    units: dict[bool, list[str]] = {}
    bodies: list[_Body] = []
    # (tabs stripped, delimiter, a unit's: None, or whether the shell expands it, the file)
    pending: deque[tuple[bool, str, bool | None, str]] = deque()
    body_start = -1
    for start, line in lines(text):
        if pending:
            tabs, delimiter, unit, target = pending[0]
            if (line.lstrip("\t") if tabs else line).rstrip("\r") == delimiter:
                if unit is not None:
                    if unit not in units:
                        units[unit] = [" " if char != "\n" else char for char in text]
                    units[unit][body_start:start] = text[body_start:start]
                elif target:
                    bodies.append(_Body(target, body_start, start))
                pending.popleft()
                body_start = start + len(line) + 1
            else:
                keep[start : start + len(line)] = " " * len(line)
            continue
        unit = bool(_UNIT_TARGET.search(line))
        target = next((m[1] for m in WRITE_TARGET.finditer(line) if m[1] != "/dev/null"), "")
        pending.extend(
            (match[1] == "-", match[3], not match[2] if unit else None, target)
            for match in _HEREDOC.finditer(line)
        )
        body_start = start + len(line) + 1
    units_text = {expanded: "".join(chars) for expanded, chars in units.items()}
    return "".join(keep), units_text, bodies


def _configurations(
    name: str,
    texts: tuple[str, str],
    split: list[list[Word]],
    bodies: list[_Body],
    reader_of: ReaderOf,
) -> list[SettingFinding]:
    """The settings of the servers' configurations a script writes.

    ``texts``: the script, and its commands alone (here-document bodies blanked).
    """
    text, commands = texts
    places = Places(text)
    found = []
    writes = [Write(b.target, text[b.start : b.end], b.start, lines=True) for b in bodies]
    for write in writes + list(written(commands, split)):
        reader = reader_of(write.target)
        if reader is not None:
            found += read_fragment(name, text, write, reader, places)
    return found


def _is_entrypoint(name: str, commands: list[list[Word]]) -> bool:
    """Is the script a container's entrypoint (by its name, or by ``exec "$@"``)?"""
    base = name.replace("\\", "/").rsplit("/", 1)[-1].lower()
    if any(word in base for word in _ENTRYPOINT_NAMES):
        return True
    return any([word.text for word in command[:2]] == ["exec", "$@"] for command in commands)
