"""Config linting benchmark: ``lint_path`` on a large compose document, as JSON and YAML.

Run with ``nox -s bench`` (or ``python tests/bench/bench_lint.py`` with PyYAML
installed). The document has 5,000 services, each with two ``ports`` entries (one on
every interface, one on 127.0.0.1) and an ``environment`` mapping: 10,000 findings. It
prints, best of 3, the time of ``lint_path`` (read with places, walk, judge), of the
plain parser followed by ``lint_mapping`` (the same judging, without places), and of the
plain parser alone (``json.loads``, PyYAML's pure-Python ``safe_load``, which is what
``lint_path`` builds on). No test asserts on time.
"""

from __future__ import annotations

import json
import platform
import tempfile
import time
from functools import partial
from pathlib import Path
from typing import Any, Callable

import yaml

from loopback.lint import lint_mapping, lint_path

SERVICES = 5000


def best(function: Callable[[], object], rounds: int = 3) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def walk(parse: Callable[[str], Any], text: str) -> object:
    return lint_mapping(parse(text))


def main() -> None:
    document = {
        "services": {
            f"s{i}": {
                "image": "app",
                "ports": [f"{8000 + i % 1000}:80", f"127.0.0.1:{9000 + i % 1000}:90"],
                "environment": {"MODE": "test"},
            }
            for i in range(SERVICES)
        }
    }
    with tempfile.TemporaryDirectory() as directory:
        files: dict[str, tuple[Path, str, Callable[[str], Any]]] = {
            "json": (Path(directory, "compose.json"), json.dumps(document, indent=2), json.loads),
            "yaml": (Path(directory, "compose.yaml"), yaml.safe_dump(document), yaml.safe_load),
        }
        print(f"Python {platform.python_version()}, {SERVICES} services, 10,000 findings")
        for kind, (path, text, parse) in files.items():
            path.write_text(text)
            assert len(lint_path(path)) == 2 * SERVICES
            linted = best(partial(lint_path, path))
            walked = best(partial(walk, parse, text))
            parsed = best(partial(parse, text))
            print(
                f"  {kind:4}  {len(text) / 1000:4.0f} kB  lint_path {linted:5.3f} s  "
                f"parse + lint_mapping {walked:5.3f} s (places cost x{linted / walked:4.2f})  "
                f"parse alone {parsed:5.3f} s"
            )


if __name__ == "__main__":
    main()
