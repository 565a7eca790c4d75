"""Command lines where repositories keep them, judged where they run.

Dockerfiles, compose services, Kubernetes pods, Procfiles, systemd units, shell scripts,
package.json scripts, devcontainer.json and GitHub workflows
(loopback/lint/_command_files.py, _manifests.py, _json.py, _yaml.py). The fixtures are
written the way each tool's documentation writes them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from loopback.lint import (
    ConfigFileError,
    ExposedError,
    assert_not_exposed,
    file_kind,
    lint_path,
    rule_of,
)
from loopback.lint._files import walk
from loopback.lint._json import without_comments

ALL = "all_interfaces"
LOOP = "loopback"
NOT_PUB = "not_published"
DEPENDS = "depends"


def write(directory: Path, name: str, text: str) -> Path:
    path = directory / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


Row = tuple[int, int, str, str, str, str]


def rows(path: Path) -> list[Row]:
    """(line, column, path, value, exposure, check) of each finding."""
    return [
        (f.line or 0, f.column or 0, f.dotted_path, str(f.value), f.verdict.exposure, f.check)
        for f in lint_path(path)
    ]


# -- Dockerfiles ---------------------------------------------------------------------------

DOCKERFILE = """\
# syntax=docker/dockerfile:1
FROM python:3.12-slim AS build
RUN pip install uvicorn
CMD ["uvicorn", "app:app", "--host", "0.0.0.0"]

FROM python:3.12-slim
EXPOSE 8000
# a comment line
ENTRYPOINT ["gunicorn"]
CMD ["-b", "127.0.0.1:8000", \\
     # inside a continued line
     "app:app"]
"""


def test_dockerfile_commands_run_in_a_container(tmp_path: Path) -> None:
    """Every interface in a container is no alarm; loopback with EXPOSE cannot be reached."""
    assert rows(write(tmp_path, "Dockerfile", DOCKERFILE)) == [
        (4, 39, "CMD.uvicorn", "0.0.0.0", NOT_PUB, ""),
        (10, 13, "CMD.gunicorn", "127.0.0.1:8000", LOOP, "unreachable"),
    ]


def test_dockerfile_forms(tmp_path: Path) -> None:
    text = (
        "FROM node:20\n"
        'ENTRYPOINT ["docker-entrypoint.sh"]\n'
        "CMD npx vite --host\n"
        "FROM x\n"
        'cmd ["not json\n'
        "FROM y\n"
        "CMD [1, 2]\n"
        "FROM z\n"
        'CMD "a\n'
        "FROM w\n"
        "ENTRYPOINT exec uvicorn app:app \\\n"
        "  --host 127.0.0.1\n"
        "FROM v\n"
        "not-an-instruction\n"
        "CMD uvicorn app:app \\"
    )
    assert rows(write(tmp_path, "app.Dockerfile", text)) == [
        (3, 14, "CMD.vite", "0.0.0.0", NOT_PUB, ""),
        (12, 10, "ENTRYPOINT.uvicorn", "127.0.0.1", LOOP, ""),
        (15, 5, "CMD.uvicorn", "127.0.0.1", LOOP, ""),
    ]


def test_dockerfile_escape_directive(tmp_path: Path) -> None:
    text = "# escape=`\nFROM mcr.microsoft.com/windows\nCMD python -m http.server `\n 8000\n"
    assert rows(write(tmp_path, "Dockerfile.windows", text)) == [
        (3, 15, "CMD.http.server", "::", NOT_PUB, ""),
    ]


# -- compose, Kubernetes, workflows --------------------------------------------------------------

COMPOSE = """\
services:
  api:
    build: .
    command: uvicorn main:app --host 0.0.0.0 --port 8000
    ports: ["127.0.0.1:8000:8000"]
  worker:
    image: app
    entrypoint: ["gunicorn"]
    command: ["-b", "127.0.0.1:8000", "app:app"]
    ports: ["8001:8000"]
  cache:
    image: redis
    network_mode: host
    command: redis-server --bind ${BIND:-0.0.0.0}
  plain:
    image: x
    entrypoint: ["/entry.sh"]
    command: ["uvicorn", "a:b"]
  other:
    image: y
    entrypoint: sh -c 'exec uvicorn x:app'
  exec:
    image: z
    entrypoint: ["uvicorn", "--host", "0.0.0.0"]
"""


def test_compose_commands(tmp_path: Path) -> None:
    assert rows(write(tmp_path, "latest.yml", COMPOSE)) == [
        (4, 38, "services.api.command.uvicorn", "0.0.0.0", NOT_PUB, ""),
        (5, 13, "services.api.ports.0", "127.0.0.1:8000:8000", LOOP, "docker-before-28"),
        (9, 22, "services.worker.command.1.gunicorn", "127.0.0.1:8000", LOOP, "unreachable"),
        (10, 13, "services.worker.ports.0", "8001:8000", ALL, ""),
        (13, 19, "services.cache.network_mode", "host", DEPENDS, ""),
        (14, 42, "services.cache.command.redis-server", "0.0.0.0", ALL, ""),
        (18, 15, "services.plain.command.0.uvicorn", "127.0.0.1", LOOP, ""),
        (21, 23, "services.other.entrypoint.uvicorn", "127.0.0.1", LOOP, ""),
        (24, 40, "services.exec.entrypoint.2.uvicorn", "0.0.0.0", NOT_PUB, ""),
    ]


def test_compose_ports_from_variables(tmp_path: Path) -> None:
    """A variable that can only be a port leaves no host address: every interface."""
    text = (
        "services:\n  calls:\n    image: x\n    ports:\n"
        '      - "${CALLS_PORT}:${CALLS_PORT}"\n'
        '      - "${WEB_PORT}:80/udp"\n'
        '      - "${BIND}:8080:80"\n'
        '      - "${A}:${B}"\n'
        '      - "${HTTP_PORT:-80}:80"\n'
    )
    found = lint_path(write(tmp_path, "stack.yaml", text))
    assert [(f.value, f.verdict.exposure) for f in found] == [
        ("${CALLS_PORT}:${CALLS_PORT}", ALL),
        ("${WEB_PORT}:80/udp", ALL),
        ("${BIND}:8080:80", DEPENDS),
        ("${A}:${B}", DEPENDS),
        ("${HTTP_PORT:-80}:80", ALL),
    ]
    assert found[0].verdict.message.startswith(
        "'${CALLS_PORT}:${CALLS_PORT}' has no host IP: Docker publishes it on every interface"
    )


def test_compose_variables_from_an_example_file(tmp_path: Path) -> None:
    write(tmp_path, ".env.example", "BIND=127.0.0.1\n")
    path = write(tmp_path, "compose.yaml", "services:\n  a:\n    ports: ['${BIND}:80:80']\n")
    assert [f.verdict.exposure for f in lint_path(path)] == [LOOP]


def test_compose_is_known_by_content(tmp_path: Path) -> None:
    """services: of compose services makes a compose file; Kubernetes and Helm do not."""
    compose = write(
        tmp_path, "a.yml", "services:\n  w:\n    image: x\n    ports: ['${P:-80}:80']\n"
    )
    assert [f.verdict.exposure for f in lint_path(compose)] == [ALL]
    for text in (
        "kind: X\nservices:\n  w:\n    image: x\n",
        "services:\n  w: 1\n",
        "services: {}\n",
        "services:\n  w:\n    enabled: true\n",
        "- services\n",
    ):
        assert lint_path(write(tmp_path, "b.yml", text)) == []


KUBERNETES = """\
apiVersion: apps/v1
kind: Deployment
spec:
  template:
    spec:
      containers:
        - name: api
          image: api
          command: ["uvicorn", "x:app"]
          args: ["--host", "0.0.0.0"]
        - name: lab
          image: lab
          command: ["jupyter", "lab", "--ip=127.0.0.1"]
          ports: [{containerPort: 8888}]
        - not a container
---
apiVersion: v1
kind: Pod
spec:
  hostNetwork: true
  containers:
    - name: node
      image: n
      args: ["node_exporter"]
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  ports:
    - port: 80
"""


LAB = (
    "{'name': 'lab', 'image': 'lab', 'command': ['jupyter', 'lab', '--ip=127.0.0.1'], "
    "'ports': [{'containerPort': 8888}]}"
)


def test_kubernetes_commands(tmp_path: Path) -> None:
    assert rows(write(tmp_path, "deploy.yaml", KUBERNETES)) == [
        (10, 29, "spec.template.spec.containers.0.args.1.uvicorn", "0.0.0.0", NOT_PUB, ""),
        (13, 45, "spec.template.spec.containers.1.command.2.jupyter", "127.0.0.1", LOOP,
         "unreachable"),
        (14, 18, "spec.template.spec.containers.1.ports", LAB, NOT_PUB, ""),
        (20, 16, "spec.hostNetwork", "{'hostNetwork': True}", DEPENDS, ""),
        (24, 14, "spec.containers.0.args.0.node_exporter", ":9100", ALL, ""),
        (31, 5, "spec.ports", "{'ports': [{'port': 80}]}", NOT_PUB, ""),
    ]  # fmt: skip


def test_github_workflows(tmp_path: Path) -> None:
    text = (
        "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n"
        "    services:\n      db:\n        image: postgres\n        ports: ['5432:5432']\n"
        "    steps:\n      - uses: actions/checkout@v4\n"
        "      - run: |\n          docker run -d -p 6379:6379 redis\n"
        "          uvicorn app:app --host 0.0.0.0 &\n"
        "  other: 1\n  lint:\n    steps: 2\n"
    )
    path = write(tmp_path, ".github/workflows/ci.yml", text)
    assert rows(path) == [
        (8, 17, "jobs.test.services.db.ports.0", "5432:5432", ALL, ""),
        (12, 28, "jobs.test.steps.1.run.docker run", "6379:6379", ALL, ""),
    ]
    assert list(walk(str(tmp_path))) == [str(path)]


#: A GitLab pipeline: its scripts run where the runner's docker daemon publishes, unless a
#: docker:dind service runs that daemon (in the service's container, not on the host).
GITLAB_CI = """\
stages: [test, e2e]
default:
  before_script:
    - docker run -d -p 5432:5432 postgres:16
.dind:
  services:
    - name: registry.example.com/mirror/docker:27-dind
      alias: docker
test:
  stage: test
  services:
    - postgres:16
    - name: redis:7
      command: ["redis-server", "--bind", "0.0.0.0"]
  script:
    - pip install -e .
    - docker run -d -p 8080:80 nginx
    - - docker run -p 127.0.0.1:6379:6379 redis
      - python -m http.server 8000 &
  after_script: [{not: a line}]
e2e:
  stage: e2e
  extends: [.dind]
  script: |
    docker run -d -p 3000:3000 app
deploy:
  extends: .unknown
  tags: [shell]
  script: docker run -d -p 80:80 site
"""


def test_gitlab_ci_docker_run_publishes_on_the_runner_unless_dind(tmp_path: Path) -> None:
    path = write(tmp_path, ".gitlab-ci.yml", GITLAB_CI)
    assert rows(path) == [
        (4, 24, "default.before_script.0.docker run", "5432:5432", ALL, ""),
        (17, 24, "test.script.1.docker run", "8080:80", ALL, ""),
        (18, 23, "test.script.2.0.docker run", "127.0.0.1:6379:6379", LOOP, ""),
        (25, 22, "e2e.script.docker run", "3000:3000", NOT_PUB, ""),
        (29, 28, "deploy.script.docker run", "80:80", ALL, ""),
    ]
    # a default docker:dind service: the daemon of every job without services of its own
    # (test's replace the default's, as GitLab's job keywords replace default ones)
    dind = "services: [docker:dind]\n" + GITLAB_CI
    assert [row[4] for row in rows(write(tmp_path, "ci/.gitlab-ci.yml", dind))] == [
        NOT_PUB, ALL, LOOP, NOT_PUB, NOT_PUB
    ]  # fmt: skip
    # an included file named otherwise, found by its jobs; a script without them is not
    job = "build:\n  image: docker:27\n  script: docker run -p 9000:9000 minio\n"
    assert [row[4] for row in rows(write(tmp_path, "ci/jobs.yml", job))] == [ALL]
    other = "build:\n  script: docker run -p 9000:9000 minio\n"
    assert rows(write(tmp_path, "x/other.yml", other)) == []


def test_gitlab_ci_templates_extended(tmp_path: Path) -> None:
    text = (
        ".dind: {services: [{alias: x}, 7, docker:24.0.5-dind-rootless]}\n"
        ".plain: {variables: {A: b}}\n"
        ".loop: {extends: .loop}\n"  # a cycle ends; it says no services
        "e2e:\n  stage: e2e\n  extends: [.dind, .plain, .loop]\n  script:\n"
        "    - docker run -p 3000:3000 app\n    - docker run -p 127.0.0.1:3001:3001 app\n"
        "other:\n  extends: [.loop, 7]\n  script: [docker run -p 80:80 site]\n"
    )
    assert [row[2:5] for row in rows(write(tmp_path, ".gitlab-ci.yml", text))] == [
        ("e2e.script.0.docker run", "3000:3000", NOT_PUB),
        ("e2e.script.1.docker run", "127.0.0.1:3001:3001", LOOP),
        ("other.script.0.docker run", "80:80", ALL),
    ]


# -- Procfiles, systemd units, scripts -----------------------------------------------------------


def test_procfile_runs_on_a_host(tmp_path: Path) -> None:
    text = "web: gunicorn app:app --bind 0.0.0.0:$PORT\nworker: celery -A app worker\n# x\n"
    assert rows(write(tmp_path, "Procfile", text)) == [
        (1, 30, "web.gunicorn", "0.0.0.0:$PORT", ALL, ""),
    ]


def test_systemd_units(tmp_path: Path) -> None:
    service = (
        "[Unit]\nDescription=app\n\n[Service]\n"
        "Environment=HOST=0.0.0.0 PORT=80\n"
        "ExecStart=-/usr/bin/uvicorn app:app --host 127.0.0.1\n"
        "ExecStop=/bin/kill $MAINPID\n"
        "not a setting\n"
    )
    assert rows(write(tmp_path, "app.service", service)) == [
        (5, 18, "Service.Environment.HOST", "0.0.0.0", ALL, ""),
        (6, 44, "Service.ExecStart.uvicorn", "127.0.0.1", LOOP, ""),
    ]
    socket = (
        "[Socket]\nListenStream=8080\nListenStream=127.0.0.1:9000\n"
        "ListenDatagram=/run/app.sock\nListenStream=vsock:2:1234\nListenStream=\n"
    )
    assert rows(write(tmp_path, "app.socket", socket)) == [
        (2, 14, "Socket.ListenStream.socket", "8080", ALL, ""),
        (3, 14, "Socket.ListenStream.socket", "127.0.0.1:9000", LOOP, ""),
        (4, 16, "Socket.ListenDatagram.socket", "/run/app.sock", "not_network", ""),
        (5, 14, "Socket.ListenStream.socket", "vsock:2:1234", "not_network", ""),
    ]


def test_scripts_report_what_runs_on_the_host(tmp_path: Path) -> None:
    """docker run -p and kubectl port-forward; a server may be a container's entrypoint."""
    text = (
        "#!/bin/sh\nset -e\n"
        "docker run -d --name db -p 5432:5432 postgres\n"
        "exec uvicorn app:app --host 0.0.0.0\n"
        "kubectl port-forward svc/x 8080:80 --address=0.0.0.0\n"
    )
    assert rows(write(tmp_path, "start.sh", text)) == [
        (3, 28, "docker run", "5432:5432", ALL, ""),
        (5, 46, "kubectl", "0.0.0.0", ALL, ""),
    ]
    makefile = "run:\n\tdocker run -p 127.0.0.1:80:80 app\n"
    assert rows(write(tmp_path, "Makefile", makefile)) == [
        (2, 16, "docker run", "127.0.0.1:80:80", LOOP, "")
    ]


# -- package.json and devcontainer.json -----------------------------------------------------------


def test_package_json_scripts(tmp_path: Path) -> None:
    text = (
        '{\n  "name": "app",\n  "scripts": {\n'
        '    "dev": "vite --host",\n    "start": "next start -H 127.0.0.1",\n'
        '    "build": "vite build",\n    "x": 1\n  }\n}\n'
    )
    assert rows(write(tmp_path, "package.json", text)) == [
        (4, 18, "scripts.dev.vite", "0.0.0.0", ALL, ""),
        (5, 29, "scripts.start.next", "127.0.0.1", LOOP, ""),
    ]


DEVCONTAINER = """\
// the dev container
{
  "name": "app", /* the name */
  "dockerComposeFile": "docker-compose.yml",
  "appPort": [3000, "127.0.0.1:8080:8080", true],
  "forwardPorts": [5432],
  "runArgs": ["--network=host", "-p", "9000:9000",],
}
"""


def test_devcontainer(tmp_path: Path) -> None:
    path = write(tmp_path, ".devcontainer/devcontainer.json", DEVCONTAINER)
    write(
        tmp_path, ".devcontainer/docker-compose.yml", "services:\n  db:\n    ports: ['5432:5432']\n"
    )
    found = lint_path(path)
    assert rows(path) == [
        (5, 15, "appPort.0.devcontainer", "3000", ALL, ""),
        (5, 22, "appPort.1.devcontainer", "127.0.0.1:8080:8080", LOOP, ""),
        (7, 26, "runArgs.0.docker run", "host", DEPENDS, ""),
        (7, 40, "runArgs.2.docker run", "9000:9000", ALL, ""),
    ]
    assert found[0].verdict.message.startswith("appPort publishes the port on every interface")
    assert [Path(p).name for p in walk(str(tmp_path))] == [
        "devcontainer.json",
        "docker-compose.yml",
    ]
    single = write(tmp_path, "x/.devcontainer.json", '{"appPort": 3000, "runArgs": [1]}')
    assert [f.dotted_path for f in lint_path(single)] == ["appPort.devcontainer"]
    image = write(tmp_path, "y/devcontainer.json", '{"runArgs": ["img", "uvicorn", "x:a"]}')
    assert lint_path(image) == []  # what the image runs is not published by runArgs
    assert lint_path(write(tmp_path, "z/package.json", "[]")) == []


def test_json_with_comments_only_where_allowed(tmp_path: Path) -> None:
    write(tmp_path, ".vscode/settings.json", '{\n  // a comment\n  "host": "0.0.0.0",\n}\n')
    assert [f.line for f in lint_path(tmp_path / ".vscode/settings.json")] == [3]
    with pytest.raises(ConfigFileError, match="not valid JSON"):
        lint_path(write(tmp_path, "config.json", '{"a": 1, // no\n}'))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            '{"a": "//x", // c\n "b": [1,2,], /* q\n */ }',
            '{"a": "//x",     \n "b": [1,2 ]      \n    }',
        ),
        ('{"a": "\\"//"}', '{"a": "\\"//"}'),
        ("[1, /* open", "[1,        "),
        ("// end", "      "),
        ("[1,\n]", "[1 \n]"),
    ],
)
def test_without_comments(text: str, expected: str) -> None:
    assert without_comments(text) == expected
    assert len(without_comments(text)) == len(text)


# -- kinds of file --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Dockerfile", "dockerfile"),
        ("docker/nginx/Dockerfile", "dockerfile"),
        ("Dockerfile.dev", "dockerfile"),
        ("api.dockerfile", "dockerfile"),
        ("Containerfile", "dockerfile"),
        ("Procfile", "procfile"),
        ("Procfile.dev", "procfile"),
        ("deploy/app.service", "systemd"),
        ("app.socket", "systemd"),
        ("scripts/run.sh", "script"),
        ("Makefile", "script"),
        ("build.mk", "script"),
        ("app/main.py", "python"),
        ("gunicorn.conf.py", "python"),
        (".devcontainer/devcontainer.json", "json"),
        ("settings.jsonc", "json"),
        ("valkey.conf", "redis"),
        ("nginx/app.conf", "nginx"),
        ("etc/nginx/conf.d/default.conf", "nginx"),
        ("nginx/README", None),
        ("nginx/README.md", None),
        ("nginx-proxy/entrypoint.sh", "script"),
        ("sites-available/example", "nginx"),
        ("site.nginx", "nginx"),
        ("app.conf", None),
        (".env.example", "dotenv"),
        ("Caddyfile", "caddyfile"),
        ("Caddyfile.prod", "caddyfile"),
        ("haproxy.cfg", "haproxy"),
        ("haproxy-ingress.cfg", "haproxy"),
        ("setup.cfg", None),
        ("/etc/apache2/apache2.conf", "apache"),
        ("apache2/sites-enabled/000-default.conf", "apache"),
        ("my.cnf", "ini"),
        ("grafana.ini", "ini"),
        ("consul.d/server.hcl", "hcl"),
        ("config.xml", "clickhouse"),
        ("deploy/clickhouse/users.xml", "clickhouse"),
        ("pom.xml", None),
    ],
)
def test_file_kind(name: str, kind: str | None) -> None:
    assert file_kind(name) == kind


def test_walks_read_devcontainer_and_github_only(tmp_path: Path) -> None:
    for name in (".devcontainer/a.yml", ".github/b.yml", ".git/c.yml", ".venv/d.py", "e.py"):
        write(tmp_path, name, "x = 1\n" if name.endswith(".py") else "a: 1\n")
    assert [Path(p).relative_to(tmp_path).as_posix() for p in walk(str(tmp_path))] == [
        "e.py",
        ".devcontainer/a.yml",
        ".github/b.yml",
    ]


# -- more servers' files ----------------------------------------------------------------------

CADDYFILE = """\
{
	email admin@example.com
	# a comment
}

example.com, www.example.com {
	reverse_proxy app:8000
}

:8080 {
	bind 127.0.0.1 [::1]
	file_server
}

(common) {
	bind 0.0.0.0
}

localhost:2019 {
	bind tcp4/127.0.0.1 unix//run/caddy.sock
	handle {
		respond "ok"
	}
}
}
"""


def test_caddyfile(tmp_path: Path) -> None:
    """A site binds every interface unless bind (or the global default_bind) says."""
    assert rows(write(tmp_path, "Caddyfile", CADDYFILE)) == [
        (6, 1, "example.com, www.example.com", "", ALL, ""),
        (10, 1, ":8080", "127.0.0.1 [::1]", LOOP, ""),
        (19, 1, "localhost:2019", "tcp4/127.0.0.1 unix//run/caddy.sock", LOOP, ""),
    ]
    single = write(
        tmp_path, "site.caddyfile", "localhost:8080\nreverse_proxy x:1\nbind 127.0.0.1\n"
    )
    assert rows(single) == [(1, 1, "localhost:8080", "127.0.0.1", LOOP, "")]
    default = "{\n\tdefault_bind 10.0.0.1\n}\n:80 {\n}\n"
    assert rows(write(tmp_path, "Caddyfile.prod", default)) == [
        (4, 1, ":80", "10.0.0.1", "specific_address", "")
    ]


def test_haproxy(tmp_path: Path) -> None:
    text = (
        "global\n  log stdout format raw local0\n"
        "defaults\n  mode http\n"
        "frontend web\n  bind *:80\n  bind 127.0.0.1:8404 # stats\n"
        "  default_backend app\n"
        "backend app\n  server a 10.0.0.5:8000 check\n"
        "listen admin\n  bind :::9000 v4v6\n"
        "bind 0.0.0.0:1\n"
    )
    assert rows(write(tmp_path, "haproxy.cfg", text)) == [
        (6, 8, "frontend web.bind", "*:80", ALL, ""),
        (7, 8, "frontend web.bind", "127.0.0.1:8404", LOOP, ""),
        (12, 8, "listen admin.bind", ":::9000 v4v6", ALL, ""),
        (13, 6, "listen admin.bind", "0.0.0.0:1", ALL, ""),
    ]


def test_apache(tmp_path: Path) -> None:
    text = (
        "# Listen 12.34.56.78:80\nListen 80\n<IfModule ssl_module>\n"
        "\tListen 127.0.0.1:443 https\n</IfModule>\nListen\n"
    )
    assert rows(write(tmp_path, "apache2/ports.conf", text)) == [
        (2, 8, "Listen", "80", ALL, ""),
        (4, 9, "Listen", "127.0.0.1:443", LOOP, ""),
    ]


def test_ini_files(tmp_path: Path) -> None:
    mysql = (
        "[client]\nport = 3306\n[mysqld]\n# bind-address = 127.0.0.1\n"
        "bind-address = 0.0.0.0 # all\n"
    )
    assert rows(write(tmp_path, "mysql/conf.d/mysqld.cnf", mysql)) == [
        (5, 16, "mysqld.bind-address", "0.0.0.0", ALL, ""),
    ]
    grafana = (
        '[server]\nprotocol = http\nhttp_addr =\nhttp_port = 3000\n[x]\nbind_ip = "127.0.0.1"\n'
    )
    assert rows(write(tmp_path, "grafana.ini", grafana)) == [
        (3, 12, "server.http_addr", "", ALL, ""),
        (6, 11, "x.bind_ip", "127.0.0.1", LOOP, ""),
    ]
    uwsgi = "[uwsgi]\nmodule = app\nhttp = :8000\nsocket = 127.0.0.1:3031\n[other]\nhttp = x\n"
    assert rows(write(tmp_path, "uwsgi.ini", uwsgi)) == [
        (3, 8, "uwsgi.http", ":8000", ALL, ""),
        (4, 10, "uwsgi.socket", "127.0.0.1:3031", LOOP, ""),
    ]


CONSUL = """\
datacenter = "dc1"
client_addr = "0.0.0.0"
bind_addr = "{{ GetPrivateInterfaces | attr \\"address\\" }}"
addresses {
  http = "127.0.0.1"
  dns = "0.0.0.0" # every interface
}
ports = {
  http = 8500
}
listener "tcp" {
  address = "0.0.0.0:8200"
}
retry_join = ["10.0.0.1",
  "10.0.0.2"]
encrypt = file("key")
ports {
  grpc = 8502
}
"""


def test_hcl(tmp_path: Path) -> None:
    assert rows(write(tmp_path, "consul.hcl", CONSUL)) == [
        (2, 15, "client_addr", "0.0.0.0", ALL, ""),
        (3, 13, "bind_addr", '{{ GetPrivateInterfaces | attr "address" }}', DEPENDS, ""),
        (5, 10, "addresses.http", "127.0.0.1", LOOP, ""),
        (6, 9, "addresses.dns", "0.0.0.0", ALL, ""),
        (12, 13, "listener.tcp.address", "0.0.0.0:8200", ALL, ""),
    ]
    with pytest.raises(ConfigFileError, match="a '}' that closes nothing"):
        lint_path(write(tmp_path, "bad.hcl", "a = 1\n}\n"))


def test_clickhouse(tmp_path: Path) -> None:
    text = (
        "<clickhouse>\n  <!-- <listen_host>::</listen_host> -->\n"
        "  <listen_host>0.0.0.0</listen_host>\n  <listen_host> ::1 </listen_host>\n</clickhouse>\n"
    )
    assert rows(write(tmp_path, "config.d/listen.xml", text)) == [
        (3, 16, "listen_host", "0.0.0.0", ALL, ""),
        (4, 17, "listen_host", "::1", LOOP, ""),
    ]


# -- the parsers' speed and limits ------------------------------------------------------------


def test_libyaml_and_pure_yaml_agree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """libyaml's parser gives the same findings at the same places as the pure one."""
    yaml = pytest.importorskip("yaml")
    if not hasattr(yaml, "CSafeLoader"):
        pytest.skip("PyYAML without libyaml")
    data = Path(__file__).resolve().parent / "data" / "lint"
    files = [p for p in sorted(data.rglob("*")) if p.suffix in (".yml", ".yaml")]
    files += [write(tmp_path, "deploy.yaml", KUBERNETES), write(tmp_path, "c.yml", COMPOSE)]
    with_c = [lint_path(p) for p in files]
    monkeypatch.delattr(yaml, "CSafeLoader")
    assert [lint_path(p) for p in files] == with_c


def test_deep_yaml_is_read_by_the_pure_parser(tmp_path: Path) -> None:
    deep = write(tmp_path, "deep.yaml", "[" * 600 + "]" * 600)
    with pytest.raises(ConfigFileError, match="nested too deeply"):
        lint_path(deep)
    nested = "".join(f"{'  ' * i}k{i}:\n" for i in range(300)) + "  " * 300 + "host: 0.0.0.0\n"
    (finding,) = lint_path(write(tmp_path, "indent.yaml", nested))
    assert finding.line == 301


def test_yaml_errors_are_the_pure_parsers(tmp_path: Path) -> None:
    with pytest.raises(ConfigFileError) as info:
        lint_path(write(tmp_path, "bad.yaml", "a: [1, 2\nb: 3\n"))
    assert str(info.value).startswith(f"{tmp_path / 'bad.yaml'}:2:2: not valid YAML: ")


def test_long_toml_keys_are_refused(tmp_path: Path) -> None:
    """tomllib reads a dotted key in quadratic time: no configuration has 128 parts."""
    text = "x = 1\n" + "a." * 200 + "b = 1\n"
    with pytest.raises(ConfigFileError) as info:
        lint_path(write(tmp_path, "long.toml", text))
    assert str(info.value).endswith(":2:1: not read: a key of more than 128 dotted parts")
    art = 's = """\n' + "." * 500 + '\n"""\n' + "a." * 100 + "host = '0.0.0.0'\n"
    assert [f.verdict.exposure for f in lint_path(write(tmp_path, "ok.toml", art))] == [ALL]


def test_deep_nginx_paths_name_the_innermost_blocks(tmp_path: Path) -> None:
    text = "http {" * 20 + "server { listen 80; }" + "}" * 20
    (finding,) = lint_path(write(tmp_path, "nginx/deep.conf", text))
    assert finding.path == ("...", *["http"] * 7, "server", "listen")


def test_duplicate_host_ports_and_loopback_publishing(tmp_path: Path) -> None:
    text = (
        "services:\n"
        "  a:\n    ports: ['8080:80', '127.0.0.1:5432:5432', '53:53/udp']\n"
        "  b:\n    ports: ['8080:81', '127.0.0.2:5432:5432', '53:53']\n"
        "  c:\n    ports: ['127.0.0.1:8080:80', '[::1]:9000:9000']\n"
    )
    found = lint_path(write(tmp_path, "compose.yaml", text))
    checks = [(f.line, f.column, f.check) for f in found if f.check]
    assert checks == [
        (3, 24, "docker-before-28"),
        (5, 13, "duplicate-port"),
        (5, 24, "docker-before-28"),
        (7, 13, "docker-before-28"),
        (7, 13, "duplicate-port"),
    ]
    duplicate = next(f for f in found if f.check == "duplicate-port")
    assert duplicate.verdict.message == (
        "host port 8080 is published by services 'a' and 'b' on overlapping addresses: the "
        "second cannot start; publish one of them on another port"
    )
    assert [rule_of(f).id for f in found if f.check] == [
        "LB103",
        "LB006",
        "LB103",
        "LB103",
        "LB006",
    ]
    with pytest.raises(ExposedError) as info:
        assert_not_exposed(tmp_path / "compose.yaml")
    assert len(info.value.findings) == 4  # each setting once


def test_utf16_files_are_read(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_bytes('{"host": "0.0.0.0"}\r\n'.encode("utf-16"))  # with its BOM
    assert rows(path) == [(1, 10, "host", "0.0.0.0", ALL, "")]
    path.write_bytes(b"\xfe\xff" + '{"host": "::1"}'.encode("utf-16-be"))
    assert rows(path) == [(1, 10, "host", "::1", LOOP, "")]


def test_helm_templates_are_read_without_their_actions(tmp_path: Path) -> None:
    write(tmp_path, "chart/Chart.yaml", "apiVersion: v2\nname: app\n")
    write(tmp_path, "chart/values.yaml", "service:\n  type: NodePort\n  ports: [{port: 80}]\n")
    write(tmp_path, "chart/templates/svc.yaml", "spec:\n  {{- toYaml .Values.x | nindent 2 }}\n")
    write(tmp_path, "chart/templates/_helpers.tpl", '{{- define "app.name" -}}\napp\n{{- end }}\n')
    write(tmp_path, "chart/templates/pod.tpl", "kind: Pod\n")
    write(tmp_path, "other/templates/a.yaml", "host: 0.0.0.0\n")
    write(tmp_path, "site/templates/page.tpl", "<p>{{ .Title }}</p>\n")  # Go's HTML templates
    assert [Path(p).relative_to(tmp_path).as_posix() for p in walk(str(tmp_path))] == [
        "chart/Chart.yaml",
        "chart/values.yaml",
        "chart/templates/pod.tpl",
        "chart/templates/svc.yaml",
        "other/templates/a.yaml",
    ]
