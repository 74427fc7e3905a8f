"""Reading curated YAML strictly: one clear message, with file, line and column, per mistake.

PyYAML's safe loader lets a repeated key silently overwrite the first one, accepts tags and
expands aliases without bound. Curated data needs none of that: a repeated key is refused
with both lines, explicit tags are refused, and aliases (which the curated files use to
share a bilingual role) are allowed only while the expanded document stays small, so a
"billion laughs" file is refused while it is still being read.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from albakg.text.limits import LimitError, read_limited

#: Largest number of nodes a file may expand to once its aliases are followed.
MAX_EXPANDED_NODES = 1_000_000


class YamlError(ValueError):
    """A file is not curated YAML; the message names the file and the place."""


def decode_utf8(path: Path, data: bytes) -> str:
    """Text of ``data`` with a leading byte-order mark dropped; not UTF-8 names line and column."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        raise YamlError(
            f"{path}: line {line}, column {column}: byte 0x{data[exc.start]:02x} is not UTF-8; "
            "save the file as UTF-8 (it looks like another encoding, such as Latin-1)"
        ) from None
    return text.removeprefix("\ufeff")


def _where(node: Node) -> str:
    mark = node.start_mark
    return f"line {mark.line + 1}, column {mark.column + 1}"


class _StrictLoader(yaml.SafeLoader):
    """Safe loader refusing repeated keys, explicit tags and alias bombs."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._sizes: dict[int, int] = {}

    def compose_node(self, parent: Node | None, index: int) -> Node | None:
        event = self.peek_event()  # type: ignore[no-untyped-call]
        tag = getattr(event, "tag", None)
        if not isinstance(event, yaml.AliasEvent) and tag not in (None, "!"):
            raise YamlError(
                f"line {event.start_mark.line + 1}, column {event.start_mark.column + 1}: "
                f"the tag {tag!r} is not allowed in curated data; remove it"
            )
        node = super().compose_node(parent, index)
        if node is not None and self._size(node) > MAX_EXPANDED_NODES:
            raise YamlError(
                f"{_where(node)}: aliases expand this file to more than "
                f"{MAX_EXPANDED_NODES:,} values; write the values out instead"
            )
        return node

    def _size(self, node: Node) -> int:
        """Nodes under ``node`` once aliases are followed (memoized: shared nodes are cheap)."""
        known = self._sizes.get(id(node))
        if known is not None:
            return known
        if isinstance(node, ScalarNode):
            size = 1
        elif isinstance(node, SequenceNode):
            size = 1 + sum(self._sizes.get(id(n), 1) for n in node.value)
        elif isinstance(node, MappingNode):
            size = 1 + sum(
                self._sizes.get(id(k), 1) + self._sizes.get(id(v), 1) for k, v in node.value
            )
        else:  # pragma: no cover - PyYAML knows no other node kind
            size = 1
        self._sizes[id(node)] = size
        return size

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, Node] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            try:
                first = seen.get(key)
            except TypeError:
                raise YamlError(
                    f"{_where(key_node)}: a mapping key must be a plain value"
                ) from None
            if first is not None:
                raise YamlError(
                    f"{_where(key_node)}: key {key!r} is given twice (first at {_where(first)}); "
                    "keep one of them"
                )
            seen[key] = key_node
        return super().construct_mapping(node, deep=deep)

    def construct_yaml_timestamp(self, node: ScalarNode) -> Any:
        """Leave dates as text: the schema checks them and says what is wrong in words."""
        return self.construct_scalar(node)


_StrictLoader.add_constructor(
    "tag:yaml.org,2002:timestamp",
    _StrictLoader.construct_yaml_timestamp,
)


def _hint(problem: str) -> str:
    if "'\\t'" in problem or "tab" in problem:
        return "; YAML indents with spaces, not tabs"
    return ""


def parse_yaml(path: Path, text: str) -> Any:
    """The value of YAML ``text`` read from ``path``; every refusal names ``path``."""
    loader: _StrictLoader | None = None
    try:
        loader = _StrictLoader(text)  # the reader refuses control characters already here
        return loader.get_single_data()
    except YamlError as exc:
        raise YamlError(f"{path}: {exc}") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        pos = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = exc.problem or exc.context or "unreadable"
        raise YamlError(f"{path}: not valid YAML{pos}: {problem}{_hint(problem)}") from None
    except yaml.YAMLError as exc:
        raise YamlError(f"{path}: not valid YAML: {exc}") from None
    except RecursionError:
        raise YamlError(f"{path}: nested too deeply to be curated data") from None
    finally:
        if loader is not None:
            loader.dispose()


def read_yaml_file(path: Path) -> Any:
    """Read, size-check, decode and parse one curated YAML file."""
    try:
        data = read_limited(path, "data file")
    except LimitError as exc:
        raise YamlError(str(exc)) from None
    return parse_yaml(path, decode_utf8(path, data))
