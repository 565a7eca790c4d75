"""YAML files, with the place of every value (for ``lint_path``).

Read with PyYAML (the ``loopback-net[yaml]`` extra); docker-compose files are interpolated
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
from ._command_files import command_finding
from ._dotenv import env_lines
from ._manifests import manifest_commands
from ._mapping import path_key
from ._model import Key, SettingFinding, Verdict, everywhere, verdict_of
from ._places import Marks, Places, lint_document, locate_marked, value_offset
from ._properties import dotted, spring_settings
from ._templates import untemplated
from ._variables import interpolate, judged

__all__ = ["is_compose", "is_template", "read_yaml"]

if TYPE_CHECKING:
    import yaml

_YAML_LOADERS: dict[bool, type[yaml.SafeLoader]] = {}  # by C or not, made on first use


def read_yaml(name: str, text: str) -> list[SettingFinding]:
    """Every document of a YAML stream (compose files, Kubernetes manifests, mongod.conf)."""
    try:
        import yaml  # noqa: PLC0415 - the optional extra, only for YAML files
    except ImportError:
        raise ConfigFileError(
            name, "reading YAML needs PyYAML: pip install 'loopback-net[yaml]'"
        ) from None
    silent: frozenset[int] = frozenset()
    templated = "{{" in text or "%{" in text
    if templated and is_template(name):
        text, silent = untemplated(text)
    try:
        documents, marks = _documents(yaml, name, text)
    except ConfigFileError:
        if silent or not templated:
            raise
        text, silent = untemplated(text)  # Go or Jinja template text in a file of YAML's name
        documents, marks = _documents(yaml, name, text)
    compose = _COMPOSE_FILE.fullmatch(os.path.basename(name).lower()) is not None or any(
        is_compose(root) for root in documents
    )
    variables = _project_variables(name) if compose else {}
    places = Places(text)
    found: list[SettingFinding] = []
    for root in documents:
        if compose:
            _interpolate_services(root, variables)
        locate = partial(locate_marked, root, marks)
        settings = lint_document(name, text, root, locate)
        found += [_interpolated(f, variables) for f in settings] if compose else settings
        for path, values in _embedded_values(root):
            found += _values_found(yaml, name, values, text=text, at=(locate(path), path))
        for command in manifest_commands(root, compose=compose):
            start = locate(command.path) + command.offset
            place = places(value_offset(text, start, command.setting.value))
            found.append(
                command_finding(
                    name,
                    place,
                    command.path,
                    command.setting,
                    in_a_container=command.in_a_container,
                    published=command.published,
                )
            )
    if compose:
        found += _duplicate_ports(found)
    if _SPRING_FILE.fullmatch(os.path.basename(name).lower()):
        found += _spring(name, documents, marks, places, found)
    if silent:
        found = [finding for finding in found if finding.line not in silent]
    if _HELM_VALUES.fullmatch(os.path.basename(name).lower()):
        found = [finding for finding in found if not _a_name_to_reach(finding)]
    return sorted(found, key=lambda finding: (finding.line or 0, finding.column or 0))


def _embedded_values(root: object) -> Iterator[tuple[tuple[Key, ...], str]]:
    """A chart's values written as YAML text in a document (path, text).

    k3s's ``HelmChart`` carries them in ``spec.valuesContent``, Argo CD's ``Application``
    in ``spec.source.helm.values`` (and each of ``spec.sources``).
    """
    stack: list[tuple[tuple[Key, ...], object]] = [((), root)]
    while stack:
        path, node = stack.pop()
        if isinstance(node, dict):
            for key, value in node.items():
                here = (*path, path_key(key))
                helm_values = key == "values" and path[-1:] == ("helm",)
                if isinstance(value, str) and (key == "valuesContent" or helm_values):
                    yield here, value
                else:
                    stack.append((here, value))
        elif isinstance(node, list):
            stack.extend(((*path, i), item) for i, item in enumerate(node))


def _values_found(
    yaml: ModuleType, name: str, values: str, *, text: str, at: tuple[int, tuple[Key, ...]]
) -> list[SettingFinding]:
    """The findings of values written as text, placed in the file that holds them.

    A block scalar (``|``, ``|-``) starts on the next line, indented, and each finding is
    on its own line; in a quoted string (escapes and all) they are placed at the string.
    """
    offset, path = at
    try:
        documents, marks = _documents(yaml, name, values)
    except ConfigFileError:
        return []  # text that is not YAML says nothing
    line, column = Places(text)(offset)
    block = text[offset : offset + 1] in ("|", ">")
    if block:
        following = text.split("\n", line + 1)[line] if text.count("\n") > line else ""
        indent = len(following) - len(following.lstrip(" "))
    found = []
    for root in documents:
        settings = lint_document(name, values, root, partial(locate_marked, root, marks))
        found += [
            replace(
                finding,
                path=(*path, *finding.path),
                line=line + (finding.line or 1) if block else line,
                column=indent + (finding.column or 1) if block else column,
            )
            for finding in settings
            if not _a_name_to_reach(finding)
        ]
    return found


def _documents(yaml: ModuleType, name: str, text: str) -> tuple[list[object], Marks]:
    if hasattr(yaml, "CSafeLoader") and _nesting_bound(text) < _C_DEPTH:
        try:  # libyaml's parser: the same nodes and marks, several times faster
            return _load(yaml, name, text, c=True)
        except (ConfigFileError, UnicodeEncodeError):  # said in the pure parser's own words
            # (libyaml is handed UTF-8, which a byte that was not UTF-8 cannot become)
            pass
    return _load(yaml, name, text, c=False)


#: Folders and suffixes of Go template text: a Helm chart's ``templates/``, ``*.tpl``,
#: helmfile's ``*.gotmpl``.
_TEMPLATE_FOLDER = re.compile(r"(?:^|[\\/])templates[\\/]")
_TEMPLATE_SUFFIXES = (".tpl", ".gotmpl")


def is_template(name: str) -> bool:
    """Is a YAML file Go template text, by its place (``templates/``) or its suffix?"""
    return _TEMPLATE_FOLDER.search(name) is not None or name.lower().endswith(_TEMPLATE_SUFFIXES)


#: A Helm chart's values (``values.yaml``, ``values-prod.yaml``, ``values.dev.yaml``).
_HELM_VALUES = re.compile(r"values(?:[-_.][^/\\]*)?\.ya?ml")


def _a_name_to_reach(finding: SettingFinding) -> bool:
    """A bare ``host`` in a chart's values: a name to reach or to route, not a bind.

    Charts' values name hosts for their Ingress rules (``ingress.hosts[].host``), for the
    databases and caches the application connects to, and for the address it is served
    at; the bind settings of the servers they run have their own keys.
    """
    return finding.syntax == "generic" and finding.path[-1:] == ("host",)


def _duplicate_ports(found: list[SettingFinding]) -> list[SettingFinding]:
    """Host ports that two compose services publish on overlapping addresses."""
    taken: dict[tuple[int, str], tuple[object, set[str]]] = {}  # (port, protocol) -> owner
    clashes = []
    for finding in found:
        if finding.syntax != "docker-ports" or finding.path[:1] != ("services",):
            continue
        service, value = finding.path[1], finding.value
        protocol = "tcp"
        if isinstance(value, str) and "/" in value:
            protocol = value.rpartition("/")[2].lower()
        hosts = set(finding.verdict.hosts)
        for port in finding.verdict.ports:
            owner = taken.setdefault((port, protocol), (service, hosts))
            if owner[0] != service and _overlap(owner[1], hosts):
                message = (
                    f"host port {port} is published by services {owner[0]!r} and "
                    f"{service!r} on overlapping addresses: the second cannot start; "
                    "publish one of them on another port"
                )
                verdict = replace(finding.verdict, message=message)
                clashes.append(replace(finding, verdict=verdict, check="duplicate-port"))
    return clashes


def _overlap(first: set[str], second: set[str]) -> bool:
    """Do two sets of bound hosts share an address (every interface shares them all)?"""
    return bool(first & second or (first | second) & {"0.0.0.0", "::", "*"})


#: Documents nested less deeply than this are parsed by libyaml (deeper ones by the
#: pure-Python parser, which raises RecursionError where C could exhaust its stack).
_C_DEPTH = 500
_BRACKETS = re.compile(r"[\[\]{}]")
_INDENT = re.compile(r"^[ \t?:-]*", re.MULTILINE)


def _nesting_bound(text: str) -> int:
    """An upper bound of a YAML document's nesting: indentation plus flow brackets."""
    depth = deepest = 0
    for match in _BRACKETS.finditer(text):
        depth = depth + 1 if match[0] in "[{" else max(depth - 1, 0)
        deepest = max(deepest, depth)
    return deepest + max((len(m[0]) for m in _INDENT.finditer(text)), default=0)


def _load(yaml: ModuleType, name: str, text: str, *, c: bool) -> tuple[list[object], Marks]:
    """The documents of a YAML stream, and where each value is."""
    documents = []
    try:
        loader = _yaml_loader(yaml, c=c)(text)
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
    return documents, loader.places  # type: ignore[attr-defined]  # our subclass has them


#: Keys only a compose service has (a Kubernetes or Helm document has none of them).
_SERVICE_KEYS = frozenset(
    ["image", "build", "ports", "command", "entrypoint", "environment", "volumes",
     "depends_on", "network_mode", "expose", "restart", "container_name", "healthcheck"]
)  # fmt: skip


def is_compose(root: object) -> bool:
    """Is a document a compose file by its content (``services:`` of compose services)?"""
    if not isinstance(root, dict) or "apiVersion" in root or "kind" in root or "jobs" in root:
        return False
    services = root.get("services")
    return (
        isinstance(services, dict)
        and bool(services)
        and all(
            isinstance(service, dict) and (not service or _SERVICE_KEYS & service.keys())
            for service in services.values()
        )
    )


def _interpolate_services(root: object, variables: dict[str, str]) -> None:
    """Put the variables into each service's ``network_mode``, ``command`` and ``entrypoint``."""
    services = root.get("services") if isinstance(root, dict) else None
    for service in services.values() if isinstance(services, dict) else ():
        if not isinstance(service, dict):
            continue
        for key in ("network_mode", "command", "entrypoint"):
            value = service.get(key)
            if isinstance(value, str) and "$" in value:
                service[key] = interpolate(value, variables, [])
            elif isinstance(value, list):
                service[key] = [
                    interpolate(word, variables, []) if isinstance(word, str) else word
                    for word in value
                ]


#: Spring Boot's configuration files (``application.yml``, ``application-prod.yaml``).
_SPRING_FILE = re.compile(r"(?:application|bootstrap)(?:[-_.][^/\\]*)?\.ya?ml")


def _spring(
    name: str, documents: list[object], marks: Marks, places: Places, found: list[SettingFinding]
) -> list[SettingFinding]:
    """Spring Boot's servers in each document (those ``lint_mapping`` did not find)."""
    seen = {finding.path for finding in found}
    spring = []
    for root in documents:
        settings = dotted(root)
        for key, syntax, value, verdict in spring_settings(
            {k: v for k, (_, v) in settings.items()}
        ):
            path = settings[key][0]
            if path not in seen:
                place = places(locate_marked(root, marks, path))
                spring.append(SettingFinding(path, syntax, value, verdict, name, *place))
    return spring


_COMPOSE_FILE = re.compile(r"(?:docker-)?compose[^/\\]*\.ya?ml")
#: Files beside a compose file whose variables are used when there is no ``.env``.
_EXAMPLE_ENV = (".env.example", ".env.sample", ".env.template", ".env.dist", "env.example")


def _project_variables(name: str) -> dict[str, str]:
    """The variables of the ``.env`` file beside a compose file (none if there is none).

    Without a ``.env``, those of an example file beside it (``.env.example``): the values
    a project documents are the ones its users start from.
    """
    for candidate in (".env", *_EXAMPLE_ENV):
        try:
            with open(os.path.join(os.path.dirname(name), candidate), "rb") as file:
                text = file.read().decode("utf-8", "surrogateescape")
        except OSError:
            continue
        return {variable: expanded for variable, _, _, expanded, _ in env_lines(text)}
    return {}


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
    if finding.syntax == "docker-ports" and isinstance(value, str) and unset:
        ports = _ports_from_variables(value, unset)
        if ports is not None:
            return replace(finding, verdict=ports)
    return replace(finding, verdict=judged(finding.syntax, value, read, unset, "beside the file"))


def _ports_from_variables(value: str, unset: list[str]) -> Verdict | None:
    """A port mapping whose unset variables can only be ports: every interface.

    ``${PORT}:${PORT}`` (or ``${WEB_PORT}:80``) holds no host address: a variable that
    held one would leave the container side, or a name that says port, invalid.
    """
    parts = re.split(r":(?![^{]*\})", value.rsplit("/", 1)[0])
    if len(parts) != 2:
        return None
    names = set(unset)
    same = parts[0] == parts[1]
    if not (same or all("PORT" in n.upper() for n in names)):
        return None
    why = f"{value!r} has no host IP: Docker publishes it on every interface"
    return verdict_of(everywhere(why), [])


def _yaml_loader(module: ModuleType, *, c: bool) -> type[yaml.SafeLoader]:
    """PyYAML's safe loader (libyaml's with ``c``), keeping every value's place."""
    if c in _YAML_LOADERS:
        return _YAML_LOADERS[c]
    base = module.CSafeLoader if c else module.SafeLoader

    class Loader(base):  # type: ignore[valid-type,misc]  # a class of a module object
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

    def integer(loader: Loader, node: yaml.ScalarNode) -> object:
        if ":" in node.value:  # YAML 1.1's base 60 (22:22 is 1342): what Compose v2, Kubernetes
            return loader.construct_scalar(node)  # and Go's YAML read as text, as YAML 1.2 does
        return loader.construct_yaml_int(node)

    def tagged(loader: Loader, node: yaml.Node) -> object:
        """A value under an application's tag (compose's ``!reset``, ``!override``).

        Also CloudFormation's ``!Ref``, Ansible's ``!vault``; YAML's own tags that the safe
        schema does not define (``!!python/object``) stay refused.
        """
        if not node.tag.startswith("!"):
            return loader.construct_undefined(node)
        if isinstance(node, module.MappingNode):  # its keys and values are YAML's own
            return mapping(loader, node)
        if isinstance(node, module.SequenceNode):
            return sequence(loader, node)
        if node.tag == "!override":  # compose: this value replaces the one merged into
            return loader.construct_scalar(node)
        return None  # removed (compose's !reset) or computed by the tool that reads it

    Loader.add_constructor("tag:yaml.org,2002:int", integer)
    Loader.add_constructor("tag:yaml.org,2002:map", mapping)
    Loader.add_constructor("tag:yaml.org,2002:seq", sequence)
    Loader.add_constructor(None, tagged)
    _YAML_LOADERS[c] = Loader
    return Loader
