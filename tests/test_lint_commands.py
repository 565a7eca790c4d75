"""Command lines: shell splitting (loopback/lint/_shell.py), servers' options (_commands.py).

The servers' tables are in _command_tables.py.

Each server's cases follow its own documentation (the source is next to its row in
``SERVERS``); the wrappers are the ones real Dockerfiles, Procfiles and package.json
scripts put in front of servers.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from loopback.lint import lint_path
from loopback.lint._command_tables import SERVERS
from loopback.lint._commands import read_command, read_shell
from loopback.lint._shell import simple_commands

ALL = "all_interfaces"
LOOP = "loopback"
SPECIFIC = "specific_address"
DEPENDS = "depends"
INVALID = "invalid"

# -- shell splitting ------------------------------------------------------------------------

SPLITS = [
    ("gunicorn -b :80 app", [["gunicorn", "-b", ":80", "app"]]),
    ("a && b || c; d | e & f", [["a"], ["b"], ["c"], ["d"], ["e"], ["f"]]),
    ("echo 'a b' \"c $d\" e\\ f", [["echo", "a b", "c $d", "e f"]]),
    ('x "a\\"b" "\\$y" "\\q"', [["x", 'a"b', "$y", "\\q"]]),
    ("a \\\n  b", [["a", "b"]]),
    ("a # comment && b\nc", [["a"], ["c"]]),
    ("x $(date +%s) ${A:-b c}", [["x", "$(date +%s)", "${A:-b c}"]]),
    ("a >log 2>&1 <in", [["a", "log", "2", "1", "in"]]),
    ("(cd x)", [["cd", "x"]]),
    ("'unclosed", [["unclosed"]]),
    ('"unclosed', [["unclosed"]]),
    ("", []),
    ("a \\", [["a", ""]]),
    ("ab\\\ncd", [["abcd"]]),
]


@pytest.mark.parametrize(("text", "expected"), SPLITS)
def test_simple_commands(text: str, expected: list[list[str]]) -> None:
    assert [[word.text for word in command] for command in simple_commands(text)] == expected


def test_words_keep_their_offsets() -> None:
    (command,) = simple_commands("  uvicorn  'x:app' --host=0.0.0.0")
    assert [(word.offset, word.text) for word in command] == [
        (2, "uvicorn"),
        (11, "x:app"),
        (19, "--host=0.0.0.0"),
    ]


@given(st.text())
def test_any_text_splits(text: str) -> None:
    for command in simple_commands(text):
        for word in command:
            assert 0 <= word.offset < len(text)


# -- servers ------------------------------------------------------------------------------------

# (command line, [(program, value, exposure)]): every setting read from it.
COMMANDS: list[tuple[str, list[tuple[str, str, str]]]] = [
    # uvicorn: --host, default 127.0.0.1; --uds and --fd bind no TCP address we can see
    ("uvicorn main:app --host 0.0.0.0 --port 8000", [("uvicorn", "0.0.0.0", ALL)]),
    ("uvicorn main:app --host=::1", [("uvicorn", "::1", LOOP)]),
    ("uvicorn main:app", [("uvicorn", "127.0.0.1", LOOP)]),
    ("uvicorn main:app --uds /tmp/app.sock", []),
    ("uvicorn main:app --host", [("uvicorn", "127.0.0.1", LOOP)]),  # no value: ignored
    # gunicorn and hypercorn: -b repeated, -bVALUE, a config file makes the default unknown
    ("gunicorn -b 0.0.0.0:8000 -b [::1]:8000 app:app",
     [("gunicorn", "0.0.0.0:8000", ALL), ("gunicorn", "[::1]:8000", LOOP)]),
    ("gunicorn -b:8000 app:app", [("gunicorn", ":8000", ALL)]),
    ("gunicorn app:app", [("gunicorn", "127.0.0.1:8000", LOOP)]),
    ("gunicorn -c gunicorn.conf.py app:app", []),
    ("gunicorn --config=conf.py app:app", []),
    ("hypercorn --bind 0.0.0.0:80 app:app", [("hypercorn", "0.0.0.0:80", ALL)]),
    ("daphne -b 0.0.0.0 -p 8001 project.asgi:application", [("daphne", "0.0.0.0", ALL)]),
    # flask run: -h/--host, --app before run
    ("flask --app hello run --host=0.0.0.0", [("flask", "0.0.0.0", ALL)]),
    ("flask run", [("flask", "127.0.0.1", LOOP)]),
    ("flask routes", []),
    # FastAPI's CLI: run binds every interface, dev loopback
    ("fastapi run main.py", [("fastapi run", "0.0.0.0", ALL)]),
    ("fastapi dev main.py", [("fastapi dev", "127.0.0.1", LOOP)]),
    ("waitress-serve --listen=*:8080 app:app", [("waitress-serve", "*:8080", ALL)]),
    ("waitress-serve app:app", [("waitress-serve", "0.0.0.0", ALL)]),
    ("uwsgi --http :8000 --module app", [("uwsgi", ":8000", ALL)]),
    ("uwsgi --ini uwsgi.ini", []),
    ("granian --interface asgi --host 0.0.0.0 app:app", [("granian", "0.0.0.0", ALL)]),
    ("sanic server:app", [("sanic", "127.0.0.1", LOOP)]),
    ("litestar run --host 0.0.0.0", [("litestar", "0.0.0.0", ALL)]),
    ("code-server --bind-addr 0.0.0.0:8080", [("code-server", "0.0.0.0:8080", ALL)]),
    ("rackup -o 0.0.0.0", [("rackup", "0.0.0.0", ALL)]),
    ("vault server -dev -dev-listen-address=0.0.0.0:8200", [("vault", "0.0.0.0:8200", ALL)]),
    ("alertmanager --config.file=a.yml", [("alertmanager", ":9093", ALL)]),
    ("jupyter-notebook --ip 0.0.0.0", [("jupyter-notebook", "0.0.0.0", ALL)]),
    ("jupyter-server", [("jupyter-server", "localhost", LOOP)]),
    ("valkey-server --bind 0.0.0.0", [("valkey-server", "0.0.0.0", ALL)]),
    ("mariadbd --bind-address=127.0.0.1", [("mariadbd", "127.0.0.1", LOOP)]),
    ("astro dev --host", [("astro", "0.0.0.0", ALL)]),
    ("nuxi dev --host 0.0.0.0", [("nuxi", "0.0.0.0", ALL)]),
    ("nuxt dev", [("nuxt", "localhost", LOOP)]),
    ("webpack-dev-server --host 0.0.0.0", [("webpack-dev-server", "0.0.0.0", ALL)]),
    ("json-server --host 0.0.0.0 db.json", [("json-server", "0.0.0.0", ALL)]),
    # Django: manage.py runserver [addrport]
    ("python manage.py runserver 0.0.0.0:8000", [("runserver", "0.0.0.0:8000", ALL)]),
    ("python3 ./manage.py runserver", [("runserver", "", LOOP)]),
    ("django-admin runserver --noreload 8000", [("runserver", "8000", LOOP)]),
    ("python manage.py migrate", []),
    # python -m: modules are programs; http.server binds every interface by default
    ("python -m http.server 8000", [("http.server", "::", ALL)]),
    ("python3 -m http.server --bind 127.0.0.1 8000", [("http.server", "127.0.0.1", LOOP)]),
    ("python -u -W ignore -m uvicorn app:app --host 0.0.0.0", [("uvicorn", "0.0.0.0", ALL)]),
    ("python -muvicorn app:app", [("uvicorn", "127.0.0.1", LOOP)]),
    ("python2 -m SimpleHTTPServer", [("SimpleHTTPServer", "0.0.0.0", ALL)]),
    ("python -c 'import app'", []),
    ("python3.12 app.py", []),
    ("python", []),
    # Jupyter and data apps
    ("jupyter lab --ip=0.0.0.0 --no-browser", [("jupyter", "0.0.0.0", ALL)]),
    ("jupyter notebook --NotebookApp.ip='*'", [("jupyter", "*", ALL)]),
    ("jupyter-lab", [("jupyter-lab", "localhost", LOOP)]),
    ("jupyter nbconvert x.ipynb", []),
    ("streamlit run app.py", [("streamlit", "0.0.0.0", ALL)]),
    ("streamlit run app.py --server.address 127.0.0.1", [("streamlit", "127.0.0.1", LOOP)]),
    ("tensorboard --logdir runs --bind_all", [("tensorboard", "::", ALL)]),
    ("mlflow ui", [("mlflow", "127.0.0.1", LOOP)]),
    # data stores
    ("redis-server --bind 127.0.0.1 ::1 --port 6380", [("redis-server", "127.0.0.1 ::1", LOOP)]),
    ("redis-server", [("redis-server", "* -::*", ALL)]),
    ("redis-server /usr/local/etc/redis/redis.conf", []),
    ("postgres -c listen_addresses='*'", [("postgres", "*", ALL)]),
    ("postgres -c max_connections=200", []),
    ("postgres -h 127.0.0.1", [("postgres", "127.0.0.1", LOOP)]),
    ("postgres -i", [("postgres", "*", ALL)]),
    ("postgres", []),
    ("mongod --bind_ip_all", [("mongod", "0.0.0.0", ALL)]),
    ("mongod --bind_ip localhost,10.0.0.5", [("mongod", "localhost,10.0.0.5", SPECIFIC)]),
    ("mongod --config /etc/mongod.conf", []),
    ("memcached -m 64", [("memcached", "0.0.0.0", ALL)]),
    ("memcached -l 127.0.0.1", [("memcached", "127.0.0.1", LOOP)]),
    ("mysqld --bind-address=0.0.0.0", [("mysqld", "0.0.0.0", ALL)]),
    ("mysqld", []),
    # Node and front-end dev servers
    ("vite --host", [("vite", "0.0.0.0", ALL)]),
    ("vite --host --port 3000", [("vite", "0.0.0.0", ALL)]),
    ("vite", [("vite", "localhost", LOOP)]),
    ("vite preview --host 0.0.0.0", [("vite", "0.0.0.0", ALL)]),
    ("next dev -H 127.0.0.1", [("next", "127.0.0.1", LOOP)]),
    ("next start", [("next", "0.0.0.0", ALL)]),
    ("next build", []),
    ("webpack serve --host 0.0.0.0", [("webpack", "0.0.0.0", ALL)]),
    ("ng serve --host 0.0.0.0 --disable-host-check", [("ng", "0.0.0.0", ALL)]),
    ("http-server ./public -p 8080", [("http-server", "0.0.0.0", ALL)]),
    ("serve -s build -l 3000", [("serve", "3000", ALL)]),
    ("node server.js", []),
    ("node_modules/.bin/vite --host", [("vite", "0.0.0.0", ALL)]),
    # Ruby, PHP, static sites
    ("bin/rails server -b 0.0.0.0", [("rails", "0.0.0.0", ALL)]),
    ("rails s", [("rails", "localhost", LOOP)]),
    ("bundle exec puma -C config/puma.rb", []),
    ("bundle exec puma", [("puma", "0.0.0.0:9292", ALL)]),
    ("php -S 0.0.0.0:8000 -t public", [("php", "0.0.0.0:8000", ALL)]),
    ("php -Slocalhost:8000", [("php", "localhost:8000", LOOP)]),
    ("basic-http-server -a 0.0.0.0:4000 .", [("basic-http-server", "0.0.0.0:4000", ALL)]),
    ("basic-http-server --addr [::1]:4000", [("basic-http-server", "[::1]:4000", LOOP)]),
    ("php worker.php", []),
    ("php artisan serve", [("php artisan", "127.0.0.1", LOOP)]),
    ("php artisan serve --host=0.0.0.0", [("php artisan", "0.0.0.0", ALL)]),
    ("hugo server --bind 0.0.0.0", [("hugo", "0.0.0.0", ALL)]),
    ("mkdocs serve -a 0.0.0.0:8000", [("mkdocs", "0.0.0.0:8000", ALL)]),
    ("mkdocs build", []),
    ("jekyll serve", [("jekyll", "127.0.0.1", LOOP)]),
    ("caddy file-server --listen :2015", [("caddy", ":2015", ALL)]),
    ("caddy run --config /etc/caddy/Caddyfile", []),
    ("prometheus --config.file=/etc/prometheus.yml", [("prometheus", ":9090", ALL)]),
    ("node_exporter --web.listen-address=127.0.0.1:9100",
     [("node_exporter", "127.0.0.1:9100", LOOP)]),
    ("consul agent -dev -client 0.0.0.0", [("consul", "0.0.0.0", ALL)]),
    ("minio server /data --console-address :9001", [("minio", ":9000", ALL)]),
    ("socat TCP-LISTEN:8080,fork,reuseaddr TCP:db:5432", [("socat", ":8080", ALL)]),
    ("socat TCP4-LISTEN:80,bind=127.0.0.1 TCP:x:80", [("socat", "127.0.0.1:80", LOOP)]),
    ("traefik --entrypoints.web.address=:80 --api", [("traefik", ":80", ALL)]),
    ("traefik --providers.docker", []),
    # tools that run on a host
    ("kubectl port-forward svc/web 8080:80 --address 0.0.0.0", [("kubectl", "0.0.0.0", ALL)]),
    ("kubectl port-forward pod/x 5432", [("kubectl", "localhost", LOOP)]),
    ("kubectl get pods", []),
    ("docker run -d -p 5432:5432 -e POSTGRES_PASSWORD=x postgres:16",
     [("docker run", "5432:5432", ALL)]),
    ("docker run --rm -it -p127.0.0.1:8000:8000 --name web app",
     [("docker run", "127.0.0.1:8000:8000", LOOP)]),
    ("docker run --publish=8080:80 nginx", [("docker run", "8080:80", ALL)]),
    ("docker run -P nginx", [("docker run", "0", ALL)]),
    ("docker run --network host nginx", [("docker run", "host", DEPENDS)]),
    ("podman container run -p 80:80 img", [("podman run", "80:80", ALL)]),
    ("docker -H tcp://x:2375 create -p 1:1 img", [("docker create", "1:1", ALL)]),
    ("docker build -t app .", []),
    ("docker", []),
    # wrappers in front of the server
    ("exec gosu app gunicorn -b 0.0.0.0:80 app", [("gunicorn", "0.0.0.0:80", ALL)]),
    ("tini -- uvicorn app:app --host 0.0.0.0", [("uvicorn", "0.0.0.0", ALL)]),
    ("sudo -u www uvicorn app:app --host 0.0.0.0", [("uvicorn", "0.0.0.0", ALL)]),
    ("env -u DEBUG PORT=1 uvicorn app:app --host 0.0.0.0", [("uvicorn", "0.0.0.0", ALL)]),
    ("poetry run uvicorn app:app --host 0.0.0.0", [("uvicorn", "0.0.0.0", ALL)]),
    ("npx --yes vite --host", [("vite", "0.0.0.0", ALL)]),
    ("pnpm exec vite --host", [("vite", "0.0.0.0", ALL)]),
    ("npm run dev", []),
    ("sh -c 'uvicorn app:app --host 0.0.0.0'", [("uvicorn", "0.0.0.0", ALL)]),
    ("/bin/bash -ec \"cd /app && exec flask run -h 0.0.0.0\"", [("flask", "0.0.0.0", ALL)]),
    ("sh script.sh", []),
    ("bash -x -c 'vite --host'", [("vite", "0.0.0.0", ALL)]),
    ("-b 0.0.0.0:80 app:app", []),  # a CMD's arguments for an entrypoint we cannot see
    # a command's environment
    ("HOST=0.0.0.0 node server.js", [("HOST", "0.0.0.0", ALL)]),
    ("FLASK_RUN_HOST=127.0.0.1 flask run", [("FLASK_RUN_HOST", "127.0.0.1", LOOP),
                                            ("flask", "127.0.0.1", LOOP)]),
    ("DEBUG=1 PORT= HOST= node x", []),
    # shell variables: a port variable is some port; others depend on the environment
    ("gunicorn app:app --bind 0.0.0.0:$PORT", [("gunicorn", "0.0.0.0:$PORT", ALL)]),
    ("uvicorn app:app --host $HOST", [("uvicorn", "$HOST", DEPENDS)]),
    ("uvicorn app:app --host ${HOST:-0.0.0.0}", [("uvicorn", "${HOST:-0.0.0.0}", DEPENDS)]),
    ("gunicorn -b ${BIND}:${PORT:-8000} app", [("gunicorn", "${BIND}:${PORT:-8000}", DEPENDS)]),
]  # fmt: skip


#: Spring Boot jars: ``--key=value`` arguments, then ``-Dkey=value`` system properties.
SPRING_COMMANDS = [
    # a port without an address: the embedded server binds every interface
    ("java -jar app.jar --server.port=8080", [("java", "8080", ALL)]),
    ("exec java -Xmx512m -Dserver.port=9000 -jar /app/app.jar", [("java", "9000", ALL)]),
    ("java -cp 'lib/*' com.example.Main --management.server.port=8081",
     [("java", "8081", ALL)]),
    # an address: judged as the host it names; an argument wins over a property
    ("java -Dserver.address=127.0.0.1 -jar app.jar --server.port=8080",
     [("java", "127.0.0.1", LOOP)]),
    ("java -Dserver.address=127.0.0.1 -jar app.jar --server.address=0.0.0.0",
     [("java", "0.0.0.0", ALL)]),
    ("java -jar app.jar --server.address=${SERVER_HOST}", [("java", "${SERVER_HOST}", DEPENDS)]),
    ("java -jar app.jar --server.port=-1", [("java", "-1", "not_network")]),
    # Quarkus's and Micronaut's keys, the same way (Quarkus's images pass the first)
    ("java -Dquarkus.http.host=0.0.0.0 -jar /deployments/quarkus-run.jar",
     [("java", "0.0.0.0", ALL)]),
    ("java -jar app.jar --micronaut.server.host=127.0.0.1 --micronaut.server.port=8080",
     [("java", "127.0.0.1", LOOP)]),
    # nothing said of the server, or not Spring's properties: no finding
    ("java -jar app.jar --spring.profiles.active=prod", []),
    ("java -jar app.jar -Dserver.port=8080", []),  # after the jar: an argument Spring ignores
    ("java -Dserver.port=8080 -version", []),
    ("java -p mods -m app/com.example.Main --server.port", []),
]  # fmt: skip


@pytest.mark.parametrize(("line", "expected"), COMMANDS + SPRING_COMMANDS)
def test_commands(line: str, expected: list[tuple[str, str, str]]) -> None:
    found = [(s.program, s.value, s.verdict.exposure) for _, s in read_shell(line)]
    assert found == expected


def test_spring_boot_in_a_dockerfile_is_in_its_container(tmp_path: Path) -> None:
    path = tmp_path / "Dockerfile"
    path.write_text(
        'FROM eclipse-temurin:21\nENTRYPOINT ["java", "-jar", "/app.jar", "--server.port=8080"]\n'
    )
    (finding,) = lint_path(path)
    assert (finding.line, finding.verdict.exposure) == (2, "not_published")


def test_every_server_has_a_case() -> None:
    lines = " ".join(line for line, _ in COMMANDS)
    for program in SERVERS:
        assert program in lines, program


def test_where_it_runs() -> None:
    """docker run and kubectl run on a host; the image's command runs in its container."""
    found = read_shell("docker run -p 8000:8000 app uvicorn main:app --host 127.0.0.1")
    assert [(s.program, s.where, s.published) for _, s in found] == [
        ("docker run", "host", False),
        ("uvicorn", "container", True),
    ]
    (setting,) = read_command(["docker", "run", "app", "uvicorn", "x:app"])
    assert (setting.where, setting.published) == ("container", False)
    (setting,) = read_command(["uvicorn", "x:app", "--host", "0.0.0.0"])
    assert setting.where == ""


def test_defaults_say_so() -> None:
    (setting,) = read_command(["gunicorn", "app:app"])
    assert setting.verdict.message == (
        "gunicorn without a bind option: binds loopback only (127.0.0.1): stays on this machine"
    )
    assert setting.word == 0
    (setting,) = read_command(["docker", "run", "-P", "nginx"])
    assert setting.verdict.message.startswith("-P publishes every port the image exposes")


def test_variables_are_explained() -> None:
    (setting,) = read_command(["uvicorn", "x", "--host", "${HOST:-0.0.0.0}"])
    assert setting.verdict.message.startswith(
        "'${HOST:-0.0.0.0}' depends on $HOST, set where it runs; unset, it reads '0.0.0.0': "
        "binds every interface (0.0.0.0)"
    )
    (setting,) = read_command(["gunicorn", "-b", "0.0.0.0:$PORT", "x"])
    assert setting.verdict.ports == ()


@given(st.lists(st.text(max_size=12), max_size=8))
def test_any_words_read(words: list[str]) -> None:
    for setting in read_command(words):
        assert 0 <= setting.word < len(words)


# -- package scripts run by a package manager ------------------------------------------------

#: (command line, package.json scripts or None, [(word, program, value, exposure)])
PACKAGE_SCRIPTS: list[tuple[str, dict[str, object] | None, list[tuple[int, str, str, str]]]] = [
    # npm passes a script only the words after "--"; alone, --host is every address
    ("npm run dev -- --host", None, [(4, "npm dev", "0.0.0.0", ALL)]),
    ("npm run dev --host", None, []),  # npm's own option, not the script's
    ("npm run-script dev -- --host=127.0.0.1", None, [(4, "npm dev", "127.0.0.1", LOOP)]),
    ("npm --prefix web start -- -H 192.0.2.4", None, [(6, "npm start", "192.0.2.4", SPECIFIC)]),
    ("npm run dev -- --port 3000", None, []),
    ("npm run dev --", None, []),
    ("npm run", None, []),
    ("npm install --host x", None, []),
    # yarn, pnpm and bun pass every word after the script's name ("--" or not)
    ("yarn dev --host", None, [(2, "yarn dev", "0.0.0.0", ALL)]),
    ("yarn run dev -- --hostname 0.0.0.0", None, [(5, "yarn dev", "0.0.0.0", ALL)]),
    ("yarn add --host x", None, []),
    ("yarn", None, []),
    ("pnpm -C web run dev --host 0.0.0.0", None, [(6, "pnpm dev", "0.0.0.0", ALL)]),
    ("pnpm dev", None, []),
    ("bun run dev --host", None, [(3, "bun dev", "0.0.0.0", ALL)]),
    # a known script: the words passed are read with its command line
    ("npm run dev -- --host", {"dev": "vite"}, [(4, "vite", "0.0.0.0", ALL)]),
    ("npm run dev -- -H ::1", {"dev": "rm -rf .next && next dev"}, [(5, "next", "::1", LOOP)]),
    # the script's own settings are its line's: only what the words passed bind is here
    ("npm run dev -- -p 4000", {"dev": "next dev"}, []),
    ("npm run x -- --host 0.0.0.0", {"x": "node server.js"}, [(5, "npm x", "0.0.0.0", ALL)]),
    ("npm run x -- --host 0.0.0.0", {"x": ""}, [(5, "npm x", "0.0.0.0", ALL)]),
    ("npm run x -- --host 0.0.0.0", {"x": 1}, [(5, "npm x", "0.0.0.0", ALL)]),
    # a script calling itself is followed a few calls deep, not for ever
    ("npm run a -- --host", {"a": "npm run a -- --verbose"}, [(4, "npm a", "0.0.0.0", ALL)]),
    ("npm run b -- --host", {"b": "npm run c --", "c": "vite"}, [(4, "vite", "0.0.0.0", ALL)]),
]  # fmt: skip


@pytest.mark.parametrize(("line", "scripts", "expected"), PACKAGE_SCRIPTS)
def test_package_scripts_get_the_words_passed_to_them(
    line: str, scripts: dict[str, object] | None, expected: list[tuple[int, str, str, str]]
) -> None:
    found = read_command(line.split(), scripts=scripts)
    assert [(s.word, s.program, s.value, s.verdict.exposure) for s in found] == expected
