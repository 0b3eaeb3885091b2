"""How `--help` shows the options: flags without a type, many choices by name, --output's extensions, and
docstrings as paragraphs for rich to wrap.
"""

from typing import Any


def flags_show_no_type(params: list[Any]) -> list[Any]:
    # typer's help writes a type beside every option, `<bool>` for flags (--fair, --help, ...) too:
    # a flag takes no value, so it shows none.
    for param in params:
        if getattr(param, "is_flag", False) and param.metavar is None:
            param.metavar = ""
    return params


_LONGEST_METAVAR = 20  # rich splits a longer one mid-word at 80 columns, and narrows the help column


def choices_in_the_help(option: Any) -> None:
    """An option of many choices shows its name (<format>), and its help lists them: typer's <table|csv|json|
    markdown|ledger|html|xlsx> is split mid-word in an 80-column terminal, and leaves too little room for the
    help (an example in it is cut with "…")."""
    from enum import Enum

    choices = getattr(getattr(option, "type_descriptor", None), "annotation", None)
    if not (isinstance(choices, type) and issubclass(choices, Enum)) or option.param_type_name != "option":
        return  # an argument's choices are typer's type column, which a metavar does not replace
    names = [str(member.value) for member in choices]
    if option.metavar is not None or len("|".join(names)) + 2 <= _LONGEST_METAVAR:
        return
    option.metavar = f"<{option.opts[0].lstrip('-')}>"
    listed = ", ".join(names[:-1]) + f" or {names[-1]}"
    if option.help and names[1] not in option.help:
        option.help = f"{option.help.rstrip('.')}: {listed}."


# The formats of each command with --format, for its --output help (filled by the `command` decorator).
WRITES: dict[str, tuple[str, ...]] = {}


def output_help(formats: tuple[str, ...]) -> str:
    """--output's help: the extensions that choose a format, only of the formats the command writes (a review
    of issue 23, item 7: check, diff, explain refuse most of the six)."""
    from sofin.output import extensions_of

    extensions = extensions_of(formats)
    plain = "Write to this file instead of the screen ('-': standard output)."
    if not extensions:
        return plain
    if len(extensions) == 1:
        return f"{plain} Without --format, a name ending in {extensions[0]} writes that format."
    listed = ", ".join(extensions[:-1]) + f" or {extensions[-1]}"
    return f"{plain} Without --format, its extension says the format: {listed}."


def reflowed(help_text: str | None) -> str | None:
    """Help whose paragraphs are each one line, for rich to wrap to the terminal: typer prints the line
    breaks of a docstring wrapped in the source as they are (in the commands' list, and every paragraph
    after the first), in the middle of sentences. Issue 23, item 7."""
    if help_text is None:
        return None
    import inspect

    paragraphs = inspect.cleandoc(help_text).split("\n\n")
    return "\n\n".join(" ".join(paragraph.split()) for paragraph in paragraphs)
