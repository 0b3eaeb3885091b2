"""The error report: every problem on stderr, one a line, in the command's language, and exit code 2.

The core names what is wrong by the pipeline's own fields; here they become the options and arguments
people typed, and the strategy shipped inside the package is named by its title.
"""

import sys
from typing import NoReturn

import typer

from sofin.cli import streams
from sofin.problems import COMMAND_LINE, ENVIRONMENT, InputError, Message, Problem, os_reason
from sofin.words import DEFAULT, Language, catalogue

EXIT_INPUT = 2  # the input or the command line is wrong


# The core names what is wrong by the pipeline's own words; people typed the option.
_OPTIONS = {
    "payer": "--payer",
    "output": "--output",
    "compared_year": "--year",
    "allocated_year": "YEAR",  # years.YEAR_FIELD
    "row": "PATH",
    "what_if": "--share/--rate/--pay/--key",
    "previous": "--previous",  # issue 26 item 4: sofin report's year or table to compare with
}


def report_and_exit(error: InputError, lang: Language = DEFAULT) -> NoReturn:
    """Every problem on stderr, one a line, and a count in the command's language; then exit 2."""
    report(error, lang)
    raise typer.Exit(EXIT_INPUT)


def report(error: InputError, lang: Language = DEFAULT, others_reported: bool = False) -> None:
    """Every problem on stderr, one a line, and a count in the command's language (`others_reported`: and
    that the other inputs were reported, not that nothing was written; issue 25 item 4).

    Each message is the catalogue's for its key, in the command's language; the fields named are the
    file's own (English, as the schema names them) or the options typed.
    """
    from sofin.render.numbers import local_plural
    from sofin.source import escaped

    words = catalogue(lang).errors
    for problem in _as_people_know_the_strategy(error.problems):
        streams.say(escaped(problem_line(problem, lang)))
    count = local_plural(len(error.problems), words.problem, lang)
    streams.say((words.summary_others_reported if others_reported else words.summary).format(count=count))


def problem_line(problem: Problem, lang: Language = DEFAULT) -> str:
    """A problem as its report's line: FILE:LINE:COLUMN: field: message, in the words of `lang`."""
    from sofin.render.problems import phrase

    words = catalogue(lang).errors
    place = {COMMAND_LINE: words.command_line, ENVIRONMENT: words.environment}.get(problem.place, problem.place)
    field = _OPTIONS.get(problem.field, problem.field) or words.document
    if problem.field.startswith("line ") and problem.field[5:].isdigit():  # a CSV table's line
        field = words.csv_line.format(number=problem.field[5:])
    return f"{place}: {field}: {phrase(problem.message, lang)}"


def _as_people_know_the_strategy(problems: tuple[Problem, ...]) -> tuple[Problem, ...]:
    """The problems, with the strategy shipped inside the package named by its title (the YAML's `strategy`)
    where they name its file: a path inside the installed package is no name people know it by, nor a
    file to open. Issue 23, item 7."""
    if "sofin.load" not in sys.modules:  # no strategy was read: a problem of the command line alone
        return problems
    from dataclasses import replace

    from sofin.load import bundled_strategy_path, load_strategy_file
    from sofin.source import input_name

    shipped = input_name(bundled_strategy_path())
    if not any(shipped in problem.file or shipped in str(problem.message) for problem in problems):
        return problems

    title = load_strategy_file(bundled_strategy_path()).strategy.strategy
    return tuple(
        replace(
            problem,
            # an --output name is as the user typed it, even when it is the shipped file
            file=problem.file if problem.field == "output" else problem.file.replace(shipped, title),
            message=_renamed(problem.message, shipped, title),
        )
        for problem in problems
    )


def _renamed(message: Message, shipped: str, title: str) -> Message:
    """The message with the shipped strategy's path, wherever a parameter names it, replaced by its title."""

    def renamed(value: object) -> object:
        if isinstance(value, Message):
            return _renamed(value, shipped, title)
        return value.replace(shipped, title) if isinstance(value, str) else value

    return Message(message.key, **{name: renamed(value) for name, value in message.params})


def cannot_write_stdout(error: OSError) -> InputError:
    streams.silence_stdout()
    message = Message("cannot_write", reason=os_reason(error))
    return InputError([Problem("<stdout>", None, None, "output", message)])
