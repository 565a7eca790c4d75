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
    from typing import Any, TypeVar

    from typing_extensions import dataclass_transform

    _T = TypeVar("_T")
else:

    def dataclass_transform(**_: object) -> object:
        return lambda function: function


__all__ = ["NamedTuple", "frozen"]

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


@dataclass_transform(frozen_default=True)
def frozen(cls: type[_T]) -> type[_T]:
    """``@dataclass(frozen=True)`` for a class that declares its ``__slots__``.

    Without importing :mod:`dataclasses` (and with it :mod:`inspect`: a megabyte and
    fifteen modules). The annotated fields, in order, become ``__init__``'s parameters
    (positional or keyword); ``repr``, ``==`` and ``hash`` are those of the fields as a
    tuple, as a dataclass's are; assigning or deleting a field raises ``AttributeError``;
    copies and pickles rebuild the record through ``__init__``. Type checkers see a
    frozen dataclass (PEP 681).
    """
    fields = tuple(getattr(cls, "__annotations__", {}))  # its own: no record has a base
    setattr(cls, "__record_fields__", fields)  # noqa: B010 - a dunder the checker must not see
    for name in ("__init__", "__repr__", "__eq__", "__hash__", "__setattr__", "__delattr__"):
        setattr(cls, name, getattr(_Frozen, name))
    setattr(cls, "__reduce__", _Frozen.__reduce__)  # noqa: B010
    setattr(cls, "__match_args__", fields)  # noqa: B010
    return cls


class _Frozen:
    """The methods :func:`frozen` gives a record (never instantiated itself)."""

    __slots__ = ()
    __record_fields__: tuple[str, ...]

    def __init__(self, *args: object, **kwargs: object) -> None:
        fields = self.__record_fields__
        if len(args) > len(fields):
            raise TypeError(f"{type(self).__name__}() takes {len(fields)} arguments")
        values = dict(zip(fields, args))
        for name, value in kwargs.items():
            if name not in fields or name in values:
                raise TypeError(f"{type(self).__name__}() got an unexpected or repeated {name!r}")
            values[name] = value
        if len(values) != len(fields):
            missing = [name for name in fields if name not in values]
            raise TypeError(f"{type(self).__name__}() missing {', '.join(missing)}")
        for name in fields:
            object.__setattr__(self, name, values[name])

    def _values(self) -> tuple[object, ...]:
        return tuple(getattr(self, name) for name in self.__record_fields__)

    def __repr__(self) -> str:
        shown = ", ".join(f"{n}={getattr(self, n)!r}" for n in self.__record_fields__)
        return f"{type(self).__qualname__}({shown})"

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return _Frozen._values(self) == tuple(getattr(other, n) for n in self.__record_fields__)

    def __hash__(self) -> int:
        return hash(_Frozen._values(self))

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete field {name!r}")

    def __reduce__(self) -> tuple[type, tuple[object, ...]]:
        return (type(self), _Frozen._values(self))
