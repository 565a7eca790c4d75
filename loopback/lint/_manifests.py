"""Command lines in parsed manifests: compose services, Kubernetes pods, CI pipelines.

A compose service's ``command``/``entrypoint`` and a Kubernetes container's
``command``/``args`` run inside a container, unless it shares the host's network
(``network_mode: host``, ``hostNetwork: true``); the service's ``ports`` (a container's
``hostPort`` or declared ``containerPort``) say whether a port of it is meant to be
reached. A workflow step's ``run`` runs on the runner: its ``docker run -p`` publishes.

A GitLab CI job's ``before_script``, ``script`` and ``after_script`` lines
(<https://docs.gitlab.com/ci/yaml/#script>) run in the job's environment: their
``docker run -p`` publishes on the runner's host through its Docker daemon, except with
a ``docker:dind`` service (<https://docs.gitlab.com/ci/docker/using_docker_build/>),
whose daemon runs in that service's container: ``-p`` publishes there, not on the
runner's host. A job's ``services`` run in containers no port of which is published.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import NamedTuple

from ._commands import CommandSetting, read_command, read_shell
from ._containers import container_ports, on_ports
from ._model import Key, Verdict
from ._probes import BUSYBOX_APPLETS, is_busybox, probe_settings
from ._reading import port_value
from ._shell import simple_commands

__all__ = ["ManifestCommand", "is_gitlab_ci", "manifest_commands"]


class ManifestCommand(NamedTuple):
    """A setting in a manifest's command line, and where it runs."""

    #: The path of the command's value (a list item for the exec form).
    path: tuple[Key, ...]
    #: The offset of the word inside a string value (0 for a list item).
    offset: int
    setting: CommandSetting
    in_a_container: bool
    published: bool


def manifest_commands(root: object, *, compose: bool) -> Iterator[ManifestCommand]:
    """The command-line settings of one parsed document."""
    if not isinstance(root, Mapping):
        return
    services = root.get("services")
    if compose and isinstance(services, Mapping):
        for name, service in services.items():
            if isinstance(service, Mapping) and isinstance(name, (str, int)):
                yield from _service(("services", name), service)
    jobs = root.get("jobs")
    if isinstance(jobs, Mapping):
        yield from _workflow(jobs)
    if not compose and is_gitlab_ci(root):
        yield from _gitlab_ci(root)
    if not compose:
        yield from _pods(root)


def _service(path: tuple[Key, ...], service: Mapping[object, object]) -> Iterator[ManifestCommand]:
    on_host = service.get("network_mode") == "host"
    published = bool(service.get("ports")) and not on_host
    container = container_ports(service.get("ports"))
    found = [
        command._replace(published=on_ports(command.setting.verdict.ports, container))
        if command.published else command
        for command in _service_commands(path, service, on_host, published)
    ]  # fmt: skip
    yield from found
    yield from _healthcheck(path, service, [command.setting for command in found])


def _service_commands(
    path: tuple[Key, ...], service: Mapping[object, object], on_host: bool, published: bool
) -> Iterator[ManifestCommand]:
    entry = _words(service.get("entrypoint"))
    command = _words(service.get("command"))
    if entry:  # exec forms: the entrypoint runs with the command as its arguments
        settings = read_command([word for word, _ in entry + (command or [])])
        if settings:
            for setting in settings:
                key, index = ("entrypoint", setting.word)
                if setting.word >= len(entry):
                    key, index = "command", setting.word - len(entry)
                yield _found((*path, key, index), 0, setting, on_host, published)
            return
    for key in ("entrypoint", "command"):
        yield from _value_settings((*path, key), service.get(key), on_host, published)


def _healthcheck(
    path: tuple[Key, ...], service: Mapping[object, object], servers: list[CommandSetting]
) -> Iterator[ManifestCommand]:
    """``healthcheck: test:`` probes that miss the service's server (``_probes``)."""
    check = service.get("healthcheck")
    test = check.get("test") if isinstance(check, Mapping) else None
    path = (*path, "healthcheck", "test")
    listed = isinstance(test, list) and test[:1] == ["CMD"] and _words(test) is not None
    if isinstance(test, list) and test[:1] == ["CMD-SHELL"] and len(test) == 2:
        path, test = (*path, 1), test[1]
    if isinstance(test, str):  # run by the container's shell
        commands = [[(w.offset, w.text) for w in c] for c in simple_commands(test)]
    elif listed:  # the exec form: each word its own item
        commands = [[(index, word) for index, word in enumerate(test) if index]]  # type: ignore[arg-type]
    else:
        return
    image = service.get("image")
    busybox: frozenset[str] | None = None  # built here: its image is not known
    if isinstance(image, str):
        busybox = BUSYBOX_APPLETS if is_busybox(image) else frozenset()
    for at, setting in probe_settings(commands, servers, busybox=busybox):
        where, offset = ((*path, at), 0) if listed else (path, at)
        yield ManifestCommand(where, offset, setting, in_a_container=True, published=False)


def _words(value: object) -> list[tuple[str, int]] | None:
    """An exec-form list as (word, index) pairs; ``None`` for anything else."""
    if isinstance(value, list) and all(isinstance(word, str) for word in value):
        return [(word, i) for i, word in enumerate(value)]
    return None


def _value_settings(
    path: tuple[Key, ...], value: object, on_host: bool, published: bool
) -> Iterator[ManifestCommand]:
    """A command given as a string (split as compose splits it) or a list."""
    if isinstance(value, str):
        for offset, setting in read_shell(value):
            yield _found(path, offset, setting, on_host, published)
    elif isinstance(value, list) and all(isinstance(word, str) for word in value):
        for setting in read_command(value):
            yield _found((*path, setting.word), 0, setting, on_host, published)


def _found(
    path: tuple[Key, ...], offset: int, setting: CommandSetting, on_host: bool, published: bool
) -> ManifestCommand:
    return ManifestCommand(path, offset, setting, not on_host, published)


def _pods(root: Mapping[object, object]) -> Iterator[ManifestCommand]:
    """Every pod spec (a mapping with ``containers``) in a Kubernetes document."""
    stack: list[tuple[tuple[Key, ...], object]] = [((), root)]
    seen: set[int] = set()
    while stack:
        path, node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, Mapping):
            containers = node.get("containers")
            if isinstance(containers, list):
                yield from _containers((*path, "containers"), containers, node)
            stack.extend(
                ((*path, key), value)
                for key, value in node.items()
                if isinstance(key, str) and key != "containers"
            )
        elif isinstance(node, list):
            stack.extend(((*path, i), item) for i, item in enumerate(node))


def _containers(
    path: tuple[Key, ...], containers: list[object], pod: Mapping[object, object]
) -> Iterator[ManifestCommand]:
    on_host = pod.get("hostNetwork") is True
    for index, container in enumerate(containers):
        if not isinstance(container, Mapping):
            continue
        ports = container.get("ports")
        probed = _probed_ports(container)
        published = (isinstance(ports, list) and bool(ports)) or bool(probed)
        declared = container_ports(ports if isinstance(ports, list) else [])
        if declared is not None and probed is not None:
            declared = declared | frozenset(port for port in probed if port)
        if 0 in (probed or ()):
            declared = None  # a probe of a port by name or of no known number
        command = _words(container.get("command")) or []
        args = _words(container.get("args")) or []
        words = [word for word, _ in command + args]
        servers = []
        for setting in read_command(words):
            key, at = ("command", setting.word)
            if setting.word >= len(command):
                key, at = "args", setting.word - len(command)
            reached = published and on_ports(setting.verdict.ports, declared)
            servers.append(setting)
            yield _found((*path, index, key, at), 0, setting, on_host, reached)
        yield from _exec_probes((*path, index), container, servers)


#: The probes the kubelet runs against a container.
_PROBES = ("livenessProbe", "readinessProbe", "startupProbe")


def _probed_ports(container: Mapping[object, object]) -> frozenset[int] | None:
    """The ports the kubelet probes from outside the container (0: one not known).

    ``httpGet``, ``tcpSocket`` and ``grpc`` probes without a ``host`` connect to the pod's
    address; a port may be named for one of the container's ``ports``.
    """
    ports = container.get("ports")
    entries = (
        [entry for entry in ports if isinstance(entry, Mapping)] if isinstance(ports, list) else []
    )
    names = {entry.get("name"): entry.get("containerPort") for entry in entries}
    found: set[int] = set()
    for name in _PROBES:
        probe = container.get(name)
        if not isinstance(probe, Mapping):
            continue
        for kind in ("httpGet", "tcpSocket", "grpc"):
            action = probe.get(kind)
            if isinstance(action, Mapping) and not action.get("host"):
                port = action.get("port")
                port = names.get(port, port) if isinstance(port, str) else port
                number = port_value(port) if not isinstance(port, str) else None
                found.add(number or 0)
    return frozenset(found) or None


def _exec_probes(
    path: tuple[Key, ...], container: Mapping[object, object], servers: list[CommandSetting]
) -> Iterator[ManifestCommand]:
    """``exec`` probes, run inside the container, that miss its server (``_probes``)."""
    image = container.get("image")
    busybox = None
    if isinstance(image, str):
        busybox = BUSYBOX_APPLETS if is_busybox(image) else frozenset()
    for name in _PROBES:
        probe = container.get(name)
        action = probe.get("exec") if isinstance(probe, Mapping) else None
        command = _words(action.get("command")) if isinstance(action, Mapping) else None
        if command is None:
            continue
        found = probe_settings([[(i, word) for word, i in command]], servers, busybox=busybox)
        for at, setting in found:
            yield ManifestCommand(
                (*path, name, "exec", "command", at), 0, setting, in_a_container=True,
                published=False,
            )  # fmt: skip


def _workflow(jobs: Mapping[object, object]) -> Iterator[ManifestCommand]:
    """``docker run -p`` in the ``run`` steps of a GitHub Actions workflow."""
    for name, job in jobs.items():
        steps = job.get("steps") if isinstance(job, Mapping) else None
        if not isinstance(steps, list) or not isinstance(name, str):
            continue
        for index, step in enumerate(steps):
            run = step.get("run") if isinstance(step, Mapping) else None
            if isinstance(run, str):
                for offset, setting in read_shell(run):
                    if setting.where == "host":
                        path = ("jobs", name, "steps", index, "run")
                        yield ManifestCommand(
                            path, offset, setting, in_a_container=False, published=False
                        )


# -- GitLab CI ------------------------------------------------------------------------------

#: Top-level keys of ``.gitlab-ci.yml`` that are not jobs.
_GITLAB_GLOBAL = frozenset(
    ["default", "include", "stages", "variables", "workflow", "image", "services", "cache",
     "before_script", "after_script", "spec"]
)  # fmt: skip
#: Keys only a GitLab CI job has beside ``script``.
_GITLAB_JOB = frozenset(["stage", "image", "services", "extends", "rules", "needs", "tags"])
_SCRIPTS = ("before_script", "script", "after_script")
#: How many templates a job's ``extends`` are followed through for its ``services``.
_EXTENDS_BUDGET = 32


def is_gitlab_ci(root: Mapping[object, object]) -> bool:
    """Does a document hold GitLab CI jobs (a ``script`` beside another job's key)?"""
    return any(
        isinstance(job, Mapping) and "script" in job and not _GITLAB_JOB.isdisjoint(job)
        for key, job in root.items()
        if key not in _GITLAB_GLOBAL
    )


def _gitlab_ci(root: Mapping[object, object]) -> Iterator[ManifestCommand]:
    """``docker run -p`` in the script lines of each job, and of the defaults."""
    default = root.get("default")
    default = default if isinstance(default, Mapping) else {}
    global_dind = _dind(default.get("services", root.get("services")))
    for key in ("before_script", "after_script"):
        path = ("default", key) if key in default else (key,)
        yield from _script_lines(path, default.get(key, root.get(key)), dind=global_dind)
    for name, job in root.items():
        if name in _GITLAB_GLOBAL or not isinstance(job, Mapping) or not isinstance(name, str):
            continue
        dind = _job_dind(root, job, _EXTENDS_BUDGET)
        dind = global_dind if dind is None else dind
        for key in _SCRIPTS:
            yield from _script_lines((name, key), job.get(key), dind=dind)


def _job_dind(
    root: Mapping[object, object], job: Mapping[object, object], budget: int
) -> bool | None:
    """Does a job run a ``docker:dind`` service (its own or an ``extends``'s)?

    ``None``: no ``services`` said (the default's apply). The last template a job extends
    wins, as GitLab merges them; ``budget`` caps the templates looked at (cycles too).
    """
    if "services" in job:
        return _dind(job["services"])
    parents = job.get("extends")
    names = [parents] if isinstance(parents, str) else parents if isinstance(parents, list) else []
    for parent in reversed(names):
        template = root.get(parent) if isinstance(parent, str) else None
        budget -= 1
        if budget > 0 and isinstance(template, Mapping):
            found = _job_dind(root, template, budget // len(names))
            if found is not None:
                return found
    return None


def _dind(services: object) -> bool:
    """Is one of the services Docker-in-Docker (``docker:dind``, ``docker:27-dind``)?"""
    for service in services if isinstance(services, list) else ():
        image = service.get("name") if isinstance(service, Mapping) else service
        if isinstance(image, str):
            repository, _, tag = image.rsplit("/", 1)[-1].partition(":")
            if repository == "docker" and "dind" in tag:
                return True
    return False


def _script_lines(path: tuple[Key, ...], lines: object, *, dind: bool) -> Iterator[ManifestCommand]:
    """The ``docker`` commands of a script (a line, or a list of lines and lists of them)."""
    items: list[tuple[tuple[Key, ...], object]] = [(path, lines)]
    if isinstance(lines, list):
        items = [((*path, i), line) for i, line in enumerate(lines)]
        items = [
            ((*at, j), inner) if isinstance(line, list) else (at, line)
            for at, line in items
            for j, inner in (enumerate(line) if isinstance(line, list) else [(0, line)])
        ]
    for at, line in items:
        if not isinstance(line, str):
            continue
        for offset, setting in read_shell(line):
            if setting.where != "host" or setting.program.split()[0] != "docker":
                continue
            judged = setting._replace(verdict=_in_dind(setting.verdict)) if dind else setting
            yield ManifestCommand(at, offset, judged, in_a_container=False, published=False)


def _in_dind(verdict: Verdict) -> Verdict:
    """``docker run -p`` with a ``docker:dind`` service: published in that service only."""
    if not verdict.exposed:
        return verdict
    message = (
        f"{verdict.message.split(': other machines')[0]} of the docker:dind service's "
        "container, where the job's docker daemon runs: not on the runner's host"
    )
    return Verdict("not_published", verdict.hosts, verdict.ports, message)
