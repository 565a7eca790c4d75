"""The Python APIs that bind, as tables: how each takes its host, and what it binds without one.

Read by :mod:`._python`; each row names its source. An API is known by the name called
(:data:`APIS`), or by that name and the package it comes from where the name alone is
too common (:data:`PACKAGE_APIS`); a configuration module by a word of its file's name
(:data:`CONFIG_MODULES`).
"""

from __future__ import annotations

from typing import NamedTuple

__all__ = [
    "ADDRESS",
    "APIS",
    "APPS",
    "APP_RUN",
    "ASYNCIO",
    "BOKEH",
    "CHERRYPY",
    "CONFIG_MODULES",
    "GUESSED",
    "GUESS_NOT",
    "HOST_KEYWORDS",
    "MANAGER",
    "MANAGERS",
    "NOT_SERVERS",
    "PACKAGE_APIS",
    "SUBPROCESS",
    "TORNADO",
    "Api",
]


class Api(NamedTuple):
    """How one API takes the host it binds."""

    #: The syntax the host is read with.
    syntax: str
    #: The host's position among the arguments (``None``: keyword only).
    position: int | None
    #: The host's keyword.
    keyword: str
    #: What an omitted (or ``None``) host binds; ``""``: unknown, no finding.
    default: str = ""
    #: The argument is a ``(host, port)`` address, not a host.
    address: bool = False


ADDRESS = Api("host", 0, "server_address", address=True)
#: CherryPy's ``server.socket_host`` (https://docs.cherrypy.dev/en/latest/config.html).
CHERRYPY = Api("host", None, "")
ASYNCIO = Api("host", 1, "host", "0.0.0.0")  # None: every interface (loop.create_server)

#: APIs by the name called, with their sources.
APIS: dict[str, Api] = {
    # https://docs.python.org/3/library/asyncio-eventloop.html#asyncio.loop.create_server
    "start_server": ASYNCIO,
    "create_server": ASYNCIO,  # socket.create_server((host, port)): see _api
    "create_datagram_endpoint": Api("host", None, "local_addr", address=True),
    # https://aiocoap.readthedocs.io (Context.create_server_context(site, bind=(host, port)):
    # without one, every interface)
    "create_server_context": Api("host", None, "bind", "::", address=True),
    # https://docs.python.org/3/library/socketserver.html, http.server, xmlrpc.server
    **dict.fromkeys(
        ["HTTPServer", "ThreadingHTTPServer", "TCPServer", "ThreadingTCPServer",
         "ForkingTCPServer", "UDPServer", "ThreadingUDPServer", "ForkingUDPServer",
         "SimpleXMLRPCServer", "DocXMLRPCServer", "WSGIServer"], ADDRESS),
    # https://docs.python.org/3/library/wsgiref.html#wsgiref.simple_server.make_server
    "make_server": Api("host", 0, "host"),
    # https://werkzeug.palletsprojects.com/en/stable/serving/
    "run_simple": Api("flask-host", 0, "hostname"),
    # https://docs.aiohttp.org/en/stable/web_reference.html#aiohttp.web.run_app
    "run_app": Api("host", 1, "host", "0.0.0.0"),
    "TCPSite": Api("host", 1, "host", "0.0.0.0"),
    # https://grpc.github.io/grpc/python/grpc.html#grpc.Server.add_insecure_port
    "add_insecure_port": Api("generic", 0, "address"),
    "add_secure_port": Api("generic", 0, "address"),
    # https://docs.twisted.org/en/stable/api/twisted.internet.interfaces.IReactorTCP.html
    "listenTCP": Api("host", 2, "interface", "0.0.0.0"),
    # https://www.gradio.app/docs/gradio/blocks#blocks-launch
    "launch": Api("host", None, "server_name"),
    # https://dash.plotly.com/reference#app.run
    "run_server": Api("flask-host", None, "host"),
    # https://docs.twisted.org/en/stable/api/twisted.internet.endpoints.TCP4ServerEndpoint.html
    "TCP4ServerEndpoint": Api("host", 3, "interface", "0.0.0.0"),
    "TCP6ServerEndpoint": Api("host", 3, "interface", "::"),
    "listenUDP": Api("host", 2, "interface", "0.0.0.0"),
    "listenSSL": Api("host", 4, "interface", "0.0.0.0"),
    # https://autobahn.readthedocs.io (autobahn.twisted.websocket.listenWS: interface="")
    "listenWS": Api("host", 3, "interface", "0.0.0.0"),
    # https://pymodbus.readthedocs.io/en/latest/source/server.html: address=(host, port)
    **dict.fromkeys(
        [f"Start{kind}{proto}Server" for kind in ("", "Async") for proto in ("Tcp", "Tls", "Udp")],
        Api("host", None, "address", address=True),
    ),
    # https://www.gevent.org/api/gevent.server.html, CherryPy before cheroot
    **dict.fromkeys(["StreamServer", "DatagramServer", "CherryPyWSGIServer"], ADDRESS),
    # https://docs.locust.io/en/stable/api.html#locust.env.Environment.create_web_ui
    "create_web_ui": Api("host", 0, "host", "0.0.0.0"),
    # https://prometheus.github.io/client_python/exporting/http/ (addr="0.0.0.0")
    "start_http_server": Api("host", 1, "addr", "0.0.0.0"),
    "start_wsgi_server": Api("host", 1, "addr", "0.0.0.0"),
    # https://docs.python.org/3/library/multiprocessing.html#multiprocessing.connection.Listener
    "Listener": Api("host", 0, "address", address=True),
    # smtpd (Python 3.11 and before), pyftpdlib: a (host, port) first
    **dict.fromkeys(["SMTPServer", "DebuggingServer", "PureProxy"],
                    ADDRESS._replace(keyword="localaddr")),
    **dict.fromkeys(["FTPServer", "ThreadedFTPServer", "MultiprocessFTPServer"],
                    ADDRESS._replace(keyword="address_or_socket")),
}  # fmt: skip

#: Bokeh's ``Server``: an address of ``None`` binds every interface (Tornado's
#: ``bind_sockets``; https://docs.bokeh.org/en/latest/docs/reference/server/server.html).
BOKEH = Api("host", None, "address", "0.0.0.0")

_RPYC = Api("host", 1, "hostname", "0.0.0.0")

#: APIs known by their name and the package they come from (the name alone is too common).
PACKAGE_APIS: dict[tuple[str, str], Api] = {
    # https://bottlepy.org/docs/dev/api.html#bottle.run: run(app, server, host, port, ...)
    ("run", "bottle"): Api("host", 2, "host", "127.0.0.1"),
    # https://docs.cherrypy.dev/projects/cheroot/en/latest/pkg/cheroot.wsgi.html
    ("Server", "cheroot"): ADDRESS._replace(keyword="bind_addr"),
    ("Server", "bokeh"): BOKEH,
    # https://panel.holoviz.org/api/panel.io.server.html#panel.io.server.serve
    ("serve", "panel"): BOKEH._replace(position=2),
    # https://docs.pylonsproject.org/projects/waitress/en/stable/arguments.html
    ("serve", "waitress"): Api("generic", None, "host", "0.0.0.0"),
    # https://websockets.readthedocs.io/en/stable/reference/asyncio/server.html
    ("serve", "websockets"): ASYNCIO,
    # https://pythonpaste.readthedocs.io (paste.httpserver.serve(app, host, port))
    ("serve", "paste"): Api("host", 1, "host"),
    # https://github.com/jonashaag/bjoern: run(app, host, port), or listen(...) then run()
    ("run", "bjoern"): Api("host", 1, "host"),
    ("listen", "bjoern"): Api("host", 1, "host"),
    # https://pyro4.readthedocs.io/en/stable/servercode.html#pyro-daemon-publishing-pyro-objects
    # (without a host: its HOST setting, localhost)
    ("Daemon", "Pyro4"): Api("host", 0, "host"),
    ("Daemon", "Pyro5"): Api("host", 0, "host"),
    # https://docs.python.org/3/library/http.server.html (test(..., port, bind): None is
    # every interface, as python -m http.server)
    ("test", "http"): Api("host", 4, "bind", "::"),
    # https://aiosmtpd.aio-libs.org/en/latest/controller.html (without one: localhost)
    ("Controller", "aiosmtpd"): Api("host", 1, "hostname"),
    # https://rpyc.readthedocs.io/en/latest/api/utils_server.html: "by default, the
    # wildcard address is used to listen on all interfaces"
    **{
        (name, "rpyc"): _RPYC
        for name in ["ThreadedServer", "ThreadPoolServer", "ForkingServer", "OneShotServer"]
    },
}

#: multiprocessing's managers (https://docs.python.org/3/library/multiprocessing.html#managers).
MANAGERS = frozenset(["BaseManager", "SyncManager"])
MANAGER = Api("host", 0, "address", address=True)  # None: a free port on 127.0.0.1

#: The keywords a bind's host goes by, in the APIs this reader does not know.
HOST_KEYWORDS = frozenset(
    ["host", "hostname", "bind", "bind_host", "bind_address", "bind_addr", "bind_ip",
     "listen", "listen_host", "listen_address", "listen_addr", "listen_ip", "server_host",
     "server_address", "address", "addr", "interface", "ip", "web_host", "http_host",
     "dashboard_host", "url"]
)  # fmt: skip
#: Calls that take a host to connect to, or hold data: not guessed at.
GUESS_NOT = frozenset(
    ["run", "launch", "connect", "create_connection", "Redis", "StrictRedis", "locateNS",
     "urlopen", "request", "dict", "update", "setdefault", "format", "replace", "print"]
)  # fmt: skip
GUESSED = Api("generic", None, "")

#: Configuration modules, by a word of their file's name: the name they bind and how.
CONFIG_MODULES: dict[str, tuple[str, Api]] = {
    # https://docs.gunicorn.org/en/stable/settings.html#bind (hypercorn reads the same)
    "gunicorn": ("bind", Api("gunicorn-bind", None, "")),
    "hypercorn": ("bind", Api("gunicorn-bind", None, "")),
    # https://flower.readthedocs.io/en/latest/config.html#address (Tornado: "" is every one)
    "flowerconfig": ("address", Api("host", None, "")),
}

#: ``X.run(...)`` of an application: Flask, Quart, Sanic, Dash, Bottle (127.0.0.1).
APP_RUN = Api("flask-host", 0, "host", "127.0.0.1")
#: ``run`` of these modules is no server (``asyncio.run(main())``, ``subprocess.run``).
NOT_SERVERS = frozenset(
    [
        "asyncio",
        "subprocess",
        "trio",
        "anyio",
        "curio",
        "os",
        "sys",
        "unittest",
        "pytest",
        "invoke",
        "fabric",
        "c",
        "ctx",
        "runner",
        "loop",
        "docker",
        "client",
        "container",
        "shell",
    ]
)
#: Constructors of applications whose ``run()`` binds 127.0.0.1 without a host.
APPS = frozenset(["Flask", "Quart", "Sanic", "Dash", "Bottle", "APIFlask", "Starlette"])
#: Constructors whose result's ``listen(port, address)`` is Tornado's (every interface).
TORNADO = frozenset(["Application", "HTTPServer", "make_app", "TCPServer"])
SUBPROCESS = frozenset(["run", "Popen", "call", "check_call", "check_output", "system"])
