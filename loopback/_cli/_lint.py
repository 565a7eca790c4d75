"""``loopback lint PATH...``: settings that expose a service beyond this machine."""

from __future__ import annotations

import argparse
import os

from ..errors import ConfigFileError
from ._common import UsageError, command, complain, quote, use_colour

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import TextIO


__all__ = ["add_lint"]


def add_lint(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    lint = command(
        commands,
        "lint",
        _run_lint,
        help="find settings that expose a service beyond this machine",
        description="Read configuration files, command lines and Python source (compose "
        "files, Kubernetes manifests, Dockerfiles, Procfiles, systemd units, package.json, "
        "nginx, Caddy, HAProxy, Redis, PostgreSQL, ...) and report every bind setting that "
        "exposes a service: every interface, or an address other machines reach. A "
        "directory means every such file in it. Settings come from [tool.loopback.lint] "
        "in pyproject.toml or [lint] in .loopback.toml.",
        statuses=(
            "0  no finding at the --fail-on severity (or --exit-zero)",
            "1  a finding at that severity (default: error: a service exposed, or a",
            "   file lint could not read, LB900)",
        ),
    )
    lint.add_argument(
        "paths", nargs="+", metavar="PATH", help="a configuration file, or a directory of them"
    )
    lint.add_argument(
        "--format", choices=["text", "json", "sarif"], default="text", help="output format"
    )
    lint.add_argument("--json", action="store_true", help="the same as --format json")
    lint.add_argument(
        "--all", action="store_true", help="report loopback-only settings too (as notes)"
    )
    lint.add_argument(
        "--kind", metavar="KIND", help="read each file given as this kind, whatever its name"
    )
    lint.add_argument(
        "--exclude", action="append", default=[], metavar="GLOB",
        help="leave out files and directories matching GLOB (repeatable)",
    )  # fmt: skip
    lint.add_argument(
        "--force-exclude", action="store_true",
        help="leave out the files named as PATH that --exclude (or exclude in the settings) "
        "matches too, as pre-commit's file lists need",
    )  # fmt: skip
    lint.add_argument(
        "--include", action="append", default=[], metavar="GLOB",
        help="read only the files matching GLOB in directories (repeatable)",
    )  # fmt: skip
    lint.add_argument(
        "--baseline", metavar="FILE",
        help="leave out the findings of an earlier run's JSON or SARIF output",
    )  # fmt: skip
    lint.add_argument(
        "--fail-on", choices=["error", "warning", "note", "never"],
        help="the least severe finding that makes the exit status 1 (default: error)",
    )  # fmt: skip
    lint.add_argument(
        "--exit-zero", action="store_true",
        help="exit with 0 whatever is found (files that cannot be read included)",
    )  # fmt: skip


def _run_lint(args: argparse.Namespace, out: TextIO) -> int:
    """Findings of every file (LB900: it cannot be read); status 1 at the --fail-on severity."""
    from ..lint import (  # noqa: PLC0415 - the lint module only when asked
        FILE_KINDS,
        format_json,
        format_sarif,
        format_text,
        lint_path,
        severity,
    )
    from ..lint._files import excluded, walk  # noqa: PLC0415
    from ..lint._model import UNREADABLE, not_read  # noqa: PLC0415
    from ..lint._policy import SEVERITIES, allowed, read_baseline, read_config  # noqa: PLC0415

    if args.kind is not None and args.kind not in FILE_KINDS:
        raise UsageError(f"unknown kind {quote(args.kind)} (one of: {', '.join(FILE_KINDS)})")
    config = read_config()
    exclude, include = (*config.exclude, *args.exclude), (*config.include, *args.include)
    baseline_file = args.baseline or config.baseline
    baseline = read_baseline(baseline_file) if baseline_file else frozenset()
    findings = []
    for path in args.paths:
        if args.force_exclude and excluded(path, exclude):
            continue
        errors: list[ConfigFileError] = []  # directories that cannot be read
        files = [path]
        if os.path.isdir(path):
            files = list(walk(path, exclude=exclude, include=include, errors=errors))
            if not files and not errors:
                complain(f"warning: {quote(path)} holds no file that lint reads")
        findings += [not_read(error) for error in errors]
        for file in files:  # each file on its own: one bad file hides no other's findings
            if baseline_file and os.path.realpath(file) == os.path.realpath(baseline_file):
                continue  # the baseline itself: our own output, never a configuration
            try:
                findings += lint_path(file, kind=args.kind if file == path else None)
            except ConfigFileError as error:
                findings.append(not_read(error))
    findings = [f for f in findings if not allowed(f, config, baseline)]
    shown = [f for f in findings if args.all or severity(f) != "note"]
    output = "json" if args.json else args.format
    if output == "json":
        out.write(format_json(shown))
    elif output == "sarif":
        out.write(format_sarif(shown))
    else:
        out.write(format_text(shown, colour=use_colour(out)))
        exposed = sum(f.verdict.exposed and not f.check for f in findings)
        unread = sum(f.check == UNREADABLE for f in findings)
        summary = f"{len(findings) - unread} bind setting(s) found, {exposed} exposing a service"
        out.write(summary + (f", {unread} file(s) not read\n" if unread else "\n"))
    threshold = SEVERITIES.index(args.fail_on or config.fail_on)  # "never": above them all
    found = any(SEVERITIES.index(severity(f)) <= threshold < 3 for f in findings)
    return 1 if found and not args.exit_zero else 0
