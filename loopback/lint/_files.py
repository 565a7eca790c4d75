"""Configuration files linted where they are (``lint_path``, ``file_kind``).

Each kind of file is read as its server (or tool) reads it, and every finding says where
it is: file, 1-based line and 1-based column (in characters) of the value. One reader
module per family of files (``_yaml``, ``_json``, ``_toml``, ``_dotenv``,
``_redis_conf``, ``_postgresql_conf``, ``_nginx_conf``, ...), each a function
``(name, text) -> findings`` in :data:`READERS`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Iterator
from fnmatch import fnmatch
from typing import Literal

from .._paths import file_name
from ..errors import ConfigFileError
from ._caddyfile import read_caddyfile
from ._command_files import read_dockerfile, read_procfile, read_script, read_systemd
from ._dotenv import read_dotenv
from ._hcl import read_hcl
from ._js_config import js_config_family, read_js_config
from ._json import read_json
from ._line_conf import read_apache, read_haproxy, read_ini
from ._model import SettingFinding, not_read, shown
from ._nginx_conf import read_nginx
from ._policy import suppressed
from ._postgresql_conf import read_postgresql
from ._properties import read_properties
from ._python import read_python
from ._quadlet import read_quadlet
from ._redis_conf import read_redis
from ._service_conf import (
    read_memcached,
    read_mosquitto,
    read_php_fpm,
    read_puma,
    read_rabbitmq,
    read_supervisord,
)
from ._toml import read_toml
from ._vagrantfile import read_vagrantfile
from ._written import Reader
from ._xml_conf import read_clickhouse, read_tomcat
from ._yaml import read_yaml

__all__ = [
    "FILE_KINDS",
    "READERS",
    "FileKind",
    "excluded",
    "file_kind",
    "lint_path",
    "walk",
]

FileKind = Literal[
    "yaml", "json", "toml", "dotenv", "redis", "postgresql", "nginx", "python",
    "dockerfile", "procfile", "systemd", "script", "caddyfile", "haproxy", "apache", "ini",
    "hcl", "clickhouse", "js-config", "properties", "tomcat", "mosquitto", "rabbitmq",
    "php-fpm", "memcached", "supervisord", "puma", "vagrant", "quadlet",
]  # fmt: skip
#: Every kind of file :func:`lint_path` reads.
FILE_KINDS: tuple[FileKind, ...] = (
    "yaml", "json", "toml", "dotenv", "redis", "postgresql", "nginx", "python",
    "dockerfile", "procfile", "systemd", "script", "caddyfile", "haproxy", "apache", "ini",
    "hcl", "clickhouse", "js-config", "properties", "tomcat", "mosquitto", "rabbitmq",
    "php-fpm", "memcached", "supervisord", "puma", "vagrant", "quadlet",
)  # fmt: skip

#: Directories a walk never enters: what tools keep (version control, caches, installed
#: packages, build output, virtual environments), never what a repository runs. Other
#: hidden folders are read (``.devcontainer/``, ``.github/``, ``.docker/``, ``.examples/``,
#: ``.deploy/``, ...), and so is every other directory; a directory holding ``pyvenv.cfg``
#: is a virtual environment whatever its name.
_SKIPPED_DIRECTORIES = frozenset(
    [
        # version control
        ".git", ".hg", ".svn", ".bzr", ".jj", ".git-rewrite",
        # installed packages and virtual environments
        "node_modules", "site-packages", "__pypackages__", "venv", ".venv", ".tox", ".nox",
        ".eggs", ".direnv", ".pyenv", "bower_components", ".yarn", ".pnpm-store", ".npm",
        ".bundle", ".gradle", ".m2", ".cargo", ".terraform", ".terragrunt-cache", ".vagrant",
        ".serverless", ".aws-sam",
        # caches and build output
        "__pycache__", ".cache", ".mypy_cache", ".pytest_cache", ".ruff_cache", ".pytype",
        ".hypothesis", ".ipynb_checkpoints", ".next", ".nuxt", ".svelte-kit", ".angular",
        ".parcel-cache", ".turbo", ".history",
        # editors' state
        ".idea", ".vscode",
    ]
)  # fmt: skip
#: Kinds by the whole file name (lower case).
_NAMES: dict[str, FileKind] = {
    "dockerfile": "dockerfile", "containerfile": "dockerfile", "procfile": "procfile",
    "makefile": "script", "gnumakefile": "script", "nginx.conf": "nginx",
    ".env": "dotenv", "caddyfile": "caddyfile", "haproxy.cfg": "haproxy",
    "httpd.conf": "apache", "apache2.conf": "apache", "ports.conf": "apache",
    "my.cnf": "ini", "config.xml": "clickhouse", "justfile": "script", ".justfile": "script",
    "server.xml": "tomcat", "zoo.cfg": "properties", "zoo_sample.cfg": "properties",
    "puma.rb": "puma", "vagrantfile": "vagrant",
}  # fmt: skip
#: Kinds by the suffix.
_SUFFIXES: dict[str, FileKind] = {
    "yml": "yaml", "yaml": "yaml", "json": "json", "jsonc": "json", "toml": "toml",
    "env": "dotenv", "py": "python", "pyw": "python", "dockerfile": "dockerfile",
    "service": "systemd", "socket": "systemd", "sh": "script", "bash": "script",
    "mk": "script", "nginx": "nginx", "caddyfile": "caddyfile", "cnf": "ini", "ini": "ini",
    "hcl": "hcl", "just": "script", "properties": "properties", "tf": "hcl", "nomad": "hcl",
    "container": "quadlet", "pod": "quadlet", "kube": "quadlet",
}  # fmt: skip
#: Kinds of ``*.conf`` files by how their name starts.
_CONF_STEMS: tuple[tuple[str, FileKind | None], ...] = (
    ("redis", "redis"), ("sentinel", "redis"), ("valkey", "redis"),
    ("postgresql", "postgresql"), ("mongod", "yaml"), ("nginx", "nginx"),
    ("mosquitto", "mosquitto"), ("rabbitmq-env", None), ("rabbitmq", "rabbitmq"),
    ("php-fpm", "php-fpm"), ("memcached", "memcached"), ("supervisor", "supervisord"),
)  # fmt: skip
#: Folders whose ``*.conf`` files are one service's (``/etc/mosquitto/conf.d/``,
#: ``php-fpm.d/``, ``/etc/supervisor/conf.d/``): looked for among the last three.
_SERVICE_FOLDERS: tuple[tuple[str, FileKind], ...] = (
    ("mosquitto", "mosquitto"), ("rabbitmq", "rabbitmq"), ("php-fpm.d", "php-fpm"),
    ("pool.d", "php-fpm"), ("supervisor", "supervisord"), ("supervisord.d", "supervisord"),
)  # fmt: skip
#: Suffixes of a configuration's copy to fill in (``docker-compose.yml.example``,
#: ``env.sample``): the copy is read as the file it becomes.
_COPY_SUFFIXES = frozenset(["example", "sample", "dist", "default"])
#: A unit's drop-in directory (``ssh.socket.d/override.conf``): its ``*.conf`` files are
#: parts of the unit, read as systemd reads them.
_SYSTEMD_DROP_INS = (".service.d", ".socket.d")
#: Directories whose ``*.conf`` files (and files without a suffix, for the first two) are
#: nginx configurations.
_NGINX_DIRECTORIES = ("sites-enabled", "sites-available", "nginx", "conf.d")


def file_kind(path: str | os.PathLike[str]) -> FileKind | None:
    """The kind of configuration file ``path`` names, by its name (``None``: none).

    A folder's name alone never makes a file's kind: a ``Dockerfile`` under ``nginx/``
    is a Dockerfile.

    >>> file_kind("deploy/docker-compose.yml"), file_kind("/etc/redis/redis.conf")
    ('yaml', 'redis')
    >>> file_kind("/etc/nginx/sites-enabled/default"), file_kind("README.md") is None
    ('nginx', True)
    >>> file_kind("nginx/Dockerfile"), file_kind("app/main.py")
    ('dockerfile', 'python')

    A copy to fill in is read as the file it becomes:

    >>> file_kind("docker-compose.override.yml.example"), file_kind("env.sample")
    ('yaml', 'dotenv')

    A ``*.conf`` file in a unit's drop-in directory is part of the unit:

    >>> file_kind("/etc/systemd/system/docker.socket.d/listen.conf")
    'systemd'
    """
    name = _name(path)
    parts = re.split(r"[\\/]", name)
    base = parts[-1].lower()
    folders = [part.lower() for part in parts[:-1]]
    stem, dot, suffix = base.rpartition(".")
    if not dot:
        stem, suffix = base, ""
    if suffix in _COPY_SUFFIXES and stem:
        return "dotenv" if stem == "env" else file_kind(name[: -len(suffix) - 1])
    if base in _NAMES:
        return _NAMES[base]
    if js_config_family(base):  # vite.config.ts, webpack.dev.js, ecosystem.config.js
        return "js-config"
    if base.startswith((".env.", "dockerfile.", "containerfile.", "procfile.", "caddyfile.")):
        return _NAMES[base.split(".")[0] or ".env"]
    if suffix in _SUFFIXES:
        return _SUFFIXES[suffix]
    if suffix in ("tpl", "gotmpl") and (
        stem.endswith((".yaml", ".yml")) or (folders[-1:] == ["templates"] and base[0] != "_")
    ):
        return "yaml"  # Go template text of YAML: a Helm chart's templates, helmfile's values
    if suffix == "cfg" and "haproxy" in stem:
        return "haproxy"
    if suffix == "cfg" and stem.startswith(("mongod", "zoo")):
        return "yaml" if stem.startswith("mongod") else "properties"
    if suffix == "rb" and folders[-2:] == ["config", "puma"]:  # config/puma/production.rb
        return "puma"
    if suffix == "xml" and ("clickhouse" in name.lower() or folders[-1:] == ["config.d"]):
        return "clickhouse"
    if suffix == "conf":
        if folders and folders[-1].endswith(_SYSTEMD_DROP_INS):
            return "systemd"
        stems = [kind for start, kind in _CONF_STEMS if stem.startswith(start)]
        if stems:
            return stems[0]
        if "postgresql" in folders or "postgres" in folders:  # /etc/postgresql/16/main/conf.d/
            return "postgresql"
        services = [
            kind for folder in folders[-3:] for what, kind in _SERVICE_FOLDERS if folder == what
        ]
        if services:
            return services[0]
        if any(folder in ("apache2", "httpd", "apache") for folder in folders[-3:]):
            return "apache"
        if any(folder.startswith(_NGINX_DIRECTORIES) for folder in folders[-2:]):
            return "nginx"
    if not suffix and folders and folders[-1] in _NGINX_DIRECTORIES[:2]:
        return "nginx"
    return None


#: What only a configuration of each kind has (each pattern at the start of a line): an
#: nginx block or ``listen ...;``, Apache's ``<VirtualHost`` or ``Listen 80``, HAProxy's
#: proxy sections with an indented ``bind``.
_NGINX_LINE = r"^[ \t]*(?:(?:server|http|upstream|stream)[ \t]*\{|listen[ \t]+[^;{}\n]+;)"
_APACHE_LINE = r"^[ \t]*(?:<VirtualHost[ \t>]|Listen[ \t]+[\w.:\[\]*]+(?:[ \t]+\w+)?[ \t]*$)"
_SUPERVISORD_LINE = r"^\[(?:supervisord|program:[^\]\n]+|inet_http_server|unix_http_server)\]"
_MOSQUITTO_LINE = r"^(?:listener[ \t]+\d+|(?:allow_anonymous|password_file|persistence)[ \t]+\S)"
_CONTENT: tuple[tuple[FileKind, tuple[re.Pattern[str], ...]], ...] = (
    ("nginx", (re.compile(_NGINX_LINE, re.MULTILINE),)),
    ("supervisord", (re.compile(_SUPERVISORD_LINE, re.MULTILINE),)),
    ("mosquitto", (re.compile(_MOSQUITTO_LINE, re.MULTILINE),)),
    (
        "php-fpm",
        (
            re.compile(r"^[ \t]*\[[^\]\n]+\]", re.MULTILINE),
            re.compile(r"^[ \t]*listen[ \t]*=[ \t]*\S", re.MULTILINE),
        ),
    ),
    ("postgresql", (re.compile(r"^[ \t]*listen_addresses[ \t]*=", re.MULTILINE),)),
    ("apache", (re.compile(_APACHE_LINE, re.MULTILINE),)),
    (
        "haproxy",
        (
            re.compile(r"^(?:frontend|listen)[ \t]+\S", re.MULTILINE),
            re.compile(r"^[ \t]+bind[ \t]", re.MULTILINE),
        ),
    ),
)


#: The top-level domains of the names sites are most often given: a file named for its
#: site (``example.com``, Debian's convention for ``sites-available/``) is read by its
#: content wherever it is. Only generic ones: country codes are also file suffixes
#: (``.md``, ``.py``, ``.sh``, ``.rs``).
_SITE_DOMAINS = ("com", "org", "net", "io", "dev", "app", "info", "biz", "xyz", "online")


def _by_content(path: str) -> bool:
    """Whether a file of no known name may be told by its content (:func:`_content_kind`).

    ``*.conf`` files, any file in a folder nginx reads from (``nginx/``, ``conf.d/``,
    ``sites-enabled/``, ``sites-available/``), and a file named for its site
    (``example.com``, ``api.example.org``): a server's configuration named for its site.
    """
    parts = re.split(r"[\\/]", path.lower())
    stem, dot, domain = parts[-1].rpartition(".")
    return (
        (bool(dot) and domain == "conf")
        or any(folder.startswith(_NGINX_DIRECTORIES) for folder in parts[-2:-1])
        or (
            domain in _SITE_DOMAINS
            and re.fullmatch(r"[a-z0-9-]+(?:\.[a-z0-9-]+)*", stem) is not None
        )
    )


def _content_kind(text: str) -> FileKind | None:
    """nginx, Apache or HAProxy, by what only that server's configuration has."""
    head = text[:65536]
    found = (kind for kind, patterns in _CONTENT if all(p.search(head) for p in patterns))
    return next(found, None)


def lint_path(
    path: str | os.PathLike[str], *, kind: FileKind | None = None
) -> list[SettingFinding]:
    """Find and judge every bind setting in a configuration file, or in a directory's.

    >>> import pathlib, tempfile
    >>> compose = pathlib.Path(tempfile.mkdtemp(), "compose.yaml")
    >>> _ = compose.write_text("services:\\n  web:\\n    ports: ['8080:80']\\n")
    >>> [(f.line, f.column, f.verdict.exposure) for f in lint_path(compose)]
    [(3, 13, 'all_interfaces')]

    :param path: a file, or a directory: then every file in it (and below, except the
        directories where tools keep their state: version control, installed packages,
        virtual environments, caches and build output such as ``.git``, ``node_modules``,
        ``.venv``, ``.tox``, ``__pycache__``, ``.terraform``, ``.next``) whose name
        :func:`file_kind` knows (or, for a ``*.conf`` file or one in an nginx folder, whose
        content says nginx, Apache or HAProxy), in name order. A file or directory in it
        that cannot be read is a finding of rule LB900 (its ``check`` is ``"unreadable"``,
        its message the reason, its place the file, and the line and column where it went
        wrong when they are known), and the walk goes on.
    :param kind: read a file as this kind, whatever its name says (one of
        :data:`FILE_KINDS`).
    :returns: the settings found, each with ``file``, ``line`` and ``column``; keep those
        whose ``verdict.exposed`` is true to find the exposing ones.
    :raises ConfigFileError: the file named by ``path`` (not a directory) cannot be read,
        is not valid as its kind, is of no kind :func:`file_kind` knows (and ``kind`` is
        not given), or needs an optional extra that is not installed; ``kind`` is unknown.
    """
    name = _name(path)
    if kind is not None and kind not in FILE_KINDS:
        known = ", ".join(FILE_KINDS)
        raise ConfigFileError(name, f"unknown kind {kind!r}; known: {known}")
    if not os.path.isdir(name):
        return _lint_file(name, kind)
    found: list[SettingFinding] = []
    errors: list[ConfigFileError] = []
    for file in walk(name, errors=errors):
        found += [not_read(error) for error in errors]
        errors.clear()
        try:
            found += _lint_file(file, None, quiet=True)
        except ConfigFileError as error:  # one bad file hides no other's findings
            found.append(not_read(error))
    return found + [not_read(error) for error in errors]


def _name(path: object) -> str:
    try:
        return file_name(path)
    except ValueError as error:
        raise ConfigFileError(shown(path), str(error)) from None


def walk(
    top: str,
    *,
    exclude: Iterable[str] = (),
    include: Iterable[str] = (),
    errors: list[ConfigFileError] | None = None,
) -> Iterator[str]:
    """The files under ``top`` that lint reads, in name order.

    :param exclude: globs (``fnmatch``) of files and directories left out, matched
        against the path below ``top`` (``tests/*``) and against the name alone.
    :param include: globs of the only files read (empty: every file of a known kind).
    :param errors: where a directory that cannot be read is put, as a
        :class:`ConfigFileError`, while the walk goes on (``None``: it is raised).

    A Helm chart's ``templates/`` (beside its ``Chart.yaml``) is Go template text of YAML:
    its ``*.yaml`` and ``*.tpl`` files are read with the actions left out (named templates
    in ``_*.tpl`` are not manifests); elsewhere, a ``*.tpl`` file is read only when its
    name says YAML (``service.yaml.tpl``).
    :raises ConfigFileError: a directory cannot be read (and ``errors`` is ``None``).
    """
    excluded, included = tuple(exclude), tuple(include)

    def unreadable(error: OSError) -> None:  # never skip a directory without a word
        path = str(error.filename or top)
        found = ConfigFileError(path, f"cannot read the directory: {error.strerror or error}")
        if errors is None:
            raise found
        errors.append(found)

    def matches(path: str, patterns: tuple[str, ...]) -> bool:
        relative = os.path.relpath(path, top).replace(os.sep, "/")
        name = os.path.basename(path)
        return any(fnmatch(relative, p) or fnmatch(name, p) for p in patterns)

    charts: set[str] = set()  # the templates/ folders of Helm charts (a Chart.yaml beside)
    for directory, subdirectories, files in os.walk(top, onerror=unreadable):
        subdirectories[:] = sorted(
            d
            for d in subdirectories
            if d not in _SKIPPED_DIRECTORIES
            and not os.path.isfile(os.path.join(directory, d, "pyvenv.cfg"))
            and not matches(os.path.join(directory, d), excluded)
        )
        if "Chart.yaml" in files and "templates" in subdirectories:
            charts.add(os.path.join(directory, "templates"))
        for file in sorted(files):
            path = os.path.normpath(os.path.join(directory, file))
            if (
                (file_kind(path) is not None or _by_content(path))
                and (not file.endswith(".tpl") or ".y" in file or directory in charts)
                and not matches(path, excluded)
                and (not included or matches(path, included))
            ):
                yield path


def excluded(path: str, patterns: Iterable[str]) -> bool:
    """Would a walk from the current directory leave ``path`` out (``--force-exclude``)?

    It would when a glob matches the path, or a directory above it, written relative to
    the current directory (``tests/*``, ``tests``), or the name of either (``*.j2.yaml``).

    >>> excluded("tests/fixtures/compose.yaml", ["fixtures"]), excluded("compose.yaml", ["tests"])
    (True, False)
    """
    parts = os.path.normpath(path).replace(os.sep, "/").split("/")
    globs = tuple(patterns)
    return any(
        fnmatch("/".join(parts[: i + 1]), glob) or fnmatch(parts[i], glob)
        for i in range(len(parts))
        for glob in globs
    )


def _lint_file(name: str, kind: FileKind | None, *, quiet: bool = False) -> list[SettingFinding]:
    """One file's findings (``quiet``: none for a file whose content says no kind either)."""
    try:
        with open(name, "rb") as file:
            data = file.read()
    except OSError as error:
        raise ConfigFileError(name, f"cannot read it: {error.strerror or error}") from None
    kind = kind or file_kind(name)
    if kind is None and _by_content(name):
        kind = _content_kind(_decoded(data))
        if kind is None and quiet:
            return []
    if kind is None:
        raise ConfigFileError(
            name,
            "cannot tell what kind of configuration this is from its name; "
            f"give the kind (one of {', '.join(FILE_KINDS)})",
        )
    text = _decoded(data)
    return suppressed(READERS[kind](name, text), text)


def _decoded(data: bytes) -> str:
    """A file's text: UTF-8 (undecodable bytes kept as surrogates), or UTF-16 by its BOM."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # Windows tools write UTF-16
        return data.decode("utf-16", "replace").removeprefix("\ufeff")
    return data.removeprefix(b"\xef\xbb\xbf").decode("utf-8", "surrogateescape")


READERS: dict[str, Callable[[str, str], list[SettingFinding]]] = {
    "yaml": read_yaml,
    "json": read_json,
    "toml": read_toml,
    "dotenv": read_dotenv,
    "redis": read_redis,
    "postgresql": read_postgresql,
    "nginx": read_nginx,
    "python": read_python,
    "dockerfile": read_dockerfile,
    "procfile": read_procfile,
    "systemd": read_systemd,
    "script": lambda name, text: read_script(name, text, reader_of=_written_reader),
    "caddyfile": read_caddyfile,
    "haproxy": read_haproxy,
    "apache": read_apache,
    "ini": read_ini,
    "hcl": read_hcl,
    "clickhouse": read_clickhouse,
    "js-config": read_js_config,
    "properties": read_properties,
    "tomcat": read_tomcat,
    "mosquitto": read_mosquitto,
    "rabbitmq": read_rabbitmq,
    "php-fpm": read_php_fpm,
    "memcached": read_memcached,
    "supervisord": read_supervisord,
    "puma": read_puma,
    "vagrant": read_vagrantfile,
    "quadlet": read_quadlet,
}


def _written_reader(path: str) -> Reader | None:
    """How to read a file a script writes, by its path (``None``: not a configuration)."""
    kind = file_kind(path)
    if kind is None or kind == "script":
        return None
    return _yaml_or_lines if kind == "yaml" else READERS[kind]


def _yaml_or_lines(name: str, text: str) -> list[SettingFinding]:
    """YAML, else ``key = value`` lines: MongoDB's configuration before 2.6 (``bind_ip =``)."""
    try:
        found = read_yaml(name, text)
    except ConfigFileError:
        found = []
    return found or read_ini(name, text)
