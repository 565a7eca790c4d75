"""Servers' own configuration files: Java properties (Spring Boot, Kafka, ZooKeeper,
Minecraft), mosquitto, RabbitMQ, php-fpm, memcached, supervisord, Puma, Tomcat's
``server.xml``, ASP.NET Core's settings, etcd, Nomad agents and uWSGI placeholders.

Each case is written for this suite in the shape these servers' own files take; the
finding must be on the line a reviewer looks at, with the server's default applied where
the file leaves the address out.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from loopback.lint import file_kind, lint_path
from loopback.lint._properties import dotted, properties, read_properties, spring_settings
from loopback.lint._service_conf import (
    read_memcached,
    read_mosquitto,
    read_php_fpm,
    read_puma,
    read_rabbitmq,
    read_supervisord,
)
from loopback.lint._xml_conf import read_clickhouse, read_tomcat

Row = tuple[int, str, str]


def rows(findings: list) -> list[Row]:  # type: ignore[type-arg]
    return [(f.line or 0, str(f.value), f.verdict.exposure) for f in findings]


def linted(tmp_path: Path, name: str, text: str) -> list[Row]:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return rows(lint_path(path))


# -- file kinds: by name, by folder, by content --------------------------------------


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("src/main/resources/application.properties", "properties"),
        ("config/server.properties", "properties"),
        ("conf/zoo.cfg", "properties"),
        ("conf/zoo_sample.cfg", "properties"),
        ("zoo1.cfg", "properties"),
        ("conf/server.xml", "tomcat"),
        ("mosquitto.conf", "mosquitto"),
        ("mosquitto/config/conf.d/default.conf", "mosquitto"),
        ("rabbitmq.conf", "rabbitmq"),
        ("etc/rabbitmq/conf.d/10-defaults.conf", "rabbitmq"),
        ("rabbitmq-env.conf", None),  # shell variables, not rabbitmq.conf's keys
        ("php-fpm.conf", "php-fpm"),
        ("php-fpm.d/zz-docker.conf", "php-fpm"),
        ("php/8.2/fpm/pool.d/www.conf", "php-fpm"),
        ("memcached.conf", "memcached"),
        ("supervisord.conf", "supervisord"),
        ("etc/supervisor/conf.d/app.conf", "supervisord"),
        ("config/puma.rb", "puma"),
        ("config/puma/production.rb", "puma"),
        ("lib/tasks/puma.rake", None),
        ("mongod.cfg", "yaml"),
        ("etc/nginx/conf.d/site.conf", "nginx"),  # conf.d alone is still nginx's
        ("haproxy.cfg", "haproxy"),
        ("setup.cfg", None),
    ],
)
def test_file_kinds_by_name(name: str, kind: str | None) -> None:
    assert file_kind(name) == kind


def test_conf_files_of_no_kind_are_told_by_their_content(tmp_path: Path) -> None:
    # a php-fpm pool named for its pool, a mosquitto file and supervisord's, by what only
    # they hold; an nginx site named www.conf stays nginx
    pool = "[www]\nuser = www-data\nlisten = 9000\npm = dynamic\n"
    assert linted(tmp_path, "a/www.conf", pool) == [(3, "9000", "all_interfaces")]
    mqtt = "persistence true\nlistener 1883\nallow_anonymous false\n"
    assert linted(tmp_path, "b/broker.conf", mqtt) == [(2, "1883", "all_interfaces")]
    supervisor = "[supervisord]\nnodaemon=false\n\n[inet_http_server]\nport=:9001\n"
    assert linted(tmp_path, "c/services.conf", supervisor) == [(5, ":9001", "all_interfaces")]
    site = "server {\n    listen 80;\n}\n"
    assert linted(tmp_path, "d/www.conf", site) == [(2, "80", "all_interfaces")]


# -- Java properties -------------------------------------------------------------------


def test_properties_are_read_as_java_reads_them() -> None:
    text = (
        "# comment\n! also a comment\n\n  key1 = value\\\n     continued\n"
        "key\\ with\\ spaces:v\nunicode=\\u0041\\tB\\\\\nbad=\\u00zz\nlast\\\\\n"
        "colon:  x\nspace   y\nempty\nend=\\"
    )
    found = {key: value for key, (_, value) in properties(text).items()}
    assert found == {
        "key1": "valuecontinued",
        "key with spaces": "v",
        "unicode": "A\tB\\",
        "bad": "u00zz",
        "last\\": "",
        "colon": "x",
        "space": "y",
        "empty": "",
        "end": "",
    }
    # a value whose line is continued at the end of the file
    assert properties("a=b\\\n") == {"a": (2, "b")}


def test_spring_boot_binds_every_interface_unless_server_address_says(tmp_path: Path) -> None:
    name = "src/main/resources/application.properties"
    assert linted(tmp_path, name, "spring.application.name=demo\nserver.port=8081\n") == [
        (2, "8081", "all_interfaces")
    ]
    both = "server.port=8080\nserver.address=127.0.0.1\n"
    assert linted(tmp_path, "a/application-prod.properties", both) == [(2, "127.0.0.1", "loopback")]
    # no server key: the file does not say where a server listens, if there is one
    assert linted(tmp_path, "b/application.properties", "spring.application.name=x\n") == []
    off = "server.port=-1\nmanagement.server.port=9001\n"
    assert linted(tmp_path, "c/bootstrap.properties", off) == [
        (1, "-1", "not_network"),
        (2, "9001", "all_interfaces"),
    ]
    # another name: read as Spring when it holds Spring's keys
    assert linted(tmp_path, "d/app.properties", "spring.main.banner-mode=off\nserver.port=0\n") == [
        (2, "0", "all_interfaces")
    ]
    assert linted(tmp_path, "e/app.properties", "server.port=8080\n") == []


def test_spring_settings_as_a_table() -> None:
    found = spring_settings(
        {"spring.rsocket.server.port": "7000", "management.server.address": "0.0.0.0"}
    )
    assert [(key, verdict.exposure) for key, _, _, verdict in found] == [
        ("management.server.address", "all_interfaces"),
        ("spring.rsocket.server.port", "all_interfaces"),
    ]
    assert spring_settings({"server.port": "${PORT:8080}"})[0][3].ports == ()


def test_spring_boot_yaml(tmp_path: Path) -> None:
    yml = "spring:\n  application:\n    name: eureka\nserver:\n  port: 8761\n"
    assert linted(tmp_path, "src/main/resources/application.yml", yml) == [
        (5, "8761", "all_interfaces")
    ]
    # server.address is judged once (lint_mapping's "address" key finds it)
    both = "server:\n  address: 127.0.0.1\n  port: 8080\n"
    assert linted(tmp_path, "a/application-dev.yaml", both) == [(2, "127.0.0.1", "loopback")]
    flat = "server.port: 9000\n---\nspring:\n  rsocket:\n    server:\n      port: 7000\n"
    assert linted(tmp_path, "b/bootstrap.yml", flat) == [
        (1, "9000", "all_interfaces"),
        (6, "7000", "all_interfaces"),
    ]
    assert linted(tmp_path, "c/values.yml", "server:\n  port: 8080\n") == []


def test_quarkus_binds_every_interface_in_prod_mode(tmp_path: Path) -> None:
    name = "src/main/resources/application.properties"
    text = (
        "quarkus.application.name=orders\n"
        "quarkus.http.port=8081\n"
        "%dev.quarkus.http.port=8082\n"  # localhost in dev mode: no finding
        "%test.quarkus.http.port=8083\n"
    )
    assert linted(tmp_path, name, text) == [(2, "8081", "all_interfaces")]
    # an address of the prod profile is the one the port binds in prod mode
    prod = "quarkus.http.port=8080\n%prod.quarkus.http.host=127.0.0.1\n"
    assert linted(tmp_path, "a/application.properties", prod) == [(2, "127.0.0.1", "loopback")]
    # binding every interface in dev mode, said outright: other machines reach it
    dev = "%dev.quarkus.http.host=0.0.0.0\n"
    assert linted(tmp_path, "b/application.properties", dev) == [(1, "0.0.0.0", "all_interfaces")]
    yml = "quarkus:\n  http:\n    port: 9000\n'%dev':\n  quarkus:\n    http:\n      port: 9001\n"
    assert linted(tmp_path, "c/application.yaml", yml) == [(3, "9000", "all_interfaces")]
    # another name: read when it holds Quarkus's keys
    assert linted(tmp_path, "d/app.properties", "%prod.quarkus.http.port=80\n") == [
        (1, "80", "all_interfaces")
    ]


def test_micronaut_binds_every_interface_without_a_host(tmp_path: Path) -> None:
    yml = "micronaut:\n  application:\n    name: api\n  server:\n    port: -1\n"
    # -1 is a random port for Micronaut (it turns Spring Boot's server off)
    assert linted(tmp_path, "src/main/resources/application.yml", yml) == [
        (5, "-1", "all_interfaces")
    ]
    text = "micronaut.server.port=8080\nmicronaut.server.host=localhost\n"
    assert linted(tmp_path, "a/application.properties", text) == [(2, "localhost", "loopback")]


def test_dotted_keys_of_a_parsed_document() -> None:
    assert dotted({"a": {"b": [1, 2], "c": True, 3: "x"}, "d": 4}) == {"d": (("d",), "4")}
    assert dotted("scalar") == {}


def test_kafka_listeners_and_the_brokers_default(tmp_path: Path) -> None:
    broker = (
        "broker.id=0\nlisteners=PLAINTEXT://:9092\nadvertised.listeners=PLAINTEXT://host:9092\n"
    )
    assert linted(tmp_path, "config/server.properties", broker) == [
        (2, "PLAINTEXT://:9092", "all_interfaces")
    ]
    local = "node.id=1\nprocess.roles=broker\nlisteners=PLAINTEXT://127.0.0.1:9092\n"
    assert linted(tmp_path, "a/server.properties", local) == [
        (3, "PLAINTEXT://127.0.0.1:9092", "loopback")
    ]
    default = "# broker\nbroker.id=0\n#listeners=PLAINTEXT://:9092\nlog.dirs=/tmp/kafka\n"
    assert linted(tmp_path, "b/server.properties", default) == [(1, "", "all_interfaces")]
    assert linted(tmp_path, "c/server.properties", "listeners=\n") == [(1, "", "invalid")]
    client = "bootstrap.servers=localhost:9092\n"
    assert linted(tmp_path, "d/producer.properties", client) == []


def test_zookeeper_client_port(tmp_path: Path) -> None:
    zoo = "tickTime=2000\ndataDir=/data\nclientPort=2181\nserver.1=zk1:2888:3888\n"
    assert linted(tmp_path, "conf/zoo.cfg", zoo) == [(3, "2181", "all_interfaces")]
    narrowed = "clientPort=2181\nclientPortAddress=127.0.0.1\nsecureClientPort=2281\n"
    assert linted(tmp_path, "config/zookeeper.properties", narrowed) == [
        (2, "127.0.0.1", "loopback"),
        (3, "2281", "all_interfaces"),
    ]


def test_a_minecraft_server(tmp_path: Path) -> None:
    server = "motd=A server\nserver-ip=\nserver-port=25565\nenable-rcon=true\nrcon.port=25575\n"
    assert linted(tmp_path, "server.properties", server) == [
        (2, "", "all_interfaces"),
        (5, "", "all_interfaces"),
    ]
    bound = "server-ip=192.168.1.20\nserver-port=25565\nenable-rcon=false\nrcon.port=25575\n"
    assert linted(tmp_path, "a/server.properties", bound) == [
        (1, "192.168.1.20", "specific_address")
    ]
    assert linted(tmp_path, "b/server.properties", "level-name=world\nserver-port=25565\n") == [
        (2, "", "all_interfaces")
    ]
    found = read_properties("server.properties", "motd=x\n")
    assert [(f.line, f.verdict.exposure) for f in found] == [(1, "all_interfaces")]


# -- mosquitto, RabbitMQ, php-fpm, memcached, supervisord, Puma ---------------------------


def test_mosquitto_listeners_and_its_local_only_default() -> None:
    text = (
        "# listener 1 ignored\npersistence true\nlistener 1883\nprotocol mqtt\n\n"
        "listener 8883 127.0.0.1 # tls\nlistener\nlistener 9001 0.0.0.0\n"
    )
    assert rows(read_mosquitto("m.conf", text)) == [
        (3, "1883", "all_interfaces"),
        (6, "8883 127.0.0.1", "loopback"),
        (8, "9001 0.0.0.0", "all_interfaces"),
    ]
    # mosquitto 2.0 without a listener listens on loopback only: nothing to report
    assert read_mosquitto("m.conf", "allow_anonymous true\npersistence true\n") == []
    # the default listener of mosquitto 1.x: port, narrowed by bind_address
    assert rows(read_mosquitto("m.conf", "port 1883\n")) == [(1, "1883", "all_interfaces")]
    assert rows(read_mosquitto("m.conf", "bind_address localhost\nport 1883\n")) == [
        (2, "1883 localhost", "loopback")
    ]


def test_rabbitmq_listeners_and_its_default() -> None:
    text = (
        "listeners.tcp.local = 127.0.0.1:5672\nlisteners.ssl.default = 5671\n"
        "management.tcp.port = 15672\nmanagement.tcp.ip = 127.0.0.1\n"
        "prometheus.tcp.port = 15692\nstomp.listeners.tcp.1 = 61613\n# listeners.tcp.x = 1\n"
    )
    assert rows(read_rabbitmq("rabbitmq.conf", text)) == [
        (1, "127.0.0.1:5672", "loopback"),
        (2, "5671", "all_interfaces"),
        (4, "127.0.0.1:15672", "loopback"),
        (5, "15692", "all_interfaces"),
        (6, "61613", "all_interfaces"),
    ]
    # no listeners.tcp key: 5672 on every interface, reported at the top of the file
    assert rows(read_rabbitmq("rabbitmq.conf", "loopback_users.guest = false\n")) == [
        (1, "", "all_interfaces")
    ]
    off = "listeners.tcp = none\nlisteners.ssl.default = 5671\n"
    assert rows(read_rabbitmq("rabbitmq.conf", off)) == [
        (1, "none", "not_network"),
        (2, "5671", "all_interfaces"),
    ]


def test_php_fpm_pools() -> None:
    text = "[www]\n; listen = 9000\nlisten = '/run/php/fpm.sock'\n[api]\nlisten = 127.0.0.1:9001\n"
    assert rows(read_php_fpm("www.conf", text)) == [
        (3, "/run/php/fpm.sock", "not_network"),
        (5, "127.0.0.1:9001", "loopback"),
    ]


def test_memcached_option_files() -> None:
    debian = "# memcached\n-d\n-m 64\n-p 11211\n-l 127.0.0.1\n--listen=::1\n"
    assert rows(read_memcached("memcached.conf", debian)) == [
        (5, "127.0.0.1", "loopback"),
        (6, "::1", "loopback"),
    ]
    assert rows(read_memcached("memcached.conf", "-d\n-p 11211\n")) == [(1, "", "all_interfaces")]
    # a list of servers for clients is not memcached's own options
    assert read_memcached("memcached.conf", "10.0.2.114\n2378\n") == []


def test_supervisord_inet_http_server() -> None:
    text = (
        "[unix_http_server]\nfile=/tmp/supervisor.sock\nport=9999\n\n"
        "[inet_http_server]  ; web UI\nport=127.0.0.1:9001 ; local\nusername=u\n"
        "[supervisorctl]\nserverurl=http://127.0.0.1:9001\n"
    )
    assert rows(read_supervisord("supervisord.conf", text)) == [(6, "127.0.0.1:9001", "loopback")]
    assert rows(read_supervisord("s.conf", "[inet_http_server]\nport = *:9001\n")) == [
        (2, "*:9001", "all_interfaces")
    ]


#: A host's supervisord: programs it runs, the way a systemd unit's ExecStart is read.
_SUPERVISOR_PROGRAMS = (
    "[supervisord]\nlogfile=/var/log/supervisor/supervisord.log\n\n"
    "[program:web]\n"
    "command=/srv/venv/bin/gunicorn app.wsgi -w 4 --bind 0.0.0.0:8%(process_num)03d  ; one each\n"
    "process_name=%(program_name)s_%(process_num)02d\n"
    "[program:api]\ncommand = uvicorn api:app --host %(ENV_API_HOST)s --port 9000\n"
    "[program:cache]\ncommand=redis-server --bind 127.0.0.1 --port 6379\n"
    "[program:worker]\ncommand=celery -A proj worker --loglevel=%%(levelname)s\n"
    "[program:sh]\ncommand=bash -c 'exec python -m http.server 8080'\n"
)


def test_supervisord_programs_run_on_the_host() -> None:
    findings = read_supervisord("supervisord.conf", _SUPERVISOR_PROGRAMS)
    assert rows(findings) == [
        (5, "0.0.0.0:80", "all_interfaces"),
        (8, "${API_HOST}", "depends"),
        (10, "127.0.0.1", "loopback"),
        (14, "::", "all_interfaces"),
    ]
    assert findings[0].path == ("program:web", "command", "gunicorn")
    assert findings[0].column == 53


def test_supervisord_in_the_foreground_runs_in_a_container() -> None:
    # nodaemon=true is how a container runs supervisord: binding every interface there
    # makes a port publishable, it exposes nothing by itself
    text = _SUPERVISOR_PROGRAMS + "[supervisord]\nnodaemon = true\n"
    assert [row[2] for row in rows(read_supervisord("supervisord.conf", text))] == [
        "not_published",
        "depends",
        "loopback",
        "not_published",
    ]
    off = text.replace("nodaemon = true", "nodaemon=off")
    assert rows(read_supervisord("s.conf", off))[0][2] == "all_interfaces"


def test_puma_port_and_bind() -> None:
    text = (
        "threads 1, 5\n"
        "port ENV.fetch('PORT') { 3000 }\n"
        "port 9292, '127.0.0.1'\n"
        'port ENV.fetch("PORT", "3000")\n'
        "port = ENV['PORT'] || 5000\n"
        'bind "tcp://0.0.0.0:#{port}?backlog=#{backlog}"\n'
        "bind 'unix:///tmp/puma.sock'\n"
        'bind "tcp://#{host}:3000"\n'
        "ssl_bind '127.0.0.1', '9443', { key: 'k' }\n"
        "# port 80\n"
    )
    assert rows(read_puma("puma.rb", text)) == [
        (2, "", "all_interfaces"),
        (3, "127.0.0.1", "loopback"),
        (4, "", "all_interfaces"),
        (6, "tcp://0.0.0.0", "all_interfaces"),
        (7, "unix:///tmp/puma.sock", "not_network"),
        (9, "127.0.0.1", "loopback"),
    ]


# -- Tomcat, ASP.NET Core, etcd, Nomad, uWSGI ----------------------------------------------


def test_tomcat_connectors() -> None:
    text = (
        '<Server port="8005" shutdown="SHUTDOWN">\n'
        '  <!-- <Connector port="8009" protocol="AJP/1.3" address="0.0.0.0" /> -->\n'
        '  <Service name="Catalina">\n'
        '    <Connector port="8080" protocol="HTTP/1.1"\n'
        '               connectionTimeout="20000" />\n'
        "    <Connector port='8443' address='127.0.0.1' SSLEnabled='true' />\n"
        '    <Connector protocol="AJP/1.3" port="8009" redirectPort="8443" />\n'
        '    <Connector executor="pool" />\n'
        "  </Service>\n</Server>\n"
    )
    found = read_tomcat("server.xml", text)
    assert rows(found) == [
        (4, "", "all_interfaces"),
        (6, "127.0.0.1", "loopback"),
        (7, "", "loopback"),  # AJP: loopback since Tomcat 9.0.31
        (8, "", "all_interfaces"),
    ]
    assert [f.verdict.ports for f in found] == [(8080,), (8443,), (8009,), ()]
    # a comment that never closes hides the rest of the file, as XML parsers stop there
    assert rows(
        read_tomcat("server.xml", '<Connector port="80"/>\n<!-- <Connector port="81"/>')
    ) == [(1, "", "all_interfaces")]


def test_aspnet_core_urls(tmp_path: Path) -> None:
    settings = (
        '{\n  "Logging": {"LogLevel": {"Default": "Warning"}},\n'
        '  "urls": "http://*:5000",\n'
        '  "Kestrel": {\n    "endpoints": {\n'
        '      "Http": {"Url": "http://0.0.0.0:8080"},\n'
        '      "Https": {"url": "https://localhost:8443", "Certificate": {}},\n'
        '      "Named": {"Protocols": "Http2"},\n      "Odd": 3\n'
        "    }\n  }\n}\n"
    )
    assert linted(tmp_path, "appsettings.Production.json", settings) == [
        (3, "http://*:5000", "all_interfaces"),
        (6, "http://0.0.0.0:8080", "all_interfaces"),
        (7, "https://localhost:8443", "loopback"),
    ]
    launch = (
        '{\n  "iisSettings": {"iisExpress": {"applicationUrl": "http://localhost:56034"}},\n'
        '  "profiles": {\n'
        '    "http": {"commandName": "Project", "applicationUrl": "http://0.0.0.0:5084"},\n'
        '    "https": {"applicationUrl": "https://localhost:7044;http://localhost:5144"},\n'
        '    "IIS Express": {"commandName": "IISExpress"},\n'
        '    "Odd": {"applicationUrl": 3}\n  }\n}\n'
    )
    assert linted(tmp_path, "Properties/launchSettings.json", launch) == [
        (4, "http://0.0.0.0:5084", "all_interfaces"),
        (5, "https://localhost:7044;http://localhost:5144", "loopback"),
    ]
    assert linted(tmp_path, "a/appsettings.json", '{"Kestrel": {"Endpoints": []}}') == []
    assert linted(tmp_path, "b/appsettings.json", '["not", "an", "object"]') == []
    assert linted(tmp_path, "c/launchSettings.json", '{"profiles": []}') == []
    assert linted(tmp_path, "d/config.json", '{"urls": "http://*:5000"}') == []


def test_etcd_listen_urls(tmp_path: Path) -> None:
    text = (
        "name: etcd0\nlisten-peer-urls: http://10.0.0.21:2380\n"
        "listen-client-urls: http://localhost:2379,http://0.0.0.0:2379\n"
        "advertise-client-urls: http://10.0.0.21:2379\n"
    )
    assert linted(tmp_path, "etcd.conf.yml", text) == [
        (2, "http://10.0.0.21:2380", "specific_address"),
        (3, "http://localhost:2379,http://0.0.0.0:2379", "all_interfaces"),
    ]


def test_a_nomad_agent_without_bind_addr(tmp_path: Path) -> None:
    agent = 'data_dir = "/opt/nomad"\n\nserver {\n  enabled = true\n}\n'
    assert linted(tmp_path, "nomad.hcl", agent) == [(1, "", "all_interfaces")]
    client = 'client {\n  enabled = true\n}\nbind_addr = "127.0.0.1"\n'
    assert linted(tmp_path, "a/nomad.hcl", client) == [(4, "127.0.0.1", "loopback")]
    job = 'job "web" {\n  group "g" {\n  }\n}\nclient {\n}\n'
    assert linted(tmp_path, "b/web.hcl", job) == []
    consul = 'server = true\ndata_dir = "/opt/consul"\n'  # Consul: an attribute, not a block
    assert linted(tmp_path, "c/consul.hcl", consul) == []


def test_uwsgi_sockets_with_a_port_placeholder(tmp_path: Path) -> None:
    text = "[uwsgi]\nhttp-socket = :$(PORT)\nsocket = 127.0.0.1:%(port)\nhttp = :8000\n"
    assert linted(tmp_path, "uwsgi.ini", text) == [
        (2, ":$(PORT)", "all_interfaces"),
        (3, "127.0.0.1:%(port)", "loopback"),
        (4, ":8000", "all_interfaces"),
    ]


def test_a_sentinel_conf_of_another_program_is_not_redis_sentinels(tmp_path: Path) -> None:
    # masternode daemons call their settings sentinel.conf too (key=value lines)
    masternode = "# path to the node's conf\nnetwork=mainnet\ndb_name=database/sentinel.db\n"
    assert linted(tmp_path, "sentinel.conf", masternode) == []
    redis = "sentinel monitor mymaster 127.0.0.1 6379 2\n"
    assert linted(tmp_path, "a/sentinel.conf", redis) == [(1, "", "all_interfaces")]
    assert linted(tmp_path, "b/sentinel.conf", "port 26379\nbind 127.0.0.1\n") == [
        (2, "127.0.0.1", "loopback")
    ]


def test_vault_cluster_address(tmp_path: Path) -> None:
    text = (
        'listener "tcp" {\n  address         = "127.0.0.1:8200"\n'
        '  cluster_address = "0.0.0.0:8201"\n}\n'
    )
    assert linted(tmp_path, "vault.hcl", text) == [
        (2, "127.0.0.1:8200", "loopback"),
        (3, "0.0.0.0:8201", "all_interfaces"),
    ]


def test_couchdb_binds_every_interface_with_any(tmp_path: Path) -> None:
    text = "[couchdb]\nsingle_node = true\n\n[chttpd]\nbind_address = any\nport = 5984\n"
    assert linted(tmp_path, "local.d/docker.ini", text) == [(5, "any", "all_interfaces")]
    local = "[chttpd]\nbind_address = 127.0.0.1\n[httpd]\n;bind_address = any\n"
    assert linted(tmp_path, "a/local.ini", local) == [(2, "127.0.0.1", "loopback")]
    # elsewhere "any" is a host name (MySQL resolves it)
    assert linted(tmp_path, "b/my.cnf", "[mysqld]\nbind_address = any\n") == [(2, "any", "depends")]


def test_postgresql_snippets_in_conf_d(tmp_path: Path) -> None:
    # Debian's /etc/postgresql/16/main/conf.d/ holds postgresql.conf's overrides
    text = "listen_addresses = '*'\nport = 5432\n"
    assert linted(tmp_path, "etc/postgresql/16/main/conf.d/listen.conf", text) == [
        (1, "*", "all_interfaces")
    ]
    assert file_kind("docker/postgres/conf.d/tuning.conf") == "postgresql"
    assert linted(tmp_path, "deploy/db-listen.conf", "# db\nlisten_addresses = 'localhost'\n") == [
        (2, "localhost", "loopback")
    ]


def test_cassandra_rpc_address(tmp_path: Path) -> None:
    text = "cluster_name: 'Test'\nlisten_address: 10.0.0.5\nrpc_address: 0.0.0.0\n"
    assert linted(tmp_path, "conf/cassandra.yaml", text) == [
        (2, "10.0.0.5", "specific_address"),
        (3, "0.0.0.0", "all_interfaces"),
    ]


def test_xml_elements_are_found_in_linear_time_and_only_whole() -> None:
    # a tag or a comment that never closes ends the search: nothing after it can close
    assert read_tomcat("server.xml", '<Connector port="80"') == []
    assert read_tomcat("server.xml", "<Connector port='80'/>\n<Connector port='81'") == [
        read_tomcat("server.xml", "<Connector port='80'/>")[0]
    ]
    # an element whose name only starts with Connector is another element
    assert read_tomcat("server.xml", '<ConnectorFactory port="80"/>') == []
    assert rows(read_tomcat("server.xml", "<Connector/>")) == [(1, "", "all_interfaces")]
    text = (
        "<clickhouse>\n  <listen_host>\n    0.0.0.0\n  </listen_host>\n"
        "  <listen_host><from_env>HOST</from_env></listen_host>\n  <listen_host>::1"
    )
    assert rows(read_clickhouse("config.xml", text)) == [(3, "0.0.0.0", "all_interfaces")]
