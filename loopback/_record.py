"""``NamedTuple`` records without importing :mod:`typing` when ``loopback`` is imported.

``typing`` costs more to import than all of :mod:`ipaddress`, and ``dataclasses`` pulls in
``inspect``. Modules on the import path of ``import loopback`` write their records as
``class Row(NamedTuple)`` with this ``NamedTuple`` at run time (type checkers see
``typing.NamedTuple``)::

    TYPE_CHECKING = False
    if TYPE_CHECKING:
        from typing import NamedTuple
    else:
        from ._record import NamedTuple

The class becomes a :func:`collections.namedtuple` with the annotated fields in order
(with their defaults), and the class body's docstring, methods and properties, as
``typing.NamedTuple`` makes it.
"""

from __future__ import annotations

import collections

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

__all__ = ["NamedTuple"]

#: What a class body holds that is no field, method or docstring of the record.
_SKIPPED = frozenset(["__annotations__", "__module__", "__qualname__", "__dict__", "__weakref__"])


class _Builder(type):
    def __new__(cls, name: str, bases: tuple[type, ...], namespace: dict[str, Any]) -> type:
        if not bases:  # NamedTuple itself
            return super().__new__(cls, name, bases, namespace)
        fields = list(namespace.get("__annotations__", {}))
        defaults = [namespace[field] for field in fields if field in namespace]
        make = collections.namedtuple  # called by name: the checker wants literals for namedtuple
        record: type = make(name, fields, defaults=defaults, module=namespace["__module__"])
        record.__qualname__ = namespace.get("__qualname__", name)
        for key, value in namespace.items():
            if key not in _SKIPPED and key not in fields:
                setattr(record, key, value)
        return record


class NamedTuple(metaclass=_Builder):
    """Base of a record: ``class Row(NamedTuple)`` becomes a ``namedtuple``."""
