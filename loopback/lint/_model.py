"""What lint finds: exposures, binds, verdicts and findings (the values every module shares).

A reader turns a file into settings with places; a syntax turns a setting's value into
binds (one host each, with why it is judged so) and ports; :func:`verdict` makes the
widest of them the setting's :class:`Verdict`; a :class:`SettingFinding` says where.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal, NamedTuple, Union

from ..errors import ConfigFileError, LintArgumentError, render

__all__ = [
    "ADVICE",
    "ALL_V4",
    "ALL_V6",
    "RANK",
    "UNREADABLE",
    "Bind",
    "Exposure",
    "Key",
    "Reading",
    "SettingFinding",
    "Value",
    "Verdict",
    "digits",
    "everywhere",
    "finding_of",
    "findings_of",
    "invalid",
    "not_read",
    "shown",
    "verdict_of",
]

Exposure = Literal[
    "loopback",
    "all_interfaces",
    "specific_address",
    "not_network",
    "not_published",
    "depends",
    "invalid",
    "not_read",
]

#: Which exposure wins when a setting binds several hosts: the widest, and ``invalid``
#: above all (a server refuses the whole setting).
RANK: dict[str, int] = {
    "not_published": 0,
    "not_network": 1,
    "loopback": 2,
    "depends": 3,
    "specific_address": 4,
    "all_interfaces": 5,
    "invalid": 6,
}


@dataclass(frozen=True)
class Verdict:
    """What a bind setting exposes, what it binds, and why.

    >>> from loopback.lint import check_setting
    >>> verdict = check_setting("docker-ports", "8080:80")
    >>> verdict.exposure, verdict.hosts, verdict.ports, verdict.exposed
    ('all_interfaces', ('0.0.0.0', '::'), (8080,), True)
    """

    __slots__ = ("exposure", "hosts", "message", "ports")

    #: ``"loopback"``, ``"all_interfaces"``, ``"specific_address"``, ``"not_network"``,
    #: ``"not_published"``, ``"depends"`` or ``"invalid"``.
    exposure: Exposure
    #: The hosts bound: canonical addresses, names as written, ``unix:PATH``.
    hosts: tuple[str, ...]
    #: The ports bound on this machine (empty when unknown or ephemeral).
    ports: tuple[int, ...]
    #: Why, in a sentence, with what to do about it.
    message: str

    @property
    def exposed(self) -> bool:
        """Can another machine reach it (every interface, or a non-loopback address)?"""
        return self.exposure in ("all_interfaces", "specific_address")


class Bind(NamedTuple):
    """One host a setting binds, its exposure, and why (``""``: the usual words)."""

    exposure: Exposure
    host: str
    why: str


#: A syntax's reading of a value: the binds and the ports.
Reading = tuple[list[Bind], list[int]]
#: A setting's value as :func:`loopback.lint.check_setting` takes it.
Value = Union[str, int, Mapping[str, object]]
#: A key (or list index) on the way to a setting.
Key = Union[str, int]

ALL_V4 = Bind("all_interfaces", "0.0.0.0", "")
ALL_V6 = Bind("all_interfaces", "::", "")


def everywhere(why: str) -> list[Bind]:
    """Docker's and Redis's every interface: both families."""
    return [ALL_V4._replace(why=why), ALL_V6._replace(why=why)]


def invalid(text: str, why: str) -> Reading:
    """The reading of a value the server refuses."""
    return [Bind("invalid", text, why)], []


def digits(number: int) -> str:
    """``str(number)``, or a note for a number too long for ``str`` (Python 3.11+)."""
    try:
        return str(number)
    except ValueError:
        return "<a number of over 4300 digits>"


def shown(value: object) -> str:
    """A short ``repr`` of ``value`` for a message, whatever it is."""
    try:
        text = repr(value)
    except Exception:  # noqa: BLE001 - any repr may raise; the message must still render
        text = f"<{type(value).__name__}>"
    return render(text, None)[0]


def finding_of(value: object, function: str) -> SettingFinding:
    """``value`` if it is a :class:`SettingFinding`, for ``function``'s argument."""
    if not isinstance(value, SettingFinding):
        raise LintArgumentError(f"{function}: not a SettingFinding: {shown(value)}")
    return value


def findings_of(values: object, function: str) -> list[SettingFinding]:
    """``values`` as a list of findings, for ``function``'s argument."""
    if isinstance(values, (str, bytes, bytearray, Mapping)) or not isinstance(values, Iterable):
        raise LintArgumentError(f"{function}: not an iterable of findings: {shown(values)}")
    return [finding_of(value, function) for value in values]


#: What to do about a setting that binds every interface.
ADVICE = "bind 127.0.0.1 (and ::1) instead"


def verdict_of(binds: list[Bind], ports: list[int]) -> Verdict:
    """The verdict of a setting: the widest exposure among ``binds``, with its message."""
    worst = max(binds, key=lambda bind: RANK[bind.exposure])
    exposure = worst.exposure
    hosts = tuple(dict.fromkeys(bind.host for bind in binds if bind.host))
    listed = ", ".join(hosts)
    if exposure == "all_interfaces":
        message = (
            f"{worst.why or 'binds every interface'} ({listed}): other machines can reach it; "
            f"{ADVICE}"
        )
    elif worst.why:
        message = worst.why
    elif exposure == "specific_address":
        message = (
            f"binds {worst.host}, an address other machines can reach; bind 127.0.0.1 (and "
            "::1) to stay on this machine"
        )
    elif exposure == "loopback":
        message = f"binds loopback only ({listed}): stays on this machine"
    else:  # not_network
        message = f"a unix-domain socket ({listed}): not reachable over the network"
    bound = tuple(dict.fromkeys(port for port in ports if port))  # 0: the kernel picks
    return Verdict(exposure, hosts, bound, message)


@dataclass(frozen=True)
class SettingFinding:
    """A bind setting found in configuration: where, what, and the verdict."""

    #: The keys (and list indexes) leading to the setting.
    path: tuple[Key, ...]
    #: The syntax it was judged as.
    syntax: str
    #: The value as found.
    value: object
    #: What it exposes, and why.
    verdict: Verdict
    #: The file it is in (:func:`lint_path`), or ``None`` for a mapping.
    file: str | None = None
    #: 1-based line of the value in ``file``, or ``None``.
    line: int | None = None
    #: 1-based column of the value in ``file`` (in characters), or ``None``.
    column: int | None = None
    #: The rule it breaks when no exposure names it (``""``: the exposure's rule).
    check: str = field(default="", compare=False)

    @property
    def dotted_path(self) -> str:
        """``path`` joined with dots (``"services.web.ports.0"``), ``""`` at the top."""
        return ".".join(str(key) for key in self.path)

    @property
    def place(self) -> str:
        """``FILE:LINE:COLUMN`` (as much of it as is known), or ``""`` without a file."""
        if self.file is None:
            return ""
        place = self.file
        if self.line is not None:
            place += f":{self.line}" + ("" if self.column is None else f":{self.column}")
        return place

    def __str__(self) -> str:
        where = self.dotted_path or "(top)"
        if self.file is not None:
            where = f"{self.place}: {where}"
        return f"{where}: {self.verdict.message}"


#: The check (rule LB900) of a file that could not be read.
UNREADABLE = "unreadable"


def not_read(error: ConfigFileError) -> SettingFinding:
    """A file (or directory) that could not be read, as a finding of rule LB900."""
    verdict = Verdict("depends", (), (), error.reason)
    return SettingFinding(
        (), "file", None, verdict, error.path, error.line, error.column, check=UNREADABLE
    )
