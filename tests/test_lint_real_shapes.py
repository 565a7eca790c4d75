"""Shapes met in real repositories that lint once misread (loopback/lint readers).

Each case is written for this suite, in the shape public projects use (a Flask app
imported from its package, a Service whose ``type`` publishes it, a HAProxy ``listen``
line carrying its address, a script that starts a development server on a host, a unit
written by a provisioning script, ...); the finding must be where a reviewer looks: the
line of the value that exposes the service.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from loopback.lint import ConfigFileError, lint_path
from loopback.lint._dotenv import read_dotenv
from loopback.lint._files import file_kind
from loopback.lint._line_conf import read_haproxy
from loopback.lint._python import read_python


def python(source: str) -> list[tuple[int, str, str]]:
    return [(f.line or 0, str(f.value), f.verdict.exposure) for f in read_python("x.py", source)]


def test_an_application_imported_from_a_module_of_its_name() -> None:
    # ``from app import app``: the name is the module's member (the Flask object), not
    # the module, so its run(host=...) binds.
    source = "from app import app\n\nif __name__ == '__main__':\n    app.run(host='0.0.0.0')\n"
    assert python(source) == [(4, "0.0.0.0", "all_interfaces")]
    spread = "from web import web\nweb.run(\n    port=80,\n    host='0.0.0.0',\n)\n"
    assert python(spread) == [(4, "0.0.0.0", "all_interfaces")]
    # ``import app``: a module's own run() is no application's
    assert python("import app\napp.run(host='0.0.0.0')\n") == []


def test_a_parameter_default_is_the_value_a_call_without_it_gets() -> None:
    source = (
        "import uvicorn\n\n"
        "def serve(host: str = '0.0.0.0', port: int = 8000) -> None:\n"
        "    uvicorn.run('main:app', host=host, port=port)\n"
    )
    assert python(source) == [(4, "0.0.0.0", "all_interfaces")]
    keyword_only = "import uvicorn\ndef f(*, host='127.0.0.1'):\n    uvicorn.run(app, host=host)\n"
    assert python(keyword_only) == [(3, "127.0.0.1", "loopback")]
    # two functions, two defaults: the name's value cannot be told
    two = (
        "import uvicorn\ndef a(host='0.0.0.0'): pass\ndef b(host='127.0.0.1'):\n"
        "    uvicorn.run(app, host=host)\n"
    )
    assert python(two) == []
    assert python("import uvicorn\ndef c(host):\n    uvicorn.run(app, host=host)\n") == []
    required = "import uvicorn\ndef d(*, host, port=80):\n    uvicorn.run(app, host=host)\n"
    assert python(required) == []  # a keyword-only parameter without a default


def test_a_command_list_given_a_name_first() -> None:
    source = (
        "import subprocess\n\n"
        "args = [\n    'gunicorn', '--bind', '0.0.0.0:8000', 'wsgi:app',\n]\n"
        "subprocess.run(args, check=True)\n"
    )
    assert python(source) == [(4, "0.0.0.0:8000", "all_interfaces")]
    # a name given two lists (or a list, then something else) is not followed
    twice = "import subprocess\ncmd = ['flask', 'run', '--host=0.0.0.0']\ncmd = other\n"
    assert python(twice + "subprocess.run(cmd)\n") == []
    again = "import subprocess\ncmd = ['x']\ncmd = ['flask', 'run', '--host', '0.0.0.0']\n"
    assert python(again + "subprocess.run(cmd)\n") == []


def test_a_port_alone_in_an_env_file_is_judged_where_it_is_used() -> None:
    # SOMETHING_BIND=9000 feeds "$SOMETHING_BIND:80" in a compose file: the compose line
    # is the exposure; the .env line alone says no host
    assert read_dotenv(".env", "WEB_BIND=9000\n") == []
    assert [f.verdict.exposure for f in read_dotenv(".env", "WEB_BIND=0.0.0.0:9000\n")] == [
        "all_interfaces"
    ]


def test_haproxy_addresses_on_the_section_line() -> None:
    text = (
        "defaults\n  mode http\n"
        "listen stats :8404\n  stats enable\n"
        "frontend\tweb\t0.0.0.0:80,127.0.0.1:8080\n  bind [::1]:81\n"
        "listen  db\n  bind 10.0.0.5:5432\n"
        "backend app 0.0.0.0:9\n"
    )
    found = [(f.line, f.column, f.dotted_path, f.verdict.exposure) for f in read_haproxy("h", text)]
    assert found == [
        (3, 14, "listen stats.bind", "all_interfaces"),
        (5, 14, "frontend web.bind", "all_interfaces"),
        (5, 25, "frontend web.bind", "loopback"),
        (6, 8, "frontend web.bind", "loopback"),
        (8, 8, "listen db.bind", "specific_address"),
    ]  # a backend's line binds nothing


SERVICE = """\
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
    - port: 80
      targetPort: 8080
  type: LoadBalancer
---
apiVersion: v1
kind: Service
metadata:
  name: inner
spec:
  ports:
    - port: 80
  externalIPs:
    - 203.0.113.7
"""

DAEMONSET = """\
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
spec:
  template:
    spec:
      hostNetwork: true
      containers:
        - name: agent
          image: example/agent
          ports:
            - containerPort: 9100
              hostPort: 9100
---
apiVersion: v1
kind: Pod
metadata:
  name: proxy
spec:
  containers:
    - name: proxy
      image: example/proxy
      ports:
        - containerPort: 80
        - containerPort: 443
          hostPort: 443
"""


def places(path: Path) -> list[tuple[int, str, str]]:
    return [(f.line or 0, f.dotted_path, f.verdict.exposure) for f in lint_path(path)]


def test_kubernetes_findings_are_on_the_line_that_publishes(tmp_path: Path) -> None:
    service = tmp_path / "service.yaml"
    service.write_text(SERVICE)
    assert places(service) == [
        (11, "spec.type", "all_interfaces"),
        (21, "spec.externalIPs", "specific_address"),  # the address
    ]
    pods = tmp_path / "pods.yaml"
    pods.write_text(DAEMONSET)
    assert places(pods) == [
        (8, "spec.template.spec.hostNetwork", "depends"),  # one finding: the node's network
        (27, "spec.containers.0.ports.1.hostPort", "all_interfaces"),
    ]


def test_a_caddyfile_opening_with_comment_lines(tmp_path: Path) -> None:
    caddyfile = tmp_path / "Caddyfile"
    caddyfile.write_text(
        "# the public site\n#   (its domain comes from the environment)\n\n"
        "{$SITE_DOMAIN} {\n\treverse_proxy app:8080  # the application\n}\n"
    )
    assert places(caddyfile) == [(4, "{$SITE_DOMAIN}", "all_interfaces")]


def test_walks_read_hidden_folders_but_not_where_tools_keep_state(tmp_path: Path) -> None:
    compose = "services: {a: {ports: ['1:1']}}\n"
    for folder in (".docker", ".examples/full", ".deploy", "b"):
        (tmp_path / folder).mkdir(parents=True)
        (tmp_path / folder / "docker-compose.yml").write_text(compose)
    (tmp_path / ".jupyter").mkdir()
    (tmp_path / ".jupyter" / "jupyter_server_config.py").write_text("c.ServerApp.ip = '*'\n")
    for state in (".cache", ".git/x", ".tox/py39", ".terraform/modules", ".next", "env"):
        (tmp_path / state).mkdir(parents=True)
        (tmp_path / state / "docker-compose.yml").write_text(compose)
    (tmp_path / "env" / "pyvenv.cfg").write_text("home = /usr/bin\n")  # a venv by any name
    found = sorted(
        (Path(f.file or "").parent.relative_to(tmp_path).as_posix(), f.verdict.exposure)
        for f in lint_path(tmp_path)
    )
    assert found == [
        (".deploy", "all_interfaces"),
        (".docker", "all_interfaces"),
        (".examples/full", "all_interfaces"),
        (".jupyter", "all_interfaces"),
        ("b", "all_interfaces"),
    ]


def test_a_copy_to_fill_in_is_read_as_the_file_it_becomes(tmp_path: Path) -> None:
    (tmp_path / "docker-compose.override.yml.example").write_text(
        "services:\n  db:\n    ports:\n      - '5432:5432'\n"
    )
    (tmp_path / "env.sample").write_text("APP_LISTEN_ADDRESS=0.0.0.0:9000\n")
    (tmp_path / "notes.example").write_text("services: {a: {ports: ['1:1']}}\n")  # no kind
    found = sorted((Path(f.file or "").name, f.line or 0) for f in lint_path(tmp_path))
    assert found == [("docker-compose.override.yml.example", 4), ("env.sample", 1)]


def test_command_line_option_defaults() -> None:
    argparse = (
        "import argparse\nfrom app import app\n"
        "parser = argparse.ArgumentParser()\n"
        "parser.add_argument('-H', '--bind-host', default='0.0.0.0')\n"
        "parser.add_argument('--port', type=int, default=5000)\n"
        "args = parser.parse_args()\n"
        "app.run(host=args.bind_host, port=args.port)\n"
    )
    assert python(argparse) == [(7, "0.0.0.0", "all_interfaces")]
    single_dash = argparse.replace("'-H', '--bind-host'", "'-bind_host'")
    assert python(single_dash) == [(7, "0.0.0.0", "all_interfaces")]
    dest = argparse.replace("'--bind-host', default", "'--address', dest='bind_host', default")
    assert python(dest) == [(7, "0.0.0.0", "all_interfaces")]
    twice = argparse.replace(
        "args = ", "parser.add_argument('--bind-host', default='::1')\nargs = "
    )
    assert python(twice) == []  # two defaults for one name: not told
    no_default = argparse.replace(", default='0.0.0.0'", "")
    assert python(no_default) == []
    click = (
        "import click, uvicorn\n\n@click.command()\n@traced\n"
        "@click.option('--host', default='0.0.0.0', show_default=True)\n"
        "def main(host):\n    uvicorn.run('app:app', host=host)\n"
    )
    assert python(click) == [(7, "0.0.0.0", "all_interfaces")]
    typer = (
        "import typer, uvicorn\n\n"
        "def serve(host: str = typer.Option('127.0.0.1', help='bind')):\n"
        "    uvicorn.run('app:app', host=host)\n"
    )
    assert python(typer) == [(4, "127.0.0.1", "loopback")]
    bare = typer.replace("typer.Option('127.0.0.1', help='bind')", "typer.Option(help='bind')")
    assert python(bare) == []


def test_a_host_with_a_port_set_at_run_time() -> None:
    config = "import os\nport = os.environ['PORT']\nbind = f'0.0.0.0:{port}'\n"
    found = read_python("gunicorn.conf.py", config)
    assert [(f.line, f.value, f.verdict.exposure) for f in found] == [
        (3, "0.0.0.0:{…}", "all_interfaces")
    ]
    added = "import os\nbind = '[::]:' + os.getenv('PORT', '8000')\n"
    assert [str(f.value) for f in read_python("gunicorn.conf.py", added)] == ["[::]:8000"]
    formatted = "bind = '127.0.0.1:{}'.format(port)\n"
    assert [f.verdict.exposure for f in read_python("gunicorn.conf.py", formatted)] == ["loopback"]
    numbered = "bind = '{0}:{1}'.format('0.0.0.0', port)\n"
    assert [f.verdict.exposure for f in read_python("gunicorn.conf.py", numbered)] == [
        "all_interfaces"
    ]
    # the host from the environment: depends, with the default around it
    host = "import os\nbind = os.getenv('HOST', '0.0.0.0') + ':8000'\n"
    assert [(f.value, f.verdict.exposure) for f in read_python("gunicorn.conf.py", host)] == [
        ("'0.0.0.0:8000'", "depends")
    ]
    for unknown in (
        "bind = f'{host}:8000'\n",  # the host itself unknown
        "bind = 'http://' + host\n",  # after a scheme, not a port
        "bind = '{}:{}'.format(*parts)\n",
        "bind = '{host}:80'.format(host='0.0.0.0')\n",
        "bind = '{0:>5}:80'.format(h)\n",
        "bind = '{1}:80'.format(h)\n",
        "import os\nbind = os.getenv('A', 'x') + os.getenv('B', 'y')\n",
        "bind = 80 + 1\n",
    ):
        assert read_python("gunicorn.conf.py", unknown) == [], unknown
    braces = "bind = '{{}}{}:80'.format('')\n"  # literal braces are text
    assert [f.value for f in read_python("gunicorn.conf.py", braces)] == ["{}:80"]


def test_docker_run_bundles_one_letter_options(tmp_path: Path) -> None:
    script = tmp_path / "run.sh"
    script.write_text(
        "docker run --name db -itd --publish 5432:5432 postgres\n"
        "docker run -dp 8080:80 nginx\n"
        "docker run -dp127.0.0.1:8081:80 nginx\n"
        "docker run -dP nginx\n"
        "docker run -de MODE=x -p 8082:80 nginx\n"
        "docker run -itd --rm busybox\n"
    )
    assert places(script) == [
        (1, "docker run", "all_interfaces"),
        (2, "docker run", "all_interfaces"),
        (3, "docker run", "loopback"),
        (4, "docker run", "all_interfaces"),
        (5, "docker run", "all_interfaces"),
    ]


def test_a_server_configuration_named_for_its_site_is_read_by_its_content(
    tmp_path: Path,
) -> None:
    (tmp_path / "nginx").mkdir()
    (tmp_path / "nginx" / "example.org").write_text(
        "server {\n    listen 80;\n    server_name example.org;\n}\n"
    )
    (tmp_path / "deploy").mkdir()
    (tmp_path / "deploy" / "vhost.conf").write_text(
        "# the site\nListen 8080\n<VirtualHost *:8080>\n  DocumentRoot /srv\n</VirtualHost>\n"
    )
    (tmp_path / "deploy" / "edge.conf").write_text(
        "global\n  maxconn 100\nfrontend web\n  bind :443\n  default_backend app\n"
    )
    (tmp_path / "deploy" / "sysctl.conf").write_text("vm.swappiness = 10\n")
    (tmp_path / "nginx" / "README").write_text("listen to me\n")
    found = [
        (Path(f.file or "").name, f.line, f.syntax, f.verdict.exposure) for f in lint_path(tmp_path)
    ]
    assert found == [
        ("edge.conf", 4, "haproxy-bind", "all_interfaces"),
        ("vhost.conf", 2, "apache-listen", "all_interfaces"),
        ("example.org", 2, "nginx-listen", "all_interfaces"),
    ]  # sysctl.conf and a README say no kind: left out, without a word
    with pytest.raises(ConfigFileError, match="cannot tell what kind"):
        lint_path(tmp_path / "deploy" / "sysctl.conf")
    assert len(lint_path(tmp_path / "nginx" / "example.org")) == 1


def test_tornado_applications_and_base_class_servers() -> None:
    imported = (
        "from tornado import ioloop\nfrom web import app, CONFIG\n\n"
        "app.listen(int(CONFIG.get('port', 8080)))\nioloop.IOLoop.current().start()\n"
    )
    assert python(imported) == [(4, "0.0.0.0", "all_interfaces")]
    sockets = (
        "import tornado.ioloop\n"
        "self.server_socket.listen(5)\nlistener.listen(5)\nconn = make()\nconn.listen(1)\n"
        "web.listen(PORT)\n"
    )
    assert python(sockets) == [(6, "0.0.0.0", "all_interfaces")]  # not a backlog
    assert python("import socketserver\nserver.listen(80)\n") == []  # no Tornado here
    base = (
        "import socketserver\n\nclass Server(socketserver.TCPServer):\n"
        "    def __init__(self, port):\n"
        "        socketserver.TCPServer.__init__(self, ('', port), Handler)\n"
    )
    assert python(base) == [(5, "", "all_interfaces")]
    assert python("class A(B):\n    def __init__(self):\n        B.__init__(self, 1)\n") == []


def test_grafana_listens_everywhere_without_http_addr(tmp_path: Path) -> None:
    default = "[server]\n# the port\nhttp_port = 3000\nroot_url = http://localhost:3000/\n"
    ini = tmp_path / "custom.ini"
    ini.write_text(default)
    assert places(ini) == [(3, "server.http_port", "all_interfaces")]
    named = tmp_path / "grafana.ini"
    named.write_text("[server]\nhttp_port = 3000\n")
    assert places(named) == [(2, "server.http_port", "all_interfaces")]
    bound = tmp_path / "bound.ini"
    bound.write_text("[server]\nhttp_addr = 127.0.0.1\nhttp_port = 3000\nroot_url = /\n")
    assert places(bound) == [(2, "server.http_addr", "loopback")]
    other = tmp_path / "other.ini"  # a [server] section of something else
    other.write_text("[server]\nhttp_port = 8080\n")
    assert places(other) == []


def test_an_hcl_file_written_as_json(tmp_path: Path) -> None:
    hcl = tmp_path / "consul.hcl"
    hcl.write_text(
        '\n{\n  "server": true,\n  "addresses": {"http": "0.0.0.0"},\n'
        '  "bind_addr": "10.0.0.5"\n}\n'
    )
    assert places(hcl) == [
        (4, "addresses.http", "all_interfaces"),
        (5, "bind_addr", "specific_address"),
    ]


def test_helm_values_that_publish_a_service(tmp_path: Path) -> None:
    script = tmp_path / "deploy.sh"
    script.write_text(
        "helm upgrade --install mon prometheus-community/prometheus \\\n"
        "  --set server.service.type=NodePort --set server.service.nodePort=30900\n"
        "helm install web ingress-nginx/ingress-nginx"
        " --set=controller.service.type=LoadBalancer,controller.replicaCount=2\n"
        "helm install db bitnami/postgresql --set-string primary.service.type=ClusterIP\n"
        "helm template web chart --set service.type=NodePort\n"  # renders, deploys nothing
        "helm install web chart --set\n"
    )
    assert places(script) == [
        (2, "helm", "all_interfaces"),
        (3, "helm", "all_interfaces"),
    ]


def test_docker_sdk_published_ports() -> None:
    source = (
        "import docker\nclient = docker.from_env()\n"
        "client.containers.run('redis', detach=True, ports={\n"
        "    '6379/tcp': 6379,\n"
        "    '8001/tcp': None,\n"
        "    '9000/tcp': ('127.0.0.1', 9000),\n"
        "    '9001/tcp': ('::1', 9001),\n"
        "    '9002/tcp': [9002, ('0.0.0.0', 9003)],\n"
        "    PORT: 1,\n"
        "    '9004/tcp': unknown,\n    **extra,\n"
        "})\n"
        "client.containers.create('x', ports=PORTS)\n"
        "client.containers.run('x')\n"
    )
    assert python(source) == [
        (4, "6379:6379/tcp", "all_interfaces"),
        (5, "8001/tcp", "all_interfaces"),
        (6, "127.0.0.1:9000:9000/tcp", "loopback"),
        (7, "[::1]:9001:9001/tcp", "loopback"),
        (8, "9002:9002/tcp", "all_interfaces"),
        (8, "0.0.0.0:9003:9002/tcp", "all_interfaces"),
    ]


def test_cherrypy_socket_host(tmp_path: Path) -> None:
    source = (
        "import cherrypy\n"
        "cherrypy.config.update({'server.socket_host': '0.0.0.0', 'server.socket_port': 80})\n"
        "conf = {'global': {'server.socket_host': '127.0.0.1'}}\n"
        "cherrypy.server.socket_host = '::'\n"
        "settings = {'socket_host': '0.0.0.0', 1: 2}\n"  # no CherryPy key
    )
    assert python(source) == [
        (2, "0.0.0.0", "all_interfaces"),
        (3, "127.0.0.1", "loopback"),
        (4, "::", "all_interfaces"),
    ]
    ini = tmp_path / "server.ini"
    ini.write_text('[global]\nserver.socket_host = "0.0.0.0"\nserver.socket_port = 8080\n')
    assert places(ini) == [(2, "global.server.socket_host", "all_interfaces")]


def test_a_systemd_drop_in_is_part_of_its_unit(tmp_path: Path) -> None:
    # systemd.unit(5): foo.socket.d/*.conf add to (or, after an empty value, replace)
    # the unit's settings; an empty Listen* line clears the list and finds nothing.
    folder = tmp_path / "web.socket.d"
    folder.mkdir()
    conf = folder / "addresses.conf"
    conf.write_text("[Socket]\nListenStream=\nListenStream=0.0.0.0:8443\n")
    assert places(conf) == [(3, "Socket.ListenStream.socket", "all_interfaces")]
    assert file_kind("web.d/addresses.conf") is None  # only a unit's own folder


# -- Met at first sight in a second batch: scripts, Makefiles, JS configs, dumped pods ----


def test_a_script_starts_servers_on_the_host_it_runs_on(tmp_path: Path) -> None:
    script = tmp_path / "dev.sh"
    script.write_text(
        "#!/bin/sh\n"
        "cd ~/site\n"
        "nohup python3 -m uvicorn api:app --host 0.0.0.0 --port 9000 > api.log 2>&1 &\n"
        "npx next dev -H 127.0.0.1 -p 4000\n"
    )
    assert places(script) == [(3, "uvicorn", "all_interfaces"), (4, "next", "loopback")]
    handed = tmp_path / "start.sh"  # exec: the script's process becomes the server's
    handed.write_text("cd /srv\nexec gunicorn -b 0.0.0.0:8000 site.wsgi\n")
    assert places(handed) == []


def test_a_container_entrypoint_script_leaves_its_server_to_the_container(
    tmp_path: Path,
) -> None:
    body = "#!/bin/sh\ngunicorn -b 0.0.0.0:8000 site.wsgi &\ndocker run -p 81:80 nginx\n"
    named = tmp_path / "docker-entrypoint.sh"
    named.write_text(body)
    handing_over = tmp_path / "boot.sh"
    handing_over.write_text(body + 'exec "$@"\n')
    for script in (named, handing_over):  # docker run always runs on a host
        assert places(script) == [(3, "docker run", "all_interfaces")]


def test_a_unit_written_from_a_here_document_is_read_as_a_unit(tmp_path: Path) -> None:
    script = tmp_path / "provision.sh"
    script.write_text(
        "sudo tee /etc/systemd/system/api.service >/dev/null <<'UNIT'\n"
        "[Service]\n"
        "ExecStart=/opt/venv/bin/hypercorn app:app --bind 0.0.0.0:8080\n"
        "UNIT\n"
        "cat > notes.txt <<EOF\n"
        "uvicorn app:app --host 0.0.0.0\n"  # data written to a file, not a command
        "EOF\n"
        "systemctl enable --now api\n"
    )
    assert places(script) == [(3, "Service.ExecStart.hypercorn", "all_interfaces")]
    drop_in = tmp_path / "ssh-port.sh"
    drop_in.write_text(
        "PORT_SSH=${1:-2222}\n"
        "cat > /etc/systemd/system/ssh.socket.d/port.conf <<EOF\n"
        "[Socket]\nListenStream=\nListenStream=0.0.0.0:$PORT_SSH\nEOF\n"
        "cat > /etc/systemd/system/web.socket <<'EOF'\n"
        "[Socket]\nListenStream=127.0.0.1:$PORT_WEB\nEOF\n"
        "tee /etc/systemd/system/app.socket <<EOF\n[Socket]\nListenStream=/run/app.sock\nEOF\n"
    )
    # unquoted: the shell fills in the port; quoted: systemd reads "$PORT_WEB" as written
    assert places(drop_in) == [
        (5, "Socket.ListenStream.socket", "all_interfaces"),
        (9, "Socket.ListenStream.socket", "invalid"),
        (13, "Socket.ListenStream.socket", "not_network"),
    ]


def test_a_makefile_recipe_prefix_is_not_part_of_the_command(tmp_path: Path) -> None:
    makefile = tmp_path / "Makefile"
    makefile.write_text(
        "run:\n\t@docker run --rm -p 8443:443 web\nserve:\n\t-npx http-server -a 0.0.0.0 dist\n"
    )
    assert places(makefile) == [
        (2, "docker run", "all_interfaces"),
        (4, "http-server", "all_interfaces"),
    ]


def test_a_kubernetes_objects_status_is_not_its_configuration(tmp_path: Path) -> None:
    pod = tmp_path / "pod.yaml"
    pod.write_text(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: agent\nspec:\n  hostNetwork: true\n"
        "  containers:\n  - name: agent\n    image: agent:1\n"
        "status:\n  hostIP: 192.0.2.7\n  podIP: 192.0.2.7\n"
    )
    assert places(pod) == [(6, "spec.hostNetwork", "depends")]


def test_vite_and_astro_configurations_bind_their_server_host(tmp_path: Path) -> None:
    vite = tmp_path / "vite.config.ts"
    vite.write_text(
        "import { defineConfig } from 'vite'\n"
        "// server: { host: '0.0.0.0' } was the old setting\n"
        "export default defineConfig({\n"
        "  server: {\n"
        "    port: 5173, /* host: true */\n"
        "    'host': '0.0.0.0',\n"
        "    hmr: { host: 'dev.example.com', port: 443 },\n"
        "    proxy: { '/api': { target: `http://${process.env.API}:8000` } },\n"
        "  },\n"
        "  preview: { host: true, port: isCi ? 4173 : 4174 },\n"
        "})\n"
    )
    assert places(vite) == [
        (6, "server.host", "all_interfaces"),
        (10, "preview.host", "all_interfaces"),
    ]
    astro = tmp_path / "astro.config.mjs"
    astro.write_text(
        "export default {\n"
        "  server: { host: `localhost` },\n"
        "  preview: { host: process.env.HOST },\n"  # known at run time only
        "  site: `https://${domain}`,\n"
        "}}\n"  # a stray closing brace: the reader goes on
        "const server = { host: `${name}.local` }\n"
    )
    assert places(astro) == [(2, "server.host", "loopback")]
    for name in ("vite.config.mjs", "apps/web/astro.config.cts", "vite.config.js"):
        assert file_kind(name) == "js-config"
    assert file_kind("vite.config.json") == "json"
    assert file_kind("vite.js") is None


def test_a_static_server_and_a_reloader_in_scripts(tmp_path: Path) -> None:
    script = tmp_path / "serve.sh"
    script.write_text(
        "basic-http-server -a 0.0.0.0:4001 dist\n"
        "basic-http-server dist\n"
        "watchmedo auto-restart --pattern=*.py --recursive -- python app.py\n"
        "watchmedo auto-restart --recursive -- python manage.py runserver 0.0.0.0:8000\n"
    )
    assert places(script) == [
        (1, "basic-http-server", "all_interfaces"),
        (2, "basic-http-server", "loopback"),
        (4, "runserver", "all_interfaces"),
    ]


def test_gunicorn_binds_every_interface_when_port_is_set(tmp_path: Path) -> None:
    # https://docs.gunicorn.org/en/stable/settings.html#bind: with PORT in the
    # environment the default is 0.0.0.0:$PORT; a Procfile's runner always sets PORT.
    procfile = tmp_path / "Procfile"
    procfile.write_text(
        "web: gunicorn shop.wsgi --workers 3\n"
        "api: python manage.py check && python -m gunicorn -b 127.0.0.1:9000 api:app\n"
    )
    found = lint_path(procfile)
    assert [(f.line, f.dotted_path, str(f.value), f.verdict.exposure) for f in found] == [
        (1, "web.gunicorn", "0.0.0.0:$PORT", "all_interfaces"),
        (2, "api.gunicorn", "127.0.0.1:9000", "loopback"),
    ]
    assert "without a bind option and with PORT set" in found[0].verdict.message
    script = tmp_path / "run.sh"
    script.write_text(
        "gunicorn app:app\n"
        "PORT=8080 gunicorn app:app\n"
        "PORT=8080 sh -c 'python3 -m gunicorn app:app'\n"
    )
    assert places(script) == [
        (1, "gunicorn", "loopback"),
        (2, "gunicorn", "all_interfaces"),
        (3, "gunicorn", "all_interfaces"),
    ]


# -- Met at first sight in a third batch: recipes, package scripts, JS configs, scripts
# -- that write a server's configuration -------------------------------------------------


def test_a_recipe_lines_continuation_is_not_a_recipe_line(tmp_path: Path) -> None:
    # make strips a recipe line's prefixes, not a continued line's leading '-p'
    makefile = tmp_path / "Makefile"
    makefile.write_text(
        "db:\n\tdocker run -d \\\n\t\t--name db \\\n\t\t-p 5432:5432 \\\n\t\tpostgres:16\n"
        "quiet:\n\t@-docker run \\\n\t-p 127.0.0.1:80:80 web\n"
    )
    assert places(makefile) == [(4, "docker run", "all_interfaces"), (8, "docker run", "loopback")]


def test_a_justfile_is_a_file_of_recipes(tmp_path: Path) -> None:
    # https://just.systems/man/en/: recipe lines are indented; '@' and '-' prefix them
    justfile = tmp_path / "justfile"
    justfile.write_text(
        "set dotenv-load\nport := '8080'\n\n"
        "@serve:\n    @docker run --rm -p8080:8080 site\n"
        "mongo:\n  -docker run -d \\\n    -p 127.0.0.1:27017:27017 mongo\n"
        "shell:\n\tdocker run -it --net=host tools\n"
    )
    assert places(justfile) == [
        (5, "docker run", "all_interfaces"),
        (8, "docker run", "loopback"),
        (10, "docker run", "depends"),
    ]
    for name in ("justfile", "Justfile", ".justfile", "tasks/build.just"):
        assert file_kind(name) == "script"


def test_words_passed_to_a_package_script_are_read_with_it(tmp_path: Path) -> None:
    # npm appends the words after "--" to the script's line
    # (https://docs.npmjs.com/cli/commands/npm-run-script)
    package = tmp_path / "package.json"
    package.write_text(
        '{\n  "scripts": {\n    "dev": "vite",\n    "dev:lan": "npm run dev -- --host",\n'
        '    "start": "npm run dev"\n  }\n}\n'
    )
    assert places(package) == [
        (3, "scripts.dev.vite", "loopback"),  # vite alone: localhost
        (4, "scripts.dev:lan.vite", "all_interfaces"),
    ]
    script = tmp_path / "scripts" / "lan.sh"  # the script's package.json is not known here
    script.parent.mkdir()
    script.write_text("cd web\nnpm run dev -- --host\nyarn preview --host 127.0.0.1\n")
    assert places(script) == [(2, "npm dev", "all_interfaces"), (3, "yarn preview", "loopback")]


def test_webpack_vue_and_nuxt_dev_servers_bind_their_host(tmp_path: Path) -> None:
    webpack = tmp_path / "webpack.dev.js"  # https://webpack.js.org/configuration/dev-server/
    webpack.write_text(
        "module.exports = merge(common, {\n"
        "  devServer: {\n    static: './dist',\n    host: '0.0.0.0',\n  },\n})\n"
        "config.devServer = { host: `192.0.2.10`, port: 8080 }\n"
        "const server = { host: '0.0.0.0' }\n"  # no devServer: a variable of the file's own
    )
    assert places(webpack) == [
        (4, "devServer.host", "all_interfaces"),
        (7, "devServer.host", "specific_address"),
    ]
    # Vue CLI's serve listens on 0.0.0.0 when devServer has no host (its defaults)
    vue = tmp_path / "vue.config.js"
    vue.write_text(
        "module.exports = {\n"
        "  devServer: {\n    port: 8081,\n    proxy: 'http://localhost:4000',\n  },\n"
        "  configureWebpack: {\n    'devServer': { host: 'localhost' },\n  },\n"
        "  pages: { index: { devServer: { host: process.env.HOST } } },\n"
        "}\n"
    )
    found = lint_path(vue)
    assert [(f.line, f.column, f.dotted_path, f.verdict.exposure) for f in found] == [
        (2, 3, "devServer.host", "all_interfaces"),
        (7, 26, "devServer.host", "loopback"),
    ]
    assert found[0].verdict.message.startswith("Vue CLI listens on 0.0.0.0 when devServer")
    nuxt = tmp_path / "nuxt.config.ts"  # Nuxt 3's devServer, Nuxt 2's server
    nuxt.write_text(
        "export default defineNuxtConfig({\n"
        "  devServer: { port: 3001, host: '0.0.0.0' },\n"
        '  server: { host: "127.0.0.1" },\n'
        "  devtools: { enabled: true },\n"
        "})\n"
    )
    assert places(nuxt) == [(2, "devServer.host", "all_interfaces"), (3, "server.host", "loopback")]
    for name, kind in [
        ("webpack.config.js", "js-config"),
        ("config/webpackDevServer.config.js", "js-config"),
        ("vue.config.mjs", "js-config"),
        ("nuxt.config.ts", "js-config"),
        ("nuxt.js", None),
        ("vue.config.json", "json"),
        ("webpack.config.json", "json"),
    ]:
        assert file_kind(name) == kind, name
    other = tmp_path / "site.config.js"  # named for no family: read as Vite's
    other.write_text("export default { server: { host: true } }\n")
    found = lint_path(other, kind="js-config")
    assert [(f.line, f.dotted_path, f.verdict.exposure) for f in found] == [
        (1, "server.host", "all_interfaces")
    ]


def test_a_pm2_ecosystem_file_runs_its_apps_on_the_host(tmp_path: Path) -> None:
    # https://pm2.keymetrics.io/docs/usage/application-declaration/
    ecosystem = tmp_path / "ecosystem.config.js"
    ecosystem.write_text(
        "module.exports = {\n"
        "  apps: [\n"
        "    {\n      name: 'api',\n      script: 'python3',\n"
        "      args: '-m uvicorn app.main:app --host 0.0.0.0 --port 8000',\n    },\n"
        "    {\n      name: 'web',\n      script: 'node_modules/.bin/next',\n"
        "      args: ['start', '-H', '127.0.0.1'],\n"
        "      env_production: { HOST: '0.0.0.0' },\n    },\n"
        "    {\n      name: 'ui',\n      script: 'npm',\n      args: 'run dev -- --host',\n"
        "      interpreter: 'none',\n    },\n"
        "    {\n      script: 'server.js',\n      env: { HOST: '0.0.0.0', PORT: 80 },\n"
        "      interpreter: 'node',\n    },\n"
        "    { script: './start.sh', interpreter: 'bash', deploy: { host: ['192.0.2.1'] } },\n"
        "  ],\n"
        "}\n"
    )
    assert places(ecosystem) == [
        (6, "apps.uvicorn", "all_interfaces"),
        (11, "apps.next", "loopback"),
        (17, "apps.npm dev", "all_interfaces"),
        (22, "apps.HOST", "all_interfaces"),
    ]
    as_json = tmp_path / "ecosystem.json"
    as_json.write_text('{"apps": [{"script": "serve", "args": "-s build -l 5000"}]}\n')
    assert places(as_json) == [(1, "apps.serve", "all_interfaces")]
    assert file_kind("pm2.config.cjs") == "js-config"


def test_nodemon_runs_its_exec_on_the_host(tmp_path: Path) -> None:
    # https://github.com/remy/nodemon#config-files: nodemon.json, or nodemonConfig
    nodemon = tmp_path / "nodemon.json"
    nodemon.write_text('{\n  "watch": ["app"],\n  "exec": "uvicorn main:app --host 0.0.0.0"\n}\n')
    assert places(nodemon) == [(3, "exec.uvicorn", "all_interfaces")]
    package = tmp_path / "package.json"
    package.write_text(
        '{"nodemonConfig": {"exec": "flask run --reload"}, "scripts": {"dev": "nodemon"}}\n'
    )
    assert places(package) == [(1, "nodemonConfig.exec.flask", "loopback")]


def test_make_variables_and_commands_kept_in_shell_variables(tmp_path: Path) -> None:
    # GNU make puts its variables in before the shell runs a recipe line
    makefile = tmp_path / "Makefile"
    makefile.write_text(
        "PYTHON ?= .venv/bin/python\n"
        "HOST := '0.0.0.0'  # every interface\n"
        "LOCAL = $(LOOP)\nLOOP = 127.0.0.1\n"
        "SELF = $(SELF)x\n"
        "run:\n\t@$(PYTHON) -m uvicorn app:app --host $(HOST) --port 8000\n"
        "dev:\n\tuvicorn app:app --host ${LOCAL} $(FLAGS)\n"
        "loop:\n\tuvicorn app:app --host $(SELF)\n"
        "list:\n\tdocker ps -q | xargs -r echo $$(date)\n"
    )
    assert places(makefile) == [
        (7, "uvicorn", "all_interfaces"),
        (9, "uvicorn", "loopback"),
        (11, "uvicorn", "invalid"),  # a value naming itself is not followed for ever
    ]
    # a command kept in a variable is its words; a command substitution runs its command
    script = tmp_path / "dev.sh"
    script.write_text(
        'API="uvicorn api:app --host 0.0.0.0 --port 8000"\n'
        "$API &\n"
        "${UNKNOWN} --host 0.0.0.0\n"
        'ID=$(docker run -d -p 6379:6379 redis) && echo "$ID $((1 + 2))"\n'
        "echo $(uvicorn x:app --host 127.0.0.1\n"  # never closed: read to the end
    )
    assert places(script) == [
        (1, "uvicorn", "all_interfaces"),
        (4, "docker run", "all_interfaces"),
        (5, "uvicorn", "loopback"),
    ]


def test_a_javascript_program_run_by_node(tmp_path: Path) -> None:
    # node runs a package's bin script: the tool is the script's name
    ecosystem = tmp_path / "ecosystem.config.js"
    ecosystem.write_text(
        "module.exports = { apps: [\n"
        "  { script: 'node', args: '--require dotenv/config node_modules/vite/bin/vite.js"
        " preview --host' },\n"
        "  { script: 'node', args: 'server.mjs --host 0.0.0.0' },\n"
        "  { script: 'node_modules/next/dist/bin/next.cjs', args: 'start -H ::1' },\n"
        "] }\n"
    )
    assert places(ecosystem) == [
        (2, "apps.vite", "all_interfaces"),
        (4, "apps.next", "loopback"),
    ]


# -- Met at first sight in a batch of the common kinds (compose, Procfiles, manifests) ----


def test_compose_merge_tags_and_other_tags_the_schema_does_not_define(tmp_path: Path) -> None:
    # https://docs.docker.com/reference/compose-file/merge/#reset-value (!reset, !override)
    compose = tmp_path / "compose.override.yaml"
    compose.write_text(
        "services:\n"
        "  web:\n"
        "    build: !reset null\n"
        "    ports: !override\n"
        '      - "8080:80"\n'
        "  db:\n"
        "    ports: !reset []\n"
        "    environment: !override {PGHOST: db}\n"
        "  cache:\n"
        '    ports: [!override "6379:6379", !reset "9121:9121"]\n'
    )
    assert places(compose) == [
        (5, "services.web.ports.0", "all_interfaces"),
        (10, "services.cache.ports.0", "all_interfaces"),
    ]
    template = tmp_path / "template.yaml"  # CloudFormation: computed, not read
    template.write_text("Resources:\n  Api:\n    Properties:\n      Host: !Ref HostName\n")
    assert places(template) == []


def test_laravel_serve_and_rails_in_an_environment_other_than_development(
    tmp_path: Path,
) -> None:
    # https://laravel.com/docs/installation: php artisan serve binds 127.0.0.1 by default.
    # https://guides.rubyonrails.org/command_line.html#bin-rails-server: -b defaults to
    # localhost in development and 0.0.0.0 in the other environments.
    procfile = tmp_path / "Procfile"
    procfile.write_text(
        "web: php artisan serve --host 0.0.0.0 --port ${PORT:-8080}\n"
        "dev: php artisan serve\n"
        "queue: php artisan queue:work\n"
        "alt: ./artisan serve --host=::1\n"
        "rails: bundle exec rails server -p $PORT -e $RAILS_ENV\n"
        "rails_dev: bin/rails s --environment=development\n"
        "rails_bound: rails s -e production -b 127.0.0.1\n"
        "rails_plain: rails server\n"
        "rails_e: rails s -e\n"
    )
    assert places(procfile) == [
        (1, "web.php artisan", "all_interfaces"),
        (2, "dev.php artisan", "loopback"),
        (4, "alt.artisan", "loopback"),
        (5, "rails.rails", "all_interfaces"),
        (6, "rails_dev.rails", "loopback"),
        (7, "rails_bound.rails", "loopback"),
        (8, "rails_plain.rails", "loopback"),
        (9, "rails_e.rails", "loopback"),
    ]
    assert "without a bind option in '$RAILS_ENV'" in lint_path(procfile)[3].verdict.message


def test_a_site_configuration_named_for_its_site_anywhere(tmp_path: Path) -> None:
    # Debian's convention names a site's file for the site (sites-available/example.com);
    # repositories keep the same file at their top or in deploy/.
    site = tmp_path / "example.com"
    site.write_text(
        "# server {\n#   listen 8080;\n# }\nserver {\n    listen 80 default_server;\n"
        "    listen [::]:80 default_server;\n    server_name example.com;\n}\n"
    )
    assert places(site) == [
        (5, "server.listen", "all_interfaces"),
        (6, "server.listen", "all_interfaces"),
    ]
    (tmp_path / "notes.md").write_text("server {\n    listen 80;\n}\n")  # not a site's name
    (tmp_path / "deploy").mkdir()
    (tmp_path / "deploy" / "api.example.org").write_text("# no configuration\n")
    assert [(Path(f.file or "").name, f.line) for f in lint_path(tmp_path)] == [
        ("example.com", 5),
        ("example.com", 6),
    ]


def test_kind_cluster_port_mappings_and_api_server_address(tmp_path: Path) -> None:
    # https://kind.sigs.k8s.io/docs/user/configuration/: extraPortMappings publish a node's
    # port on the host, on listenAddress ("0.0.0.0" by default); the API server listens
    # on apiServerAddress (127.0.0.1 by default).
    config = tmp_path / "kind-config.yaml"
    config.write_text(
        "kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\n"
        "networking:\n  apiServerAddress: 127.0.0.1\n"
        "nodes:\n- role: control-plane\n  extraPortMappings:\n"
        "  - containerPort: 80\n    hostPort: 80\n"
        "  - containerPort: 443\n    hostPort: 443\n    listenAddress: 127.0.0.1\n"
        "  - containerPort: 30000\n"
        "  - not a mapping\n"
        "  - {hostPort: 8080}\n"
    )
    assert places(config) == [
        (4, "networking.apiServerAddress", "loopback"),
        (9, "nodes.0.extraPortMappings.0.hostPort", "all_interfaces"),
        (12, "nodes.0.extraPortMappings.1.listenAddress", "loopback"),
        (13, "nodes.0.extraPortMappings.2.containerPort", "all_interfaces"),
    ]
    assert "without listenAddress: kind's default address" in lint_path(config)[1].verdict.message
