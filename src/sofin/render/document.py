"""The JSON text of a document that every JSON output shares: two-space indents, UTF-8 as it is.

orjson writes it; its bytes are those of the standard library's
json.dumps(document, ensure_ascii=False, indent=2), about ten times faster on a national table
(tests/test_render.py compares the two on random documents).
"""

from __future__ import annotations

import orjson


def json_text(document: object) -> str:
    return orjson.dumps(document, option=orjson.OPT_INDENT_2 | orjson.OPT_NON_STR_KEYS).decode("utf-8") + "\n"
