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
from collections.abc import Callable, Iterator
from typing import Literal

from .._paths import file_name
from ..errors import ConfigFileError
from ._dotenv import read_dotenv
from ._json import read_json
from ._model import SettingFinding
from ._nginx_conf import read_nginx
from ._postgresql_conf import read_postgresql
from ._redis_conf import read_redis
from ._toml import read_toml
from ._yaml import read_yaml

__all__ = ["FILE_KINDS", "READERS", "FileKind", "file_kind", "lint_path", "walk"]

FileKind = Literal["yaml", "json", "toml", "dotenv", "redis", "postgresql", "nginx"]
#: Every kind of file :func:`lint_path` reads.
FILE_KINDS: tuple[FileKind, ...] = (
    "yaml", "json", "toml", "dotenv", "redis", "postgresql", "nginx"
)  # fmt: skip

#: Directories a walk never enters: tools' caches and installed packages.
_SKIPPED_DIRECTORIES = frozenset(["node_modules", "__pycache__", "site-packages", "venv"])


def file_kind(path: str | os.PathLike[str]) -> FileKind | None:
    """The kind of configuration file ``path`` names, by its name alone (``None``: none).

    >>> file_kind("deploy/docker-compose.yml"), file_kind("/etc/redis/redis.conf")
    ('yaml', 'redis')
    >>> file_kind("/etc/nginx/sites-enabled/default"), file_kind("README.md") is None
    ('nginx', True)
    """
    name = _name(path)
    parts = re.split(r"[\\/]", name)
    base = parts[-1].lower()
    stem, dot, suffix = base.rpartition(".")
    if not dot:
        stem, suffix = base, ""
    if base == ".env" or base.startswith(".env.") or suffix == "env":
        return "dotenv"
    if suffix in ("yml", "yaml"):
        return "yaml"
    if suffix in ("json", "toml"):
        return suffix  # type: ignore[return-value]
    if suffix == "conf":
        if stem.startswith(("redis", "sentinel")):
            return "redis"
        if stem.startswith("postgresql"):
            return "postgresql"
        if stem.startswith("mongod"):
            return "yaml"
    if any("nginx" in part.lower() for part in parts) and (suffix == "conf" or not suffix):
        return "nginx"
    return None


def lint_path(
    path: str | os.PathLike[str], *, kind: FileKind | None = None
) -> list[SettingFinding]:
    """Find and judge every bind setting in a configuration file, or in a directory's.

    >>> import pathlib, tempfile
    >>> compose = pathlib.Path(tempfile.mkdtemp(), "compose.yaml")
    >>> _ = compose.write_text("services:\\n  web:\\n    ports: ['8080:80']\\n")
    >>> [(f.line, f.column, f.verdict.exposure) for f in lint_path(compose)]
    [(3, 13, 'all_interfaces')]

    :param path: a file, or a directory: then every file in it (and below, except hidden
        directories and ``node_modules``, ``__pycache__``, ``site-packages``, ``venv``)
        whose name :func:`file_kind` knows, in name order.
    :param kind: read a file as this kind, whatever its name says (one of
        :data:`FILE_KINDS`).
    :returns: the settings found, each with ``file``, ``line`` and ``column``; keep those
        whose ``verdict.exposed`` is true to find the exposing ones.
    :raises ConfigFileError: the file cannot be read, is not valid as its kind, is of no
        kind :func:`file_kind` knows (and ``kind`` is not given), or needs an optional
        extra that is not installed.
    """
    name = _name(path)
    if kind is not None and kind not in FILE_KINDS:
        known = ", ".join(FILE_KINDS)
        raise ConfigFileError(name, f"unknown kind {kind!r}; known: {known}")
    if os.path.isdir(name):
        return [finding for file in walk(name) for finding in _lint_file(file, None)]
    return _lint_file(name, kind)


def _name(path: object) -> str:
    try:
        return file_name(path)
    except ValueError as error:
        raise ConfigFileError(repr(path)[:80], str(error)) from None


def walk(top: str) -> Iterator[str]:
    def unreadable(error: OSError) -> None:  # never skip a directory without a word
        path = str(error.filename or top)
        raise ConfigFileError(path, f"cannot read the directory: {error.strerror or error}")

    for directory, subdirectories, files in os.walk(top, onerror=unreadable):
        subdirectories[:] = sorted(
            d for d in subdirectories if not d.startswith(".") and d not in _SKIPPED_DIRECTORIES
        )
        for file in sorted(files):
            path = os.path.normpath(os.path.join(directory, file))
            if file_kind(path) is not None:
                yield path


def _lint_file(name: str, kind: FileKind | None) -> list[SettingFinding]:
    try:
        with open(name, "rb") as file:
            data = file.read()
    except OSError as error:
        raise ConfigFileError(name, f"cannot read it: {error.strerror or error}") from None
    kind = kind or file_kind(name)
    if kind is None:
        raise ConfigFileError(
            name,
            "cannot tell what kind of configuration this is from its name; "
            f"give the kind (one of {', '.join(FILE_KINDS)})",
        )
    text = data.removeprefix(b"\xef\xbb\xbf").decode("utf-8", "surrogateescape")
    return READERS[kind](name, text)


READERS: dict[str, Callable[[str, str], list[SettingFinding]]] = {
    "yaml": read_yaml,
    "json": read_json,
    "toml": read_toml,
    "dotenv": read_dotenv,
    "redis": read_redis,
    "postgresql": read_postgresql,
    "nginx": read_nginx,
}
