"""Python source: bind calls read with ast, never run (loopback/lint/_python.py).

The cases are written the way the APIs' documentation and tutorials call them; each API's
default when the host is omitted comes from its reference (the source is beside its row
in ``loopback/lint/_python_apis.py``).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from loopback.lint import ConfigFileError, lint_path
from loopback.lint._python import read_python

ALL = "all_interfaces"
LOOP = "loopback"
SPECIFIC = "specific_address"
DEPENDS = "depends"
INVALID = "invalid"


def found(source: str, name: str = "app.py") -> list[tuple[str, str, str]]:
    return [(f.dotted_path, str(f.value), f.verdict.exposure) for f in read_python(name, source)]


CASES: list[tuple[str, list[tuple[str, str, str]]]] = [
    # the standard library's sockets and servers
    ("import socket\ns = socket.socket()\ns.bind(('', 8080))", [("s.bind", "", ALL)]),
    ("s.bind(('0.0.0.0', 8080))", [("s.bind", "0.0.0.0", ALL)]),
    ("s.bind(('127.0.0.1', 0))", [("s.bind", "127.0.0.1", LOOP)]),
    ("ADDR = ('', 9000)\ns.bind(ADDR)", [("s.bind", "", ALL)]),
    ("s.bind(path)", []),  # a unix socket, or a value we cannot tell
    ("s.bind('/tmp/x.sock')", []),
    ("sock.bind('tcp://*:5555')", [("sock.bind", "tcp://*:5555", ALL)]),  # ZeroMQ
    ("socket.create_server(('', 8080))", [("socket.create_server", "", ALL)]),
    ("ADDR = ('::1', 80)\nsocket.create_server(ADDR)", [("socket.create_server", "::1", LOOP)]),
    ("HTTPServer(('', 8000), Handler).serve_forever()", [("HTTPServer", "", ALL)]),
    ("http.server.ThreadingHTTPServer(('localhost', 8000), H)",
     [("http.server.ThreadingHTTPServer", "localhost", LOOP)]),
    ("socketserver.TCPServer(server_address=('0.0.0.0', 9), RequestHandlerClass=H)",
     [("socketserver.TCPServer", "0.0.0.0", ALL)]),
    ("make_server('', 8000, app)", [("make_server", "", ALL)]),
    ("wsgiref.simple_server.make_server(host='127.0.0.1', port=8000, app=app)",
     [("wsgiref.simple_server.make_server", "127.0.0.1", LOOP)]),
    ("run_simple('0.0.0.0', 5000, app)", [("run_simple", "0.0.0.0", ALL)]),
    # asyncio: a host of None (or none) binds every interface
    ("await asyncio.start_server(handle, port=8000)",
     [("asyncio.start_server", "0.0.0.0", ALL)]),
    ("await asyncio.start_server(handle, '127.0.0.1', 8888)",
     [("asyncio.start_server", "127.0.0.1", LOOP)]),
    ("await asyncio.start_server(handle, None, 8888)",
     [("asyncio.start_server", "0.0.0.0", ALL)]),
    ("await asyncio.start_server(handle, sock=sock)", []),
    ("await asyncio.start_server(handle)", []),
    ("await loop.create_server(Proto, host='::', port=1)", [("loop.create_server", "::", ALL)]),
    ("await asyncio.start_server(*args)", []),
    ("await loop.create_datagram_endpoint(P, local_addr=('0.0.0.0', 9999))",
     [("loop.create_datagram_endpoint", "0.0.0.0", ALL)]),
    ("await loop.create_datagram_endpoint(P, remote_addr=('10.0.0.1', 9999))", []),
    # Flask-like apps: run() binds 127.0.0.1 without a host
    ("app = Flask(__name__)\napp.run()", [("app.run", "127.0.0.1", LOOP)]),
    ("app = Flask(__name__)\napp.run(host='0.0.0.0', debug=True)", [("app.run", "0.0.0.0", ALL)]),
    ("app = Flask(__name__)\napp.run('0.0.0.0', 5000)", [("app.run", "0.0.0.0", ALL)]),
    ("app.run('0.0.0.0', 5000)", [("app.run", "0.0.0.0", ALL)]),  # a wildcard: a bind
    ("app.run('10.0.0.1', 5000)", []),  # positional: only for an app made here
    ("session.run('pytest', '-x')", []),  # nox, invoke, ...: a command, not a host
    ("app.run(debug=True)", []),  # we cannot tell what app is
    ("app.run(**options)", []),
    ("asyncio.run(main())", []),
    ("subprocess.run(['ls'])", []),
    ("import tasks\ntasks.run(host='0.0.0.0')", []),  # a module's run: not an app's
    ("socketio.run(app, host='0.0.0.0')", [("socketio.run", "0.0.0.0", ALL)]),
    ("sio = SocketIO(app)\nsio.run(app)", [("sio.run", "127.0.0.1", LOOP)]),
    ("app.run_server(host='0.0.0.0')", [("app.run_server", "0.0.0.0", ALL)]),
    ("demo.launch(server_name='0.0.0.0')", [("demo.launch", "0.0.0.0", ALL)]),
    ("demo.launch()", []),
    # uvicorn, aiohttp, waitress, websockets, Tornado, Twisted, gRPC
    ("import uvicorn\nuvicorn.run('main:app', host='0.0.0.0', port=8000)",
     [("uvicorn.run", "0.0.0.0", ALL)]),
    ("from uvicorn import run\nrun(app)", [("run", "127.0.0.1", LOOP)]),
    ("uvicorn.Config(app, host='::')", [("uvicorn.Config", "::", ALL)]),
    ("from aiohttp import web\nweb.run_app(app)", [("web.run_app", "0.0.0.0", ALL)]),
    ("web.run_app(app, host='127.0.0.1')", [("web.run_app", "127.0.0.1", LOOP)]),
    ("site = web.TCPSite(runner, 'localhost', 8080)", [("web.TCPSite", "localhost", LOOP)]),
    ("from waitress import serve\nserve(app, listen='*:8080')", [("serve", "0.0.0.0", ALL)]),
    ("import waitress\nwaitress.serve(app, host='127.0.0.1')",
     [("waitress.serve", "127.0.0.1", LOOP)]),
    ("import websockets\nwebsockets.serve(echo, '', 8765)", [("websockets.serve", "", ALL)]),
    ("serve(handler)", []),
    ("app = tornado.web.Application([])\napp.listen(8888)", [("app.listen", "0.0.0.0", ALL)]),
    ("HTTPServer(app).listen(8888, address='127.0.0.1')",
     [("listen", "127.0.0.1", LOOP)]),
    ("sock.listen(5)", []),
    ("reactor.listenTCP(8000, factory)", [("reactor.listenTCP", "0.0.0.0", ALL)]),
    ("reactor.listenTCP(8000, factory, interface='127.0.0.1')",
     [("reactor.listenTCP", "127.0.0.1", LOOP)]),
    ("server.add_insecure_port('[::]:50051')", [("server.add_insecure_port", "[::]:50051", ALL)]),
    ("server.add_insecure_port(f'0.0.0.0:{port}')",
     [("server.add_insecure_port", "0.0.0.0:{…}", ALL)]),  # whatever the port
    ("PORT = 50051\nserver.add_insecure_port(f'localhost:{PORT}')",
     [("server.add_insecure_port", "localhost:50051", LOOP)]),
    # frameworks known by their package: Bottle, cheroot, Bokeh and Panel, paste, grpclib
    ("import bottle\nbottle.run(host='0.0.0.0')", [("bottle.run", "0.0.0.0", ALL)]),
    ("from bottle import run\nrun(app, host='', port=8080)", [("run", "", ALL)]),
    ("from bottle import run\nrun(app)", [("run", "127.0.0.1", LOOP)]),
    ("from bottle import run\nrun(app, 'wsgiref', '0.0.0.0')", [("run", "0.0.0.0", ALL)]),
    ("from bottle import Bottle\napp = Bottle()\napp.run(host='0.0.0.0')",
     [("app.run", "0.0.0.0", ALL)]),
    ("from cheroot import wsgi\nwsgi.Server(('0.0.0.0', 8080), app)",
     [("wsgi.Server", "0.0.0.0", ALL)]),
    ("import cheroot.wsgi\ncheroot.wsgi.Server(bind_addr=('127.0.0.1', 80), wsgi_app=a)",
     [("cheroot.wsgi.Server", "127.0.0.1", LOOP)]),
    # any *Server given a (host, port) first binds it: pyftpdlib, smtpd, a class of its own
    ("Server(('0.0.0.0', 8080), app)", [("Server", "0.0.0.0", ALL)]),
    ("servers.FTPServer(('0.0.0.0', 21), FTPHandler)", [("servers.FTPServer", "0.0.0.0", ALL)]),
    ("smtpd.DebuggingServer(localaddr=('localhost', 25), remoteaddr=None)",
     [("smtpd.DebuggingServer", "localhost", LOOP)]),
    ("ADDRESS = ('', 9999)\nGameServer(ADDRESS, Handler)", [("GameServer", "", ALL)]),
    ("GameServer(config, Handler)", []),
    ("GameServer((1, 2))", []),
    ("GameServer()", []),
    ("class S(SimpleXMLRPCServer): pass\nS(('', 8000))", [("S", "", ALL)]),
    ("class H(BaseHTTPRequestHandler): pass\nH(('', 8000))", []),
    # multiprocessing: a manager where the module serves it, a listener
    ("class Q(BaseManager): pass\nm = Q(address=('', 5), authkey=k)\nm.get_server()",
     [("Q", "", ALL)]),
    ("m = QueueManager(address=('', 5), authkey=k)\nm.get_server()",
     [("QueueManager", "", ALL)]),
    ("m = BaseManager(address=('10.0.0.2', 5), authkey=k)\nm.connect()\nm.get_server()", []),
    ("m = SyncManager(address=('', 5), authkey=k)\nm.start()", [("SyncManager", "", ALL)]),
    ("m = SyncManager(address=('', 5), authkey=k)\nshare(m)", []),  # served elsewhere, or not
    ("Listener(('', 6000), authkey=b'secret')", [("Listener", "", ALL)]),
    ("Listener(address=('localhost', 6000), authkey=b'secret')",
     [("Listener", "localhost", LOOP)]),
    # the address a connected socket reaches out from: this machine's, on the network
    ("s.connect(('8.8.8.8', 80))\nip = s.getsockname()[0]\nsmtpd.DebuggingServer((ip, 25), None)",
     [("smtpd.DebuggingServer", "getsockname()[0]", SPECIFIC)]),
    ("s.connect(('8.8.8.8', 80))\nHTTPServer((s.getsockname()[0], 80), H)",
     [("HTTPServer", "getsockname()[0]", SPECIFIC)]),
    ("ip = server.getsockname()[0]\nHTTPServer((ip, 80), H)", []),  # not connected
    ("s.connect(('8.8.8.8', 80))\nHTTPServer((s.getsockname()[1], 80), H)", []),
    ("s.connect(('8.8.8.8', 80))\nHTTPServer((s.getsockname(), 80), H)", []),
    ("s.connect(('8.8.8.8', 80))\nHTTPServer((getsockname(s)[0], 80), H)", []),
    ("connect(('8.8.8.8', 80))\nHTTPServer((f()[0], 80), H)", []),
    # bjoern, Pyro, pymodbus, autobahn
    ("import bjoern\nbjoern.run(app, '0.0.0.0', 8080)", [("bjoern.run", "0.0.0.0", ALL)]),
    ("import bjoern\nbjoern.listen(app, '127.0.0.1', 80)\nbjoern.run()",
     [("bjoern.listen", "127.0.0.1", LOOP)]),
    ("import Pyro4\nPyro4.Daemon(host='192.168.1.4', port=9090)",
     [("Pyro4.Daemon", "192.168.1.4", SPECIFIC)]),
    ("import Pyro5.api\nPyro5.api.Daemon('0.0.0.0')", [("Pyro5.api.Daemon", "0.0.0.0", ALL)]),
    ("import Pyro4\nPyro4.Daemon()\nPyro4.locateNS(host='192.168.1.4')", []),  # a client
    ("StartTcpServer(context, address=('0.0.0.0', 5020))",
     [("StartTcpServer", "0.0.0.0", ALL)]),
    ("await StartAsyncUdpServer(context=c, address=('localhost', 5020))",
     [("StartAsyncUdpServer", "localhost", LOOP)]),
    ("listenWS(factory)", [("listenWS", "0.0.0.0", ALL)]),
    # a wildcard given to a call not known, where only a bind takes one
    ("Pyro9.Daemon(host='0.0.0.0')", [("Pyro9.Daemon", "0.0.0.0", ALL)]),
    ("LocalCluster(scheduler_port=0, address='[::]:8786')", [("LocalCluster", "[::]:8786", ALL)]),
    ("ray.init(dashboard_host='0.0.0.0')", [("ray.init", "0.0.0.0", ALL)]),
    ("Settings(bind='*:8000')", [("Settings", "*:8000", ALL)]),
    ("Settings(host=os.getenv('HOST', '0.0.0.0'))", [("Settings", "'0.0.0.0'", DEPENDS)]),
    ("Settings(host=os.getenv('HOST', '127.0.0.1'))", []),
    ("Node(address=('0.0.0.0', 5000))", [("Node", "0.0.0.0", ALL)]),
    ("Node(address=('', 5000))", [("Node", "", ALL)]),
    ("server.start('0.0.0.0', 9000)", [("server.start", "0.0.0.0", ALL)]),
    ("start_app('::', 80)", [("start_app", "::", ALL)]),
    ("launcher.serve_forever(app, '*')", [("launcher.serve_forever", "*", ALL)]),
    ("Thing(host='10.0.0.1')", []),  # another host: perhaps where a client connects
    ("Node(address=('10.0.0.1', 5000))", []),
    ("Node(address=(host, 5000))", []),
    ("Thing(host='0.0.0.0:x')", []),
    ("Thing(host='0.0.0.0:')", []),
    ("Thing(host='::1')", []),
    ("Thing(colour='0.0.0.0')", []),  # not a host's keyword
    ("report('0.0.0.0', 80)", []),  # not a serving call: its arguments are not read
    ("redis.Redis(host='0.0.0.0')", []),  # clients
    ("MongoClient(host='0.0.0.0')", []),
    ("pika.ConnectionParameters(host='0.0.0.0')", []),
    ("xmlrpc.client.ServerProxy(host='0.0.0.0')", []),
    ("conf.get_host(host='0.0.0.0')", []),
    ("dict(host='0.0.0.0')", []),
    ("start_app(*hosts)", []),
    # NiceGUI (every interface unless native), http.server.test, aiosmtpd, Robyn's url
    ("from nicegui import ui\nui.run(port=8080)", [("ui.run", "0.0.0.0", ALL)]),
    ("from nicegui import ui\nui.run(native=True)", [("ui.run", "127.0.0.1", LOOP)]),
    ("from nicegui import ui\nui.run(native=False, host='::1')", [("ui.run", "::1", LOOP)]),
    ("from http.server import test\ntest(H, HTTPServer, port=8000)", [("test", "::", ALL)]),
    ("import http.server\nhttp.server.test(HandlerClass=H, bind='127.0.0.1')",
     [("http.server.test", "127.0.0.1", LOOP)]),
    ("import unittest\nunittest.test(x)", []),
    ("from aiosmtpd.controller import Controller\nController(Sink(), hostname='', port=8025)",
     [("Controller", "", ALL)]),
    ("from aiosmtpd.controller import Controller\nController(Sink(), port=8025)", []),
    ("Robyn.start(url='0.0.0.0', port=8080)", [("Robyn.start", "0.0.0.0", ALL)]),
    # URLs, "" to a ...Server, aiocoap's default, OPC UA's default endpoint
    ("server.set_endpoint('opc.tcp://0.0.0.0:4840/freeopcua/server/')",
     [("server.set_endpoint", "opc.tcp://0.0.0.0:4840/freeopcua/server/", ALL)]),
    ("server.set_endpoint('opc.tcp://localhost:4840/')", []),
    ("server.set_endpoint('file:///0.0.0.0')", []),
    ("SimpleWebSocketServer('', 8000, Echo)", [("SimpleWebSocketServer", "", ALL)]),
    ("renderer.run_directive('image', src, '')", []),  # "" is a bind's only to a server
    ("await Context.create_server_context(root)", [("Context.create_server_context", "::", ALL)]),
    ("await Context.create_server_context(root, bind=('127.0.0.1', 5683))",
     [("Context.create_server_context", "127.0.0.1", LOOP)]),
    ("from asyncua import Server\nserver = Server()\nawait server.start()",
     [("server.start", "opc.tcp://0.0.0.0:4840", ALL)]),
    ("from opcua import Server\ns = Server()\ns.set_endpoint('opc.tcp://localhost:1')\ns.start()",
     []),
    # Prometheus's exporter, RPyC, web.py: every interface without an address
    ("from prometheus_client import start_http_server\nstart_http_server(8000)",
     [("start_http_server", "0.0.0.0", ALL)]),
    ("start_http_server(8000, addr='127.0.0.1')", [("start_http_server", "127.0.0.1", LOOP)]),
    ("prometheus_client.start_wsgi_server(9000, '::')",
     [("prometheus_client.start_wsgi_server", "::", ALL)]),
    ("from rpyc.utils.server import ThreadedServer\nThreadedServer(S, port=18861).start()",
     [("ThreadedServer", "0.0.0.0", ALL)]),
    ("import rpyc\nrpyc.ThreadedServer(service=S, hostname='localhost', port=1)",
     [("rpyc.ThreadedServer", "localhost", LOOP)]),
    ("ThreadedServer(S, port=18861)", []),  # whose: cannot tell
    ("import web\napp = web.application(urls, globals())\napp.run()",
     [("app.run", "0.0.0.0", ALL)]),
    ("app = web.application(urls, globals())\napp.run()", []),  # no web.py here
    ("from bokeh.server.server import Server\nServer({'/': app}, port=5006)",
     [("Server", "0.0.0.0", ALL)]),
    ("from bokeh.server.server import Server\nServer(apps, address='127.0.0.1')",
     [("Server", "127.0.0.1", LOOP)]),
    ("import panel as pn\npn.serve(apps, port=80, address='0.0.0.0')",
     [("pn.serve", "0.0.0.0", ALL)]),
    ("import panel as pn\npn.serve(apps, 80, '10.0.0.5')", [("pn.serve", "10.0.0.5", SPECIFIC)]),
    ("import panel as pn\npn.serve(apps)", [("pn.serve", "0.0.0.0", ALL)]),
    ("import panel as pn\napp.show(port=8561, address='192.168.1.30')",
     [("app.show", "192.168.1.30", SPECIFIC)]),
    ("import panel as pn\napp.show(port=8561)", []),
    ("plt.show(address='10.0.0.1')", []),  # no Bokeh here (and not a wildcard)
    ("from paste import httpserver\nhttpserver.serve(app, host='0.0.0.0', port='8080')",
     [("httpserver.serve", "0.0.0.0", ALL)]),
    ("from paste import httpserver\nhttpserver.serve(app)", []),
    ("from grpclib.server import Server\nserver = Server([Echo()])\nawait server.start('::')",
     [("server.start", "::", ALL)]),
    ("from grpclib.server import Server\nserver = Server([Echo()])\nawait server.start()",
     [("server.start", "0.0.0.0", ALL)]),
    ("server = Server([Echo()])\nserver.start('10.0.0.1')", []),  # not grpclib's
    # Twisted endpoints, gevent and eventlet servers, Locust's web UI
    ("TCP4ServerEndpoint(reactor, 8080)", [("TCP4ServerEndpoint", "0.0.0.0", ALL)]),
    ("endpoints.TCP4ServerEndpoint(reactor, 8080, interface='127.0.0.1')",
     [("endpoints.TCP4ServerEndpoint", "127.0.0.1", LOOP)]),
    ("TCP6ServerEndpoint(reactor, 8080)", [("TCP6ServerEndpoint", "::", ALL)]),
    ("reactor.listenUDP(9999, Echo())", [("reactor.listenUDP", "0.0.0.0", ALL)]),
    ("reactor.listenSSL(443, site, ctx, 50, '127.0.0.1')",
     [("reactor.listenSSL", "127.0.0.1", LOOP)]),
    ("StreamServer(('0.0.0.0', 1234), handle).serve_forever()",
     [("StreamServer", "0.0.0.0", ALL)]),
    ("eventlet.listen(('0.0.0.0', 8090))", [("eventlet.listen", "0.0.0.0", ALL)]),
    ("eventlet.listen(addr=('localhost', 8090))", []),  # keyword: told by its value only
    ("env.create_web_ui()", [("env.create_web_ui", "0.0.0.0", ALL)]),
    ("env.create_web_ui('127.0.0.1', 8089)", [("env.create_web_ui", "127.0.0.1", LOOP)]),
    # names bound together: host, port = "0.0.0.0", 8080
    ("host, port = '0.0.0.0', 8080\nmake_server(host, port, app)",
     [("make_server", "0.0.0.0", ALL)]),
    ("host, port = address\nmake_server(host, port, app)", []),
    ("host, *rest = '0.0.0.0', 1, 2\nmake_server(host, 1, app)", []),
    ("(a, b), c = ('0.0.0.0', 1), 2\nmake_server(a, 1, app)", []),
    # configuration modules: Jupyter's c.*.ip, hypercorn's config.bind
    ("c.ServerApp.ip = '*'", [("c.ServerApp.ip", "*", ALL)]),
    ("c.NotebookApp.ip = '127.0.0.1'", [("c.NotebookApp.ip", "127.0.0.1", LOOP)]),
    ("config.bind = ['0.0.0.0:8000']", [("config.bind", "0.0.0.0:8000", ALL)]),
    ("bind = '0.0.0.0:8000'", []),  # only a gunicorn configuration's bind
    # constants, the environment, f-strings
    ("HOST = '0.0.0.0'\napp.run(host=HOST)", [("app.run", "0.0.0.0", ALL)]),
    ("HOST = '0.0.0.0'\nHOST = '127.0.0.1'\napp.run(host=HOST)", []),  # two values
    ("H = '0.0.0.0'\nP = 80\nmake_server(f'{H}', P, a)", [("make_server", "0.0.0.0", ALL)]),
    ("make_server('0.0.0' + '.0', 80, a)", [("make_server", "0.0.0.0", ALL)]),
    ("make_server(str('::'), 80, a)", [("make_server", "::", ALL)]),
    ("app.run(host=os.getenv('HOST', '0.0.0.0'))", [("app.run", "'0.0.0.0'", DEPENDS)]),
    ("app.run(host=os.environ.get('HOST'))", [("app.run", "None", DEPENDS)]),
    ("app.run(host=os.environ['HOST'])", [("app.run", "None", DEPENDS)]),
    ("app.run(host=os.getenv('HOST') or '127.0.0.1')", [("app.run", "'127.0.0.1'", DEPENDS)]),
    ("app.run(host=os.getenv('HOST', DEFAULT))", []),
    # the command line, with a fallback: depends, saying what the fallback binds
    ("try:\n    h = sys.argv[1]\nexcept IndexError:\n    h = '0.0.0.0'\nHTTPServer((h, 80), H)",
     [("HTTPServer", "'0.0.0.0'", DEPENDS)]),
    ("h = '127.0.0.1'\nif len(sys.argv) > 1:\n    h = sys.argv[1]\nHTTPServer((h, 80), H)",
     [("HTTPServer", "'127.0.0.1'", DEPENDS)]),
    ("h = sys.argv[1]\nHTTPServer((h, 80), H)", []),  # no fallback: where it runs decides
    ("try:\n    h = sys.argv[1]\nexcept:\n    h = '::'\na = (h, 80)\nHTTPServer(a, H)",
     [("HTTPServer", "'::'", DEPENDS)]),  # a block's names, known where used after it
    ("HOST: str\nHOST = '0.0.0.0'\nmake_server(HOST, 80, a)", [("make_server", "0.0.0.0", ALL)]),
    ("h = sys.argv[1]\nh = sys.argv[2]\nHTTPServer((h, 80), H)", []),
    ("h = sys.argv[1] or other\nHTTPServer((h, 80), H)", []),
    ("HTTPServer((sys.argv[i], 80), H)", []),
    ("app.run(host=os.getenv('HOST') or something)", []),
    ("app.run(host=settings.HOST)", []),
    ("app.run(host=a + 1)", []),
    ("app.run(host=os.environ[key])", []),
    ("app.run(host=f'{x!r}')", []),
    ("make_server(" + " + ".join(["'a'"] * 30) + ", 80, app)", []),  # too deep to follow
    ("make_server(*address, app)", []),
    ("os.system(command)", []),
    ("os.system()", []),
    # command lines run from Python
    ("subprocess.run(['uvicorn', 'app:app', '--host', '0.0.0.0'])",
     [("subprocess.run.uvicorn", "0.0.0.0", ALL)]),
    ("from subprocess import Popen\nPopen('flask run --host 0.0.0.0', shell=True)",
     [("Popen.flask", "0.0.0.0", ALL)]),
    ("os.system('python -m http.server')", [("os.system.http.server", "::", ALL)]),
    ("subprocess.run([cmd, '--host', '0.0.0.0'])", []),
    ("subprocess.run(cmd)", []),
    ("call_command('runserver', '0.0.0.0:8000')",
     [("call_command.runserver", "0.0.0.0:8000", ALL)]),
    ("call_command('migrate')", []),
    ("execute_from_command_line(['manage.py', 'runserver', '0:8000'])",
     [("execute_from_command_line.runserver", "0:8000", ALL)]),
    ("os.getenv('X')", []),
    # strings that are not bind arguments are never findings
    ("print('0.0.0.0')\nALLOWED_HOSTS = ['0.0.0.0']\nx = {'host': '0.0.0.0'}", []),
    ("f(x)(host='0.0.0.0')", []),
]  # fmt: skip


@pytest.mark.parametrize(("source", "expected"), CASES)
def test_python(source: str, expected: list[tuple[str, str, str]]) -> None:
    assert found(source) == expected


def test_gunicorn_configuration_modules() -> None:
    source = "bind = ['0.0.0.0:8000', 'unix:/run/g.sock']\nworkers = 4\n"
    assert found(source, "conf/gunicorn.conf.py") == [
        ("bind", "0.0.0.0:8000", ALL),
        ("bind", "unix:/run/g.sock", "not_network"),
    ]
    assert found("bind = os.getenv('BIND', '127.0.0.1:8000')", "hypercorn_config.py") == [
        ("bind", "'127.0.0.1:8000'", DEPENDS)
    ]


def test_flower_configuration_modules() -> None:
    # Flower reads flowerconfig.py (or --conf): its address is Tornado's ("": every one)
    source = "port = 5555\naddress = '0.0.0.0'\nbasic_auth = ['u:p']\n"
    assert found(source, "flowerconfig.py") == [("address", "0.0.0.0", ALL)]
    assert found("address = ''", "celery/flower_config.py") == [("address", "", ALL)]
    assert found("address = '127.0.0.1'", "flower-config.py") == [("address", "127.0.0.1", LOOP)]
    assert found("address = '0.0.0.0'", "flowers.py") == []  # another module's address


def test_places_and_messages(tmp_path: Path) -> None:
    path = tmp_path / "server.py"
    path.write_text(
        "# é\nimport asyncio, os\nasync def main():\n"
        "    s = await asyncio.start_server(h, port=1)\n"
        "    app.run(host=os.getenv('HOST', '0.0.0.0'))  # ünïcode: 'é'.run(host='x')\n",
        encoding="utf-8",
    )
    first, second = lint_path(path)
    assert (first.line, first.column) == (4, 15)
    assert first.verdict.message.startswith(
        "asyncio.start_server() without a host: binds every interface (0.0.0.0)"
    )
    assert (second.line, second.column) == (5, 18)
    assert second.verdict.message.startswith(
        "the host comes from $HOST; unset, it is '0.0.0.0': binds every interface"
    )
    assert second.verdict.hosts == ("0.0.0.0",)
    (third,) = read_python("x.py", "app.run(host=os.getenv('H'))")
    assert third.verdict.message == "the host comes from $H, set where it runs"


def test_invalid_python() -> None:
    with pytest.raises(ConfigFileError) as info:
        read_python("bad.py", "x = 1\ny = (\n")
    # where Python's own parser puts it (Python 2 source is read: test_lint_python2.py)
    with pytest.raises(SyntaxError) as python:
        compile("x = 1\ny = (\n", "bad.py", "exec")
    assert (info.value.line, info.value.column) == (python.value.lineno, python.value.offset)
    assert f"not valid Python: {python.value.msg}" in str(info.value)
    with pytest.raises(ConfigFileError, match="nested too deeply"):
        read_python("deep.py", "-" * 100_000 + "1")
    with pytest.raises(ConfigFileError) as info:
        read_python("nul.py", "x = 1\ny = \0")
    assert str(info.value) == "nul.py:2:5: not valid Python: a NUL character"


@given(st.text(max_size=200))
def test_any_text_is_read_or_refused(text: str) -> None:
    try:
        read_python("x.py", text)
    except ConfigFileError:
        pass
