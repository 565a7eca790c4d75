"""The one exception tree of :mod:`loopback`.

Every public function either returns or raises a subclass of :class:`LoopbackError`.
Errors carry structure (the offending text, where it went wrong, and why) and render
the input with a caret under the bad spot::

    >>> from loopback import parse_address
    >>> parse_address("127.0.0.256")
    Traceback (most recent call last):
      ...
    loopback.errors.AddressError: invalid address '127.0.0.256': octet above 255 at position 8
      127.0.0.256
              ^

The message is rendered when it is first asked for, so raising and catching an error
in a hot loop (``try: parse_address(s) except AddressError: ...``) stays cheap.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

__all__ = [
    "AddressError",
    "BindError",
    "ConfigFileError",
    "DestinationBlockedError",
    "DoctorError",
    "ExposedError",
    "HostsConflictError",
    "HostsFileError",
    "HostsSyntaxError",
    "LintArgumentError",
    "ListenerFormatError",
    "LoopbackError",
    "LoopbackGuardError",
    "NamespaceError",
    "PolicyError",
    "SettingError",
    "SpecError",
    "UnsafeBindError",
]

#: How many characters of a bad input a message shows at most.
_SHOWN = 60


def _escape(text: str) -> str:
    """Render ``text`` on one line: printable characters as they are, others escaped."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def render(text: str, position: int | None) -> tuple[str, str]:
    """Return ``(shown, caret)``: ``text`` escaped and truncated, and a caret line.

    The caret line is empty when there is no position. Long inputs are cut to a window of
    about 60 characters around the position, marked with ``...``.
    """
    start = 0
    end = len(text)
    if end > _SHOWN:
        pos = 0 if position is None else min(position, end)
        start = max(0, min(pos - _SHOWN // 2, end - _SHOWN))
        end = start + _SHOWN
    head = "..." if start else ""
    tail = "..." if end < len(text) else ""
    shown = head + _escape(text[start:end]) + tail
    if position is None:
        return shown, ""
    offset = len(head) + len(_escape(text[start : max(start, position)]))
    return shown, " " * offset + "^"


class LoopbackError(Exception):
    """Base class of every error :mod:`loopback` raises on purpose; never raised itself."""


class AddressError(LoopbackError, ValueError):
    """Text (or an object) that is not an address in the form asked for.

    ``AddressError(text, position, reason)``; the attributes below read them back.
    The strict parser's fast path raises ``AddressError(text, diagnose)``, with the
    function that works out ``(position, reason)`` from the text when first asked for.
    """

    # No __init__: BaseException stores the arguments in C, which keeps raising cheap.

    @property
    def text(self) -> str:
        """The input, as text (a short ``repr`` of an input that is not a ``str``)."""
        return self._fields()[0]

    @property
    def position(self) -> int | None:
        """Index into :attr:`text` where it went wrong, or ``None``."""
        return self._fields()[1]

    @property
    def reason(self) -> str:
        """What was wrong, in a few words."""
        return self._fields()[2]

    def _fields(self) -> tuple[str, int | None, str]:
        """``(text, position, reason)``, diagnosed if raised with the text and a diagnosis.

        Arguments of other shapes (an error built by hand) still render, without a position.
        """
        args = self.args
        if len(args) == 2 and isinstance(args[0], str) and callable(args[1]):
            args = self.args = (args[0], *args[1](args[0]))
        if len(args) == 3:
            text, position, reason = args
            if isinstance(text, str) and isinstance(reason, str):
                if position is None or (type(position) is int and 0 <= position <= len(text)):
                    return text, position, reason
                return text, None, reason
        return ", ".join(map(str, args)), None, "not an address"

    def __str__(self) -> str:
        shown, caret = render(self.text, self.position)
        where = "" if self.position is None else f" at position {self.position}"
        message = f"invalid address '{shown}': {self.reason}{where}"
        if caret:
            message += f"\n  {shown}\n  {caret}"
        return message

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.text!r}, {self.position!r}, {self.reason!r})"

    def __reduce__(self) -> tuple[type[AddressError], tuple[str, int | None, str]]:
        return (type(self), (self.text, self.position, self.reason))


class HostsSyntaxError(LoopbackError, ValueError):
    """A hosts file, or what is to be written into one, that cannot be taken as it is.

    Raised for unbalanced or duplicated managed-block markers and for names or comments
    that ``add`` refuses; parsing a hosts file never raises it.
    """

    def __init__(self, message: str, *, line: int | None = None, column: int | None = None) -> None:
        super().__init__(message, line, column)
        #: 1-based line number in the file, or ``None``.
        self.line = line
        #: 1-based column, or ``None``.
        self.column = column

    def __str__(self) -> str:
        message: str = self.args[0]
        if self.line is None:
            return message
        where = f"line {self.line}" + ("" if self.column is None else f", column {self.column}")
        return f"{where}: {message}"

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild_syntax_error, self.args)


def _rebuild_syntax_error(message: str, line: int | None, column: int | None) -> HostsSyntaxError:
    return HostsSyntaxError(message, line=line, column=column)


class HostsConflictError(LoopbackError):
    """The hosts file changed on disk since it was loaded: saving would lose that change.

    Load it again, make the edit again, and save.
    """


class HostsFileError(LoopbackError, OSError):
    """A hosts file could not be read or written: missing, permission denied, read-only.

    The message says which file and what to do; ``errno`` and ``filename`` are set as for
    :class:`OSError`, but the message carries no ``[Errno N]`` prefix.
    """

    def __str__(self) -> str:
        return _os_message(self)


class UnsafeBindError(LoopbackError, ValueError):
    """A bind address that would expose a service beyond this machine (or cannot be judged).

    The message says what the address exposes and what to use instead.
    """

    def __init__(self, host: str, reason: str) -> None:
        super().__init__(host, reason)
        #: The host as given (a short ``repr`` of a non-``str``).
        self.host = host
        #: What it exposes, and what to use instead.
        self.reason = reason

    def __str__(self) -> str:
        return f"unsafe bind address {self.host!r}: {self.reason}"


class SettingError(LoopbackError, ValueError):
    """A setting that :func:`loopback.lint.check_setting` cannot judge.

    Raised for an unknown syntax, or a value of a type that syntax never has (a mapping
    where a string belongs); a string the server would refuse is judged ``"invalid"``
    instead.
    """

    def __init__(self, syntax: str, value: str, reason: str) -> None:
        super().__init__(syntax, value, reason)
        #: The syntax asked for.
        self.syntax = syntax
        #: A short ``repr`` of the value.
        self.value = value
        #: What is wrong with it.
        self.reason = reason

    def __str__(self) -> str:
        return f"cannot judge {self.value} as {self.syntax!r}: {self.reason}"


class ConfigFileError(LoopbackError, ValueError):
    """A configuration file that :func:`loopback.lint.lint_path` cannot read.

    Raised when the file cannot be opened, is not valid in its format (JSON, TOML, YAML,
    unbalanced nginx braces), is of a kind no reader knows, or needs an optional extra
    that is not installed (YAML needs ``loopback-net[yaml]``). The message starts with
    ``PATH:LINE:COLUMN`` where the place is known. A file met in a directory walk is not
    raised but reported, as a finding of rule LB900, and the walk goes on.
    """

    def __init__(
        self, path: str, reason: str, *, line: int | None = None, column: int | None = None
    ) -> None:
        super().__init__(path, reason, line, column)
        #: The file, as given.
        self.path = path
        #: What is wrong.
        self.reason = reason
        #: 1-based line of the problem, or ``None``.
        self.line = line
        #: 1-based column of the problem, or ``None``.
        self.column = column

    def __str__(self) -> str:
        where = self.path
        if self.line is not None:
            where += f":{self.line}" + ("" if self.column is None else f":{self.column}")
        return f"{where}: {self.reason}"

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild_config_error, self.args)


def _rebuild_config_error(
    path: str, reason: str, line: int | None, column: int | None
) -> ConfigFileError:
    return ConfigFileError(path, reason, line=line, column=column)


class ExposedError(LoopbackError, AssertionError):
    """Settings expose a service beyond this machine (``loopback.lint.assert_not_exposed``).

    ``findings`` lists them; the message has one line each. It is an ``AssertionError``,
    so test runners report it as a failed test.
    """

    def __init__(self, findings: list[Any]) -> None:
        super().__init__(findings)
        #: The exposing settings (``loopback.lint.SettingFinding``).
        self.findings = findings

    def __str__(self) -> str:
        lines = "".join(f"\n  {finding}" for finding in self.findings)
        return f"{len(self.findings)} setting(s) expose a service beyond this machine:{lines}"


class LintArgumentError(LoopbackError, TypeError):
    """An argument of the wrong type to a :mod:`loopback.lint` function.

    Raised when ``severity``, ``rule_of``, ``fingerprint`` or a ``format_*`` function gets
    something other than a :class:`loopback.lint.SettingFinding` (or an iterable of them),
    and when ``assert_not_exposed`` gets an ``allow`` that is not an iterable of strings.
    The message names the function and shows the argument (cut short).
    """


class BindError(LoopbackError, OSError):
    """A loopback address or port that this machine cannot bind (``errno`` as the OS said).

    On macOS and the BSDs only ``127.0.0.1`` exists until an alias is added: the message
    names the ``ifconfig lo0 alias`` command. The message carries no ``[Errno N]`` prefix.
    """

    def __str__(self) -> str:
        return _os_message(self)


def _os_message(error: OSError) -> str:
    """An :class:`OSError`'s message without the ``[Errno N]`` prefix ``OSError`` adds."""
    return error.strerror or OSError.__str__(error)


class PolicyError(LoopbackError, ValueError):
    """An SSRF policy entry or argument that :mod:`loopback.ssrf` cannot read.

    Raised for an allow- or deny-list entry that is neither a name, an address nor a CIDR
    prefix (or one with host bits set), a port outside 0 to 65535, a scheme that is not a
    ``str``, or an argument of the wrong type. The message quotes the bad value.
    """


class DestinationBlockedError(LoopbackError):
    """:mod:`loopback.ssrf` refused to connect: the destination is against the policy.

    ``host`` and ``port`` are what the client asked for; ``verdicts`` holds one
    :class:`loopback.ssrf.Verdict` for each refused address (or one for the host itself
    when it was refused before any lookup). It is not an :class:`OSError`, so HTTP
    clients pass it up as it is instead of retrying or wrapping it.
    """

    def __init__(self, host: str, port: int | None, verdicts: tuple[Any, ...]) -> None:
        super().__init__(host, port, verdicts)
        #: The host name or address text the connection was asked for.
        self.host = host
        #: The port asked for, or ``None``.
        self.port = port
        #: Why, address by address (:class:`loopback.ssrf.Verdict`).
        self.verdicts = verdicts

    def __str__(self) -> str:
        where = repr(self.host) if self.port is None else f"{self.host!r} port {self.port}"
        return f"refused to connect to {where}: " + "; ".join(map(str, self.verdicts))

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), self.args)


class ListenerFormatError(LoopbackError, ValueError):
    """Saved output of a listener tool that :func:`loopback.doctor.read_listeners` cannot read.

    Raised for an unknown tool name, text that is not that tool's output, and a listening
    row whose address or port cannot be read (a host or service name where numbers belong:
    run the tool with its numeric options). The message names the tool and the line.
    """

    def __init__(self, tool: str, reason: str, *, line: int | None = None) -> None:
        super().__init__(tool, reason, line)
        #: The tool name asked for (a short ``repr`` of a non-``str``).
        self.tool = tool
        #: What is wrong.
        self.reason = reason
        #: 1-based line of the problem, or ``None``.
        self.line = line

    def __str__(self) -> str:
        where = "" if self.line is None else f" line {self.line}"
        return f"{self.tool} output{where}: {self.reason}"

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild_listener_error, self.args)


def _rebuild_listener_error(tool: str, reason: str, line: int | None) -> ListenerFormatError:
    return ListenerFormatError(tool, reason, line=line)


class DoctorError(LoopbackError, ValueError):
    """An argument :mod:`loopback.doctor` cannot take, or a fact it cannot gather.

    Raised for a port outside 1 to 65535, a timeout that is not a number of seconds above
    0 and at most 60, a host that is neither a localhost name nor a loopback address (doctor
    diagnoses this machine only), an unknown client, a target that is no port, ``HOST:PORT``
    or URL, facts of the wrong type, and a machine where no tool can list the listening
    sockets. The message quotes the bad value (cut short).
    """


class LoopbackGuardError(LoopbackError, AssertionError, OSError):
    """A test reached beyond this machine while the pytest plugin's guard was on.

    Raised by the guarded call itself (``socket.connect``, ``socket.getaddrinfo``, ...); the
    message says what was blocked, where, and how to allow it. It is an ``OSError``, as a
    refused call is, so the standard library cleans up after it (``create_connection``
    closes its socket, ``urllib`` wraps it in ``URLError``), and an ``AssertionError``, as
    a failed check is. Code under test that swallows it does not hide it: the test fails
    anyway.
    """

    def __init__(self, call: str, reason: str, where: str, allow: str) -> None:
        super().__init__(call, reason, where, allow)
        #: The blocked call, with its arguments (``"socket.connect(('192.0.2.1', 80))"``).
        self.call = call
        #: Why it leaves this machine.
        self.reason = reason
        #: The line of code that made it (``"tests/test_api.py:12"``), or ``""``.
        self.where = where
        #: An ``--loopback-allow`` spec that would allow it.
        self.allow = allow

    def __str__(self) -> str:
        at = f" ({self.where})" if self.where else ""
        return (
            f"{self.call} {self.reason}{at}; allow it with --loopback-allow={self.allow}, "
            f"@pytest.mark.loopback_only(allow=[{self.allow!r}]) or @pytest.mark.allow_network"
        )


class SpecError(LoopbackError, ValueError):
    """An allow spec (``--loopback-allow``) that is not a host, address, prefix or port."""

    def __init__(self, spec: str, reason: str) -> None:
        super().__init__(spec, reason)
        #: The spec as given (a short ``repr`` of a non-``str``).
        self.spec = spec
        #: What is wrong with it.
        self.reason = reason

    def __str__(self) -> str:
        shown, _ = render(self.spec, None)
        return f"invalid allow spec {shown!r}: {self.reason}"


class NamespaceError(LoopbackError, OSError):
    """This process cannot enter a network namespace of its own (``--loopback-only=netns``).

    The message says why: not Linux, user namespaces switched off, threads already
    running, or the system's limit reached.
    """
