"""Command lines of servers, read as each server reads its options (``read_command``).

A command is a list of words (a shell-split line, or an exec-form list). Wrappers are
looked through (``exec``, ``env``, ``sudo``, ``gosu``, ``tini --``, ``npx``, ``poetry
run``, ``python -m``, ``sh -c '...'``, ...); the server's options that name where it
binds are judged with its syntax, and when none is given, its default (``uvicorn``:
127.0.0.1; ``python -m http.server``: every interface). Where the command runs (on a
host or inside a container) is the caller's judgement (``_placing``), except for the
tools that always run on a host: ``docker run -p`` and ``kubectl port-forward``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import replace
from typing import NamedTuple

from ._command_tables import (
    AS_USER,
    BY_ENVIRONMENT,
    DJANGO,
    DOCKER_FLAGS,
    DOCKER_SHORT_FLAGS,
    ENVIRONMENT,
    JS,
    ON_HOST,
    PORT_OPTIONS,
    RUNNERS,
    SERVERS,
    WRAPPERS,
    Server,
)
from ._model import Verdict
from ._properties import spring_settings
from ._setting import check_setting
from ._shell import simple_commands

__all__ = [
    "CommandSetting",
    "Scripts",
    "expanded_setting",
    "read_command",
    "read_shell",
]


class CommandSetting(NamedTuple):
    """A bind setting found in a command line."""

    #: The index of the word it is in (the program's word for a default).
    word: int
    #: The program (``"uvicorn"``, ``"docker run"``).
    program: str
    #: The syntax it was judged as.
    syntax: str
    #: The value as written (the default, when no option says).
    value: str
    #: What it binds.
    verdict: Verdict
    #: ``"host"``: runs on a host whatever runs the line; ``""``: where the line runs.
    where: str
    #: For a command run by ``docker run``: does that publish ports?
    published: bool = False
    #: The check it breaks, judged already (a health check that misses its server).
    check: str = ""


def read_shell(
    text: str, *, port_set: bool = False, scripts: Scripts | None = None
) -> list[tuple[int, CommandSetting]]:
    """The bind settings of a shell command line, each with the offset of its word.

    ``port_set``: ``PORT`` is in the environment the line runs in (a Procfile's).
    ``scripts``: the ``package.json`` scripts ``npm run NAME`` runs (``None``: not known).
    """
    found = []
    for command in simple_commands(text):
        words = [word.text for word in command]
        settings = _settings(words, 0, len(words), port_set=port_set, scripts=scripts)
        found += [(command[s.word].offset, s) for s in settings]
    return found


def read_command(
    words: list[str], *, port_set: bool = False, scripts: Scripts | None = None
) -> list[CommandSetting]:
    """The bind settings of one command (a list of words), as its program reads them.

    >>> [(s.program, s.value, s.verdict.exposure) for s in read_command(
    ...     ["exec", "uvicorn", "app:app", "--host", "0.0.0.0"])]
    [('uvicorn', '0.0.0.0', 'all_interfaces')]

    A package manager's script gets the words after ``--`` (``npm run dev -- --host``):
    read with its command line when ``scripts`` has it, else as a development server's
    ``--host``.

    >>> [(s.program, s.value) for s in read_command(
    ...     ["npm", "run", "dev", "--", "--host"], scripts={"dev": "vite"})]
    [('vite', '0.0.0.0')]
    """
    return list(_settings(words, 0, len(words), port_set=port_set, scripts=scripts))


#: ``package.json`` scripts by name (values that are not strings are no scripts).
Scripts = Mapping[str, object]


def _settings(
    words: list[str],
    i: int,
    end: int,
    *,
    port_set: bool = False,
    scripts: Scripts | None = None,
    depth: int = 0,
) -> Iterator[CommandSetting]:
    """The settings of ``words[i:end]``, with indexes into ``words``.

    ``port_set``: ``PORT`` is in the command's environment (``PORT=8000 gunicorn ...``).
    ``scripts``, ``depth``: the package scripts known, and how many calls deep this is.
    """
    while i < end:
        word = words[i]
        name = word.rsplit("/", 1)[-1]
        if "=" in word and word.split("=", 1)[0].isidentifier():  # NAME=value before it
            variable, value = word.split("=", 1)
            syntax = ENVIRONMENT.get(variable.upper())
            if syntax and value:
                yield _setting(i, variable, syntax, value, "")
            port_set = port_set or variable == "PORT"
            i += 1
        elif name in WRAPPERS:
            i = _past_options(words, i + 1, end, WRAPPERS[name])
            i += name in AS_USER  # gosu USER COMMAND
        elif name in RUNNERS and i + 1 < end and words[i + 1] in RUNNERS[name].split():
            i = _past_options(words, i + 2, end, frozenset())
        elif name in ("sh", "bash", "dash", "ash", "zsh", "ksh"):
            yield from _shell_c(words, i + 1, end, port_set)
            return
        elif _is_python(name):
            yield from _python(words, i + 1, end, port_set)
            return
        elif name in _PACKAGE_MANAGERS:
            yield from _package_script(words, i, end, name, scripts=scripts, depth=depth)
            return
        else:
            stem = name[: -len(name.rsplit(".", 1)[-1]) - 1] if name.endswith(JS) else name
            yield from _program(words, i, end, stem, port_set)
            return


class _Manager(NamedTuple):
    """How a package manager names the ``package.json`` script it runs."""

    #: Subcommands followed by the script's name (``npm run dev``).
    runs: frozenset[str]
    #: Subcommands that are a script's name (``npm start``).
    named: frozenset[str]
    #: Its own commands, when any other first word is a script's name (``yarn dev``);
    #: ``None``: only ``runs`` and ``named`` run scripts.
    own: frozenset[str] | None


#: Package managers that run ``package.json`` scripts. npm passes a script the words after
#: ``--`` (https://docs.npmjs.com/cli/commands/npm-run-script); yarn, pnpm and bun pass
#: every word after the script's name (https://classic.yarnpkg.com/en/docs/cli/run,
#: https://pnpm.io/cli/run, https://bun.sh/docs/cli/run).
_PACKAGE_MANAGERS: dict[str, _Manager] = {
    name: _Manager(frozenset(runs.split()), frozenset(named.split()),
                   None if own is None else frozenset(own.split()))
    for name, (runs, named, own) in {
        "npm": ("run run-script rum urn", "start test restart", None),
        "yarn": ("run", "", (
            "add install remove upgrade up init global exec dlx workspace workspaces why "
            "info list link unlink cache config create audit outdated pack publish login "
            "logout version bin node set plugin dedupe npm patch import generate-lock-entry"
        )),
        "pnpm": ("run", "", (
            "add install i remove rm update up exec dlx create init link unlink list ls why "
            "outdated audit publish pack store env import prune rebuild patch setup deploy "
            "server config fetch"
        )),
        "bun": ("run", "", (
            "add install i remove rm update x exec create init link unlink pm build test "
            "upgrade publish outdated patch"
        )),
    }.items()
}  # fmt: skip
#: The package managers' options (before the subcommand) that take a value.
_MANAGER_VALUED = frozenset(
    ["--prefix", "-C", "--dir", "--cwd", "-w", "--workspace", "--filter", "-F"]
)
#: How a development server run by a script reads ``--host`` when the script is not known:
#: as Vite, Astro, Nuxt, webpack-dev-server, Angular and Docusaurus do (alone: every address).
_PASSED_HOST = Server("host", ("--host", "-H", "--hostname"), bare="0.0.0.0")
#: How many scripts deep ``npm run`` calls are followed (a script may call itself).
_SCRIPT_DEPTH = 4


def _package_script(
    words: list[str], i: int, end: int, name: str, *, scripts: Scripts | None, depth: int
) -> Iterator[CommandSetting]:
    """``npm run NAME -- ARGS``, ``yarn NAME ARGS``, ...: the script run with the words passed.

    The script's own settings are its line's (reported there); what the words passed to
    it bind is reported here: read with the script's command line when it is known (npm
    appends them to the line, https://docs.npmjs.com/cli/commands/npm-run-script), else
    as a development server's ``--host``.
    """
    manager = _PACKAGE_MANAGERS[name]
    j = _past_options(words, i + 1, end, _MANAGER_VALUED)
    if j < end and words[j] in manager.runs:
        j = _past_options(words, j + 1, end, _MANAGER_VALUED)
    elif j >= end or not (
        words[j] in manager.named or (manager.own is not None and words[j] not in manager.own)
    ):
        return
    script = words[j] if j < end else ""
    if name == "npm":
        passed = words.index("--", j, end) + 1 if "--" in words[j:end] else end
    else:
        passed = j + 1 + (words[j + 1 : j + 2] == ["--"])
    if passed >= end:
        return
    line = scripts.get(script) if scripts is not None and depth < _SCRIPT_DEPTH else None
    found = []
    if isinstance(line, str):
        extra = words[passed:end]
        commands = [[word.text for word in command] for command in simple_commands(line)]
        if commands:
            last = commands[-1] + extra
            first = len(last) - len(extra)
            inner = _settings(last, 0, len(last), scripts=scripts, depth=depth + 1)
            found = [s._replace(word=passed + s.word - first) for s in inner if s.word >= first]
    if not found:
        program = f"{name} {script}"
        found = list(_options(words, passed, end, _PASSED_HOST, program, where=""))
    yield from found


def _past_options(words: list[str], i: int, end: int, valued: frozenset[str]) -> int:
    """Past a wrapper's options (and ``NAME=value`` words are left for the caller)."""
    while i < end and words[i].startswith("-") and words[i] != "--":
        i += 2 if words[i] in valued else 1
    return i + 1 if i < end and words[i] == "--" else i


def _is_python(name: str) -> bool:
    return name in ("python", "python2", "python3", "py", "pypy", "pypy3") or (
        name.startswith("python3.") and name[8:].isdigit()
    )


def _shell_c(words: list[str], i: int, end: int, port_set: bool) -> Iterator[CommandSetting]:
    """``sh -c 'STRING'``: the settings of STRING, at the index of its word."""
    while i < end and words[i].startswith("-"):
        if "c" in words[i][1:] and not words[i].startswith("--") and i + 1 < end:
            for command in simple_commands(words[i + 1]):
                inner = [word.text for word in command]
                for setting in _settings(inner, 0, len(inner), port_set=port_set):
                    yield setting._replace(word=i + 1)
            return
        i += 1


def _python(words: list[str], i: int, end: int, port_set: bool) -> Iterator[CommandSetting]:
    """``python [options] -m module ...`` or ``python manage.py runserver ...``."""
    while i < end and words[i].startswith("-"):
        option = words[i]
        if option == "-m" and i + 1 < end:
            yield from _program(words, i + 1, end, words[i + 1], port_set)
            return
        if option.startswith("-m") and len(option) > 2:
            yield from _program(words, i, end, option[2:], port_set)
            return
        if option in ("-c", "-"):
            return
        i += 2 if option in ("-W", "-X", "-Q") else 1
    if i < end:
        name = words[i].rsplit("/", 1)[-1]
        yield from _program(words, i, end, name, port_set)


def _program(
    words: list[str], i: int, end: int, name: str, port_set: bool = False
) -> Iterator[CommandSetting]:
    """The settings of a program's command line, the program at ``words[i]``."""
    args = words[i + 1 : end]
    if name in DJANGO:
        yield from _runserver(words, i, end)
        return
    if name in ("docker", "podman", "nerdctl"):
        yield from _docker(words, i + 1, end, name)
        return
    if name == "socat":
        yield from _socat(words, i + 1, end)
        return
    if name == "java":
        yield from _java(words, i + 1, end)
        return
    if name == "helm":
        yield from _helm(words, i + 1, end)
        return
    if name == "kubectl":
        yield from _kubectl_service(words, i + 1, end)
    if name == "traefik":
        yield from _traefik(words, i + 1, end)
        return
    key = f"{name} {args[0]}" if args and f"{name} {args[0]}" in SERVERS else name
    server = SERVERS.get(key)
    if server is None:
        return
    if server.subcommands and not any(arg in server.subcommands for arg in args[:4]):
        return
    if args and args[0] in server.others:
        return
    where = "host" if name in ON_HOST else ""
    found = list(_options(words, i + 1, end, server, key, where=where))
    configured = any(word.split("=", 1)[0] in server.elsewhere for word in args) or (
        server.syntax == "redis-bind" and args and not args[0].startswith("-")
    )  # a configuration file (redis-server /etc/redis.conf): its settings decide
    by_port = port_set and bool(server.port_default)
    default = server.port_default if by_port else server.default
    environment, other = _environment(args, key)
    if not found and (other or default) and not configured:
        found = [_default(i, key, server.syntax, other or default, where, by_port=by_port)]
        if other:  # say in which environment the default is what it is
            verdict = found[0].verdict
            message = verdict.message.replace(" option:", f" option in {environment!r}:", 1)
            found = [found[0]._replace(verdict=replace(verdict, message=message))]
    port = _port_option(words[i + 1 : end], PORT_OPTIONS.get(key, ()))
    for setting in found:
        verdict = setting.verdict
        if port and not verdict.ports and verdict.exposure not in ("invalid", "not_network"):
            yield setting._replace(verdict=replace(verdict, ports=(port,)))
        else:
            yield setting


def _environment(args: list[str], program: str) -> tuple[str, str]:
    """The environment ``program``'s options name, and what it binds there by default.

    ``""``: the table's default; an environment given as a variable is not the usual one.
    """
    options, usual, other = BY_ENVIRONMENT.get(program, ((), "", ""))
    for index, word in enumerate(args):
        flag, equals, value = word.partition("=")
        if flag in options:
            value = value if equals else (args[index + 1] if index + 1 < len(args) else usual)
            return (value, other) if value != usual else ("", "")
    return "", ""


def _port_option(args: list[str], options: tuple[str, ...]) -> int:
    """The port a server's port option names (``--port 8080``, ``--port=8080``; 0: none)."""
    port = 0
    for index, word in enumerate(args):
        flag, equals, value = word.partition("=")
        if flag in options:
            text = value if equals else (args[index + 1] if index + 1 < len(args) else "")
            port = int(text) if text.isascii() and text.isdigit() and len(text) < 6 else port
    return port if port <= 65535 else 0


def _options(
    words: list[str], i: int, end: int, server: Server, program: str, *, where: str
) -> Iterator[CommandSetting]:
    """The values of a server's bind options in ``words[i:end]``."""
    fixed = dict(server.fixed)
    while i < end:
        word = words[i]
        flag, equals, value = word.partition("=")
        if flag in fixed:
            yield _setting(i, program, server.syntax, fixed[flag], where)
        elif flag in server.flags:
            if not equals:
                following = words[i + 1] if i + 1 < end else ""
                if following and not following.startswith("-"):
                    value, i = following, i + 1
                elif server.bare:
                    yield _setting(i, program, server.syntax, server.bare, where)
                    i += 1
                    continue
                else:
                    i += 1
                    continue
            at = i
            if server.syntax == "redis-bind":  # --bind a b c
                while i + 1 < end and not words[i + 1].startswith("--"):
                    value, i = f"{value} {words[i + 1]}", i + 1
            yield _setting(at, program, server.syntax, value, where)
        elif (
            len(word) > 2
            and not word.startswith("--")
            and word[:2] in server.flags
            and len(word[:2]) == 2
        ):  # -b0.0.0.0:8000, -S0.0.0.0:80
            yield _setting(i, program, server.syntax, word[2:], where)
        elif flag == "-c" and program == "postgres" and i + 1 < end:
            name, _, value = words[i + 1].partition("=")
            if name.replace("-", "_") == "listen_addresses":
                yield _setting(i + 1, program, server.syntax, value, where)
            i += 1
        i += 1


def _setting(word: int, program: str, syntax: str, value: str, where: str) -> CommandSetting:
    """A setting judged with ``syntax`` (shell variables in it as :func:`_expanded` says)."""
    text, ports_unknown, unknown, defaults = _expanded(value)
    verdict = check_setting(syntax, text)
    if ports_unknown:
        verdict = replace(verdict, ports=())
    if unknown or defaults:
        names = ", ".join(f"${name}" for name in unknown + defaults)
        said = f"; unset, it reads {text!r}: {verdict.message}" if not unknown else ""
        message = f"{value!r} depends on {names}, set where it runs{said}"
        verdict = Verdict("depends", verdict.hosts if not unknown else (), (), message)
    return CommandSetting(word, program, syntax, value, verdict, where)


def expanded_setting(program: str, syntax: str, value: str) -> CommandSetting:
    """A value a shell expands (a here-document's), judged as a command's: on a host."""
    return _setting(0, program, syntax, value, "host")


_VARIABLE = re.compile(
    r"\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))"
)


def _expanded(value: str) -> tuple[str, bool, list[str], list[str]]:
    """``value`` with its shell variables put in, as far as they can be.

    A variable named like a port (``$PORT``) stands for some port; ``${NAME:-default}``
    for its default. Returns the text, whether a port was a variable, the names whose
    value is unknown, and the names whose default was taken.
    """
    unknown: list[str] = []
    defaults: list[str] = []
    ports = False

    def put(match: re.Match[str]) -> str:
        nonlocal ports
        name = match[1] or match[3]
        if "PORT" in name.upper():
            ports = True
            return "8000" if match[2] is None else match[2]
        if match[2] is not None:
            defaults.append(name)
            return match[2]
        unknown.append(name)
        return "0.0.0.0"

    if "$" not in value:
        return value, False, [], []
    return _VARIABLE.sub(put, value), ports, unknown, defaults


def _default(
    word: int, program: str, syntax: str, value: str, where: str, *, by_port: bool = False
) -> CommandSetting:
    """What a program binds when no option says (``by_port``: as ``PORT`` makes it)."""
    setting = _setting(word, program, syntax, value, where)
    port = " and with PORT set" if by_port else ""
    message = f"{program} without a bind option{port}: {setting.verdict.message}"
    return setting._replace(verdict=replace(setting.verdict, message=message))


def _runserver(words: list[str], i: int, end: int) -> Iterator[CommandSetting]:
    """``manage.py runserver [addrport]`` (127.0.0.1:8000 without one)."""
    args = words[i + 1 : end]
    if "runserver" not in args:
        return
    start = i + 1 + args.index("runserver") + 1
    for j in range(start, end):
        if not words[j].startswith("-"):
            yield _setting(j, "runserver", "django-runserver", words[j], "")
            return
    yield _default(i, "runserver", "django-runserver", "", "")


#: ``java``'s options whose value is the next word (the java(1) man page).
_JAVA_VALUED = frozenset(
    ["-cp", "-classpath", "--class-path", "-p", "--module-path", "--upgrade-module-path",
     "--add-modules", "--add-opens", "--add-exports", "--add-reads", "--enable-native-access",
     "--limit-modules", "--patch-module"]
)  # fmt: skip


def _java(words: list[str], i: int, end: int) -> Iterator[CommandSetting]:
    """``java [-Dkey=value ...] -jar app.jar [--key=value ...]``: Spring Boot's servers.

    Spring Boot reads ``--key=value`` application arguments and ``-Dkey=value`` system
    properties as its properties, the arguments first; its server settings are judged
    as in ``application.properties`` (a ``server.port`` without ``server.address``:
    every interface). A command line that names neither says nothing of its server.
    """
    properties: dict[str, tuple[int, str]] = {}
    arguments: dict[str, tuple[int, str]] = {}
    application = False  # past the jar or main class: the application's arguments
    while i < end:
        word = words[i]
        key, equals, value = word[2:].partition("=")
        if application:
            if word.startswith("--") and equals:
                arguments[key] = (i, value)
        elif word.startswith("-D") and equals:
            properties[key] = (i, value)
        elif word in ("-jar", "-m", "--module") or not word.startswith("-"):
            application = True
            i += word.startswith("-")
        else:
            i += word in _JAVA_VALUED
        i += 1
    given = {**properties, **arguments}
    if not application:
        return
    for key, syntax, value, verdict in spring_settings({k: v for k, (_, v) in given.items()}):
        at = given[key][0]
        if syntax == "host":  # judged as a command's value: $HOST says where it runs
            yield _setting(at, "java", syntax, value, "")
        else:
            yield CommandSetting(at, "java", syntax, value, verdict, "")


def _docker(words: list[str], i: int, end: int, name: str) -> Iterator[CommandSetting]:
    """``docker run``/``create``: ``-p``, ``-P`` and ``--network host``, then the command."""
    while i < end and words[i] in ("container", "compose", "-H", "--host", "--context"):
        i += 2 if words[i] in ("-H", "--host", "--context") else 1
    if i >= end or words[i] not in ("run", "create"):
        return
    program, i = f"{name} {words[i]}", i + 1
    found: list[CommandSetting] = []
    while i < end and words[i].startswith("-"):
        flag, equals, value = words[i].partition("=")
        if flag not in DOCKER_FLAGS and flag[1:2] != "-" and len(flag) > 2:
            # a bundle of one-letter options (-itd, -dP, -dp80:80), as pflag reads it:
            # those that take no value, then perhaps one that takes the rest (or the next word)
            letters = flag[1:]
            while letters[:1] in DOCKER_SHORT_FLAGS and letters:
                if letters[0] == "P":
                    found.append(_published_all(i, program))
                letters = letters[1:]
            flag = "-" + letters[:1] if letters else flag
            if letters[1:] or equals:
                value, equals = letters[1:] + equals + value, "="
        bundled = len(flag) > 2 and flag[1] != "-"  # one-letter options, none taking a value
        if flag in DOCKER_FLAGS or bundled or (flag[:2] == "--" and equals):
            pass  # no value to take
        elif not equals and i + 1 < end and flag not in ("-P", "--publish-all"):
            value, i = words[i + 1], i + 1
        if flag in ("-p", "--publish"):
            found.append(_setting(i, program, "docker-ports", value, "host"))
        elif flag in ("-P", "--publish-all"):
            found.append(_published_all(i, program))
        elif flag in ("--network", "--net") and value == "host":
            verdict = Verdict(
                "depends", ("host",), (), "--network host: the container's own binds are "
                "this machine's; what it exposes depends on what it binds"
            )  # fmt: skip
            found.append(CommandSetting(i, program, "docker-ports", value, verdict, "host"))
        i += 1
    yield from found
    published = any(s.verdict.ports or s.value == "0" for s in found)
    for setting in _settings(words, i + 1, end):  # the image's command, in its container
        yield setting._replace(where=setting.where or "container", published=published)


def _published_all(i: int, program: str) -> CommandSetting:
    setting = _setting(i, program, "docker-ports", "0", "host")
    why = "-P publishes every port the image exposes on every interface (0.0.0.0, ::)"
    return setting._replace(verdict=replace(setting.verdict, message=why))


def _helm(words: list[str], i: int, end: int) -> Iterator[CommandSetting]:
    """``helm install|upgrade --set ...service.type=NodePort``: a Service the chart publishes.

    A chart's values for its Service's type (``service.type``, ``controller.service.type``,
    ``serviceType``) make a ``NodePort`` or ``LoadBalancer`` Service, which opens its node
    port on every node's addresses as any such Service does; ``...hostNetwork=true`` puts
    the chart's pods on their nodes' network.
    """
    if i >= end or words[i] not in ("install", "upgrade"):
        return
    for j in range(i + 1, end):
        flag, equals, value = words[j].partition("=")
        if flag in ("--set", "--set-string") and not equals and j + 1 < end:
            value = words[j + 1]
        elif flag not in ("--set", "--set-string"):
            continue
        for assignment in value.split(","):
            key, _, kind = assignment.partition("=")
            lower = key.lower()
            if lower.endswith(("service.type", "servicetype")) and kind in _PUBLISHED_TYPES:
                verdict = check_setting("kubernetes-service", {"type": kind})
                yield CommandSetting(j, "helm", "kubernetes-service", assignment, verdict, "host")
            elif lower.endswith("hostnetwork") and kind == "true":
                verdict = check_setting("kubernetes-container", {"hostNetwork": True})
                yield CommandSetting(j, "helm", "kubernetes-container", assignment, verdict, "host")


_PUBLISHED_TYPES = ("NodePort", "LoadBalancer")
_SERVICES = ("svc", "service", "services")


def _kubectl_service(words: list[str], i: int, end: int) -> Iterator[CommandSetting]:
    """A Service ``kubectl`` makes ``NodePort`` or ``LoadBalancer``.

    ``kubectl expose ... --type=NodePort``, ``kubectl create service nodeport|loadbalancer``
    and ``kubectl patch svc NAME -p '{"spec": {"type": "NodePort"}}'`` (or a JSON patch
    replacing ``/spec/type``): each opens the Service's node port on every node.
    """
    args = words[i:end]
    found: list[tuple[int, str, str]] = []  # (word, value, type)
    for j, word in enumerate(args):
        flag, equals, value = word.partition("=")
        if not equals and j + 1 < len(args):
            value = args[j + 1]
        if "expose" in args[:3] and flag == "--type" and value in _PUBLISHED_TYPES:
            found.append((j + (0 if equals else 1), word if equals else value, value))
        elif _patches_a_service(args) and flag in ("-p", "--patch") and value:
            kind = _patched_type(value)
            if kind:
                found.append((j + (0 if equals else 1), value, kind))
    if args[:2] == ["create", "service"] and args[2:3]:
        created = {"nodeport": "NodePort", "loadbalancer": "LoadBalancer"}.get(args[2], "")
        if created:
            found.append((2, args[2], created))
    for j, value, kind in found:
        verdict = check_setting("kubernetes-service", {"type": kind})
        yield CommandSetting(i + j, "kubectl", "kubernetes-service", value, verdict, "host")


def _patched_type(patch: str) -> str:
    """The Service type a patch sets (``""``: none), by its name with ``type`` just before.

    ``{"spec": {"type": "NodePort"}}``, a JSON patch's ``"path": "/spec/type", "value":
    "LoadBalancer"``, YAML's ``type: NodePort``: one linear scan per name.
    """
    for kind in _PUBLISHED_TYPES:
        at = patch.find(kind)
        while at >= 0:
            if "type" in patch[max(0, at - 30) : at]:
                return kind
            at = patch.find(kind, at + len(kind))
    return ""


def _patches_a_service(args: list[str]) -> bool:
    """``kubectl patch svc NAME``, ``kubectl patch service/NAME`` (options anywhere)."""
    if "patch" not in args[:4]:
        return False
    return any(arg in _SERVICES or arg.split("/", 1)[0] in _SERVICES for arg in args)


def _socat(words: list[str], i: int, end: int) -> Iterator[CommandSetting]:
    """``socat TCP-LISTEN:port[,bind=ADDR]``: every interface unless ``bind=``."""
    for j in range(i, end):
        head, _, options = words[j].partition(",")
        kind, _, port_text = head.partition(":")
        if kind.upper() not in ("TCP-LISTEN", "TCP4-LISTEN", "TCP6-LISTEN", "TCP-L"):
            continue
        bound = [o[5:] for o in options.split(",") if o.startswith("bind=")]
        value = f"{bound[-1]}:{port_text}" if bound else f":{port_text}"
        yield _setting(j, "socat", "listen", value, "")


def _traefik(words: list[str], i: int, end: int) -> Iterator[CommandSetting]:
    """``--entrypoints.NAME.address=:80`` (every interface without a host)."""
    for j in range(i, end):
        flag, equals, value = words[j].partition("=")
        parts = flag.lower().split(".")
        if equals and len(parts) == 3 and parts[0] == "--entrypoints" and parts[2] == "address":
            yield _setting(j, "traefik", "listen", value.split("/", 1)[0], "")
