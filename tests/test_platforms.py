"""The package on every system CI runs (Linux, macOS, Windows), and the platform markers.

What can be checked here, on Linux: the package and the command import without the
modules only POSIX systems have (Windows has no ``fcntl``, ``pwd``, ``grp``, ``resource``,
``termios``), no module touches a POSIX-only name while it is imported, and the
``linux_only``/``posix_only``/``windows_only`` markers skip what they should, saying why,
on each system (tests/conftest.py).
"""

from __future__ import annotations

import ast
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests import conftest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "loopback"

#: Modules of the standard library that Windows' Python does not have.
POSIX_MODULES = ("fcntl", "grp", "pwd", "resource", "termios", "tty", "pty", "syslog")

#: Names in ``os``, ``socket`` and ``signal`` that Windows' Python does not have (Python
#: documentation, "Availability: Unix"); a module may use them in functions that run on
#: POSIX only, never while it is imported.
POSIX_NAMES = frozenset(
    {
        "AF_UNIX", "SO_REUSEPORT", "getuid", "geteuid", "getgid", "getegid", "fork",
        "setsid", "killpg", "fchown", "posix_fallocate", "unshare", "getloadavg", "mkfifo",
        "statvfs", "O_NOFOLLOW", "O_DIRECTORY", "O_CLOEXEC", "WNOHANG", "SIGKILL", "SIGHUP",
        "SIGPIPE", "SIGALRM", "SIGCHLD", "SIGUSR1", "SIGUSR2", "SIGQUIT", "sched_getaffinity",
    }
)  # fmt: skip

IMPORT_EVERYTHING = textwrap.dedent(
    """
    import sys
    for name in sys.argv[1].split(","):
        sys.modules[name] = None  # import NAME now raises ImportError, as on Windows
    import pkgutil, loopback
    for module in pkgutil.walk_packages(loopback.__path__, "loopback."):
        if module.name != "loopback.__main__":  # which runs the command
            __import__(module.name)
    from loopback._cli import main
    for command in ([], ["check", "::1"], ["doctor", "--help"], ["ports", "--help"]):
        try:
            status = main(command or ["--help"])
        except SystemExit as done:  # --help
            status = done.code
        assert status == 0, (command, status)
    print("ok", sorted(m for m in sys.argv[1].split(",") if sys.modules.get(m) is not None))
    """
)


@pytest.mark.slow
def test_the_package_and_command_import_without_posix_modules() -> None:
    done = subprocess.run(
        [sys.executable, "-c", IMPORT_EVERYTHING, ",".join(POSIX_MODULES)],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.splitlines()[-1] == "ok []"


def import_time_nodes(tree: ast.Module) -> list[ast.AST]:
    """Every node that runs while the module is imported: not function bodies."""
    found: list[ast.AST] = []

    def visit(node: ast.AST) -> None:
        found.append(node)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for part in [*node.decorator_list, *node.args.defaults, *node.args.kw_defaults]:
                if part is not None:
                    visit(part)
            return
        if isinstance(node, ast.Lambda):
            return
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


@pytest.mark.parametrize(
    "path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: str(p.relative_to(ROOT))
)
def test_no_posix_only_name_at_import_time(path: Path) -> None:
    tree = ast.parse(path.read_bytes())
    used = [
        f"line {node.lineno}: {node.attr}"
        for node in import_time_nodes(tree)
        if isinstance(node, ast.Attribute) and node.attr in POSIX_NAMES
    ]
    imported = [
        f"line {node.lineno}: import {name}"
        for node in tree.body
        for name in (
            [a.name for a in node.names] if isinstance(node, ast.Import)
            else [node.module or ""] if isinstance(node, ast.ImportFrom)
            else []
        )
        if name.split(".")[0] in POSIX_MODULES
    ]  # fmt: skip
    assert used + imported == []


def test_the_import_time_walk_sees_what_runs() -> None:
    tree = ast.parse(
        "import os\nX = os.getuid\ndef f(a=os.geteuid):\n    return os.fork\n"
        "class C:\n    Y = os.setsid\n    def g(self):\n        return os.killpg\n"
    )
    seen = {n.attr for n in import_time_nodes(tree) if isinstance(n, ast.Attribute)}
    assert seen == {"getuid", "geteuid", "setsid"}


MARKED = """
import pytest

@pytest.mark.linux_only("reads /proc")
def test_linux():
    pass

@pytest.mark.posix_only("os.fork")
def test_posix():
    pass

@pytest.mark.windows_only("netstat -ano")
def test_windows():
    pass

def test_anywhere():
    pass
"""


@pytest.mark.parametrize(
    ("system", "passed", "skips"),
    [
        ("linux", 3, ["windows_only: netstat -ano"]),
        ("darwin", 2, ["linux_only: reads /proc", "windows_only: netstat -ano"]),
        ("win32", 2, ["linux_only: reads /proc", "posix_only: os.fork"]),
        ("freebsd14", 1, ["linux_only: reads /proc", "posix_only: os.fork",
                          "windows_only: netstat -ano"]),
    ],
)  # fmt: skip
def test_the_platform_markers(
    pytester: pytest.Pytester, system: str, passed: int, skips: list[str]
) -> None:
    """Each marker skips on the other systems and says why (this system simulated)."""
    ours = (Path(__file__).parent / "conftest.py").read_text(encoding="utf-8")
    pytester.makeconftest(ours + f"\n\ndef here() -> str:\n    return {system!r}\n")
    markers = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    lines = [line.strip().rstrip(",") for line in markers.splitlines() if "_only(reason)" in line]
    pytester.makeini(
        "[pytest]\nmarkers =\n" + "".join(f"    {ast.literal_eval(x)}\n" for x in lines)
    )
    pytester.makepyfile(MARKED)
    result = pytester.runpytest("--strict-markers", "-rs", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=passed, skipped=len(skips))
    shown = [line.split("] ", 1)[1] for line in result.outlines if line.startswith("SKIPPED [")]
    assert sorted(s.split(": ", 1)[1] for s in shown) == sorted(skips)


def test_a_platform_marker_needs_its_reason(pytester: pytest.Pytester) -> None:
    pytester.makeconftest((Path(__file__).parent / "conftest.py").read_text(encoding="utf-8"))
    pytester.makeini("[pytest]\nmarkers =\n    linux_only(reason): Linux\n")
    pytester.makepyfile("import pytest\n\n@pytest.mark.linux_only\ndef test_x():\n    pass\n")
    result = pytester.runpytest("-p", "no:cacheprovider")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(
        [("ERROR: test_a_platform_marker_needs_its_reason.py::test_x: "
          "@pytest.mark.linux_only(reason) needs a reason")]
    )  # fmt: skip


@pytest.mark.parametrize(
    ("platform", "system"),
    [("linux", "linux"), ("linux2", "linux"), ("darwin", "darwin"), ("win32", "win32")],
)
def test_this_system(monkeypatch: pytest.MonkeyPatch, platform: str, system: str) -> None:
    monkeypatch.setattr(sys, "platform", platform)
    assert conftest.here() == system
