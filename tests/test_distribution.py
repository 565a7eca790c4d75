"""The distribution as the package index shows it: its name, summary, links and extras."""

from __future__ import annotations

import re
import sys
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
NAME = PROJECT["name"]


def test_the_name_is_ours_and_the_summary_does_not_repeat_it() -> None:
    assert NAME == "loopback-net"  # `loopback` on the index is an unrelated project
    assert not PROJECT["description"].lower().startswith(("loopback", NAME))


def test_runtime_dependencies_are_what_runs() -> None:
    assert PROJECT["dependencies"] == []  # the standard library only


def test_project_urls() -> None:
    assert sorted(PROJECT["urls"]) == ["Changelog", "Documentation", "Issues", "Source"]
    assert all(url.startswith("https://") for url in PROJECT["urls"].values())


def test_the_long_description_links_absolutely() -> None:
    """The README is the index page's long description: a relative link breaks there."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    targets = re.findall(r"\]\(([^)]*)\)", readme)
    assert targets
    assert [t for t in targets if not t.startswith("https://")] == []


def files() -> list[Path]:
    found = [ROOT / "README.md", *(ROOT / "loopback").rglob("*.py"), *(ROOT / "docs").rglob("*.md")]
    return [*found, *(ROOT / name for name in ("action.yml",) if (ROOT / name).exists())]


def test_every_install_hint_names_the_distribution() -> None:
    """``pip install loopback[yaml]`` would install the unrelated project: every hint and
    example says ``loopback-net``."""
    wrong = []
    for path in files():
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r"pip install[^`\n&;|]*", text):  # to the end of the command
            words = [w.strip("'\"") for w in match.group().split()[2:]]
            ours = [w for w in words if w.split("[")[0] in ("loopback", NAME)]
            wrong += [f"{path.relative_to(ROOT)}: {w}" for w in ours if not w.startswith(NAME)]
        wrong += [
            f"{path.relative_to(ROOT)}: {m.group()}"
            for m in re.finditer(r"(?<![\w-])loopback\[\w+\]", text)
        ]
    assert wrong == []
