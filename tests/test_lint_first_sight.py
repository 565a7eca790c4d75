"""Shapes met at first sight in a second batch of public files (loopback/lint readers).

Each case is written for this suite in the shape real repositories use: a script that
starts a development server on a host, a Makefile recipe silenced with ``@``, a systemd
unit written by a provisioning script, a pod dumped with its observed ``status``.
"""

from __future__ import annotations

from pathlib import Path

from loopback.lint import lint_path
from loopback.lint._files import file_kind


def places(path: Path) -> list[tuple[int, str, str]]:
    return [(f.line or 0, f.dotted_path, f.verdict.exposure) for f in lint_path(path)]


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
    assert file_kind("webpack.config.js") is None


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
