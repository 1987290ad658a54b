"""Load and validate every policy file of a directory, failing fast with file, key and reason.

    load_policies(directory=None) -> PolicySet

``None`` means the shipped policies: ``privacy_gateway/_policies`` inside an installed wheel (see the
pyproject force-include), else the repository's top-level ``policies/``. Only ``*.yaml`` files are
policies; a policy's name is its file stem.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from privacy_gateway.errors import ConfigError, NotFound
from privacy_gateway.policies.models import Policy, PolicySpec

_NAME = re.compile(r"[a-z][a-z0-9_]{0,63}")
_PACKAGE_DIR = Path(__file__).resolve().parents[1]


class PolicySet:
    """The policies of one directory, by name. Immutable once loaded."""

    def __init__(self, policies: dict[str, Policy]) -> None:
        self._policies = dict(sorted(policies.items()))

    def get(self, name: str) -> Policy:
        try:
            return self._policies[name]
        except KeyError:
            raise NotFound(f"unknown policy {name!r}; available: {', '.join(self._policies)}") from None

    def names(self) -> list[str]:
        return list(self._policies)

    def __iter__(self) -> Iterator[Policy]:
        return iter(self._policies.values())

    def __len__(self) -> int:
        return len(self._policies)

    def __repr__(self) -> str:
        return f"PolicySet({', '.join(f'{p.name}@{p.version}' for p in self)})"


def shipped_policies_dir() -> Path:
    installed = _PACKAGE_DIR / "_policies"
    return installed if installed.is_dir() else _PACKAGE_DIR.parent / "policies"


def load_policies(directory: Path | None = None) -> PolicySet:
    directory = shipped_policies_dir() if directory is None else Path(directory)
    if not directory.is_dir():
        raise ConfigError(f"{directory}: policy directory not found")
    files = sorted(directory.glob("*.yaml"))
    if not files:
        raise ConfigError(f"{directory}: no policy files (*.yaml)")
    return PolicySet({p.name: p for p in map(load_policy_file, files)})


def load_policy_file(path: Path) -> Policy:
    name = path.stem
    if not _NAME.fullmatch(name):
        raise ConfigError(f"{path}: (file name): policy names are lowercase letters, digits and '_'")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: (file): cannot read: {type(exc).__name__}") from None
    data = _parse_yaml(path, text)
    try:
        spec = PolicySpec.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(f"{path}: " + "; ".join(_describe(err) for err in exc.errors())) from None
    return Policy(name=name, version=policy_version(name, spec), spec=spec)


def policy_version(name: str, spec: PolicySpec) -> str:
    """A hash of the canonical content (defaults filled in), so comments and key order do not count."""
    canonical = json.dumps(
        {"name": name, **spec.model_dump(mode="json")},
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return "sha256:" + hashlib.sha256(canonical.encode()).hexdigest()[:16]


class _StrictLoader(yaml.SafeLoader):
    """Safe YAML that refuses duplicate keys (plain YAML keeps the last one silently)."""


def _mapping_without_duplicates(loader: _StrictLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)
        if key in seen:
            raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r}", key_node.start_mark)
        seen.add(key)
    return loader.construct_mapping(node)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_without_duplicates)


def _parse_yaml(path: Path, text: str) -> Any:
    try:
        data = yaml.load(text, Loader=_StrictLoader)  # noqa: S506  (a SafeLoader subclass)  # nosec B506
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "(file)"
        raise ConfigError(f"{path}: {where}: invalid YAML: {exc.problem}") from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: (file): invalid YAML: {type(exc).__name__}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: (top level): expected a mapping of keys, got {type(data).__name__}")
    return data


def _describe(err: Any) -> str:
    """'rules.PERSON.length: Input should be less than or equal to 16' from one pydantic error."""
    loc = [str(part) for part in err["loc"]]
    # The discriminated union puts the chosen operator name in the path; the file has no such key.
    cut = {"rules": 2, "default_rule": 1}.get(loc[0]) if loc else None
    if cut is not None and len(loc) > cut:
        loc = loc[:cut] + loc[cut + 1 :]
    if loc and loc[-1] == "[key]":
        loc.pop()
    if err["type"] in ("union_tag_invalid", "union_tag_not_found"):
        loc.append("operator")
    message = str(err["msg"]).removeprefix("Value error, ")
    if err["type"] == "extra_forbidden":
        message = "unknown key"
    if not loc:
        return message  # model-level checks name their key in the message
    return f"{'.'.join(loc)}: {message}"
