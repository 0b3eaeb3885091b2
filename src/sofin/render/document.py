"""The JSON text of a document that every JSON output shares: two-space indents, UTF-8 as it is.

orjson writes it; its bytes are those of the standard library's
json.dumps(document, ensure_ascii=False, indent=2), about ten times faster on a national table
(tests/test_render.py compares the two on random documents).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import orjson

_OPTIONS = orjson.OPT_INDENT_2 | orjson.OPT_NON_STR_KEYS
_ITEM_INDENT = b"    "  # an item of a list that is a value of the document: two levels deep


def json_text(document: Mapping[str, object], stream: str | None = None) -> str:
    """The document's JSON text. With `stream`, the key whose value is a list (or any iterable),
    that list is encoded item by item: a national table's rows never exist as objects all at once.
    """
    if stream is None:
        return orjson.dumps(document, option=_OPTIONS).decode("utf-8") + "\n"
    keys = list(document)
    at = keys.index(stream)
    members = [
        _members({key: document[key] for key in keys[:at]}),
        b"  " + orjson.dumps(stream) + b": " + _list(document[stream]),  # type: ignore[arg-type]
        _members({key: document[key] for key in keys[at + 1 :]}),
    ]
    return (b"{\n" + b",\n".join(member for member in members if member) + b"\n}\n").decode("utf-8")


def _members(part: dict[str, object]) -> bytes:
    """The members of an object as they stand inside the document's braces."""
    return orjson.dumps(part, option=_OPTIONS)[2:-2] if part else b""


def _list(items: Iterable[object]) -> bytes:
    encoded = [
        _ITEM_INDENT + orjson.dumps(item, option=_OPTIONS).replace(b"\n", b"\n" + _ITEM_INDENT) for item in items
    ]
    return b"[\n" + b",\n".join(encoded) + b"\n  ]" if encoded else b"[]"
