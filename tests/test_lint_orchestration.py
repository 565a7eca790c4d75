"""Orchestration and infrastructure as code: Helm charts, Terraform, Nomad, Quadlet, Vagrant.

loopback/lint/_templates.py, _terraform.py, _nomad.py, _quadlet.py, _vagrantfile.py and
what _hcl.py, _yaml.py and _mapping.py read for them. Each case is written for this suite
in the shape these tools' users write; a finding must be on the line that publishes.
"""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest

from loopback.lint import ConfigFileError, check_setting, lint_mapping, lint_path
from loopback.lint._commands import read_command
from loopback.lint._files import file_kind
from loopback.lint._templates import untemplated
from tests.test_lint_sources import ALL, DEPENDS, LOOP, write

SPECIFIC = "specific_address"


def found(path: Path) -> list[tuple[int, str, str]]:
    """(line, dotted path, exposure) of each finding."""
    return [(f.line or 0, f.dotted_path, f.verdict.exposure) for f in lint_path(path)]


# -- file kinds ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Vagrantfile", "vagrant"),
        ("deploy/web.container", "quadlet"),
        ("deploy/app.pod", "quadlet"),
        ("deploy/app.kube", "quadlet"),
        ("infra/main.tf", "hcl"),
        ("jobs/web.nomad", "hcl"),
        ("jobs/web.nomad.hcl", "hcl"),
        ("chart/templates/service.tpl", "yaml"),  # rendered by Helm
        ("chart/templates/_helpers.tpl", None),  # named templates only
        ("k8s/service.yaml.tpl", "yaml"),
        ("helmfile/values.yaml.gotmpl", "yaml"),
        ("web/page.tpl", None),
    ],
)
def test_file_kinds(name: str, kind: str | None) -> None:
    assert file_kind(name) == kind


# -- Go templates (Helm) -------------------------------------------------------------------


def test_actions_become_placeholders_of_their_length() -> None:
    result = untemplated('name: {{ include "x" . }}-web\n  {{- toYaml .Values.a | nindent 2 }}\n')
    assert result.text == "name: ___________________-web\n" + " " * 37 + "\n"
    assert result.silent == {1, 2}
    assert untemplated("a: 1\n") == ("a: 1\n", frozenset())
    # an action left open ends the reading: the rest is kept as it is
    assert untemplated("a: {{ b }}\nc: {{ d\ne: 1\n").text == "a: _______\nc: {{ d\ne: 1\n"
    # an action over several lines keeps its newlines
    assert untemplated("{{/* a\nb */}}\nc: 1\n") == ("\n\nc: 1\n", frozenset({1, 2}))
    # Terraform's template directives write nothing: what follows takes their place
    directive = '  %{ if proxy ~}real-ip: "proxy"%{ endif }\n'
    assert untemplated(directive) == ('  real-ip: "proxy"\n', frozenset({1}))
    both = "%{ if a }x: {{ .b }}%{ endif }\ny: {{ .c }}\n"
    assert untemplated(both).text == "x: ________\ny: ________\n"


def test_conditions_inside_a_document_say_nothing() -> None:
    text = (
        "{{- if .Values.enabled }}\n"  # 1: a switch around the whole document
        "kind: DaemonSet\n"
        "spec:\n"
        "  {{- if .Values.hostNetwork }}\n"  # 4: the values decide
        "  hostNetwork: true\n"
        "  {{- else }}\n"
        "  dnsPolicy: Default\n"
        "  {{- end }}\n"
        "  {{- range .Values.ports }}\n"
        "  - 1\n"
        "  {{- end }}\n"
        "  {{- end }}\n"  # a stray end closes nothing
        "---\n"
        "# a comment is no content\n"
        "{{- with .Values.extra }}\n"  # 15: at the top of the next document
        "kind: Service\n"
        "{{- end }}\n"
        "kind: Pod\n"
        "{{- with .Values.tail }}\n"  # 19: never closed, inside the document
        "x: 1\n"
    )
    silent = untemplated(text).silent
    assert sorted(silent) == [1, 4, 5, 6, 7, 8, 9, 10, 11, 12, 15, 17, 19, 20, 21]
    # a define is read as it stands, and one never closed at the top too
    assert untemplated('{{- define "svc" }}\nkind: Service\n').silent == {1}
    assert untemplated("{{ end }}\na: 1\n").silent == {1}  # an end that closes nothing


def test_helm_templates(tmp_path: Path) -> None:
    write(tmp_path, "chart/Chart.yaml", "apiVersion: v2\nname: app\n")
    service = (
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n"
        "  type: NodePort\n  ports:\n    - port: {{ .Values.port }}\n"
        "      targetPort: http\n"
    )
    assert found(write(tmp_path, "chart/templates/svc.yaml", service)) == [(6, "spec.type", ALL)]
    daemonset = (
        '{{- define "ds" }}\nkind: DaemonSet\nspec:\n  template:\n    spec:\n'
        "      hostNetwork: {{ .Values.hostNetwork }}\n"
        "      {{- if .Values.hostPort }}\n"
        "      containers:\n        - ports:\n            - containerPort: 80\n"
        "              hostPort: 80\n"
        "      {{- end }}\n{{- end }}\n"
    )
    assert found(write(tmp_path, "chart/templates/ds.tpl", daemonset)) == []
    # a file of YAML's name whose text is a template is read as one when YAML refuses it
    assert found(write(tmp_path, "k8s/svc.yaml", "kind: Service\nspec:\n  type: {{ .t }}\n")) == []
    with pytest.raises(ConfigFileError, match="not valid YAML"):
        lint_path(write(tmp_path, "k8s/bad.yaml", "a: [\n"))
    with pytest.raises(ConfigFileError, match="not valid YAML"):
        lint_path(write(tmp_path, "chart/templates/bad.yaml", "a: {{ .x }}\nb: [\n"))


def test_chart_values(tmp_path: Path) -> None:
    values = (
        "service:\n  type: NodePort\n  port: 80\n"
        "adminService:\n  type: ClusterIP\n"
        "proxy:\n  serviceType: LoadBalancer\n"
        "ingress:\n  hosts:\n    - host: app.example.com\n"
        "database:\n  host: 0.0.0.0\n"
        "metrics:\n  bind: 0.0.0.0\n"
        "hostNetwork: true\n"
    )
    assert found(write(tmp_path, "chart/values.yaml", values)) == [
        (2, "service.type", ALL),
        (7, "proxy.serviceType", ALL),
        (14, "metrics.bind", ALL),
        (15, "hostNetwork", DEPENDS),
    ]
    # elsewhere a bare host is still read
    assert found(write(tmp_path, "app.yaml", "database:\n  host: 0.0.0.0\n")) == [
        (2, "database.host", ALL)
    ]
    # a Service spec under a key named service is judged once, by its ports
    spec = {"service": {"type": "NodePort", "ports": [{"port": 80}]}}
    assert [f.dotted_path for f in lint_mapping(spec)] == ["service.type"]


def test_ansible_published_ports() -> None:
    task = {
        "community.docker.docker_container": {
            "name": "web",
            "published_ports": ["8080:80", "127.0.0.1:9000:9000", "all"],
        }
    }
    assert [(f.dotted_path, f.verdict.exposure) for f in lint_mapping([task])] == [
        ("0.community.docker.docker_container.published_ports.0", ALL),
        ("0.community.docker.docker_container.published_ports.1", LOOP),
        ("0.community.docker.docker_container.published_ports.2", ALL),
    ]


# -- Podman Quadlet ------------------------------------------------------------------------

QUADLET = """\
[Unit]
Description=web
PublishPort=1:1

[Container]
Image=docker.io/nginx
# PublishPort=2:2
; PublishPort=3:3
PublishPort=8080:80
PublishPort=127.0.0.1:8443:443
PublishPort=
Environment=A=1 \\
  # a comment inside a continued line
  B=2 \\
  C=3
Network=host
not an assignment

[Pod]
PublishPort=\\
  9090:9090
[Kube]
PublishPort=53:53/udp \\
"""


def test_quadlet(tmp_path: Path) -> None:
    findings = lint_path(write(tmp_path, "web.container", QUADLET))
    assert [(f.line, str(f.value), f.verdict.exposure) for f in findings] == [
        (9, "8080:80", ALL),
        (10, "127.0.0.1:8443:443", LOOP),
        (16, "host", DEPENDS),
        (20, "9090:9090", ALL),
        (23, "53:53/udp", ALL),
    ]
    assert "Podman publishes it on every interface" in findings[0].verdict.message
    # a last line ending in a backslash, with no newline after it
    last = lint_path(write(tmp_path, "db.container", "[Container]\nPublishPort=5432:5432 \\"))
    assert [(f.line, f.value) for f in last] == [(2, "5432:5432")]


# -- Vagrant -------------------------------------------------------------------------------

VAGRANTFILE = """\
# config.vm.network "forwarded_port", guest: 1, host: 1
$script = <<-SHELL
  config.vm.network "forwarded_port", guest: 2, host: 2
SHELL
=begin
config.vm.network "forwarded_port", guest: 3, host: 3
=end
Vagrant.configure("2") do |config|
  config.vm.network "forwarded_port", guest: 80, host: 8080
  config.vm.network :forwarded_port, guest: 443, host: 8443, host_ip: "127.0.0.1"
  config.vm.network("forwarded_port", :guest => 5432, :host => 5432,
                    "host_ip" => '10.0.0.5')
  config.vm.network "forwarded_port",
    guest: 3000,
    host: 3000 # the app
  web.vm.network "forwarded_port", guest: 22, host: ssh_port, id: "ssh", host_ip: ip
  config.vm.network "private_network", ip: "192.168.33.10"
  config.vm.network "forwarded_port", guest: 22, host: 2222, id: "ssh", disabled: true
  config.vm.provision "shell", inline: "echo \\"#not a comment\\" ; echo 'x#y'"
end
Vagrant::Config.run do |config|
  config.vm.forward_port 80, 4567
  config.vm.forward_port 80
end
config.vm.network "forwarded_port", guest: 9, host: 9,
"""


def test_vagrantfile(tmp_path: Path) -> None:
    findings = lint_path(write(tmp_path, "Vagrantfile", VAGRANTFILE))
    assert [(f.line, f.column, f.verdict.exposure, f.verdict.ports) for f in findings] == [
        (9, 3, ALL, (8080,)),
        (10, 3, LOOP, (8443,)),
        (11, 3, SPECIFIC, (5432,)),
        (13, 3, ALL, (3000,)),
        (16, 3, DEPENDS, ()),
        (22, 3, ALL, (4567,)),
        (23, 3, ALL, ()),
        (25, 1, ALL, (9,)),
    ]
    assert findings[0].verdict.message.startswith("no host_ip: Vagrant forwards the port")
    assert check_setting("vagrant-host_ip", "0.0.0.0").exposure == ALL
    # a statement the file ends in the middle of
    end = write(tmp_path, "other/Vagrantfile", 'config.vm.network "forwarded_port", host: 80,')
    assert [f.line for f in lint_path(end)] == [1]


# -- Terraform -----------------------------------------------------------------------------

TERRAFORM = """\
provider "docker" {
  host = "ssh://deploy@203.0.113.7"
}
resource "docker_container" "web" {
  image = "nginx"
  ports {
    internal = 80
    external = 8080
  }
  ports {
    internal = 443
    external = var.https_port
    ip       = "127.0.0.1"
  }
  ports { internal = 9000 }
  upload {
    content = <<EOF
}
EOF
  }
  labels = jsonencode({
    a = "}"
  })
}
resource "docker_container" "db" {
  ports {
    internal = 5432
    ip       = var.bind_ip
  }
}
resource "kubernetes_service_v1" "lb" {
  spec {
    type = "LoadBalancer"
    port {
      port = 80
    }
  }
}
resource "kubernetes_service" "internal" {
  spec {
    type = "ClusterIP"
  }
}
resource "kubernetes_deployment" "app" {
  spec {
    template {
      spec {
        host_network = true
        container {
          port {
            container_port = 80
            host_port      = 8080
          }
          port {
            container_port = 81
            host_port      = var.port
          }
        }
      }
    }
  }
}
resource "kubernetes_daemonset" "agent" {
  spec {
    template {
      spec {
        container {
          port {
            container_port = 9100
            host_port      = 9100
            host_ip        = "127.0.0.1"
          }
          port {
            name = "no-container-port"
          }
        }
      }
    }
  }
}
resource "aws_instance" "vm" {
  private_ip = "10.0.0.1"
  user_data = base64encode(<<-EOF
    {
    }
    }
  EOF
  )
  tags = merge(var.tags, {
    Name = "vm"
  })
}
/*
resource "docker_container" "old" {
  ports {
    internal = 1
*/
/* one line */
resource "null_resource" "x" {}
resource "docker_container" {
  odd = 1
}
resource "docker_container" "attribute" {
  ports = 5
}
resource "kubernetes_pod" "two" {
  spec {
    container {
      port {
        container_port = 80
        host_port      = 80
      }
    }
    container {
      name = "b"
    }
  }
}
"""


def test_terraform(tmp_path: Path) -> None:
    findings = lint_path(write(tmp_path, "main.tf", TERRAFORM))
    assert [(f.line, f.dotted_path, f.verdict.exposure) for f in findings] == [
        (6, "resource.docker_container.web.ports.0", ALL),
        (10, "resource.docker_container.web.ports.1", LOOP),
        (15, "resource.docker_container.web.ports.2", ALL),
        (26, "resource.docker_container.db.ports", DEPENDS),
        (33, "resource.kubernetes_service_v1.lb.spec.type", ALL),
        (48, "resource.kubernetes_deployment.app.spec.template.spec.host_network", DEPENDS),
        (50, "resource.kubernetes_deployment.app.spec.template.spec.container.port.0", ALL),
        (68, "resource.kubernetes_daemonset.agent.spec.template.spec.container.port.0", LOOP),
        (109, "resource.kubernetes_pod.two.spec.container.0.port", ALL),
    ]
    assert findings[0].verdict.message.startswith("no ip: the provider publishes it")
    assert findings[0].verdict.ports == (8080,)
    assert lint_path(write(tmp_path, "vars.tf", 'variable "x" {\n  default = 1\n}\n')) == []
    assert lint_path(write(tmp_path, "odd.tf", 'resource = 1\nresource "a" "b" = 2\n')) == []


# -- Nomad ---------------------------------------------------------------------------------

NOMAD = """\
job "web" {
  group "frontend" {
    network {
      port "http" {
        static = 8080
        to     = 80
      }
      port "metrics" {}
      port "admin" { to = 9000 }
      port "private" {
        host_network = "tailscale"
      }
    }
    task "nginx" {
      driver = "docker"
      config {
        image = "nginx"
        ports = ["http", "admin", "private"]
      }
    }
    task "sidecar" {
      driver = "exec"
      config {
        command = "agent"
        ports   = ["metrics"]
      }
    }
    task "cache" {
      driver = "raw_exec"
      config {
        command = "redis-server"
        args    = ["--port", "${NOMAD_PORT_cache}", 6379]
      }
    }
    task "odd" {
      driver = "exec"
      config {
        command = ["x"]
      }
    }
  }
  group "proxy" {
    network {
      mode = "bridge"
      port "https" {
        static = 443
      }
    }
    task "envoy" {
      driver = "podman"
      config {
        network_mode = "host"
        ports        = ["https"]
      }
    }
  }
  group "legacy" {
    task "redis" {
      driver = "docker"
      config {
        image = "redis"
        port_map {
          db = 6379
        }
      }
      resources {
        network {
          port "db" {}
        }
      }
    }
  }
  group "odd" {
    network = "none"
    task "t" {
      driver = "docker"
      config = "x"
    }
  }
}
"""


def test_nomad_jobs(tmp_path: Path) -> None:
    findings = lint_path(write(tmp_path, "web.nomad", NOMAD))
    assert [(f.line, f.dotted_path, f.verdict.exposure, f.verdict.ports) for f in findings] == [
        (4, "job.web.group.frontend.network.port.http", SPECIFIC, (8080,)),
        (9, "job.web.group.frontend.network.port.admin", SPECIFIC, ()),
        (31, "job.web.group.frontend.task.cache.config.command", ALL, ()),  # on the client
        (45, "job.web.group.proxy.network.port.https", SPECIFIC, (443,)),
        (68, "job.web.group.legacy.task.redis.resources.network.port.db", SPECIFIC, ()),
    ]
    assert "the client's address" in findings[0].verdict.message
    odd = 'job "a" {\n  group "b" {\n    task {\n      driver = "docker"\n    }\n  }\n}\n'
    assert lint_path(write(tmp_path, "odd.nomad", odd)) == []
    # a Nomad job's other blocks are not read as binds (a service's address is advertised)
    service = 'job "a" {\n  group "b" {\n    service {\n      address = "0.0.0.0"\n    }\n  }\n}\n'
    assert lint_path(write(tmp_path, "svc.nomad.hcl", service)) == []


def test_hcl_blocks_on_one_line_and_merged(tmp_path: Path) -> None:
    text = (
        'addresses { http = "0.0.0.0" }\naddresses {}\nports {\n  http = 1\n}\nports {\n}\n'
        "words that are no attribute\n"
    )
    assert found(write(tmp_path, "consul.hcl", text)) == [(1, "addresses.http", ALL)]


def test_chart_values_written_as_text(tmp_path: Path) -> None:
    helmchart = (
        "apiVersion: helm.cattle.io/v1\n"
        "kind: HelmChart\n"
        "spec:\n"
        "  chart: ingress-nginx\n"
        "  valuesContent: |-\n"
        "    controller:\n"
        "      hostNetwork: true\n"
        "      service:\n"
        "        type: LoadBalancer\n"
        "    ingress:\n"
        "      host: example.com\n"
        "---\n"
        "kind: Application\n"
        "spec:\n"
        "  sources:\n"
        "    - helm:\n"
        '        values: "service:\\n  type: NodePort\\n"\n'
        "    - helm:\n"
        "        values: 'a: [unclosed'\n"
        "  valuesContent: 7\n"
    )
    assert [
        (f.line, f.column, f.dotted_path) for f in lint_path(write(tmp_path, "a.yaml", helmchart))
    ] == [
        (7, 20, "spec.valuesContent.controller.hostNetwork"),
        (9, 15, "spec.valuesContent.controller.service.type"),
        (17, 17, "spec.sources.0.helm.values.service.type"),
    ]


def test_helm_set_host_network() -> None:
    words = ["helm", "upgrade", "--install", "ingress", "chart", "--set",
             "controller.hostNetwork=true,controller.serviceType=LoadBalancer",
             "--set", "controller.hostNetwork=false"]  # fmt: skip
    found = [(s.syntax, s.value, s.verdict.exposure) for s in read_command(words)]
    assert found == [
        ("kubernetes-container", "controller.hostNetwork=true", DEPENDS),
        ("kubernetes-service", "controller.serviceType=LoadBalancer", ALL),
    ]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("kubectl expose deployment web --port=80 --type=NodePort", ["--type=NodePort"]),
        ("kubectl expose svc web --type LoadBalancer --port 80", ["LoadBalancer"]),
        ("kubectl expose deployment web --type=ClusterIP", []),
        (
            'kubectl -n mon patch svc grafana -p \'{"spec": {"type": "NodePort"}}\'',
            ['{"spec": {"type": "NodePort"}}'],
        ),
        (
            (
                "kubectl patch service/qserv --type=json --patch="
                '\'[{"op":"replace","path":"/spec/type","value":"LoadBalancer"}]\''
            ),
            ['[{"op":"replace","path":"/spec/type","value":"LoadBalancer"}]'],
        ),
        ('kubectl patch svc web -p \'{"spec": {"ports": [{"nodePort": 30080}]}}\'', []),
        ('kubectl patch svc web -p \'{"spec": {"type": "ClusterIP"}}\'', []),
        ('kubectl patch deployment web -p \'{"spec": {"type": "NodePort"}}\'', []),
        ("kubectl patch svc web -p 'NodePort is my type'", []),
        ("kubectl create service nodeport web --tcp=80:8080", ["nodeport"]),
        ("kubectl create service clusterip web --tcp=80:8080", []),
        ("kubectl create service", []),
        ("kubectl port-forward svc/web 8080:80 --address 0.0.0.0", ["0.0.0.0"]),
    ],
)
def test_kubectl_makes_a_service_public(line: str, expected: list[str]) -> None:
    assert [s.value for s in read_command(shlex.split(line))] == expected
