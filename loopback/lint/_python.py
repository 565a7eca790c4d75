"""Python source: the bind calls of the standard library and common servers, read with ``ast``.

The source is parsed, never imported or run. A call is recognised by its name (and, where
the name alone is ambiguous, by the module it was imported from or what its receiver
was made by); its host argument is read as that API reads it, defaults included
(``asyncio.start_server`` without a host binds every interface, Flask's ``app.run``
127.0.0.1, aiohttp's ``run_app`` 0.0.0.0). Constants are followed through module and
function names (``HOST = "0.0.0.0"``, f-strings, ``+``), and ``os.getenv("HOST",
"0.0.0.0")`` gives a ``depends`` verdict that says what the default binds. Strings that
are not bind arguments are never findings. Python 2 source is made readable first
(:mod:`._python2`), every line kept.
"""

from __future__ import annotations

import ast
import os
import re
from collections.abc import Iterator
from dataclasses import replace
from typing import NamedTuple, Union

from ..errors import ConfigFileError
from ._commands import CommandSetting, read_command, read_shell
from ._model import SettingFinding, Verdict, shown
from ._places import Places
from ._python2 import readable
from ._python_apis import (
    ADDRESS,
    APIS,
    APP_RUN,
    APPS,
    ASYNCIO,
    BOKEH,
    CHERRYPY,
    CONFIG_MODULES,
    GUESS_NOT,
    GUESSED,
    HOST_KEYWORDS,
    MANAGER,
    MANAGERS,
    NOT_SERVERS,
    PACKAGE_APIS,
    SUBPROCESS,
    TORNADO,
    Api,
)
from ._setting import check_setting

__all__ = ["read_python"]


class _FromEnvironment(NamedTuple):
    """``os.getenv(NAME, default)``: set at run time, else the default (``None``: none)."""

    name: str  # where it is set: $NAME, or the command line's sys.argv[1]
    default: str | None


class _Argument(NamedTuple):
    """``sys.argv[1]``: a value of the command line, a host only with a fallback."""

    name: str


_Value = Union[str, int, None, _FromEnvironment, tuple[object, ...]]
_UNKNOWN = object()  # a value this reader cannot tell
_OUTWARD = object()  # this machine's address towards the network, found at run time
#: The bytes a file's UTF-8 decoding kept as lone surrogates (``surrogateescape``).
_UNDECODABLE = re.compile("[\ud800-\udfff]")


def read_python(name: str, text: str) -> list[SettingFinding]:
    """The bind settings of a Python source file, each at the place of its argument."""
    if "\0" in text:  # refused by every Python (as ValueError before 3.12)
        line, column = Places(text)(text.index("\0"))
        raise ConfigFileError(name, "not valid Python: a NUL character", line=line, column=column)
    if not text.isascii():  # bytes not UTF-8 (a Latin-1 file): one "?" each, places kept
        text = _UNDECODABLE.sub("?", text)
    try:
        tree, shifts = readable(name, text)  # Python 2 made readable, lines kept
    except SyntaxError as error:
        reason = f"not valid Python: {error.msg}"
        raise ConfigFileError(name, reason, line=error.lineno, column=error.offset) from None
    except (RecursionError, MemoryError):
        raise ConfigFileError(name, "not read: Python nested too deeply") from None
    reader = _Reader(name, text, tree)
    reader.shifts = shifts
    base = os.path.basename(name).lower()
    plain = base.replace("_", "").replace("-", "")  # flower_config.py: flowerconfig
    kind = next((kind for kind in CONFIG_MODULES if kind in plain), "")
    found = list(reader.findings(kind))
    return sorted(found, key=lambda finding: (finding.line or 0, finding.column or 0))


class _Reader:
    """The facts of one module: its names' constant values, imports and applications."""

    def __init__(self, name: str, text: str, tree: ast.Module) -> None:
        self.name, self.tree = name, tree
        self.lines = re.split("\r\n|\r|\n", text)
        self.shifts: dict[int, int] = {}  # a line -> how far Python 2's tabs moved its code
        self.constants: dict[str, object] = {}
        self.modules: dict[str, str] = {}  # a local name -> the module it came from
        self.members: set[str] = set()  # names imported from a module (from m import name)
        self.made_by: dict[str, str] = {}  # a local name -> the constructor that made it
        self.lists: dict[str, ast.List | None] = {}  # a name -> its list (None: two values)
        self.options: dict[str, ast.expr | None] = {}  # an option's name -> its default
        self.imported: set[str] = set()  # the packages the module imports (tornado, ...)
        self.called: set[str] = set()  # the names the module calls
        self.subclasses: dict[str, str] = {}  # a class defined here -> the known API it extends
        self.connected: set[str] = set()  # the sockets connected somewhere (s.connect(...))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    self.modules[alias.asname or alias.name.split(".")[0]] = alias.name
                    self.imported.add(alias.name.split(".")[0])
            elif isinstance(node, ast.ImportFrom) and node.module:
                self.imported.add(node.module.split(".")[0])
                for alias in node.names:
                    self.modules[alias.asname or alias.name] = node.module
                    self.members.add(alias.asname or alias.name)
            elif isinstance(node, ast.Call):
                self.called.add(_called(node))
                if _called(node) == "connect" and not node.args and not node.keywords:
                    self.called.add("connect()")  # a manager's client: m.connect()
                elif (
                    _called(node) == "connect"
                    and node.args
                    and isinstance(node.func, ast.Attribute)
                ):
                    self.connected.add(_dotted(node.func.value))  # s.connect(("8.8.8.8", 80))
                if _called(node) == "add_argument":
                    self.option(node, parameter=False)
            elif isinstance(node, ast.ClassDef):  # class QueueManager(BaseManager): ...
                for base in node.bases:
                    known = _dotted(base).rsplit(".", maxsplit=1)[-1]
                    if known in APIS:
                        self.subclasses[node.name] = known
        definitions = [
            node
            for node in ast.walk(tree)
            if isinstance(node, (ast.Assign, ast.AnnAssign, ast.FunctionDef, ast.AsyncFunctionDef))
        ]
        # in the order of the source, not of the walk (which visits a block's statements
        # after those of the block around it): a name is known where it is used after
        definitions.sort(key=lambda node: (node.lineno, node.col_offset))
        for node in definitions:
            if isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for target in targets:
                    if isinstance(target, ast.Name):
                        self.assign(target.id, node.value)
                    elif (  # host, port = "0.0.0.0", 8080
                        isinstance(target, ast.Tuple)
                        and isinstance(node.value, ast.Tuple)
                        and len(target.elts) == len(node.value.elts)
                        and not any(isinstance(e, ast.Starred) for e in node.value.elts)
                    ):
                        for each, value in zip(target.elts, node.value.elts):
                            if isinstance(each, ast.Name):
                                self.assign(each.id, value)
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                self.parameters(node.args)
                for decorator in node.decorator_list:  # click: @click.option("--host", ...)
                    if isinstance(decorator, ast.Call):
                        self.option(decorator, parameter=True)

    def option(self, node: ast.Call, *, parameter: bool) -> None:
        """An option's default, by its name (argparse's dest, click's parameter)."""
        if _called(node) not in ("add_argument", "option", "argument"):
            return
        keywords = {keyword.arg: keyword.value for keyword in node.keywords}
        flags = [
            a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)
        ]
        long = [flag for flag in flags if flag.startswith("--")] or flags[:1]
        name = long[0].lstrip("-").replace("-", "_") if long else ""
        dest = keywords.get("dest")
        if isinstance(dest, ast.Constant) and isinstance(dest.value, str):
            name = dest.value
        if name and "default" in keywords:
            if parameter:
                self.assign(name, keywords["default"])
            else:  # two options of one name: which is read cannot be told
                self.options[name] = None if name in self.options else keywords["default"]

    def parameters(self, arguments: ast.arguments) -> None:
        """A parameter's default is its value when the caller leaves it out."""
        positional = [*arguments.posonlyargs, *arguments.args]
        defaults: list[tuple[ast.arg, ast.expr | None]] = [
            *zip(positional[len(positional) - len(arguments.defaults) :], arguments.defaults),
            *zip(arguments.kwonlyargs, arguments.kw_defaults),
        ]
        for argument, given in defaults:
            default = given
            if isinstance(given, ast.Call) and _called(given) in ("Option", "Argument"):
                default = given.args[0] if given.args else None  # typer.Option("0.0.0.0")
            if default is not None:
                self.assign(argument.arg, default)

    def assign(self, name: str, value: ast.expr) -> None:
        """Record a name's value (two different values: unknown)."""
        if isinstance(value, ast.Call):
            self.made_by[name] = _called(value)
        if isinstance(value, ast.List) or name in self.lists:  # a second value: unknown
            first = isinstance(value, ast.List) and name not in self.lists
            self.lists[name] = value if first and isinstance(value, ast.List) else None
        read = self.value(value)
        before = self.constants.get(name, read)
        pair = (before, read) if isinstance(before, _Argument) else (read, before)
        if isinstance(pair[0], _Argument) and isinstance(pair[1], str):
            # try: host = sys.argv[1] / except IndexError: host = "0.0.0.0"
            read = _FromEnvironment(f"the command line ({pair[0].name})", pair[1])
        elif before != read:
            read = _UNKNOWN
        self.constants[name] = read

    def value(self, node: ast.expr, depth: int = 0) -> object:
        """What an expression is, if this reader can tell (else ``_UNKNOWN``)."""
        if depth > 20:
            return _UNKNOWN
        if isinstance(node, ast.Constant) and (
            node.value is None or isinstance(node.value, (str, int))
        ):
            return node.value
        if isinstance(node, ast.Name):
            return self.constants.get(node.id, _UNKNOWN) if node.id in self.constants else _UNKNOWN
        if isinstance(node, ast.Tuple):
            return tuple(self.value(item, depth + 1) for item in node.elts)
        if isinstance(node, ast.JoinedStr):
            return self.joined(node, depth)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            left, right = self.value(node.left, depth + 1), self.value(node.right, depth + 1)
            if isinstance(left, str) or isinstance(right, str):
                return _combined([left, right])
            return _UNKNOWN
        if isinstance(node, ast.BoolOp) and isinstance(node.op, ast.Or) and len(node.values) == 2:
            first, second = (self.value(item, depth + 1) for item in node.values)
            if isinstance(first, _FromEnvironment) and isinstance(second, (str, type(None))):
                return first._replace(default=second or first.default)
            return _UNKNOWN
        if isinstance(node, ast.Call):
            return self.call_value(node, depth)
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and self.made_by.get(node.value.id) == "parse_args"
        ):
            default = self.options.get(node.attr)  # args.host: its option's default
            return _UNKNOWN if default is None else self.value(default, depth + 1)
        if (  # s.connect(("8.8.8.8", 80)); ip = s.getsockname()[0]: where it reaches out from
            isinstance(node, ast.Subscript)
            and isinstance(node.value, ast.Call)
            and _called(node.value) == "getsockname"
            and isinstance(node.slice, ast.Constant)
            and node.slice.value == 0
            and isinstance(node.value.func, ast.Attribute)
            and _dotted(node.value.func.value) in self.connected
        ):
            return _OUTWARD
        if isinstance(node, ast.Subscript) and _dotted(node.value).endswith("environ"):
            key = self.value(node.slice, depth + 1)
            return _FromEnvironment(f"${key}", None) if isinstance(key, str) else _UNKNOWN
        if (
            isinstance(node, ast.Subscript)
            and _dotted(node.value) in ("sys.argv", "argv")
            and isinstance(node.slice, ast.Constant)
            and isinstance(node.slice.value, int)
        ):
            return _Argument(f"sys.argv[{node.slice.value}]")
        return _UNKNOWN

    def joined(self, node: ast.JoinedStr, depth: int) -> object:
        parts = []
        for part in node.values:
            inner = part.value if isinstance(part, ast.FormattedValue) else part
            parts.append(self.value(inner, depth + 1))
        return _combined(parts)

    def call_value(self, node: ast.Call, depth: int) -> object:
        """``os.getenv``/``os.environ.get`` (with their defaults), ``str()``, ``int()``."""
        called = _dotted(node.func)
        args = [self.value(arg, depth + 1) for arg in node.args]
        if called.endswith(("getenv", "environ.get")) and args and isinstance(args[0], str):
            default = args[1] if len(args) > 1 else None
            if default is _UNKNOWN or isinstance(default, tuple):
                return _UNKNOWN
            text = None if default is None else str(default)
            return _FromEnvironment(f"${args[0]}", text)
        if called in ("str", "int") and len(args) == 1:
            return args[0]
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr == "format" and not node.keywords:
            template = self.value(func.value, depth + 1)  # "0.0.0.0:{}".format(port)
            if isinstance(template, str) and not any(isinstance(a, ast.Starred) for a in node.args):
                return _formatted(template, args)
        return _UNKNOWN

    def findings(self, config: str) -> Iterator[SettingFinding]:
        for node in ast.walk(self.tree):
            if isinstance(node, ast.Call):
                yield from self.call(node)
            elif isinstance(node, ast.Assign):
                yield from self.assignment(node, config)
            elif isinstance(node, ast.Dict):  # CherryPy: {"server.socket_host": "0.0.0.0"}
                for key, value in zip(node.keys, node.values):
                    if isinstance(key, ast.Constant) and key.value == "server.socket_host":
                        yield from self.judged(value, CHERRYPY, "server.socket_host")

    def assignment(self, node: ast.Assign, config: str) -> Iterator[SettingFinding]:
        """``bind = ...`` of a gunicorn config; ``c.ServerApp.ip = ...``; ``config.bind``."""
        for target in node.targets:
            dotted = _dotted(target)
            module = CONFIG_MODULES.get(config)
            if module is not None and dotted == module[0]:
                yield from self.judged(node.value, module[1], dotted)
                continue
            if dotted.startswith("c.") and dotted.endswith((".ip", ".bind_ip")):
                yield from self.judged(node.value, Api("jupyter-ip", None, ""), dotted)
            elif dotted.endswith(".socket_host"):  # cherrypy.server.socket_host = ...
                yield from self.judged(node.value, CHERRYPY, dotted)
            elif dotted.endswith(".bind") and dotted.count(".") == 1 and dotted != "c.bind":
                yield from self.judged(node.value, Api("gunicorn-bind", None, ""), dotted)

    def call(self, node: ast.Call) -> Iterator[SettingFinding]:
        called = _called(node)
        receiver = _dotted(node.func.value) if isinstance(node.func, ast.Attribute) else ""
        origin = self.modules.get(receiver.split(".")[0] if receiver else called, "")
        ports = next((k.value for k in node.keywords if k.arg == "ports"), None)
        if called in ("run", "create") and receiver.endswith("containers") and ports is not None:
            yield from self.published(ports, f"{receiver}.{called}")  # Docker's SDK
            return
        api = self.api(node, called, receiver, origin)
        if api is not None:
            yield from self.argument(node, api, f"{receiver}.{called}" if receiver else called)
        elif called in ("call_command", "execute_from_command_line") or (
            (called in SUBPROCESS and "subprocess" in (receiver, origin))
            or (receiver == "os" and called == "system")
        ):
            yield from self.command(node, f"{receiver}.{called}" if receiver else called)
        else:
            yield from self.guessed(node, called, f"{receiver}.{called}" if receiver else called)

    def guessed(self, node: ast.Call, called: str, path: str) -> Iterator[SettingFinding]:
        """A wildcard given to a call this reader does not know, where only a bind takes one.

        ``Daemon(host="0.0.0.0")``, ``LocalCluster(address="[::]:8786")``,
        ``server.start("0.0.0.0", 9000)``: every interface is what a bind means by it (a
        client has nowhere to go at 0.0.0.0). Only wildcards are read this way: another
        host in an unknown call may be where a client connects.
        """
        if (
            not called
            or called in GUESS_NOT
            or called.startswith("get")
            or called.endswith(("Client", "Connection", "Parameters", "Proxy"))
        ):
            return
        candidates = [k.value for k in node.keywords if k.arg in HOST_KEYWORDS]
        positional: list[ast.expr] = []
        if (
            called in ("serve", "listen", "start", "bind")
            or called.startswith(("run_", "serve_", "start_", "listen_"))
            or called.endswith(("_server", "Server", "_endpoint"))
        ):
            positional = [arg for arg in node.args if not isinstance(arg, ast.Starred)]
        for argument in [*candidates, *positional]:
            read = self.value(argument)
            text = read.default if isinstance(read, _FromEnvironment) else read
            empty = text == "" and argument in positional and called.endswith("Server")
            if isinstance(text, str) and (_wildcard(text) or empty):
                # SimpleWebSocketServer("", 8000, Echo): "" is every interface to a bind
                yield from self.judged(argument, GUESSED, path)
            elif isinstance(read, tuple) and read[:1] and read[0] in ("", "0.0.0.0", "::"):
                yield from self.judged(argument, ADDRESS, path)  # address=("0.0.0.0", 502)

    def published(self, ports: ast.expr, called: str) -> Iterator[SettingFinding]:
        """``containers.run(..., ports={"80/tcp": 8080})``, as Docker's SDK publishes them.

        Each value is the host's side: a port or ``None`` (a random one) on every
        interface, an ``(address, port)`` tuple, or a list of those.
        """
        if not isinstance(ports, ast.Dict):
            return
        for key, value in zip(ports.keys, ports.values):
            target = self.value(key) if key is not None else _UNKNOWN
            if not isinstance(target, (str, int)) or isinstance(target, bool):
                continue
            for host_side in value.elts if isinstance(value, ast.List) else [value]:
                read = self.value(host_side)
                if read is None:
                    text = str(target)  # a random host port, on every interface
                elif isinstance(read, int) and not isinstance(read, bool):
                    text = f"{read}:{target}"
                elif isinstance(read, tuple) and len(read) == 2 and isinstance(read[0], str):
                    address = f"[{read[0]}]" if ":" in read[0] else read[0]
                    text = f"{address}:{read[1]}:{target}"
                else:
                    continue
                verdict = check_setting("docker-ports", text)
                yield self.placed(host_side, called, "docker-ports", text, verdict)

    def api(self, node: ast.Call, called: str, receiver: str, origin: str) -> Api | None:
        """The API a call is, judged by its name, module and receiver (``None``: none)."""
        first = node.args[0] if node.args else None
        called = self.subclasses.get(called, called)
        if called == "bind" and first is not None and not node.keywords:
            read = self.value(first)
            if isinstance(first, ast.Tuple) or isinstance(read, tuple):
                return Api("host", 0, "", address=True)  # socket.bind((host, port))
            if isinstance(read, str) and read.startswith(("tcp://", "udp://")):
                return Api("generic", 0, "")  # ZeroMQ's bind("tcp://*:5555")
            return None
        if (
            called == "create_server"
            and first is not None
            and (isinstance(first, ast.Tuple) or isinstance(self.value(first), tuple))
        ):
            return Api("host", 0, "address", address=True)  # socket.create_server
        if called == "listen" and first is not None and isinstance(self.value(first), tuple):
            return ADDRESS._replace(keyword="addr")  # eventlet.listen(("0.0.0.0", 8090))
        package = origin.split(".", maxsplit=1)[0]
        if (called, package) in PACKAGE_APIS and (  # bottle.run or run, not app.run
            not receiver or receiver.split(".", maxsplit=1)[0] in self.modules
        ):
            return PACKAGE_APIS[called, package]
        if (  # OPC UA: without set_endpoint, opc.tcp://0.0.0.0:4840/freeopcua/server/
            called == "start"
            and self.imported & {"opcua", "asyncua"}
            and self.made_by.get(receiver) == "Server"
            and "set_endpoint" not in self.called
        ):
            return Api("generic", None, "", "opc.tcp://0.0.0.0:4840")
        if called == "run" and package == "nicegui":  # https://nicegui.io/documentation/run
            native = any(k.arg == "native" and _true(k.value) for k in node.keywords)
            return Api("uvicorn-host", None, "host", "127.0.0.1" if native else "0.0.0.0")
        if (
            called == "show"
            and any(k.arg == "address" for k in node.keywords)
            and (self.imported & {"panel", "bokeh", "hvplot"})
        ):
            return BOKEH._replace(default="")  # app.show(address=...): a Bokeh server
        if (
            called == "start"
            and "grpclib" in self.imported
            and self.made_by.get(receiver) == "Server"
        ):
            return Api("host", 0, "host", "0.0.0.0")  # grpclib: None is every interface
        if called == "run" and (receiver == "uvicorn" or origin == "uvicorn"):
            return Api("uvicorn-host", None, "host", "127.0.0.1")
        if called == "Config" and (receiver == "uvicorn" or origin == "uvicorn"):
            return Api("uvicorn-host", None, "host", "127.0.0.1")
        if (
            called == "run"
            and self.made_by.get(receiver) == "application"
            and "web" in self.imported
        ):
            return Api("host", None, "", "0.0.0.0")  # web.py: sys.argv[1], else 0.0.0.0:8080
        if called == "run" and (receiver == "socketio" or self.made_by.get(receiver) == "SocketIO"):
            return Api("flask-host", 1, "host", "127.0.0.1")
        if called == "run" and receiver and receiver.rsplit(".", maxsplit=1)[-1] not in NOT_SERVERS:
            if self.made_by.get(receiver) in APPS:
                return APP_RUN
            module = receiver == origin.rsplit(".", maxsplit=1)[-1] and receiver not in self.members
            if origin not in ("", "__main__") and module:
                return None  # a module's run(): not an application's
            for index, argument in enumerate(node.args):  # server.run("0.0.0.0", 8080)
                read = self.value(argument)
                if isinstance(read, str) and _wildcard(read):
                    return Api("flask-host", index, "host")
            return Api("flask-host", None, "host")  # what it is: only host= says it binds
        if called == "listen" and (
            any(keyword.arg == "address" for keyword in node.keywords)
            or self.made_by.get(receiver) in TORNADO
            or (  # an application imported into a module that runs Tornado's loop (not a
                "tornado"
                in self.imported  # socket's listen(backlog): sock.listen(5), self.server_socket...)
                and receiver not in self.made_by
                and "sock" not in receiver.rsplit(".", maxsplit=1)[-1].lower()
                and not _backlog(self.value(first) if first is not None else None)
            )
            or (
                isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Call)
                and _called(node.func.value) in TORNADO
            )
        ):
            return Api("host", 1, "address", "0.0.0.0")  # Tornado: "" or None binds all
        base = APIS.get(receiver.rsplit(".", maxsplit=1)[-1]) if called == "__init__" else None
        if base is not None and base.position is not None:  # Base.__init__(self, address, ...)
            return base._replace(position=base.position + 1)
        if called in APIS:
            return APIS[called]
        if called in MANAGERS or {"address", "authkey"} <= {k.arg for k in node.keywords}:
            # multiprocessing's managers: a server where the module serves one (get_server,
            # start) and connects none (m.connect() makes the same object a client)
            serves = self.called & {"get_server", "start"} and "connect()" not in self.called
            return MANAGER if serves else MANAGER._replace(keyword="", position=None)
        if called.endswith("Server") and first is not None:  # GameServer(("", 9999), H)
            read = self.value(first)
            if isinstance(read, tuple) and read and isinstance(read[0], str):
                return ADDRESS
        return None

    def argument(self, node: ast.Call, api: Api, called: str) -> Iterator[SettingFinding]:
        """The host argument of a call, or the default when it is omitted."""
        argument: ast.expr | None = None
        if api.position is not None and len(node.args) > api.position:
            argument = node.args[api.position]
            if isinstance(argument, ast.Starred):
                return
        for keyword in node.keywords:
            if keyword.arg is None:  # **options: the host may be in them
                return
            if keyword.arg == api.keyword or (keyword.arg == "sock" and api is ASYNCIO):
                if keyword.arg == "sock":
                    return
                argument = keyword.value
        if (
            api is ASYNCIO
            and argument is None
            and not node.args[1:]
            and not any(keyword.arg == "port" for keyword in node.keywords)
        ):
            return  # neither host nor port: a socket made elsewhere (or none)
        if argument is None:
            if api.default:
                yield self.finding(node, called, api, api.default, default=True)
            return
        yield from self.judged(argument, api, called)

    def judged(self, argument: ast.expr, api: Api, called: str) -> Iterator[SettingFinding]:
        """The finding for one argument, if this reader can tell its value."""
        read = self.value(argument)
        if api.address:
            if not isinstance(read, tuple) or not read:
                return
            read = read[0]
        if isinstance(read, list):  # pragma: no cover - value() makes no lists
            return
        if read is None and api.default:
            yield self.finding(argument, called, api, api.default, default=True)
        elif isinstance(read, (str, int)) and not isinstance(read, bool):
            yield self.finding(argument, called, api, read if isinstance(read, str) else str(read))
        elif isinstance(read, _FromEnvironment):
            yield self.environment(argument, called, api, read)
        elif read is _OUTWARD:
            message = (
                "binds the address this machine reaches the network from (a connected"
                " socket's getsockname()), which other machines can reach; bind 127.0.0.1"
                " (and ::1) to stay on this machine"
            )
            verdict = Verdict("specific_address", (), (), message)
            yield self.placed(argument, called, api.syntax, "getsockname()[0]", verdict)
        elif isinstance(argument, ast.List):
            for item in argument.elts:  # bind = ["0.0.0.0:80", "[::1]:80"]
                yield from self.judged(item, api, called)

    def finding(
        self, node: ast.expr, called: str, api: Api, value: str, default: bool = False
    ) -> SettingFinding:
        text = api.default if default else value
        if api.syntax == "generic" and value.startswith("tcp://*"):
            text = "tcp://0.0.0.0" + value[7:]  # ZeroMQ's * is every interface
        verdict = check_setting(api.syntax, text)
        if default:
            message = f"{called}() without a host: {verdict.message}"
            verdict = replace(verdict, message=message)
        shown = value.shown if isinstance(value, _Partial) else value
        return self.placed(node, called, api.syntax, text if default else shown, verdict)

    def environment(
        self, node: ast.expr, called: str, api: Api, read: _FromEnvironment
    ) -> SettingFinding:
        """A host from the environment: ``depends``, saying what the default binds."""
        if read.default is None:
            message = f"the host comes from {read.name}, set where it runs"
            verdict = Verdict("depends", (), (), message)
        else:
            judged = check_setting(api.syntax, read.default)
            message = (
                f"the host comes from {read.name}; unset, it is {read.default!r}: {judged.message}"
            )
            verdict = Verdict("depends", judged.hosts, judged.ports, message)
        return self.placed(node, called, api.syntax, shown(read.default), verdict)

    def command(self, node: ast.Call, called: str) -> Iterator[SettingFinding]:
        """``subprocess.run([...])``, ``os.system("...")``, ``call_command("runserver", ...)``."""
        first = node.args[0] if node.args else None
        if isinstance(first, ast.Name):
            first = self.lists.get(first.id) or first  # command = [...]; subprocess.run(command)
        settings: list[CommandSetting] = []
        if called.endswith("call_command"):
            words = [self.value(arg) for arg in node.args]
            if words[:1] == ["runserver"] and all(isinstance(w, str) for w in words):
                settings = read_command(["manage.py", *words])  # type: ignore[list-item]
        elif isinstance(first, ast.List):
            words = [self.value(item) for item in first.elts]
            if all(isinstance(word, str) for word in words):
                settings = read_command(words)  # type: ignore[arg-type]
        elif first is not None:
            text = self.value(first)
            if isinstance(text, str):
                settings = [setting for _, setting in read_shell(text)]
        for setting in settings:
            place = first or node
            if isinstance(first, ast.List) and setting.word < len(first.elts):
                place = first.elts[setting.word]  # the word itself, in a list over lines
            yield self.placed(place, called, setting.syntax, setting.value,
                              setting.verdict, program=setting.program)  # fmt: skip

    def placed(
        self,
        node: ast.expr,
        called: str,
        syntax: str,
        value: str,
        verdict: Verdict,
        *,
        program: str = "",
    ) -> SettingFinding:
        """A finding at ``node``'s line and column (in characters)."""
        line = node.lineno
        text = self.lines[line - 1] if line <= len(self.lines) else ""
        offset = node.col_offset - self.shifts.get(line, 0)
        column = len(text.encode("utf-8", "surrogateescape")[:offset].decode(
            "utf-8", "replace")) + 1  # fmt: skip
        path = (called, program) if program else (called,)
        return SettingFinding(path, syntax, value, verdict, self.name, line, column)


def _called(node: ast.Call) -> str:
    """The name a call calls: ``bind`` for ``sock.bind(...)``, ``Flask`` for ``Flask()``."""
    func = node.func
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else ""


def _dotted(node: ast.expr) -> str:
    """``a.b.c`` for a chain of names and attributes, ``""`` for anything else."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return ""
    parts.append(node.id)
    return ".".join(reversed(parts))


class _Partial(str):
    """Text with a port set only at run time: judged with port 0, shown with ``{…}``."""

    shown: str


def _combined(parts: list[object]) -> object:
    """Text joined from parts, some perhaps known only at run time.

    A part this reader cannot tell, or one from the environment, right after a ``:`` is a
    port: the host before it is what is judged (``f"0.0.0.0:{port}"``). One from the
    environment elsewhere keeps its name, with the text around its default.
    """
    text: list[str] = []
    shown: list[str] = []
    environment: list[_FromEnvironment] = []
    for part in parts:
        if isinstance(part, (str, int)) and not isinstance(part, bool):
            text.append(str(part))
            shown.append(str(part))
        elif "".join(text).endswith(":") and not "".join(text).endswith("://"):
            default = part.default if isinstance(part, _FromEnvironment) else None
            port = default if default is not None and default.isdigit() else None
            text.append(port or "0")  # a port the host does not depend on
            shown.append(port or "{…}")
        elif isinstance(part, _FromEnvironment) and part.default is not None and not environment:
            environment.append(part)
            text.append("\0")
        else:
            return _UNKNOWN
    joined = "".join(text)
    if environment:
        return environment[0]._replace(default=joined.replace("\0", environment[0].default or ""))
    if shown == text:
        return joined
    partial = _Partial(joined)
    partial.shown = "".join(shown)
    return partial


def _formatted(template: str, args: list[object]) -> object:
    """``template.format(*args)`` for ``{}`` and ``{0}`` fields, read as :func:`_combined`."""
    parts: list[object] = []
    position = 0
    for match in re.finditer(r"\{(\d*)\}|[^{}]+|\{\{|\}\}|[{}]", template):
        field = match[0]
        if field in ("{{", "}}"):
            parts.append(field[0])
        elif match[1] is not None and field.startswith("{"):
            index = int(match[1]) if match[1] else position
            position += 1
            if index >= len(args):
                return _UNKNOWN
            parts.append(args[index])
        elif field in ("{", "}"):
            return _UNKNOWN  # a field this reader does not fill ({name}, {0:>5})
        else:
            parts.append(field)
    return _combined(parts)


def _true(node: ast.expr) -> bool:
    """``True`` written as such."""
    return isinstance(node, ast.Constant) and node.value is True


def _wildcard(text: str) -> bool:
    """Every interface, with or without a port: ``0.0.0.0``, ``::``, ``*``, ``[::]:8000``.

    Also in a URL: ``opc.tcp://0.0.0.0:4840/server/``.
    """
    scheme, separator, rest = text.partition("://")
    if separator and scheme and not rest.startswith("/"):
        text = rest.split("/", 1)[0]
    host, _, port = text.rpartition(":") if text.count(":") == 1 or "]:" in text else ("", "", "")
    return text in ("0.0.0.0", "::", "[::]", "*") or (
        host in ("0.0.0.0", "[::]", "*") and port.isascii() and port.isdigit()
    )


def _backlog(value: object) -> bool:
    """A number too small for a server's port: ``socket.listen``'s backlog."""
    return isinstance(value, int) and not isinstance(value, bool) and value < 80
