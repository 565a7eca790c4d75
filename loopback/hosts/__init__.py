"""Hosts files (``/etc/hosts``, the Windows hosts file): lossless, glibc-exact, safe.

>>> from loopback.hosts import HostsFile
>>> hosts = HostsFile.parse(b"127.0.0.1 localhost\\n10.0.0.1 web web.example # mine\\n")
>>> hosts.lookup("WEB.example")
[Address('10.0.0.1')]
>>> hosts.reverse("10.0.0.1")
['web', 'web.example']
>>> _ = hosts.add("10.0.0.2", "db")
>>> hosts.to_bytes().decode().splitlines()[-1]
'10.0.0.2 db'
"""

from __future__ import annotations

from ..errors import HostsConflictError, HostsFileError, HostsSyntaxError
from ._io import default_path
from ._lint import Finding
from ._lookup import HostEntry
from ._model import Block, HostsFile
from ._parse import Line

__all__ = [
    "Block",
    "Finding",
    "HostEntry",
    "HostsConflictError",
    "HostsFile",
    "HostsFileError",
    "HostsSyntaxError",
    "Line",
    "default_path",
]
