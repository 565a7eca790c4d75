"""The servers' command lines, as tables: each server's options that say where it binds.

Read by :mod:`._commands`: :data:`SERVERS` (a program's host options, syntax and default,
each row with its source), :data:`PORT_OPTIONS`, the environment variables servers read
their host from, the wrappers looked through, and Docker's own options.
"""

from __future__ import annotations

from typing import NamedTuple

__all__ = [
    "AS_USER",
    "BY_ENVIRONMENT",
    "DJANGO",
    "DOCKER_FLAGS",
    "DOCKER_SHORT_FLAGS",
    "ENVIRONMENT",
    "JS",
    "ON_HOST",
    "PORT_OPTIONS",
    "RUNNERS",
    "SERVERS",
    "WRAPPERS",
    "Server",
]


class Server(NamedTuple):
    """How one server's command line names where it binds."""

    #: The syntax its bind option is read with (:data:`loopback.lint.SYNTAXES`).
    syntax: str
    #: The options whose value is the bind host or endpoint.
    flags: tuple[str, ...]
    #: What it binds when no option says (``""``: unknown, no finding).
    default: str = ""
    #: Options (without a value) that bind a fixed host: option -> value.
    fixed: tuple[tuple[str, str], ...] = ()
    #: What an option from :attr:`flags` given without a value binds (``""``: nothing).
    bare: str = ""
    #: One of these words must follow the program (``flask run``); empty: none needed.
    subcommands: tuple[str, ...] = ()
    #: Options after which the default is unknown (a configuration file, a socket).
    elsewhere: tuple[str, ...] = ()
    #: Subcommands that serve nothing (``vite build``).
    others: tuple[str, ...] = ()
    #: What it binds when no option says and ``PORT`` is in its environment (``""``: the
    #: same as without).
    port_default: str = ""


_VITE = Server(
    "host",
    ("--host",),
    "localhost",
    bare="0.0.0.0",
    others=("build", "optimize", "generate", "prepare", "check", "sync", "add"),
)
_PROMETHEUS = ("--web.listen-address",)

#: Servers by program name (``python -m`` modules too), with their sources.
SERVERS: dict[str, Server] = {
    # https://www.uvicorn.org/settings/
    "uvicorn": Server("uvicorn-host", ("--host",), "127.0.0.1", elsewhere=("--uds", "--fd")),
    # https://docs.gunicorn.org/en/stable/settings.html#bind
    "gunicorn": Server("gunicorn-bind", ("-b", "--bind"), "127.0.0.1:8000",
                       elsewhere=("-c", "--config"), port_default="0.0.0.0:$PORT"),
    # https://hypercorn.readthedocs.io/en/latest/how_to_guides/configuring.html
    "hypercorn": Server("gunicorn-bind", ("-b", "--bind"), "127.0.0.1:8000",
                        elsewhere=("-c", "--config")),
    # https://github.com/django/daphne#running
    "daphne": Server("host", ("-b", "--bind"), "127.0.0.1",
                     elsewhere=("-u", "--unix-socket", "--fd", "-e", "--endpoint")),
    # https://flask.palletsprojects.com/en/stable/cli/#run-the-development-server
    "flask": Server("flask-host", ("-h", "--host"), "127.0.0.1", subcommands=("run",)),
    # https://fastapi.tiangolo.com/fastapi-cli/
    "fastapi run": Server("host", ("--host",), "0.0.0.0"),
    "fastapi dev": Server("host", ("--host",), "127.0.0.1"),
    "granian": Server("host", ("--host",), "127.0.0.1", elsewhere=("--uds",)),
    "sanic": Server("host", ("-H", "--host"), "127.0.0.1", elsewhere=("-u", "--unix")),
    "litestar": Server("host", ("-H", "--host"), "127.0.0.1", subcommands=("run",)),
    # https://docs.pylonsproject.org/projects/waitress/en/latest/runner.html
    "waitress-serve": Server("generic", ("--host", "--listen"), "0.0.0.0",
                             elsewhere=("--unix-socket",)),
    # https://uwsgi-docs.readthedocs.io/en/latest/Options.html
    "uwsgi": Server("listen", ("--http", "--http-socket", "--https", "--socket", "-s")),
    # https://jupyter-server.readthedocs.io/en/latest/other/full-config.html
    "jupyter": Server("jupyter-ip", ("--ip", "--ServerApp.ip", "--NotebookApp.ip"),
                      "localhost", subcommands=("lab", "notebook", "server", "nbclassic")),
    "jupyter-lab": Server("jupyter-ip", ("--ip", "--ServerApp.ip"), "localhost"),
    "jupyter-notebook": Server("jupyter-ip", ("--ip", "--NotebookApp.ip"), "localhost"),
    "jupyter-server": Server("jupyter-ip", ("--ip", "--ServerApp.ip"), "localhost"),
    # https://docs.streamlit.io/develop/api-reference/configuration/config.toml
    "streamlit": Server("host", ("--server.address",), "0.0.0.0", subcommands=("run",)),
    # https://www.tensorflow.org/tensorboard
    "tensorboard": Server("host", ("--host",), "localhost", fixed=(("--bind_all", "::"),)),
    "mlflow": Server("host", ("-h", "--host"), "127.0.0.1", subcommands=("server", "ui")),
    "code-server": Server("generic", ("--bind-addr",), "127.0.0.1:8080"),
    # https://redis.io/docs/latest/operate/oss_and_stack/management/config/
    "redis-server": Server("redis-bind", ("--bind",), "* -::*"),
    "valkey-server": Server("redis-bind", ("--bind",), "* -::*"),
    # https://www.postgresql.org/docs/current/app-postgres.html
    "postgres": Server("postgresql-listen_addresses", ("-h",), fixed=(("-i", "*"),)),
    # https://www.mongodb.com/docs/manual/reference/program/mongod/
    "mongod": Server("mongodb-bindIp", ("--bind_ip",), "localhost",
                     fixed=(("--bind_ip_all", "0.0.0.0"),), elsewhere=("-f", "--config")),
    # https://github.com/memcached/memcached/wiki/ConfiguringServer
    "memcached": Server("mongodb-bindIp", ("-l", "--listen"), "0.0.0.0"),
    "mysqld": Server("mysql-bind-address", ("--bind-address",)),
    "mariadbd": Server("mysql-bind-address", ("--bind-address",)),
    # https://vite.dev/config/server-options#server-host
    "vite": _VITE,
    "astro": _VITE,
    "nuxi": _VITE,
    "nuxt": _VITE,
    # https://nextjs.org/docs/app/api-reference/cli/next
    "next": Server("host", ("-H", "--hostname"), "0.0.0.0", subcommands=("dev", "start")),
    # https://webpack.js.org/configuration/dev-server/#devserverhost
    "webpack-dev-server": Server("host", ("--host",), "localhost"),
    "webpack": Server("host", ("--host",), "localhost", subcommands=("serve",)),
    "ng": Server("host", ("--host",), "localhost", subcommands=("serve", "s")),
    # https://github.com/http-party/http-server#available-options
    "http-server": Server("host", ("-a",), "0.0.0.0"),
    # https://github.com/vercel/serve
    "serve": Server("listen", ("-l", "--listen"), "0.0.0.0"),
    "json-server": Server("host", ("-H", "--host"), "localhost"),
    # https://guides.rubyonrails.org/command_line.html#bin-rails-server
    "rails": Server("host", ("-b", "--binding"), "localhost", subcommands=("server", "s")),
    "puma": Server("generic", ("-b", "--bind"), "0.0.0.0:9292", elsewhere=("-C", "--config")),
    "rackup": Server("host", ("-o", "--host"), "localhost"),
    "php": Server("generic", ("-S",)),
    # https://laravel.com/docs/installation (php artisan serve --host 127.0.0.1 by default)
    "php artisan": Server("host", ("--host",), "127.0.0.1", subcommands=("serve",)),
    "artisan": Server("host", ("--host",), "127.0.0.1", subcommands=("serve",)),
    # https://github.com/brson/basic-http-server#readme (-a, --addr: IP:PORT)
    "basic-http-server": Server("generic", ("-a", "--addr"), "127.0.0.1:4000"),
    "hugo": Server("host", ("--bind",), "127.0.0.1", subcommands=("server", "serve")),
    "mkdocs": Server("generic", ("-a", "--dev-addr"), "127.0.0.1:8000", subcommands=("serve",)),
    "jekyll": Server("host", ("-H", "--host"), "127.0.0.1", subcommands=("serve", "s")),
    # https://caddyserver.com/docs/command-line
    "caddy": Server("listen", ("--listen",), ":80", subcommands=("file-server",)),
    "prometheus": Server("listen", _PROMETHEUS, ":9090", elsewhere=("--web.listen-address",)),
    "node_exporter": Server("listen", _PROMETHEUS, ":9100"),
    "alertmanager": Server("listen", _PROMETHEUS, ":9093"),
    "consul": Server("consul-addr", ("-client",), "127.0.0.1", subcommands=("agent",),
                     elsewhere=("-config-file", "-config-dir")),
    "minio": Server("listen", ("--address",), ":9000", subcommands=("server",)),
    "vault": Server("generic", ("-dev-listen-address",), subcommands=("server",)),
    # https://kubernetes.io/docs/reference/kubectl/generated/kubectl_port-forward/
    "kubectl": Server("kubectl-port-forward-address", ("--address",), "localhost",
                      subcommands=("port-forward",)),
    # https://docs.python.org/3/library/http.server.html#command-line-interface
    "http.server": Server("host", ("-b", "--bind"), "::"),
    "SimpleHTTPServer": Server("host", (), "0.0.0.0"),
}  # fmt: skip

_JUPYTER_PORT = ("--port", "--ServerApp.port", "--NotebookApp.port")
_NODE_PORT = ("--port",)
#: The options that name a server's port apart from its host (its ``verdict.ports``).
PORT_OPTIONS: dict[str, tuple[str, ...]] = {
    "uvicorn": ("--port",), "daphne": ("-p", "--port"), "flask": ("-p", "--port"),
    "fastapi run": ("--port",), "fastapi dev": ("--port",), "granian": ("--port",),
    "sanic": ("-p", "--port"), "litestar": ("-p", "--port"), "waitress-serve": ("--port",),
    "jupyter": _JUPYTER_PORT, "jupyter-lab": _JUPYTER_PORT, "jupyter-notebook": _JUPYTER_PORT,
    "jupyter-server": _JUPYTER_PORT, "streamlit": ("--server.port",),
    "tensorboard": ("--port",), "mlflow": ("-p", "--port"), "redis-server": ("--port",),
    "valkey-server": ("--port",), "postgres": ("-p",), "mongod": ("--port",),
    "memcached": ("-p", "--port"), "mysqld": ("-P", "--port"), "mariadbd": ("-P", "--port"),
    "vite": _NODE_PORT, "astro": _NODE_PORT, "nuxi": _NODE_PORT, "nuxt": _NODE_PORT,
    "next": ("-p", "--port"), "webpack-dev-server": _NODE_PORT, "webpack": _NODE_PORT,
    "ng": _NODE_PORT, "http-server": ("-p", "--port"), "json-server": ("-p", "--port"),
    "rails": ("-p", "--port"), "rackup": ("-p", "--port"), "puma": ("-p", "--port"),
    "hugo": ("-p", "--port"), "jekyll": ("-P", "--port"), "php artisan": ("--port",),
    "artisan": ("--port",),
}  # fmt: skip

#: Servers whose default bind depends on the environment an option names: program ->
#: (the options, the environment the table's default is for, the default in the others).
BY_ENVIRONMENT: dict[str, tuple[tuple[str, ...], str, str]] = {
    # https://guides.rubyonrails.org/command_line.html#bin-rails-server: -b "defaults to
    # 'localhost' in development and '0.0.0.0' in other environments"
    "rails": (("-e", "--environment"), "development", "0.0.0.0"),
}

#: Programs that always run on a host, whatever runs the command line.
ON_HOST = frozenset(["kubectl", "docker", "podman", "nerdctl", "helm"])
#: Django's management commands that serve.
DJANGO = frozenset(["manage.py", "django-admin", "django-admin.py"])
#: Wrappers: program -> its options that take a value (its command follows them).
WRAPPERS: dict[str, frozenset[str]] = {
    name: frozenset(options.split())
    for name, options in {
        "exec": "-a", "env": "-u --unset -C --chdir -S", "sudo": "-u -g -C -h -p -U",
        "node": "-r --require --import --loader --experimental-loader -C --conditions",
        "nohup": "", "time": "", "nice": "-n", "ionice": "-c -n", "tini": "-s -e -p",
        "dumb-init": "-r", "gosu": "", "su-exec": "", "chpst": "-u -U -e",
        "s6-setuidgid": "", "setpriv": "", "xvfb-run": "-a -n -s", "npx": "-p --package",
        "pnpx": "", "bunx": "", "dotenv": "-e -c -v", "cross-env": "", "watchexec": "-w -e",
        "ddtrace-run": "", "opentelemetry-instrument": "", "newrelic-admin": "",
        "doppler": "", "op": "", "infisical": "", "aws-vault": "",
    }.items()
}  # fmt: skip
#: The suffixes of a JavaScript program a command names (``node_modules/vite/bin/vite.js``).
JS = (".js", ".mjs", ".cjs")
#: Wrappers whose first operand is a user, before the command.
AS_USER = frozenset(["gosu", "su-exec", "s6-setuidgid"])
#: Runners whose next word is a subcommand before the command (``poetry run``).
RUNNERS = {
    "poetry": "run", "pipenv": "run", "uv": "run", "pdm": "run", "hatch": "run",
    "rye": "run", "bundle": "exec", "pnpm": "exec dlx", "npm": "exec", "yarn": "exec dlx",
    "bun": "x", "conda": "run", "mamba": "run", "micromamba": "run", "pixi": "run",
    "doppler": "run", "op": "run", "infisical": "run", "newrelic-admin": "run-program",
    "watchmedo": "auto-restart",  # watchdog: restarts the command after ``--`` on changes
}  # fmt: skip
#: Options of ``docker run`` that take no value (every other option takes one).
DOCKER_FLAGS = frozenset(
    [
        "-d",
        "--detach",
        "-i",
        "--interactive",
        "-t",
        "--tty",
        "-it",
        "-ti",
        "-dit",
        "--rm",
        "--init",
        "--privileged",
        "--read-only",
        "--no-healthcheck",
        "--oom-kill-disable",
        "--sig-proxy",
        "-q",
        "--quiet",
    ]
)
#: ``docker run``'s one-letter options that take no value, as they bundle (``-itd``).
DOCKER_SHORT_FLAGS = frozenset("ditqP")
#: Variables of a command's environment read as bind settings: name -> syntax.
ENVIRONMENT = {
    "HOST": "host", "BIND": "generic", "LISTEN": "listen", "FLASK_RUN_HOST": "flask-host",
    "UVICORN_HOST": "uvicorn-host", "GRADIO_SERVER_NAME": "host",
    "STREAMLIT_SERVER_ADDRESS": "host", "JUPYTER_IP": "jupyter-ip", "HOSTNAME": "",
}  # fmt: skip
