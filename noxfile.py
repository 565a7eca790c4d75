"""Sessions: `nox` runs tests (every Python found), lint, typecheck and docs.

On request: `nox -s property` (more Hypothesis examples), `nox -s exhaustive` (sweeps whole
address spaces), `nox -s bench` (speed against the peers, printed as ratios).
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import sys

import nox

nox.needs_version = ">=2024.10.9"
nox.options.default_venv_backend = "uv|virtualenv"
nox.options.sessions = ["tests", "lint", "typecheck", "docs"]
nox.options.error_on_missing_interpreters = False

PYPROJECT = nox.project.load_toml("pyproject.toml")
SUPPORTED = ["3.9", "3.10", "3.11", "3.12", "3.13"]


def _pyenv_on_path() -> None:
    """Put pyenv's interpreters on the PATH by name (its shims only run the active ones)."""
    root = os.environ.get("PYENV_ROOT", os.path.expanduser("~/.pyenv"))
    dirs = [sorted(glob.glob(f"{root}/versions/{v}.*/bin"))[-1:] for v in SUPPORTED]
    extra = [d[0] for d in dirs if d]
    os.environ["PATH"] = os.pathsep.join([*extra, os.environ.get("PATH", "")])


def _runs(version: str) -> bool:
    """Whether python<version> is on the PATH and actually starts."""
    path = shutil.which(f"python{version}")
    return path is not None and subprocess.run([path, "-c", ""], check=False).returncode == 0


_pyenv_on_path()
os.environ.setdefault("UV_PYTHON_DOWNLOADS", "never")  # use the interpreters found, or none
#: Every supported Python that runs here; CI fails when fewer than two are tested.
FOUND = [v for v in SUPPORTED if _runs(v)] or SUPPORTED
NEWEST = FOUND[-1]
#: Sphinx 8 and newer need Python 3.11 or newer.
DOCS_PYTHON = next((v for v in reversed(FOUND) if v >= "3.11"), NEWEST)


def install(session: nox.Session, *groups: str) -> None:
    """Install the project and the named dependency groups of pyproject.toml."""
    requirements = [r for g in groups for r in nox.project.dependency_groups(PYPROJECT, g)]
    session.install("-e", ".", *requirements)


def _version(python: object) -> tuple[int, ...]:
    """The version of a session's Python: "3.12", or the path ``--force-python`` gave (CI)."""
    text = str(python)
    if not text.replace(".", "").isdigit():
        out = subprocess.run(
            [text, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        text = out.stdout.strip()
    return tuple(int(part) for part in text.split("."))


#: This system's tags for the platform pragmas of pyproject.toml's coverage settings.
COVERAGE_SYSTEM = f"{'linux' if sys.platform.startswith('linux') else sys.platform}|{os.name}"


@nox.session(python=FOUND)
def tests(session: nox.Session) -> None:
    """Unit, property, differential and doc tests, in parallel; branch coverage on the newest.

    pytest-xdist runs one worker per CPU (``-n auto``). On the newest Python found (in CI,
    the newest the job was given), every test runs, and coverage measures every process
    (``patch = ["subprocess"]`` in pyproject.toml); it must reach 100 % on Linux and is
    reported elsewhere, code for another system left out by its platform pragma. The
    other Pythons run the same tests without measurement, except those marked ``slow``
    (work whose answer does not vary with the Python version), and each property on fewer
    examples (Hypothesis profile ``quick``): measuring costs 1.5 to 2 times the run, and
    the suite would not fit in five minutes on two CPUs otherwise
    (docs/howto/run-the-tests.md).
    """
    install(session, "test")
    if _version(session.python) < _version(NEWEST):
        session.env["HYPOTHESIS_PROFILE"] = os.environ.get("HYPOTHESIS_PROFILE", "quick")
        session.run(
            "pytest",
            "-n",
            "auto",
            "--dist",
            "worksteal",
            "-m",
            "not exhaustive and not slow and not network",
            *session.posargs,
        )
        return
    session.env["COVERAGE_FILE"] = ".coverage." + ".".join(map(str, _version(session.python)))
    session.env["LOOPBACK_COVERAGE_SYSTEM"] = COVERAGE_SYSTEM
    session.run("coverage", "erase")
    session.run(
        "coverage", "run", "-m", "pytest", "-n", "auto", "--dist", "worksteal", *session.posargs
    )
    session.run("coverage", "combine", "--quiet")
    # 100 % is enforced where the whole suite runs: on Linux. macOS and Windows skip the
    # tests of Linux's tables and namespaces, and the lines only those tests reach.
    linux = sys.platform.startswith("linux")
    session.run("coverage", "report", *(() if linux else ("--fail-under=0",)))


@nox.session(python=NEWEST)
def lint(session: nox.Session) -> None:
    """Ruff: lint and formatting; actionlint: the GitHub Actions workflows."""
    install(session, "lint")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
    session.run("actionlint")


@nox.session(python=FOUND[0])
def typecheck(session: nox.Session) -> None:
    """Mypy --strict over the package, the tests and this file, on the oldest Python."""
    install(session, "typecheck")
    session.run("mypy")


@nox.session(python=DOCS_PYTHON)
def docs(session: nox.Session) -> None:
    """Sphinx + MyST with warnings as errors."""
    install(session, "docs")
    shutil.rmtree("docs/_build", ignore_errors=True)
    session.run("sphinx-build", "-W", "--keep-going", "-b", "html", "docs", "docs/_build/html")


@nox.session(python=NEWEST, default=False)
def property(session: nox.Session) -> None:  # noqa: A001 - the session's name
    """The property tests with many more examples."""
    install(session, "test")
    session.env["HYPOTHESIS_PROFILE"] = "thorough"
    session.run("pytest", "tests/property", "tests/differential", *session.posargs)


@nox.session(python=NEWEST, default=False)
def exhaustive(session: nox.Session) -> None:
    """Sweep all of 127.0.0.0/8 and every spelling of ::1 through the public API."""
    install(session, "test")
    session.run("pytest", "-n", "auto", "-m", "exhaustive", "tests/exhaustive", *session.posargs)


@nox.session(python=NEWEST, default=False)
def hooks(session: nox.Session) -> None:
    """``pre-commit try-repo`` against this checkout: pre-commit installs the hook from PyPI."""
    install(session, "test", "hooks")
    session.run("pytest", "-m", "network", "-p", "no:cacheprovider", "tests/test_lint_hooks.py")


@nox.session(python=FOUND, default=False)
def bench(session: nox.Session) -> None:
    """Speed against the peers (ipaddress, C inet_pton, python-hosts, portpicker, parsers)."""
    install(session, "bench")
    session.run("python", "tests/bench/bench_addresses.py", *session.posargs)
    session.run("python", "tests/bench/bench_hosts.py")
    session.run("python", "tests/bench/bench_ports.py")
    session.run("python", "tests/bench/bench_lint.py")
    session.run("python", "tests/bench/bench_ssrf.py")
    session.run("python", "tests/bench/bench_doctor_readers.py")


# Locally, each run reuses the environments of the last one (the install step then only
# checks them); CI builds them afresh.
nox.options.reuse_venv = "no" if os.environ.get("CI") else "yes"
