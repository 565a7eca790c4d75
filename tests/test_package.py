"""The package as a whole: its public names, and what importing it loads."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import loopback

ROOT = Path(__file__).resolve().parent.parent


def test_all_names_exist() -> None:
    for name in loopback.__all__:
        assert hasattr(loopback, name), name


def test_version_is_single_sourced() -> None:
    assert loopback.__version__.count(".") == 2


def test_import_does_not_load_ipaddress() -> None:
    """DESIGN 1: ``import loopback`` must not load ipaddress, even indirectly (-S: no site)."""
    modules = (
        "loopback, loopback.bind, loopback.doctor, loopback.hosts, loopback.lint, loopback.martian"
    )
    code = f"import sys, {modules}; print('ipaddress' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-S", "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    assert result.stdout.strip() == "False"


def test_no_module_imports_ipaddress() -> None:
    for path in (ROOT / "loopback").rglob("*.py"):
        for line in path.read_text(encoding="utf-8").splitlines():
            stripped = line.strip()
            assert not stripped.startswith(("import ipaddress", "from ipaddress")), path


def test_typed_marker_is_shipped() -> None:
    assert (ROOT / "loopback" / "py.typed").exists()
