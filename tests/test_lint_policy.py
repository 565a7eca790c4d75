"""A linter's conventions: rules, suppressions, configuration, baselines and the CLI's options.

(loopback/lint/_rules.py, _policy.py, and ``loopback lint``'s options in _cli/_lint.py.)
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from loopback._cli import main
from loopback.lint import RULES, ConfigFileError, fingerprint, lint_mapping, lint_path, rule_of
from loopback.lint._policy import Config, allowed, read_baseline, read_config

ROOT = Path(__file__).resolve().parent.parent


def write(directory: Path, name: str, text: str) -> Path:
    path = directory / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# -- rules -----------------------------------------------------------------------------------


def test_every_rule_has_a_page() -> None:
    index = (ROOT / "docs" / "rules" / "index.md").read_text(encoding="utf-8")
    for rule in RULES:
        page = (ROOT / "docs" / "rules" / f"{rule.id}.md").read_text(encoding="utf-8")
        assert page.startswith(f"# {rule.id}: {rule.name}\n"), rule.id
        for heading in ("## What it finds", "## Why it matters", "## How to fix it"):
            assert heading in page, (rule.id, heading)
        assert f"{rule.id}" in index
        assert rule.help_uri.endswith(f"/rules/{rule.id}.html")
    assert len({rule.id for rule in RULES}) == len(RULES)


def test_rules_of_findings() -> None:
    (exposed,) = lint_mapping({"host": "0.0.0.0"})
    assert (rule_of(exposed).id, rule_of(exposed).cwe) == ("LB001", "CWE-1327")
    assert fingerprint(exposed) == fingerprint(lint_mapping({"host": "0.0.0.0"})[0])
    assert fingerprint(exposed) != fingerprint(lint_mapping({"host": "::"})[0])


# -- suppressions ---------------------------------------------------------------------------


def test_suppression_comments(tmp_path: Path) -> None:
    text = (
        "services:\n"
        "  a:\n"
        "    ports:\n"
        "      - '8080:80'  # loopback-ignore[LB001]: the demo is meant to be reached\n"
        "      # loopback-ignore[LB003,LB001]: a LAN service\n"
        "      - '8081:80'\n"
        "      - '8082:80'  # loopback-ignore[LB001]\n"
        "      - '8083:80'  # loopback-ignore[LB002]: another rule\n"
        "      - '127.0.0.1:1:1'  # loopback-ignore[LB001]: not alone on the line below\n"
        "      - '8084:80'\n"
    )
    found = lint_path(write(tmp_path, "compose.yaml", text))
    assert [f.value for f in found] == ["8082:80", "8083:80", "127.0.0.1:1:1", "8084:80"]


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("redis.conf", "# loopback-ignore[LB001]: a private cache\nbind 0.0.0.0\n"),
        ("app.json", '{"host": "0.0.0.0"}\n'),
        ("a.py", "app.run(host='0.0.0.0')  # loopback-ignore[LB001]: in a container\n"),
        ("config.xml", "<!-- loopback-ignore[LB001]: a wall -->\n<listen_host>::</listen_host>"),
        ("Dockerfile", "FROM x\n# loopback-ignore[LB005]: sidecar\nEXPOSE 1\nCMD uvicorn a:b\n"),
    ],
)  # fmt: skip
def test_each_format_comments(tmp_path: Path, name: str, text: str) -> None:
    found = lint_path(write(tmp_path, name, text))
    assert len(found) == (1 if name in ("app.json", "Dockerfile") else 0)


# -- configuration ----------------------------------------------------------------------------


def test_read_config(tmp_path: Path) -> None:
    assert read_config(str(tmp_path)) == Config()
    write(tmp_path, "pyproject.toml", '[project]\nname = "x"\n')
    assert read_config(str(tmp_path)) == Config()
    write(
        tmp_path,
        "pyproject.toml",
        '[tool.loopback.lint]\nexclude = ["tests/*"]\nignore = ["LB003"]\nfail-on = "warning"\n'
        'baseline = "lint.json"\nallow = ["10.0.0.5"]\ninclude = ["*.yml"]\n',
    )
    inner = tmp_path / "deep" / "er"
    inner.mkdir(parents=True)
    config = read_config(str(inner))
    assert config == Config(
        exclude=("tests/*",),
        include=("*.yml",),
        ignore=("LB003",),
        allow=("10.0.0.5",),
        fail_on="warning",
        baseline=str(tmp_path / "lint.json"),
        source=str(tmp_path / "pyproject.toml"),
    )
    write(tmp_path, "deep/.loopback.toml", '[lint]\nfail-on = "never"\n')
    assert read_config(str(inner)).fail_on == "never"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("[lint]\nignore = 'LB001'\n", "ignore must be a list of strings"),
        ("[lint]\nignore = ['LB999']\n", "ignore names unknown rules: LB999"),
        ("[lint]\nfail-on = 'fatal'\n", "unknown setting or value: fail-on = 'fatal'"),
        ("[lint]\ncolour = true\n", "unknown setting or value: colour = True"),
        ("[lint\n", "cannot read the settings: "),
    ],
)
def test_bad_config(tmp_path: Path, text: str, reason: str) -> None:
    """Settings that do not read are errors, never ignored."""
    write(tmp_path, ".loopback.toml", text)
    with pytest.raises(ConfigFileError, match=reason.replace("[", r"\[")):
        read_config(str(tmp_path))


# -- baselines ---------------------------------------------------------------------------------


def test_baselines(tmp_path: Path) -> None:
    findings = lint_mapping({"a": {"host": "0.0.0.0"}, "b": {"host": "::"}})
    json_file = write(
        tmp_path, "base.json", json.dumps([{"fingerprint": fingerprint(findings[0])}, 1])
    )
    assert read_baseline(str(json_file)) == {fingerprint(findings[0])}
    sarif = {"runs": [{"results": [{"partialFingerprints": {"loopbackFinding/v1": "abc"}}, 2]}, 3]}
    assert read_baseline(str(write(tmp_path, "base.sarif", json.dumps(sarif)))) == {"abc"}
    assert read_baseline(str(write(tmp_path, "e.sarif", '{"runs": null}'))) == frozenset()
    with pytest.raises(ConfigFileError, match="a baseline is the JSON or SARIF output"):
        read_baseline(str(write(tmp_path, "x.json", "1")))
    with pytest.raises(ConfigFileError, match="cannot read the baseline"):
        read_baseline(str(tmp_path / "missing.json"))
    baseline = read_baseline(str(json_file))
    assert [allowed(f, Config(), baseline) for f in findings] == [True, False]
    assert [allowed(f, Config(allow=("b.host",))) for f in findings] == [False, True]
    assert [allowed(f, Config(allow=("::",))) for f in findings] == [False, True]
    assert [allowed(f, Config(ignore=("LB001",))) for f in findings] == [True, True]


# -- the command's options --------------------------------------------------------------------


class TestOptions:
    @pytest.fixture
    def project(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
        monkeypatch.chdir(tmp_path)
        write(tmp_path, "compose.yaml", "services:\n  a:\n    ports: ['8080:80']\n")
        write(tmp_path, "tests/compose.yaml", "services:\n  b:\n    ports: ['9090:90']\n")
        write(tmp_path, "app.env", "HOST=db.internal\n")
        write(tmp_path, "settings.cfg", '{"host": "0.0.0.0"}')
        return tmp_path

    def test_fail_on_and_exit_zero(self, project: Path, capsys: pytest.CaptureFixture[str]) -> None:
        assert main(["lint", "app.env"]) == 0  # a warning: below the default threshold
        assert main(["lint", "--fail-on", "warning", "app.env"]) == 1
        assert main(["lint", "--fail-on", "never", "."]) == 0
        assert main(["lint", "--exit-zero", "."]) == 0
        # a file that cannot be read is an error finding (LB900), like an exposed service
        assert main(["lint", "missing.yaml"]) == 1
        assert main(["lint", "--exit-zero", "missing.yaml"]) == 0
        assert main(["lint", "--fail-on", "never", "missing.yaml"]) == 0
        capsys.readouterr()

    def test_force_exclude(self, project: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """Files named on the command line (as pre-commit names them) are read, unless
        --force-exclude applies the exclusions to them too."""
        named = ["compose.yaml", "tests/compose.yaml", "tests"]
        assert main(["lint", "--json", "--exclude", "tests", *named]) == 1
        files = [row["file"] for row in json.loads(capsys.readouterr().out)]
        assert files == ["compose.yaml", "tests/compose.yaml", "tests/compose.yaml"]  # and walked
        assert main(["lint", "--json", "--force-exclude", "--exclude", "tests", *named]) == 1
        assert [row["file"] for row in json.loads(capsys.readouterr().out)] == ["compose.yaml"]
        write(project, "pyproject.toml", '[tool.loopback.lint]\nexclude = ["compose.yaml"]\n')
        assert main(["lint", "--force-exclude", "./compose.yaml"]) == 0
        assert capsys.readouterr().out == "0 bind setting(s) found, 0 exposing a service\n"

    def test_exclude_and_include(self, project: Path, capsys: pytest.CaptureFixture[str]) -> None:
        assert main(["lint", "--json", "--exclude", "tests", "."]) == 1
        assert [row["file"] for row in json.loads(capsys.readouterr().out)] == [
            "app.env", "compose.yaml"
        ]  # fmt: skip
        assert main(["lint", "--json", "--include", "tests/*", "."]) == 1
        assert [row["file"] for row in json.loads(capsys.readouterr().out)] == [
            "tests/compose.yaml"
        ]

    def test_a_walk_that_reads_nothing_warns(
        self, project: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        assert main(["lint", "--include", "*.nothing", "."]) == 0
        captured = capsys.readouterr()
        assert captured.err == "loopback: warning: '.' holds no file that lint reads\n"
        assert captured.out == "0 bind setting(s) found, 0 exposing a service\n"

    def test_kind(self, project: Path, capsys: pytest.CaptureFixture[str]) -> None:
        assert main(["lint", "settings.cfg"]) == 1
        assert "settings.cfg: error: cannot tell what kind" in capsys.readouterr().out
        assert main(["lint", "--kind", "json", "settings.cfg"]) == 1
        assert "settings.cfg:1:10: host: error:" in capsys.readouterr().out
        assert main(["lint", "--kind", "xml", "settings.cfg"]) == 2
        assert "unknown kind 'xml' (one of: yaml, json" in capsys.readouterr().err

    def test_baseline(self, project: Path, capsys: pytest.CaptureFixture[str]) -> None:
        assert main(["lint", "--format", "json", "."]) == 1
        (project / "base.json").write_text(capsys.readouterr().out, encoding="utf-8")
        assert main(["lint", "--baseline", "base.json", "."]) == 0
        assert capsys.readouterr().out == "0 bind setting(s) found, 0 exposing a service\n"
        write(project, "new.yaml", "services:\n  c:\n    ports: ['7070:70']\n")
        assert main(["lint", "--baseline", "base.json", "."]) == 1
        assert "new.yaml:3:13" in capsys.readouterr().out

    def test_configuration(self, project: Path, capsys: pytest.CaptureFixture[str]) -> None:
        write(project, ".loopback.toml", '[lint]\nexclude = ["tests"]\nignore = ["LB001"]\n')
        assert main(["lint", "."]) == 0
        assert capsys.readouterr().out.endswith(
            "[LB003]\n1 bind setting(s) found, 0 exposing a service\n"
        )
        write(project, ".loopback.toml", "[lint]\nignore = 1\n")
        assert main(["lint", "."]) == 1
        assert "ignore must be a list of strings" in capsys.readouterr().err


def test_config_needs_a_toml_reader(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, ".loopback.toml", "[lint]\n")
    monkeypatch.setitem(sys.modules, "tomllib", None)
    monkeypatch.setitem(sys.modules, "tomli", None)
    with pytest.raises(ConfigFileError, match=r"needs tomli"):
        read_config(str(tmp_path))
