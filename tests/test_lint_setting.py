"""check_setting: bind settings judged as each server reads them (loopback/lint/_setting.py).

Each group of cases cites the documentation it is drawn from; notes/binding.md section 4
(in the shared research) has the measured behaviour behind the traps.
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from loopback import LoopbackError
from loopback.lint import SYNTAXES, SettingError, Verdict, check_setting

ALL = "all_interfaces"
LOOP = "loopback"
SPECIFIC = "specific_address"
NOT_NET = "not_network"
NOT_PUB = "not_published"
DEPENDS = "depends"
INVALID = "invalid"

# (value, exposure, hosts, ports); hosts None means "not checked".
Case = tuple[Any, str, "tuple[str, ...] | None", "tuple[int, ...]"]

CASES: dict[str, list[Case]] = {
    # Our own syntax for hosts in configs and URLs: host, host:port, [v6]:port, :port, URLs.
    "generic": [
        ("127.0.0.1", LOOP, ("127.0.0.1",), ()),
        ("127.0.0.1:8000", LOOP, ("127.0.0.1",), (8000,)),
        ("0.0.0.0:8000", ALL, ("0.0.0.0",), (8000,)),
        ("[::1]:8080", LOOP, ("::1",), (8080,)),
        ("[::]:8080", ALL, ("::",), (8080,)),
        ("::1", LOOP, ("::1",), ()),
        (":8000", ALL, ("*",), (8000,)),
        ("8000", DEPENDS, (), (8000,)),
        ("0", ALL, ("0.0.0.0",), ()),  # a host to inet_aton, not port 0
        ("0.0.0.0:0", ALL, ("0.0.0.0",), ()),
        ("999.1.1.1", INVALID, None, ()),  # ends in a number: an address, not a name
        ("localhost:3000", LOOP, ("localhost",), (3000,)),
        ("app.localhost", LOOP, ("app.localhost",), ()),
        ("0177.0.0.1", LOOP, ("127.0.0.1",), ()),  # octal: CVE-2021-29921's spelling
        ("0x7f.1", LOOP, ("127.0.0.1",), ()),
        ("127.1", LOOP, ("127.0.0.1",), ()),
        ("2130706433", LOOP, ("127.0.0.1",), ()),
        ("::ffff:0.0.0.0", ALL, ("0.0.0.0",), ()),  # the IPv4 wildcard in disguise
        ("::ffff:127.0.0.1", LOOP, ("::ffff:127.0.0.1",), ()),
        ("0:0:0:0:0:0:0:0", ALL, ("::",), ()),
        ("10.0.0.5:80", SPECIFIC, ("10.0.0.5",), (80,)),
        ("db.internal:5432", DEPENDS, ("db.internal",), (5432,)),
        ("http://0.0.0.0:8000", ALL, ("0.0.0.0",), (8000,)),
        ("http://localhost:8000/path", LOOP, ("localhost",), (8000,)),
        ("http://[::1]:8000", LOOP, ("::1",), (8000,)),
        ("http://user@127.0.0.1/", LOOP, ("127.0.0.1",), ()),
        ("http://%31%32%37.0.0.1/", LOOP, ("127.0.0.1",), ()),  # as a browser reads it
        ("http+unix://%2Frun%2Fapp.sock", NOT_NET, None, ()),
        ("http://127.0.0.1:99999", INVALID, None, ()),
        ("http://a b", INVALID, None, ()),
        ("127.0.0.1:http", INVALID, None, ()),
        ("[::1", INVALID, None, ()),
        ("[::1]x", INVALID, None, ()),
        ("0.0.0.0\x00.example.com", INVALID, None, ()),
        ("not a host", INVALID, None, ()),
        (8000, DEPENDS, (), (8000,)),
    ],
    # https://docs.gunicorn.org/en/stable/settings.html#bind
    "gunicorn-bind": [
        ("127.0.0.1:8000", LOOP, ("127.0.0.1",), (8000,)),
        ("127.0.0.1", LOOP, ("127.0.0.1",), (8000,)),  # the port defaults to 8000
        ("0.0.0.0:8000", ALL, ("0.0.0.0",), (8000,)),
        (":8000", ALL, ("*",), (8000,)),
        ("0:8000", ALL, ("0.0.0.0",), (8000,)),
        ("[::]:8000", ALL, ("::",), (8000,)),
        ("[::1]:8000", LOOP, ("::1",), (8000,)),
        ("tcp://127.0.0.1:8000", LOOP, ("127.0.0.1",), (8000,)),
        ("unix:/tmp/gunicorn.sock", NOT_NET, ("unix:/tmp/gunicorn.sock",), ()),
        ("fd://3", DEPENDS, ("fd://3",), ()),
        ("8000", INVALID, None, ()),  # a host to gunicorn: inet_aton reads 0.0.31.64
        ("localhost:8000", LOOP, ("localhost",), (8000,)),
        ("example.com:80", DEPENDS, ("example.com",), (80,)),
        ("0", ALL, ("0.0.0.0",), (8000,)),  # a host to gunicorn: inet_aton's 0.0.0.0
        ("", ALL, ("0.0.0.0",), (8000,)),
        ("0.0.0.0:8000:x", ALL, ("0.0.0.0",), (8000,)),  # gunicorn keeps two fields
        ("0.0.0.0: 8000", ALL, ("0.0.0.0",), (8000,)),  # and reads the port with int()
        ("0.0.0.0:8_000", ALL, ("0.0.0.0",), (8000,)),
        ("0.0.0.0:0", ALL, ("0.0.0.0",), ()),  # port 0: the kernel picks
        ("::1", INVALID, None, ()),  # unbracketed: host '' and port ''
        ("LOCALHOST:8000", LOOP, ("localhost",), (8000,)),
    ],
    # https://www.uvicorn.org/settings/#socket-binding
    "uvicorn-host": [
        ("127.0.0.1", LOOP, ("127.0.0.1",), ()),
        ("0.0.0.0", ALL, ("0.0.0.0",), ()),
        ("::", ALL, ("::",), ()),
        ("::1", LOOP, ("::1",), ()),
        ("localhost", LOOP, ("localhost",), ()),
        ("192.168.1.10", SPECIFIC, ("192.168.1.10",), ()),
    ],
    # https://flask.palletsprojects.com/en/stable/api/#flask.Flask.run and Werkzeug's
    # run_simple (unix:// sockets)
    "flask-host": [
        ("127.0.0.1", LOOP, ("127.0.0.1",), ()),
        ("0.0.0.0", ALL, ("0.0.0.0",), ()),
        ("unix:///tmp/flask.sock", NOT_NET, ("unix:/tmp/flask.sock",), ()),
        ("::", ALL, ("::",), ()),
    ],
    # https://docs.djangoproject.com/en/stable/ref/django-admin/#runserver
    "django-runserver": [
        ("", LOOP, ("127.0.0.1",), (8000,)),
        ("8000", LOOP, ("127.0.0.1",), (8000,)),  # a bare number is the port
        ("0:8000", ALL, ("0.0.0.0",), (8000,)),  # "0" is runserver's 0.0.0.0
        ("0.0.0.0:8000", ALL, ("0.0.0.0",), (8000,)),
        ("[::]:8000", ALL, ("::",), (8000,)),
        ("[::1]:8000", LOOP, ("::1",), (8000,)),
        ("localhost:8000", LOOP, ("localhost",), (8000,)),
        ("::1:8000", INVALID, None, ()),  # IPv6 needs brackets
        ("127.0.0.1", INVALID, None, ()),  # no port
        ("192.0.2.1:7000", SPECIFIC, ("192.0.2.1",), (7000,)),
        (":8000", INVALID, None, ()),  # the regex needs an address before the colon
        ("[fe80::1%eth0]:8000", INVALID, None, ()),
        ("[::ffff:127.0.0.1]:8000", INVALID, None, ()),
        ("_x:8000", INVALID, None, ()),
        ("0", LOOP, ("127.0.0.1",), ()),
    ],
    # https://jupyter-server.readthedocs.io/en/latest/other/full-config.html (ServerApp.ip)
    "jupyter-ip": [
        ("localhost", LOOP, ("localhost",), ()),
        ("", ALL, ("*",), ()),
        ("*", ALL, ("*",), ()),
        ("0.0.0.0", ALL, ("0.0.0.0",), ()),
    ],
    # https://nginx.org/en/docs/http/ngx_http_core_module.html#listen
    "nginx-listen": [
        ("80", ALL, ("0.0.0.0",), (80,)),
        ("*:80", ALL, ("0.0.0.0",), (80,)),
        ("8000 default_server", ALL, ("0.0.0.0",), (8000,)),
        ("127.0.0.1:8080", LOOP, ("127.0.0.1",), (8080,)),
        ("127.0.0.1", LOOP, ("127.0.0.1",), (80,)),  # an address alone means port 80
        ("[::]:80 ipv6only=off", ALL, ("::",), (80,)),
        ("[::1]:8080", LOOP, ("::1",), (8080,)),
        ("[::1]", LOOP, ("::1",), (80,)),
        ("localhost:8000", LOOP, ("localhost",), (8000,)),
        ("unix:/var/run/nginx.sock", NOT_NET, ("unix:/var/run/nginx.sock",), ()),
        ("", INVALID, None, ()),
        (443, ALL, ("0.0.0.0",), (443,)),
        ("0177.0.0.1:80", SPECIFIC, ("177.0.0.1",), (80,)),  # ngx_inet_addr: decimal
        ("0127.0.0.1", LOOP, ("127.0.0.1",), (80,)),
        ("0x7f.1:80", LOOP, ("127.0.0.1",), (80,)),  # not a quad: getaddrinfo reads it
        ("::1", INVALID, None, ()),  # nginx splits at the first colon
        (":80", INVALID, None, ()),  # no host
        ("0", INVALID, None, ()),  # port 0
        ("127.0.0.1:0", INVALID, None, ()),
        ("[::1]x", INVALID, None, ()),
    ],
    # https://www.postgresql.org/docs/current/runtime-config-connection.html
    "postgresql-listen_addresses": [
        ("localhost", LOOP, ("localhost",), ()),
        ("'localhost'", LOOP, ("localhost",), ()),
        ("*", ALL, ("*",), ()),
        ("0.0.0.0", ALL, ("0.0.0.0",), ()),
        ("::", ALL, ("::",), ()),
        ("", NOT_NET, None, ()),  # unix-domain sockets only
        ("''", NOT_NET, None, ()),
        ("localhost, 10.0.0.5", SPECIFIC, ("localhost", "10.0.0.5"), ()),
        ("127.0.0.1,::1", LOOP, ("127.0.0.1", "::1"), ()),
        ("localhost,", INVALID, None, ()),  # SplitGUCList refuses an empty name
        ("a,,b", INVALID, None, ()),
        ('"*"', ALL, ("*",), ()),  # SplitGUCList takes a double-quoted name
        ('"0.0.0.0" , localhost', ALL, ("0.0.0.0", "localhost"), ()),
        ('"a""b"', INVALID, ('a"b',), ()),
        ('"127.0.0.1', INVALID, None, ()),  # an unclosed quote
        ('""', INVALID, None, ()),
        ("localhost 10.0.0.5", INVALID, None, ()),  # no comma between names
        (" \t", NOT_NET, None, ()),
    ],
    # https://redis.io/docs/latest/operate/oss_and_stack/management/config-file/ (bind)
    "redis-bind": [
        ("127.0.0.1 -::1", LOOP, ("127.0.0.1", "::1"), ()),
        ("* -::*", ALL, ("*", "::"), ()),
        ("0.0.0.0", ALL, ("0.0.0.0",), ()),
        ("", ALL, ("0.0.0.0", "::"), ()),  # no bind line: every interface
        ("192.168.1.100 10.0.0.1", SPECIFIC, ("192.168.1.100", "10.0.0.1"), ()),
        ("127.0.0.1 ::1", LOOP, ("127.0.0.1", "::1"), ()),
    ],
    # https://www.mongodb.com/docs/manual/reference/configuration-options/#mongodb-setting-net.bindIp
    "mongodb-bindIp": [
        ("localhost", LOOP, ("localhost",), ()),
        ("localhost,/tmp/mongod.sock", LOOP, ("localhost", "unix:/tmp/mongod.sock"), ()),
        ("::,0.0.0.0", ALL, ("::", "0.0.0.0"), ()),
        ("127.0.0.1,10.8.0.10", SPECIFIC, ("127.0.0.1", "10.8.0.10"), ()),
        ("*", ALL, ("*",), ()),
        ("My-Example-Associated-Hostname", DEPENDS, None, ()),
        ("127.0.0.1,", LOOP, ("127.0.0.1",), ()),  # mongod skips empty members
        ("", NOT_NET, None, ()),
        ("run/mongo", NOT_NET, ("unix:run/mongo",), ()),
    ],
    # https://www.elastic.co/guide/en/elasticsearch/reference/current/modules-network.html
    "elasticsearch-network.host": [
        ("_local_", LOOP, ("_local_",), ()),
        ("_local:ipv4_", LOOP, ("_local:ipv4_",), ()),
        ("_site_", SPECIFIC, ("_site_",), ()),
        ("_global_", SPECIFIC, ("_global_",), ()),
        ("_eth0_", DEPENDS, ("_eth0_",), ()),
        ("0.0.0.0", ALL, ("0.0.0.0",), ()),
        ("0", ALL, ("0.0.0.0",), ()),
        ("[_local_, _site_]", SPECIFIC, ("_local_", "_site_"), ()),
        ("192.168.1.1", SPECIFIC, ("192.168.1.1",), ()),
    ],
    # https://kubernetes.io/docs/reference/kubectl/generated/kubectl_port-forward/
    "kubectl-port-forward-address": [
        ("localhost", LOOP, ("localhost",), ()),
        ("localhost,10.19.21.23", SPECIFIC, ("localhost", "10.19.21.23"), ()),
        ("0.0.0.0", ALL, ("0.0.0.0",), ()),
        ("db.example.com", INVALID, None, ()),
        ("*", INVALID, None, ()),
        ("LOCALHOST", INVALID, None, ()),  # only the exact string localhost
        ("127.1", INVALID, None, ()),
        ("0177.0.0.1", SPECIFIC, ("177.0.0.1",), ()),  # ParseIPSloppy: decimal
        ("127.0.0.1,::1", LOOP, ("127.0.0.1", "::1"), ()),
        ("127.0.0.1, ::1", INVALID, None, ()),  # pflag trims nothing
        ("fe80::1%eth0", INVALID, None, ()),
    ],
    # A port alone binds every interface: systemd ListenStream=, serve -l, uwsgi --http,
    # Prometheus --web.listen-address, NGINX Unit's listener keys.
    "listen": [
        ("8080", ALL, ("*",), (8080,)),
        (":8080", ALL, ("*",), (8080,)),
        ("*:8080", ALL, ("*",), (8080,)),
        ("127.0.0.1:8080", LOOP, ("127.0.0.1",), (8080,)),
        ("[::1]:8080", LOOP, ("::1",), (8080,)),
        ("[::]:443", ALL, ("::",), (443,)),
        ("tcp://0.0.0.0:3000", ALL, ("0.0.0.0",), (3000,)),
        ("99999", INVALID, None, ()),
    ],
    # https://docs.haproxy.org/3.0/configuration.html#4.2-bind
    "haproxy-bind": [
        ("*:80", ALL, ("*",), (80,)),
        (":443 ssl crt /etc/ssl/site.pem", ALL, ("*",), (443,)),
        ("127.0.0.1:8404", LOOP, ("127.0.0.1",), (8404,)),
        ("10.0.0.1:80,10.0.0.2:80", SPECIFIC, ("10.0.0.1", "10.0.0.2"), (80,)),
        (":::80 v4v6", ALL, ("0.0.0.0", "::"), (80,)),
        ("[::1]:80", LOOP, ("::1",), (80,)),
        ("ipv4@127.0.0.1:9000", LOOP, ("127.0.0.1",), (9000,)),
        ("0.0.0.0:8000-8010", ALL, ("0.0.0.0",), (8000,)),
        ("unix@/run/haproxy.sock", NOT_NET, None, ()),
        ("fd@${FD_APP1}", DEPENDS, None, ()),
        ("localhost", INVALID, None, ()),  # no port
        ("", INVALID, None, ()),
    ],
    # https://httpd.apache.org/docs/2.4/mod/mpm_common.html#listen
    "apache-listen": [
        ("80", ALL, ("*",), (80,)),
        ("127.0.0.1:8080", LOOP, ("127.0.0.1",), (8080,)),
        ("[2001:db8::a00:20ff:fea7:ccea]:80", SPECIFIC, ("2001:db8::a00:20ff:fea7:ccea",), (80,)),
        ("192.170.2.1:80", SPECIFIC, ("192.170.2.1",), (80,)),
    ],
    # https://dev.mysql.com/doc/refman/8.4/en/server-system-variables.html#sysvar_bind_address
    "mysql-bind-address": [
        ("*", ALL, ("0.0.0.0", "::"), ()),
        ("0.0.0.0", ALL, ("0.0.0.0",), ()),
        ("::", ALL, ("::",), ()),
        ("127.0.0.1", LOOP, ("127.0.0.1",), ()),
        ("127.0.0.1,::1", LOOP, ("127.0.0.1", "::1"), ()),
        ("10.0.0.2/red", SPECIFIC, ("10.0.0.2",), ()),  # 8.0.22+: address/namespace
        ("localhost", LOOP, ("localhost",), ()),
    ],
    # https://developer.hashicorp.com/consul/docs/agent/config/config-files#client_addr
    "consul-addr": [
        ("0.0.0.0", ALL, ("0.0.0.0",), ()),
        ("127.0.0.1 ::1", LOOP, ("127.0.0.1", "::1"), ()),
        ('{{ GetPrivateInterfaces | exclude "type" "ipv6" | attr "address" }}', DEPENDS, None, ()),
        ("10.0.0.5", SPECIFIC, ("10.0.0.5",), ()),
        ("", INVALID, None, ()),
    ],
    # A Vagrantfile's forwarded port: without host_ip, every interface (most providers).
    "vagrant-host_ip": [
        ("", ALL, ("*",), ()),
        ("127.0.0.1", LOOP, ("127.0.0.1",), ()),
        ("0.0.0.0", ALL, ("0.0.0.0",), ()),
        ("192.168.56.1", SPECIFIC, ("192.168.56.1",), ()),
    ],
    # A host alone, as getaddrinfo takes it: uvicorn-like --host options of many servers.
    "host": [
        ("0.0.0.0", ALL, ("0.0.0.0",), ()),
        ("::", ALL, ("::",), ()),
        ("localhost", LOOP, ("localhost",), ()),
        ("", ALL, ("*",), ()),
    ],
    # https://etcd.io/docs/v3.5/op-guide/configuration/#--listen-client-urls
    "url-list": [
        ("https://0.0.0.0:2379", ALL, ("0.0.0.0",), (2379,)),
        (
            "http://localhost:2379,http://10.0.0.21:2379",
            SPECIFIC,
            ("localhost", "10.0.0.21"),
            (2379,),
        ),
        ("http://127.0.0.1:2379, ", LOOP, ("127.0.0.1",), (2379,)),
        ("unix://etcd.sock", NOT_NET, ("unix:etcd.sock",), ()),
        ("localhost:2379", INVALID, None, ()),  # no scheme
        (",", INVALID, None, ()),
    ],
    # https://kafka.apache.org/documentation/#brokerconfigs_listeners: an empty host binds
    # the wildcard address (Java's InetSocketAddress(port))
    "kafka-listeners": [
        ("PLAINTEXT://:9092,CONTROLLER://:9093", ALL, ("*",), (9092, 9093)),
        ("PLAINTEXT://localhost:9092", LOOP, ("localhost",), (9092,)),
        ("SASL_SSL://[::1]:9093", LOOP, ("::1",), (9093,)),
        ("PLAINTEXT://0.0.0.0:9092", ALL, ("0.0.0.0",), (9092,)),
        ("INTERNAL://10.0.0.5:0", SPECIFIC, ("10.0.0.5",), ()),  # port 0: a random port
        ("9092", INVALID, None, ()),
        ("PLAINTEXT://:http", INVALID, None, ()),
        ("PLAINTEXT://[::1", INVALID, None, ()),
    ],
    # https://mosquitto.org/man/mosquitto-conf-5.html (listener port [bind address/host])
    "mosquitto-listener": [
        ("1883", ALL, ("0.0.0.0", "::"), (1883,)),
        ("1883 0.0.0.0", ALL, ("0.0.0.0",), (1883,)),
        ("8883 127.0.0.1", LOOP, ("127.0.0.1",), (8883,)),
        ("0 /run/mosquitto.sock", NOT_NET, ("unix:/run/mosquitto.sock",), ()),
        ("mqtt", INVALID, None, ()),
        ("1883 a b", INVALID, None, ()),
        ("", INVALID, None, ()),
    ],
    # https://learn.microsoft.com/aspnet/core/fundamentals/servers/kestrel/endpoints:
    # "*", "+" and host names other than localhost bind every IPv4 and IPv6 address
    "aspnetcore-urls": [
        ("http://*:8080", ALL, ("*",), (8080,)),
        ("http://+:80", ALL, ("*",), (80,)),
        ("https://localhost:7044;http://localhost:5144", LOOP, ("localhost",), (7044, 5144)),
        ("http://0.0.0.0:5000", ALL, ("0.0.0.0",), (5000,)),
        ("http://[::]:80", ALL, ("::",), (80,)),
        ("http://example.com:80", ALL, ("example.com",), (80,)),
        ("http://127.0.0.1:5000/", LOOP, ("127.0.0.1",), (5000,)),
        ("http://localhost", LOOP, ("localhost",), ()),
        ("localhost:5000", INVALID, None, ()),
        ("http://*:port", INVALID, None, ()),
        (";", INVALID, None, ()),
    ],
    # https://www.php.net/manual/en/install.fpm.configuration.php#listen
    "php-fpm-listen": [
        ("9000", ALL, ("*",), (9000,)),  # all addresses (IPv6 and IPv4-mapped)
        ("127.0.0.1:9000", LOOP, ("127.0.0.1",), (9000,)),
        ("[::]:9000", ALL, ("::",), (9000,)),
        ("/run/php/php8.2-fpm.sock", NOT_NET, ("unix:/run/php/php8.2-fpm.sock",), ()),
    ],
    # https://www.rabbitmq.com/docs/networking#interfaces (listeners.tcp.1 = ::1:5672)
    "rabbitmq-listener": [
        ("5672", ALL, ("0.0.0.0", "::"), (5672,)),
        ("127.0.0.1:5672", LOOP, ("127.0.0.1",), (5672,)),
        ("::1:5672", LOOP, ("::1",), (5672,)),
        ("[::1]:5672", LOOP, ("::1",), (5672,)),
        ("192.168.1.99:5672", SPECIFIC, ("192.168.1.99",), (5672,)),
        ("localhost", INVALID, None, ()),
        ("[::1", INVALID, None, ()),
    ],
    # memcached -h: "-l, --listen=<addr> interface to listen on (default: INADDR_ANY)"
    "memcached-listen": [
        ("127.0.0.1", LOOP, ("127.0.0.1",), ()),
        ("10.0.0.35", SPECIFIC, ("10.0.0.35",), ()),
        ("127.0.0.1,::1", LOOP, ("127.0.0.1", "::1"), ()),
        ("0.0.0.0:11211", ALL, ("0.0.0.0",), (11211,)),
        ("[::1]:11211", LOOP, ("::1",), (11211,)),
        ("127.0.0.1:x", INVALID, None, ()),
        ("[::1", INVALID, None, ()),
        (":11211", INVALID, None, ()),
    ],
    # https://docs.docker.com/reference/compose-file/services/#ports and
    # https://docs.docker.com/engine/network/#published-ports
    "docker-ports": [
        ("3000", ALL, ("0.0.0.0", "::"), ()),
        ("3000-3005", ALL, ("0.0.0.0", "::"), ()),
        ("8000:8000", ALL, ("0.0.0.0", "::"), (8000,)),
        ("9090-9091:8080-8081", ALL, ("0.0.0.0", "::"), ()),
        ("49100:22", ALL, ("0.0.0.0", "::"), (49100,)),
        ("8000-9000:80", ALL, ("0.0.0.0", "::"), ()),
        ("127.0.0.1:8001:8001", LOOP, ("127.0.0.1",), (8001,)),
        ("127.0.0.1:5000-5010:5000-5010", LOOP, ("127.0.0.1",), ()),
        ("127.0.0.1::5000", LOOP, ("127.0.0.1",), ()),  # an ephemeral port on loopback
        ("6060:6060/udp", ALL, ("0.0.0.0", "::"), (6060,)),
        ("[::1]:6001:6001", LOOP, ("::1",), (6001,)),
        ("::1:6000:6000", LOOP, ("::1",), (6000,)),
        ("0.0.0.0:80:80", ALL, ("0.0.0.0",), (80,)),
        (":80:80", ALL, ("0.0.0.0", "::"), (80,)),
        ("192.168.1.5:80:80", SPECIFIC, ("192.168.1.5",), (80,)),
        ("db:80:80", INVALID, None, ()),  # Docker refuses host names
        ("80:http", INVALID, None, ()),
        ("x:80", INVALID, None, ()),
        ("[::1:80:80", INVALID, None, ()),
        ("8080:80/UDP", ALL, ("0.0.0.0", "::"), (8080,)),  # lower-cased first
        ("8080:80/icmp", INVALID, None, ()),
        ("localhost:8080:80", INVALID, None, ()),  # net.ParseIP: no names
        ("127.1:8080:80", INVALID, None, ()),
        ("fe80::1%eth0:80:80", INVALID, None, ()),
        ("9000-8000:80", INVALID, None, ()),
        ("8080:80-", INVALID, None, ()),
        (1342, ALL, ("0.0.0.0", "::"), ()),  # unquoted 22:22 in YAML 1.1
        ({"target": 80, "published": 8080, "host_ip": "127.0.0.1"}, LOOP, ("127.0.0.1",), (8080,)),
        ({"target": 80, "published": "8080"}, ALL, ("0.0.0.0", "::"), (8080,)),
        ({"target": 80, "host_ip": "0.0.0.0"}, ALL, ("0.0.0.0",), ()),
        ({"target": 80, "host_ip": "db"}, INVALID, None, ()),
        ({"published": 8080}, INVALID, None, ()),
        ({"target": 80, "published": 70000}, INVALID, None, ()),
        ({"target": 80, "published": "8080-8081"}, ALL, ("0.0.0.0", "::"), ()),
        ({"target": 80, "published": True}, INVALID, None, ()),
        ({"target": 80, "host_ip": ["127.0.0.1"]}, INVALID, None, ()),
        ({"target": 80, "host_ip": "localhost"}, INVALID, None, ()),
        ({"target": 80, "published": 10**5000}, INVALID, None, ()),
        ({"target": 80, "published": [[8080]]}, INVALID, None, ()),
    ],
    # https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#ports
    "kubernetes-container": [
        ({"ports": [{"containerPort": 80}]}, NOT_PUB, (), ()),
        ({"name": "app"}, NOT_PUB, (), ()),
        ({"ports": [{"containerPort": 80, "hostPort": 8080}]}, ALL, ("0.0.0.0",), (8080,)),
        (
            {"ports": [{"containerPort": 80, "hostPort": 8080, "hostIP": "127.0.0.1"}]},
            LOOP,
            ("127.0.0.1",),
            (8080,),
        ),
        ({"hostNetwork": True, "ports": []}, DEPENDS, ("hostNetwork",), ()),
        ({"ports": "80"}, INVALID, None, ()),
        ({"ports": [80]}, INVALID, None, ()),
        ({"ports": [{"hostPort": "8080"}]}, INVALID, None, ()),
        ({"ports": [{"hostPort": 70000}]}, INVALID, None, ()),
        ({"ports": [{"containerPort": 80, "hostPort": 0}]}, NOT_PUB, (), ()),  # 0 is unset
        ({"ports": [{"hostPort": 80, "hostIP": 127}]}, INVALID, None, ()),
    ],
    # https://kubernetes.io/docs/concepts/services-networking/service/#publishing-services-service-types
    "kubernetes-service": [
        ({"ports": [{"port": 80, "targetPort": 8080}]}, NOT_PUB, (), ()),
        ({"type": "ClusterIP", "clusterIP": "None"}, NOT_PUB, (), ()),
        (
            {"type": "NodePort", "ports": [{"port": 80, "nodePort": 30080}]},
            ALL,
            ("0.0.0.0",),
            (30080,),
        ),
        ({"type": "NodePort", "ports": [{"port": 80}]}, ALL, ("0.0.0.0",), ()),  # allocated
        ({"type": "LoadBalancer", "ports": [{"port": 443}]}, ALL, ("0.0.0.0",), ()),
        ({"type": "ExternalName", "externalName": "db.example.com"}, NOT_NET, (), ()),
        ({"externalIPs": ["10.0.0.9"], "ports": [{"port": 80}]}, SPECIFIC, ("10.0.0.9",), ()),
        ({"externalIPs": ["127.0.0.1"]}, LOOP, ("127.0.0.1",), ()),
        ({"type": "Foo"}, INVALID, None, ()),
        ({"type": 3}, INVALID, None, ()),
        ({"ports": "80"}, INVALID, None, ()),
        ({"externalIPs": [3]}, INVALID, None, ()),
        ({"type": "NodePort", "ports": [{"nodePort": "30080"}]}, INVALID, None, ()),
        ({"type": "NodePort", "ports": [{"nodePort": 70000}]}, INVALID, None, ()),
        ({"type": "NodePort", "ports": [80]}, ALL, ("0.0.0.0",), ()),
    ],
}

TABLE = [(syntax, *case) for syntax, cases in CASES.items() for case in cases]


def test_the_table_is_large_and_covers_every_syntax() -> None:
    assert len(TABLE) >= 100
    assert set(CASES) == set(SYNTAXES)


@pytest.mark.parametrize(("syntax", "value", "exposure", "hosts", "ports"), TABLE)
def test_table(syntax: str, value: Any, exposure: str, hosts: Any, ports: Any) -> None:
    verdict = check_setting(syntax, value)
    assert verdict.exposure == exposure, verdict.message
    if hosts is not None:
        assert verdict.hosts == hosts
    assert verdict.ports == ports
    assert verdict.exposed == (exposure in (ALL, SPECIFIC))
    assert verdict.message


def test_messages_say_why_and_what_to_do() -> None:
    assert check_setting("docker-ports", "8080:80").message == (
        "'8080:80' has no host IP: Docker publishes it on every interface (0.0.0.0, ::): "
        "other machines can reach it; bind 127.0.0.1 (and ::1) instead"
    )
    assert check_setting("uvicorn-host", "10.0.0.5").message == (
        "binds 10.0.0.5, an address other machines can reach; bind 127.0.0.1 (and ::1) to "
        "stay on this machine"
    )
    assert check_setting("redis-bind", "127.0.0.1 -::1").message == (
        "binds loopback only (127.0.0.1, ::1): stays on this machine"
    )
    assert check_setting("gunicorn-bind", "unix:/run/g.sock").message == (
        "a unix-domain socket (unix:/run/g.sock): not reachable over the network"
    )
    assert "gunicorn reads '8000' as a host" in check_setting("gunicorn-bind", "8000").message


@pytest.mark.parametrize(
    ("syntax", "value", "reason"),
    [
        ("lighttpd-bind", "80", "unknown syntax"),
        ("generic", {"host": "x"}, "expected a string"),
        ("generic", True, "expected a string"),
        ("generic", None, "expected a string"),
        ("docker-ports", 1.5, "expected a string, a number or a mapping"),
        ("kubernetes-container", "80", "expected a container spec mapping"),
        ("kubernetes-service", ["NodePort"], "expected a service spec mapping"),
    ],
)
def test_unjudgeable_settings_raise(syntax: str, value: Any, reason: str) -> None:
    with pytest.raises(SettingError) as info:
        check_setting(syntax, value)
    assert isinstance(info.value, LoopbackError) and isinstance(info.value, ValueError)
    assert info.value.syntax == syntax
    assert reason in info.value.reason
    assert repr(value)[:20] in str(info.value)


def test_a_non_string_syntax_raises() -> None:
    with pytest.raises(SettingError, match="unknown syntax") as info:
        check_setting(42, "80")  # type: ignore[arg-type]
    assert info.value.syntax == "42"


def test_numbers_too_long_for_str_are_judged() -> None:
    huge = 10**5000  # str() refuses it on Python 3.11+
    assert check_setting("generic", huge).exposure == INVALID
    assert check_setting("docker-ports", huge).exposure == INVALID
    with pytest.raises(SettingError) as info:
        check_setting("kubernetes-container", huge)
    assert "expected a container spec mapping" in str(info.value)


@given(syntax=st.sampled_from(SYNTAXES), text=st.text(max_size=40))
def test_any_text_is_judged_or_refused(syntax: str, text: str) -> None:
    try:
        verdict = check_setting(syntax, text)
    except SettingError:
        assert syntax in ("kubernetes-container", "kubernetes-service")  # mappings only
    else:
        assert isinstance(verdict, Verdict) and verdict.message


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=10),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)


@given(
    syntax=st.sampled_from(["docker-ports", "kubernetes-container", "kubernetes-service"]),
    value=st.dictionaries(
        st.sampled_from(
            [
                "target",
                "published",
                "host_ip",
                "ports",
                "hostNetwork",
                "x",
                "type",
                "externalIPs",
                "nodePort",
            ]
        ),
        json_values,
        max_size=4,
    ),
)
def test_any_mapping_is_judged(syntax: str, value: dict[str, Any]) -> None:
    assert isinstance(check_setting(syntax, value), Verdict)


def test_the_reference_tables_are_what_check_setting_says() -> None:
    page = Path(__file__).resolve().parent.parent / "docs" / "reference" / "lint.md"
    syntax, rows = "", 0
    for line in page.read_text(encoding="utf-8").splitlines():
        if line.startswith("### `"):
            syntax = line[5:-1]
        elif syntax and line.startswith("| `"):
            cells = [cell.strip() for cell in line.replace("\\|", "\0").strip("|").split(" | ")]
            value = ast.literal_eval(cells[0].strip("`").replace("\0", "|"))
            verdict = check_setting(syntax, value)
            assert cells[1] == f"`{verdict.exposure}`", (syntax, value)
            assert cells[2] == (", ".join(verdict.hosts) or "-"), (syntax, value)
            assert cells[3] == (", ".join(map(str, verdict.ports)) or "-"), (syntax, value)
            rows += 1
    assert rows >= 50
