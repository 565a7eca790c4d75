"""YAML files, with the place of every value (for ``lint_path``).

Read with PyYAML (the ``loopback[yaml]`` extra); docker-compose files are interpolated
as compose does it, with the ``.env`` file beside them.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import replace
from functools import partial
from types import ModuleType
from typing import TYPE_CHECKING

from ..errors import ConfigFileError
from ._dotenv import env_lines
from ._mapping import path_key
from ._model import SettingFinding
from ._places import Marks, Places, lint_document, locate_marked
from ._variables import interpolate, judged

__all__ = ["read_yaml"]

if TYPE_CHECKING:
    import yaml

_YAML_LOADER: list[type[yaml.SafeLoader]] = []  # the loader class, made on first use


def read_yaml(name: str, text: str) -> list[SettingFinding]:
    """Every document of a YAML stream (compose files, Kubernetes manifests, mongod.conf)."""
    try:
        import yaml  # noqa: PLC0415 - the optional extra, only for YAML files
    except ImportError:
        raise ConfigFileError(
            name, "reading YAML needs PyYAML: pip install 'loopback[yaml]'"
        ) from None
    documents = []
    try:
        loader = _yaml_loader(yaml)(text)
    except yaml.reader.ReaderError as error:  # a character YAML does not allow
        line, column = Places(text)(error.position)
        reason = f"not valid YAML: character #x{error.character:04x}: {error.reason}"
        raise ConfigFileError(name, reason, line=line, column=column) from None
    node = None
    try:
        while loader.check_node():
            node = loader.get_node()
            documents.append(loader.construct_document(node))  # type: ignore[no-untyped-call,unused-ignore]
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        reason = f"not valid YAML: {error.problem or error.context}"
        if mark is None:  # pragma: no cover - PyYAML marks its errors
            raise ConfigFileError(name, reason) from None
        raise ConfigFileError(name, reason, line=mark.line + 1, column=mark.column + 1) from None
    except yaml.YAMLError as error:  # pragma: no cover - PyYAML marks every error it raises
        raise ConfigFileError(name, f"not valid YAML: {error}") from None
    except RecursionError:
        raise ConfigFileError(name, "not read: YAML nested too deeply") from None
    except (ValueError, LookupError, AttributeError, TypeError) as error:
        # a scalar of a type it cannot be: 2001-13-45, !!bool foo, 4301 digits, !!int +
        line, column = (node.start_mark.line + 1, node.start_mark.column + 1) if node else (1, 1)
        reason = f"not valid YAML: a value in the document here cannot be read ({error})"
        raise ConfigFileError(name, reason, line=line, column=column) from None
    finally:
        loader.dispose()  # type: ignore[no-untyped-call,unused-ignore]
    marks: Marks = loader.places  # type: ignore[attr-defined]  # our subclass has them
    compose = _COMPOSE_FILE.fullmatch(os.path.basename(name).lower()) is not None
    variables = _project_variables(name) if compose else {}
    found: list[SettingFinding] = []
    for root in documents:
        if compose:
            _interpolate_network_modes(root, variables)
        found += lint_document(name, text, root, partial(locate_marked, root, marks))
    return [_interpolated(finding, variables) for finding in found] if compose else found


def _interpolate_network_modes(root: object, variables: dict[str, str]) -> None:
    """Put the variables into each service's ``network_mode`` (``${NET}``: maybe host)."""
    services = root.get("services") if isinstance(root, dict) else None
    for service in services.values() if isinstance(services, dict) else ():
        mode = service.get("network_mode") if isinstance(service, dict) else None
        if isinstance(mode, str) and "$" in mode:
            service["network_mode"] = interpolate(mode, variables, [])


_COMPOSE_FILE = re.compile(r"(?:docker-)?compose[^/\\]*\.ya?ml")


def _project_variables(name: str) -> dict[str, str]:
    """The variables of the ``.env`` file beside a compose file (none if there is none)."""
    try:
        with open(os.path.join(os.path.dirname(name), ".env"), "rb") as file:
            text = file.read().decode("utf-8", "surrogateescape")
    except OSError:
        return {}
    return {variable: expanded for variable, _, _, expanded, _ in env_lines(text)}


def _interpolated(finding: SettingFinding, variables: dict[str, str]) -> SettingFinding:
    """``finding`` judged as docker compose reads its value, after interpolation."""
    value = finding.value
    unset: list[str] = []
    if isinstance(value, str) and "$" in value:
        read: object = interpolate(value, variables, unset)
    elif isinstance(value, dict) and any(isinstance(v, str) and "$" in v for v in value.values()):
        read = {k: interpolate(v, variables, unset) if isinstance(v, str) else v
                for k, v in value.items()}  # fmt: skip
    else:
        return finding
    return replace(finding, verdict=judged(finding.syntax, value, read, unset, "beside the file"))


def _yaml_loader(module: ModuleType) -> type[yaml.SafeLoader]:
    """PyYAML's safe loader, keeping the place of every value in ``loader.places``.

    The pure-Python one: nesting too deep for it raises ``RecursionError``, where the C
    one may crash.
    """
    if _YAML_LOADER:
        return _YAML_LOADER[0]

    class Loader(module.SafeLoader):  # type: ignore[name-defined,misc]  # a module object
        def __init__(self, stream: str) -> None:
            super().__init__(stream)
            self.places: Marks = {}

    def mapping(loader: Loader, node: yaml.MappingNode) -> Iterator[dict[object, object]]:
        data: dict[object, object] = {}
        yield data
        data.update(loader.construct_mapping(node))
        places = {}
        for key_node, value_node in node.value:  # merge keys (<<) are flattened by now
            key = loader.construct_object(key_node)
            places[path_key(key)] = (value_node.start_mark.index, data[key])
        loader.places[id(data)] = (data, places)

    def sequence(loader: Loader, node: yaml.SequenceNode) -> Iterator[list[object]]:
        data: list[object] = []
        yield data
        data.extend(loader.construct_sequence(node))
        places = [(item.start_mark.index, value) for item, value in zip(node.value, data)]
        loader.places[id(data)] = (data, places)

    Loader.add_constructor("tag:yaml.org,2002:map", mapping)
    Loader.add_constructor("tag:yaml.org,2002:seq", sequence)
    _YAML_LOADER.append(Loader)
    return Loader
