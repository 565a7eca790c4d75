"""Config linting benchmark: ``lint_path`` on a large compose document, as JSON and YAML.

Run with ``nox -s bench`` (or ``python tests/bench/bench_lint.py`` with PyYAML
installed). The document has 5,000 services, each with two ``ports`` entries (one on
every interface, one on 127.0.0.1) and an ``environment`` mapping: 10,000 findings. It
prints, best of 3, the time of ``lint_path`` (read with places, walk, judge), of the
plain parser followed by ``lint_mapping`` (the same judging, without places), and of the
plain parser alone (``json.loads``, PyYAML's ``safe_load``), and for YAML ``lint_path``
with libyaml's parser (the default when PyYAML has it) against the pure-Python one.
Then adversarial inputs, at growing sizes, to show the time is linear: an nginx file of
nested ``{``, a TOML key of many dotted parts (refused past 128), deeply nested YAML
(read by the pure parser, refused past its recursion limit). No test asserts on time.
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

import loopback.lint._yaml as yaml_reader
from loopback.errors import ConfigFileError
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
        path = files["yaml"][0]
        with_c = best(partial(lint_path, path))
        limit, yaml_reader._C_DEPTH = yaml_reader._C_DEPTH, 0  # the pure-Python parser
        pure = best(partial(lint_path, path))
        yaml_reader._C_DEPTH = limit
        print(f"  yaml  lint_path with libyaml {with_c:5.3f} s, pure Python {pure:5.3f} s "
              f"(libyaml x{pure / with_c:4.2f} faster)")  # fmt: skip
        adversarial(Path(directory))


def adversarial(directory: Path) -> None:
    """Time per kilobyte of adversarial inputs at growing sizes: flat means linear."""
    cases: dict[str, tuple[str, Callable[[int], str]]] = {
        "nginx.conf, nested {": ("nginx.conf", lambda n: "a {" * n + "}" * n),
        "nginx.conf, nested server {": ("nginx.conf", lambda n: "server {" * n + "}" * n),
        "TOML, one long dotted key": ("a.toml", lambda n: "a." * n + "b = 1\n"),
        "TOML, 100-part keys": ("b.toml", lambda n: "".join(
            f"k{i}." * 100 + "b = 1\n" for i in range(n // 100))),
        "YAML, nested lists": ("c.yaml", lambda n: "[" * n + "]" * n),
        "YAML, compose services": ("compose.yaml", lambda n: "services:\n" + "".join(
            f"  s{i}:\n    ports: ['{i % 60000}:80']\n" for i in range(n // 10))),
        "script, sed of many [": ("a.sh", lambda n: f"sed -i 's/{'[' * n}/bind ::/' redis.conf\n"),
        "script, sed of many ;": ("b.sh", lambda n: f"sed -i '{'p;' * n}' redis.conf\n"),
        "script, many ${A:- unclosed": ("c.sh", lambda n: f"echo \"{'${A:-' * n}\" > redis.conf\n"),
        "script, A=$A$A": ("d.sh", lambda n: "A=x\n" + "A=$A$A\n" * n + "sed -i s/$A/ r.conf\n"),
        "properties, continued lines": ("application.properties",
                                        lambda n: "server.port=8\\\n" * n + "0\n"),
        "server.xml, unclosed comments": ("server.xml", lambda n: "<!--" * n),
        "server.xml, unclosed Connector tags": ("server.xml", lambda n: "<Connector" * n),
        "config.xml, listen_host and spaces": ("config.xml",
                                               lambda n: "<listen_host>" + " " * n + "x"),
        "server.xml, one long attribute": ("server.xml",
                                           lambda n: "<Connector " + "a" * n + ">"),
        "rabbitmq.conf, spaces, no =": ("rabbitmq.conf", lambda n: "a" + " " * n + "b\n"),
        "puma.rb, port and commas": ("puma.rb", lambda n: "port " + "," * n + "\n"),
    }  # fmt: skip
    print("  adversarial inputs, CPU time per kB at 8k / 16k / 32k units:")
    for label, (name, make) in cases.items():
        rates = []
        for n in (8000, 16000, 32000):
            path = directory / name
            path.write_text(make(n))
            start = time.process_time()
            try:
                lint_path(path)
            except ConfigFileError:
                pass  # refused: nested too deeply, or a key too long
            rates.append((time.process_time() - start) / (path.stat().st_size / 1000))
        shown = " / ".join(f"{rate * 1000:6.3f} ms" for rate in rates)
        print(f"    {label:30} {shown}")


if __name__ == "__main__":
    main()
