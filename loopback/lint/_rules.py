"""lint's rules: a stable ID, a name, a severity and a page each (``RULES``, ``rule_of``).

A finding breaks the rule of its exposure, or of the check that made it (a server bound
to loopback in a published container). The IDs never change meaning; each has a page in
``docs/rules/``. Severity follows what it costs a user: an exposed service is an error,
and so is a file lint could not read (nothing in it was checked); what cannot be told or
will not start is a warning, the rest are notes.
"""

from __future__ import annotations

import hashlib
from typing import Literal, NamedTuple

from ._model import SettingFinding, finding_of

__all__ = ["DOCS", "RULES", "Rule", "Severity", "fingerprint", "rule_of"]

Severity = Literal["error", "warning", "note"]

#: Where the rules' pages are published.
DOCS = "https://loopback-net.readthedocs.io/en/latest/rules"


class Rule(NamedTuple):
    """One rule: what a finding that breaks it means."""

    #: The stable ID (``LB001``).
    id: str
    #: A short name in kebab case (``binds-every-interface``).
    name: str
    #: The exposure, or the check, that breaks it.
    trigger: str
    #: ``"error"``, ``"warning"`` or ``"note"``.
    severity: Severity
    #: One line.
    short: str
    #: What it means and what to do.
    full: str
    #: The CWE it is an instance of (``""``: none).
    cwe: str
    #: GitHub code scanning's ``security-severity`` (a CVSS-like score, ``""``: none).
    security_severity: str
    #: How often a finding is right: ``very-high``, ``high``, ``medium``, ``low``.
    precision: str

    @property
    def help_uri(self) -> str:
        """The rule's page."""
        return f"{DOCS}/{self.id}.html"


_BIND = "CWE-1327"  # Binding to an Unrestricted IP Address

RULES: tuple[Rule, ...] = (
    Rule("LB001", "binds-every-interface", "all_interfaces", "error",
         "Binds every interface",
         "The setting binds every interface (0.0.0.0, ::, * or the server's default): "
         "other machines can reach the service. Bind 127.0.0.1 (and ::1) to keep it on "
         "this machine.", _BIND, "7.5", "high"),
    Rule("LB002", "binds-reachable-address", "specific_address", "error",
         "Binds an address other machines reach",
         "The setting binds an address other machines can reach. Bind 127.0.0.1 (and ::1) "
         "to keep the service on this machine.", _BIND, "6.5", "high"),
    Rule("LB003", "exposure-depends", "depends", "warning",
         "Exposure depends on something else",
         "The setting binds a name, an interface, the host's network or a variable: what "
         "it exposes depends on how that resolves at run time.", _BIND, "4.0", "medium"),
    Rule("LB004", "setting-refused", "invalid", "warning",
         "The server refuses the setting",
         "The server cannot read the setting, and refuses to start or ignores it.",
         "", "", "high"),
    Rule("LB005", "unreachable-in-container", "unreachable", "warning",
         "Loopback inside a published container",
         "The server binds loopback inside a container whose port is published: the "
         "published port cannot reach it. Bind 0.0.0.0 inside the container and publish "
         "the port on 127.0.0.1.", "", "", "high"),
    Rule("LB006", "duplicate-host-port", "duplicate-port", "warning",
         "Two services publish the same host port",
         "Two compose services publish the same port of this machine on overlapping "
         "addresses: the second cannot start (port is already allocated).", "", "", "high"),
    Rule("LB007", "healthcheck-misses-server", "healthcheck", "warning",
         "The health check cannot reach the server",
         "The health check probes localhost or a loopback address of one family (IPv4 or "
         "IPv6) while the server in the same image or service binds the other only, or "
         "probes localhost with BusyBox wget or nc, which try ::1 first and never fall back: "
         "the container is reported unhealthy while the server runs. Probe the address the "
         "server binds (127.0.0.1), or bind both families.", "", "", "high"),
    Rule("LB100", "loopback-only", "loopback", "note",
         "Loopback only", "The setting binds loopback only.", "", "", "very-high"),
    Rule("LB101", "no-network-listener", "not_network", "note",
         "No network listener",
         "The setting listens on a unix-domain socket, or on nothing.", "", "", "very-high"),
    Rule("LB102", "not-published", "not_published", "note",
         "Not published",
         "A container's or pod's port that is not published on this machine: binding "
         "every interface inside a container is how a port becomes publishable.",
         "", "", "high"),
    Rule("LB103", "loopback-publish-before-docker-28", "docker-before-28", "note",
         "Published on 127.0.0.1: Docker Engine 28.0 or later needed",
         "A port published on 127.0.0.1 stays on this machine with Docker Engine 28.0 and "
         "later; before 28.0, hosts on the same network link could reach it by routing to "
         "the container network.", "", "", "high"),
    Rule("LB900", "file-not-read", "unreadable", "error",
         "A file lint could not read",
         "lint could not read the file: it cannot be opened, is not valid as its kind, or "
         "needs an optional extra. Nothing in it was checked. Fix the file, install the "
         "extra, or leave the file out (--exclude, exclude = [...]).", "", "", "very-high"),
)  # fmt: skip

_BY_TRIGGER = {rule.trigger: rule for rule in RULES}


def rule_of(finding: SettingFinding) -> Rule:
    """The rule ``finding`` breaks (its check's, else its exposure's).

    :raises LintArgumentError: ``finding`` is not a :class:`SettingFinding`.
    """
    finding = finding_of(finding, "rule_of")
    return _BY_TRIGGER[finding.check or finding.verdict.exposure]


def fingerprint(finding: SettingFinding) -> str:
    """A finding's identity that survives lines moving: file, rule, path and value.

    >>> from loopback.lint import lint_mapping
    >>> len(fingerprint(lint_mapping({"host": "0.0.0.0"})[0]))
    16

    :raises LintArgumentError: ``finding`` is not a :class:`SettingFinding`.
    """
    finding = finding_of(finding, "fingerprint")
    parts = [finding.file or "", rule_of(finding).id, finding.dotted_path, repr(finding.value)]
    data = "\0".join(parts).encode("utf-8", "surrogateescape")
    return hashlib.sha256(data).hexdigest()[:16]
