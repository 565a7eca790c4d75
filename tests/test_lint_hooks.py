"""The pre-commit hook (.pre-commit-hooks.yaml) and the GitHub Action (action.yml).

pre-commit hands the hook the files its ``files`` pattern matches: every one must be a
file lint reads. The action's lint step is a shell script: it runs here, with the
``loopback`` of this environment, as the runner would run it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from loopback.lint import file_kind

ROOT = Path(__file__).resolve().parent.parent

NAMES = [
    "compose.yaml", "deploy/k8s/app.yml", "package.json", ".devcontainer/devcontainer.json",
    "settings.jsonc", "pyproject.toml", ".env", ".env.local", "prod.env", "app/main.py",
    "Dockerfile", "Dockerfile.dev", "api.dockerfile", "Containerfile", "Procfile",
    "Procfile.dev", "app.service", "app.socket", "run.sh", "Makefile", "rules.mk",
    "site.nginx", "nginx.conf", "Caddyfile", "my.cnf", "grafana.ini", "consul.hcl",
    "redis.conf", "valkey.conf", "sentinel.conf", "postgresql.conf", "mongod.conf",
    "haproxy.cfg", "httpd.conf", "config.xml",
    # not read
    "README.md", "setup.cfg", "app.conf", "pom.xml", "LICENSE", "main.go", "x.yaml.j2",
]  # fmt: skip


def hook() -> dict[str, object]:
    (found,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert isinstance(found, dict)
    return found


@pytest.mark.parametrize("name", NAMES)
def test_the_hook_passes_exactly_the_files_lint_reads(name: str) -> None:
    pattern = re.compile(str(hook()["files"]))
    assert (pattern.search(name) is not None) == (file_kind(name) is not None)


def test_the_hook() -> None:
    found = hook()
    assert found["id"] == "loopback-lint"
    assert found["entry"] == "loopback lint --force-exclude"
    assert found["language"] == "python"
    assert "pyyaml>=6" in found["additional_dependencies"]  # type: ignore[operator]


@pytest.mark.network
def test_pre_commit_try_repo(tmp_path: Path) -> None:
    """``pre-commit try-repo`` against this checkout (``nox -s hooks``: it installs from PyPI).

    pre-commit builds the hook's environment from the checkout (uncommitted changes
    included) and hands the hook the tracked files its pattern matches.
    """
    pre_commit = shutil.which(
        "pre-commit", path=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    )
    if pre_commit is None:
        pytest.skip("pre-commit is not installed (nox -s hooks installs it)")
    project = tmp_path / "project"
    environment = {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp_path / "cache"),
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.invalid",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.invalid",
    }
    subprocess.run(["git", "init", "-q", str(project)], check=True)
    (project / "compose.yaml").write_text("services:\n  a:\n    ports: ['80:80']\n")
    (project / "README.md").write_text("host: 0.0.0.0\n")  # not a file lint reads
    (project / "untracked.env").write_text("HOST=0.0.0.0\n")
    (project / "tests").mkdir()
    (project / "tests" / "compose.yaml").write_text("services:\n  t:\n    ports: ['81:81']\n")
    (project / "pyproject.toml").write_text('[tool.loopback.lint]\nexclude = ["tests"]\n')
    subprocess.run(["git", "add", "."], cwd=project, check=True)
    subprocess.run(["git", "rm", "-q", "--cached", "untracked.env"], cwd=project, check=True)

    def try_repo(*files: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [pre_commit, "try-repo", str(ROOT), "loopback-lint", *files],
            cwd=project,
            env=environment,
            capture_output=True,
            text=True,
            check=False,
        )

    result = try_repo("--all-files")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "compose.yaml:3:13: services.a.ports.0: error:" in result.stdout
    assert "[LB001]" in result.stdout
    for left_out in ("untracked.env", "README.md", "tests/compose.yaml"):
        assert left_out not in result.stdout
    (project / "compose.yaml").write_text("services:\n  a:\n    ports: ['127.0.0.1:80:80']\n")
    result = try_repo("--files", "compose.yaml")
    assert result.returncode == 0, result.stdout + result.stderr


def action() -> dict[str, object]:
    found = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    assert isinstance(found, dict)
    return found


def lint_step() -> dict[str, object]:
    steps = action()["runs"]["steps"]  # type: ignore[index]
    (step,) = [s for s in steps if s.get("id") == "lint"]
    return step  # type: ignore[no-any-return]


def run_lint_step(
    workspace: Path, *, paths: str = ".", args: str = "", fail_on: str = "error"
) -> tuple[int, dict[str, object]]:
    """The action's lint step, run by bash; its status output and the SARIF it wrote."""
    output = workspace / "github_output"  # a new one for each step, as on a runner
    output.write_text("")
    environment = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "LOOPBACK_PATHS": paths,
        "LOOPBACK_ARGS": args,
        "LOOPBACK_FAIL_ON": fail_on,
        "LOOPBACK_SARIF": "loopback.sarif",
        "GITHUB_OUTPUT": str(output),
    }
    script = str(lint_step()["run"])
    subprocess.run(
        ["bash", "-e", "-c", script], cwd=workspace, env=environment, check=True,
        capture_output=True,
    )  # fmt: skip
    status = int(output.read_text().strip().removeprefix("status="))
    return status, json.loads((workspace / "loopback.sarif").read_text())


@pytest.mark.skipif(shutil.which("bash") is None, reason="the action's steps run in bash")
@pytest.mark.posix_only("bash on Windows may be WSL's, which sees none of this Python")
def test_the_action_writes_sarif_and_a_status(tmp_path: Path) -> None:
    (tmp_path / "compose.yaml").write_text("services:\n  a:\n    ports: ['8080:80']\n")
    (tmp_path / "app.env").write_text("HOST=db.internal\n")
    status, sarif = run_lint_step(tmp_path)
    assert status == 1
    results = sarif["runs"][0]["results"]  # type: ignore[index]
    assert [r["ruleId"] for r in results] == ["LB003", "LB001"]
    assert run_lint_step(tmp_path, args="--exclude compose.yaml")[0] == 0
    assert run_lint_step(tmp_path, args="--exclude compose.yaml", fail_on="warning")[0] == 1


def test_the_action_uploads_and_fails_last() -> None:
    steps = action()["runs"]["steps"]  # type: ignore[index]
    names = [step["name"] for step in steps]
    assert names == ["Install loopback", "Lint", "Upload SARIF", "Fail on findings"]
    upload = steps[2]
    assert upload["uses"].startswith("github/codeql-action/upload-sarif@")
    assert upload["if"] == "always() && inputs.upload == 'true'"
    assert set(action()["inputs"]) == {"paths", "args", "fail-on", "sarif-file", "upload"}  # type: ignore[call-overload]


@pytest.mark.skipif(shutil.which("bash") is None, reason="the action's steps run in bash")
def test_the_action_reports_a_file_it_cannot_read(tmp_path: Path) -> None:
    (tmp_path / "compose.yaml").write_text("services:\n  a:\n    ports: ['127.0.0.1:80:80'\n")
    status, sarif = run_lint_step(tmp_path)
    assert status == 1
    (result,) = sarif["runs"][0]["results"]  # type: ignore[index]
    assert result["ruleId"] == "LB900"
    assert run_lint_step(tmp_path, fail_on="never")[0] == 0
