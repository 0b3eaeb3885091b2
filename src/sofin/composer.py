"""PyYAML's composer as sofin reads YAML with it (source.py builds the data): the text into nodes with their
marks, by libyaml when it can, and a text that is not YAML as a problem in the catalogue's words.
"""

from __future__ import annotations

import re

import yaml

from sofin.limits import MAX_DEPTH, MAX_FILE_BYTES
from sofin.problems import Message, Problem


def compose(text: str) -> yaml.Node | None:
    """Nodes with their marks, by libyaml when PyYAML has it (several times faster on large files).

    Text libyaml refuses, or nests deeper than MAX_DEPTH, is composed by PyYAML's own parser: its
    messages are the ones sofin reports, and its recursion is bounded by Python's limit, where
    libyaml's composer recurses in C with no bound but the stack's. Only a text larger than any
    strategy (a table read back) keeps libyaml's words for its syntax error: PyYAML's parser would
    take minutes to reach the same place in it.
    """
    fast = getattr(yaml, "CSafeLoader", None)
    if fast is not None:
        try:
            if _nesting_within(text, fast, MAX_DEPTH):
                return yaml.compose(text, Loader=fast)
        except yaml.MarkedYAMLError:
            if len(text) > MAX_FILE_BYTES:
                raise
        except yaml.YAMLError:
            pass
    return yaml.compose(text, Loader=yaml.SafeLoader)


def _nesting_within(text: str, loader: type, limit: int) -> bool:
    """Whether no collection nests deeper than `limit`, by libyaml's parser (it keeps a stack, not recursion)."""
    depth = 0
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > limit:
                return False
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return True


def syntax_problem(error: yaml.MarkedYAMLError, name: str) -> Problem:
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
    detail = " ".join(part for part in (error.context, error.problem) if part)
    key = "yaml_syntax_tab" if "\t" in detail or "'\\t'" in detail else "yaml_syntax"
    return Problem(name, line, column, "", Message(key, detail=_parser_detail(error.context, error.problem)))


# PyYAML's own words for where and what went wrong, as message keys (yaml_context_*, yaml_problem_*) with
# what they quote: the catalogue words them in the language asked for. Words of the parser not here are
# shown as it writes them (yaml_parser_words). The patterns are compiled when a text is not YAML, not at
# every start (re keeps them).
_YAML_CONTEXTS = {
    "while parsing a block mapping": "block_mapping",
    "while parsing a block collection": "block_list",
    "while parsing a flow sequence": "flow_list",
    "while parsing a flow mapping": "flow_mapping",
    "while parsing a node": "node",
    "while scanning a simple key": "key",
    "while scanning a quoted scalar": "quoted",
    "while scanning a block scalar": "block_text",
    "while scanning for the next token": "next_token",
    "while scanning a tag": "tag",
    "while parsing a tag": "tag",
    "while scanning a directive": "directive",
    "expected a single document in the stream": "single_document",
}


_YAML_PROBLEMS = [
    (r"expected (?P<expected>.+), but found (?P<found>.+)", "expected_found"),
    (r"expected (?P<expected>.+), but got (?P<found>.+)", "expected_got"),
    (r"could not find expected (?P<expected>.+)", "not_found"),
    (r"found character (?P<character>.+) that cannot start any token", "cannot_start"),
    (r"mapping values are not allowed here", "mapping_values"),
    (r"mapping keys are not allowed here", "mapping_keys"),
    (r"found unexpected end of stream", "end_of_stream"),
    (r"found undefined alias (?P<alias>.+)", "undefined_alias"),
    (r"found unknown escape character (?P<character>.+)", "unknown_escape"),
    (r"found unexpected document separator", "document_separator"),
    (r"but found another document", "another_document"),
    (r"found duplicate anchor (?P<anchor>.+); first occurrence", "duplicate_anchor"),
]


_EITHER = r"(?P<first>'[^']*') or (?P<second>'[^']*')"  # expected ',' or ']'


def _parser_detail(context: str | None, problem: str | None) -> Message:
    """PyYAML's context and problem as a message the catalogue words, or its own words when it has none."""
    where = _YAML_CONTEXTS.get(context or "")
    what = _yaml_problem(problem or "")
    if what is None or (context and where is None):
        detail = " ".join(part for part in (context, problem) if part)
        return Message("yaml_parser_words", text=detail)
    if where is None:
        return what
    return Message("yaml_in", context=Message(f"yaml_context_{where}"), problem=what)


def _yaml_problem(problem: str) -> Message | None:
    for pattern, key in _YAML_PROBLEMS:
        found = re.fullmatch(pattern, problem)
        if found:
            quoted = {name: _either(text) for name, text in found.groupdict().items()}
            return Message(f"yaml_problem_{key}", **quoted)
    return None


def _either(text: str) -> object:
    both = re.fullmatch(_EITHER, text)
    return Message("yaml_either", first=both["first"], second=both["second"]) if both else text
