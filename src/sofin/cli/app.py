"""The typer app and what every command shares: options, error reporting, writing the output.

Annotations are objects, not text (no `from __future__ import annotations`): typer reads main_options' at every
start, and would compile and evaluate text first. Only names imported for typing are quoted.
"""

import errno
import functools
import gc
import os
import stat
import sys
from collections.abc import Callable, Iterator, MutableMapping
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from typer.core import TyperCommand, TyperGroup

from sofin import __version__
from sofin.cli import streams
from sofin.problems import COMMAND_LINE, ENVIRONMENT, InputError, Message, Problem, os_reason
from sofin.render import OutputFormat
from sofin.results.schedule import Schedule  # not results.payments: 4 ms of dataclasses at start
from sofin.words import DEFAULT, Language, catalogue

if TYPE_CHECKING:
    from sofin.scenario import WhatIf


def _flags_show_no_type(params: list[Any]) -> list[Any]:
    # typer's help writes a type beside every option, `<bool>` for flags (--fair, --help, ...) too:
    # a flag takes no value, so it shows none.
    for param in params:
        if getattr(param, "is_flag", False) and param.metavar is None:
            param.metavar = ""
    return params


class _Command(TyperCommand):
    def get_params(self, ctx: Any) -> list[Any]:
        params = _flags_show_no_type(super().get_params(ctx))
        for param in params:
            if param.name == "output" and self.name in _WRITES:
                param.help = _output_help(_WRITES[self.name])
            _choices_in_the_help(param)
        return params

    def invoke(self, ctx: Any) -> Any:
        # A --format left at its default reaches the command as None, so that --output's name may choose it.
        source = ctx.get_parameter_source(_FORMAT)
        if source is not None and source.name == "DEFAULT":
            ctx.params[_FORMAT] = None
        return super().invoke(ctx)


class _Group(TyperGroup):
    def get_params(self, ctx: Any) -> list[Any]:
        return _flags_show_no_type(super().get_params(ctx))

    def main(  # type: ignore[override]  # positional as click.Command.main, narrower than typer declares
        self,
        args: Any = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        # typer words a usage error (a missing argument, a value that is not a year, an unknown option) in
        # English, in a box; sofin reports it as any problem with the command line, in --lang. Issue 23, item 7.
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, False, **extra)
        from typer import Abort
        from typer._click.exceptions import ClickException, NoArgsIsHelpError, UsageError

        typed = list(sys.argv[1:] if args is None else args)
        try:
            done = super().main(typed, prog_name, complete_var, False, **extra)
        except NoArgsIsHelpError as error:  # bare `sofin`: the help, as typer shows it
            _as_typer_shows(error)
        except UsageError as error:
            lang = _language_typed(typed)
            report(InputError([_usage_problem(error)]), lang)
            sys.exit(EXIT_INPUT)
        except ClickException as error:
            _as_typer_shows(error)
        except Abort:
            from typer import rich_utils

            rich_utils.rich_abort_error()
            sys.exit(1)
        sys.exit(done if isinstance(done, int) else 0)


def _as_typer_shows(error: Any) -> NoReturn:
    from typer import rich_utils

    rich_utils.rich_format_error(error)
    sys.exit(error.exit_code)


def _language_typed(typed: list[str]) -> Language:
    """--lang as typed (--lang en, --lang=en, -l en, -len): a usage error may come before typer reads it."""
    for at, word in enumerate(typed):
        if word == "--":
            break
        value = None
        if word in ("--lang", "-l") and at + 1 < len(typed):
            value = typed[at + 1]
        elif word.startswith("--lang="):
            value = word.removeprefix("--lang=")
        elif word.startswith("-l") and not word.startswith("--") and len(word) > 2:
            value = word[2:]
        if value in tuple(Language):
            return Language(value)
    return DEFAULT


def _usage_problem(error: Any) -> Problem:
    """A usage error of typer's as a problem with the command line: the option or argument, and what is wrong
    with it as a message of the catalogue (typer's own English words only for a usage sofin does not know)."""
    import re

    from typer._click.exceptions import BadOptionUsage, BadParameter, MissingParameter, NoSuchOption

    text = error.format_message()
    command = _command_typed(error.ctx)
    if isinstance(error, MissingParameter) and error.param is not None:
        kind = "option" if error.param.param_type_name == "option" else "argument"
        return Problem(COMMAND_LINE, None, None, _parameter_name(error.param), Message(f"usage_missing_{kind}"))
    if isinstance(error, BadParameter) and error.param is not None:
        return Problem(COMMAND_LINE, None, None, _parameter_name(error.param), _bad_value(error))
    if isinstance(error, NoSuchOption):
        return Problem(COMMAND_LINE, None, None, error.option_name, _unknown_option(error, command))
    if isinstance(error, BadOptionUsage):
        if "does not take" in text:  # --fair=1
            return Problem(COMMAND_LINE, None, None, error.option_name, Message("usage_no_value"))
        if "requires" in text:  # --payer at the end
            return Problem(COMMAND_LINE, None, None, error.option_name, Message("usage_needs_value"))
    extra = re.search(r"unexpected extra argument(?:\(s\)|s)? \((.*)\)", text)
    if extra:
        return Problem(COMMAND_LINE, None, None, command, Message("usage_extra_arguments", given=extra[1]))
    unknown = re.match(r"No such command (['\"])(.*?)\1", text)
    if unknown and error.ctx is not None:
        known = tuple(error.ctx.command.list_commands(error.ctx))
        from sofin.problems import unknown_id

        return Problem(COMMAND_LINE, None, None, command, unknown_id("usage_unknown_command", unknown[2], known))
    return Problem(COMMAND_LINE, None, None, command, Message("usage_other", text=text))


def _unknown_option(error: Any, command: str) -> Message:
    """An option the command does not have, with the one of its own it is a near miss of (--payer: --pay)."""
    from sofin.problems import near_miss

    options = sorted(
        {opt for param in error.ctx.command.params for opt in param.opts if opt.startswith("--")}
        if error.ctx is not None
        else ()
    )
    near = near_miss(error.option_name, options) if error.option_name.startswith("--") else None
    if near is None:
        return Message("usage_unknown_option", command=command)
    return Message("usage_unknown_option_near", command=command, near=near)


def _command_typed(ctx: Any) -> str:
    """sofin and the command (sofin allocate), however sofin was started (python -m sofin, a test's runner)."""
    names = []
    while ctx is not None and ctx.parent is not None:
        names.append(ctx.info_name)
        ctx = ctx.parent
    return " ".join(["sofin", *reversed(names)])


_SHOWN = 40  # characters of a value typed that a usage error shows


def _parameter_name(param: Any) -> str:
    """An option as its long name (--format), an argument as the usage line names it (YEAR, B)."""
    if param.param_type_name == "option":
        return str(next((opt for opt in param.opts if opt.startswith("--")), param.opts[0]))
    return str(param.metavar or str(param.name).upper())


def _bad_value(error: Any) -> Message:
    """What is wrong with a value typed: not one of the choices (with the nearest), or not of the type (a year
    that is not a whole number), in the catalogue's words of pydantic's errors."""
    from enum import Enum

    from sofin.problems import unknown_id

    details = error.__cause__.errors(include_url=False) if hasattr(error.__cause__, "errors") else []
    given = str(details[0]["input"]) if details else ""
    if len(given) > _SHOWN:  # a year of 5,000 digits: its start
        given = given[:_SHOWN] + "…"
    choices = getattr(getattr(error.param, "type_descriptor", None), "annotation", None)
    if isinstance(choices, type) and issubclass(choices, Enum):
        return unknown_id("not_a_choice", given, tuple(str(member.value) for member in choices))
    if details:
        return Message("typed", text=given, message=Message("pydantic_" + details[0]["type"]))
    return Message("usage_other", text=error.format_message())


app = typer.Typer(
    cls=_Group,
    help="sofin: co-financing allocation by a population key, rounded so that every row and column adds up.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=True,
)

EXIT_INPUT = 2  # the input or the command line is wrong

StrategyOption = Annotated[
    Path | None,
    typer.Option(
        "--strategy",
        "-s",
        envvar="SOFIN_STRATEGY",
        show_envvar=True,
        help="Strategy YAML file ('-': standard input). Default: $SOFIN_STRATEGY, else the 2025–2029 strategy "
        "shipped with sofin.",
    ),
]
OutputOption = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="Write to this file instead of the screen ('-': standard output)."),
]
_LONGEST_METAVAR = 20  # rich splits a longer one mid-word at 80 columns, and narrows the help column


def _choices_in_the_help(option: Any) -> None:
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
_WRITES: dict[str, tuple[str, ...]] = {}


def _output_help(formats: tuple[str, ...]) -> str:
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


FairOption = Annotated[
    bool,
    typer.Option(
        "--fair",
        help="Round the whole period as one table, so that no municipality gains or loses a unit or more "
        "by rounding over the years (README: 'Fairness across the period').",
    ),
]
ShareOption = Annotated[
    list[str] | None,
    typer.Option(
        "--share",
        metavar="ID=PCT",
        help="What if a payer's share were PCT percent in every year (e.g. komen=16.32)? Repeatable; each "
        "year's shares must still sum to 100. The output is marked as a scenario.",
    ),
]
KeyOption = Annotated[  # issue 24 item 4
    list[str] | None,
    typer.Option(
        "--key",
        metavar="NAME:PAYER=PCT",
        help="What if a payer's percent in the strategy's key NAME were PCT in every year (e.g. "
        "obseg-dela:komen=45)? Repeatable; each changed key must still sum to 100; a mix changes through its "
        "parts. The output is marked as a scenario.",
    ),
]
RateOption = Annotated[
    list[str] | None,
    typer.Option(
        "--rate",
        metavar="[KIND:]YEAR=PCT",
        help="What if the indexation rate of YEAR were PCT percent (e.g. 2027=3.5, staff:2027=3.5)? KIND is "
        "staff or programme, both when omitted. Repeatable. The output is marked as a scenario.",
    ),
]
LangOption = Annotated[
    Language,
    typer.Option("--lang", "-l", help="Language of sofin's labels and number format; the default, sl, writes 194.630."),
]


PayOption = Annotated[
    list[str] | None,
    typer.Option(
        "--pay",
        metavar="PATH=BEFORE:TARGET",
        # the example stands apart from punctuation: a word longer than the help column is cut with "…"
        help="What if a staff amount's monthly basic pay were BEFORE before the pay reform and TARGET on the new "
        "scale? E.g. vezi/staff/1=2123.45:2588.10 for the first item of vezi/staff. PATH is a staff item or a "
        "staff line without items. Repeatable. The output is marked as a scenario.",
    ),
]

# `payments` and `report` (issue 26 item 4) split the year alike. payments declares its own --due-day, the same
# option with a help that names the formats it applies to (ledger, html); every format of report is dated.
ScheduleOption = Annotated[Schedule, typer.Option("--schedule", help="How the year is split.")]
DueDayOption = Annotated[
    int,
    typer.Option(
        "--due-day",
        min=1,
        max=31,
        help="Day of each period's first month an instalment is due (the month's last day when shorter).",
    ),
]


def what_if(
    shares: list[str] | None, rates: list[str] | None, pays: list[str] | None = None, keys: list[str] | None = None
) -> "WhatIf":
    """The --share, --rate, --pay and --key options, for the pipeline."""
    from sofin.scenario import WhatIf

    return WhatIf(tuple(shares or ()), tuple(rates or ()), tuple(pays or ()), tuple(keys or ()))


def _version(value: bool) -> None:
    if value:
        typer.echo(f"sofin {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool | None,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit."),
    ] = None,
) -> None:
    """sofin: co-financing allocation by a population key, rounded so that every row and column adds up."""


def command(
    *args: Any, writes: tuple[str, ...] = (), **kwargs: Any
) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """`app.command`, and the one place where a command's InputError becomes its lines on stderr and exit 2,
    and where --output's file name chooses the format. `writes`: the formats of a command without --format."""

    def register(function: Callable[..., None]) -> Callable[..., None]:
        default = _default_format(function)
        help_text = kwargs.pop("help", None) or function.__doc__
        if default is not None:  # a command with --format, which the name's extension may choose
            _WRITES[function.__name__] = tuple(map(str, type(default)))

        @functools.wraps(function)  # typer reads the options from the signature it keeps
        def run(*call_args: Any, **call_kwargs: Any) -> None:
            from sofin.inputs import forget_files_read

            forget_files_read()
            streams.forget_what_was_not_shown()
            lang = call_kwargs.get("lang", DEFAULT)
            _hint_language[0] = lang
            try:
                _format_by_the_file_name(call_kwargs, function.__name__, default, writes)
                function(*call_args, **call_kwargs)
            except InputError as error:
                report_and_exit(error, lang)
            finally:
                streams.say_what_was_not_shown(lang)

        app.command(*args, cls=_Command, help=_reflowed(help_text), **kwargs)(run)
        return run

    return register


def _reflowed(help_text: str | None) -> str | None:
    """Help whose paragraphs are each one line, for rich to wrap to the terminal: typer prints the line
    breaks of a docstring wrapped in the source as they are (in the commands' list, and every paragraph
    after the first), in the middle of sentences. Issue 23, item 7."""
    if help_text is None:
        return None
    import inspect

    paragraphs = inspect.cleandoc(help_text).split("\n\n")
    return "\n\n".join(" ".join(paragraph.split()) for paragraph in paragraphs)


_FORMAT = "output_format"  # every command's --format parameter


def _default_format(function: Callable[..., None]) -> OutputFormat | None:
    """A command's --format default (its enum's member), None for a command without --format."""
    import inspect

    option = inspect.signature(function).parameters.get(_FORMAT)
    return None if option is None else option.default


def _format_by_the_file_name(
    call_kwargs: dict[str, Any], name: str, default: OutputFormat | None, writes: tuple[str, ...]
) -> None:
    """--output's file name says the format (output.FORMAT_BY_EXTENSION): without --format, the command writes
    it; a --format that says otherwise, or a format the command does not write, is refused. Issue 23, item 1."""
    from sofin.output import format_named_by

    typed = call_kwargs.get(_FORMAT)  # None: --format was not typed (_Command.invoke)
    if default is not None and typed is None and _FORMAT in call_kwargs:
        call_kwargs[_FORMAT] = default
    output = call_kwargs.get("output")
    named = None if to_stdout(output) else format_named_by(output)  # type: ignore[arg-type]
    if named is None:
        return
    if typed is not None and typed != named:
        message = Message("format_contradicts_name", format=typed, file=output, named=named)
        raise InputError([Problem(COMMAND_LINE, None, None, "--format", message)])
    formats = tuple(type(default)) if default is not None else writes
    if named not in formats:
        message = Message("format_not_written", file=output, named=named, command=name, formats=tuple(formats))
        raise InputError([Problem(COMMAND_LINE, None, None, "--output", message)])
    if default is not None:
        call_kwargs[_FORMAT] = type(default)(named)


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


def refuse_an_unwritable_workbook(output_format: OutputFormat, output: Path | None) -> None:
    """Before anything is computed: a workbook goes to a file, or to stdout that is not a terminal (a
    pipe), never onto a screen; and SOURCE_DATE_EPOCH, which dates it when set, is a date it can hold."""
    if not output_format.binary:
        return
    if to_stdout(output) and sys.stdout.isatty():
        message = Message("workbook_to_a_file", format=output_format)
        raise InputError([Problem(COMMAND_LINE, None, None, "--format", message)])
    from sofin.source_date import source_date

    source_date()  # an InputError when malformed, before the tables are computed


def to_stdout(output: Path | None) -> bool:
    """Whether the output goes to standard output: no --output, or --output -."""
    return output is None or str(output) == "-"


def emit(content: str | bytes, output: Path | None, inputs: tuple[Path | None, ...] = ()) -> None:
    """The whole output to stdout, or to a file written atomically, never over a file the command
    read (whatever name reached it), nor over its `inputs`, the strategy read when none is given or
    the one shipped with sofin."""
    from sofin.inputs import files_read

    if to_stdout(output):
        from sofin.output import refuse_stdout_over_input

        refuse_stdout_over_input(files_read())
        _write_stdout(content)
        return
    from sofin.load import bundled_strategy_path, default_strategy_path
    from sofin.output import write_atomically

    assert output is not None
    named = (*(path for path in inputs if path is not None), default_strategy_path(), bundled_strategy_path())
    write_atomically(output, content, protected=named, read=files_read())


def _write_stdout(content: str | bytes) -> None:
    try:
        if isinstance(content, bytes):
            sys.stdout.flush()
            sys.stdout.buffer.write(content)
            sys.stdout.buffer.flush()
        else:
            sys.stdout.write(content)
            sys.stdout.flush()
    except OSError as error:  # a full disk, a closed pipe, a closed stdout: one line on stderr, exit 2
        raise _cannot_write_stdout(error) from None


def _cannot_write_stdout(error: OSError) -> InputError:
    streams.silence_stdout()
    message = Message("cannot_write", reason=os_reason(error))
    return InputError([Problem("<stdout>", None, None, "output", message)])


def main() -> None:
    """`sofin`: runs the command line's command, then ends the process (as click's standalone mode does, always
    by SystemExit). The cycle collector's thresholds are set when sofin.cli loads (cli/__init__.py)."""
    # pydantic looks for plugins in every installed distribution's entry points when it first builds a validator;
    # sofin has none, and typer turns them off for its own validators too. Unless the environment says otherwise.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    streams.prepare()
    _hints_as_one_line()
    stdout_at_start = os.fstat(1)
    try:
        # What app() runs, with the same help, errors and exit codes; app() would only add typer's pretty
        # tracebacks, which this app turns off (pretty_exceptions_enable=False).
        _commands_built_on_use()()
    except OSError as error:
        if error.filename is not None:  # a file's: sofin reports those as problems, so this is a bug to show
            raise
        # Help, usage or the version, which typer writes itself, to a stdout that cannot take them.
        report(_cannot_write_stdout(error))
        sys.exit(EXIT_INPUT)
    except SystemExit as done:
        if done.code == 1 and _a_broken_pipe(stdout_at_start):
            report(_cannot_write_stdout(BrokenPipeError(errno.EPIPE, os.strerror(errno.EPIPE))))
            sys.exit(EXIT_INPUT)
        raise
    finally:
        streams.say_what_was_not_shown()
        # The run is over and the process ends next. Python's collection at exit would walk every object the run
        # made, to find cycles it could free a moment before the process frees everything; frozen, they are left
        # alone. Every file sofin wrote is closed by now, and stdout is still flushed at exit.
        gc.freeze()


def _commands_built_on_use() -> TyperGroup:
    """The app as typer builds it for `app()` (typer.main.get_command), each command built when first looked up.

    Typer turns every command's signature into options before it reads the command line: 15 ms at each
    start for the eight commands a run does not use. The group holds them as _CommandsOnDemand instead,
    which help, completion and a mistyped command's suggestions list as typer would, building them then."""
    import typer.main

    registered = app.registered_commands
    app.registered_commands = []  # the group alone: its callback's options and typer's completion options
    try:
        group = typer.main.get_command(app)
    finally:
        app.registered_commands = registered
    assert isinstance(group, TyperGroup)
    group.commands = _CommandsOnDemand(registered)
    return group


class _CommandsOnDemand(MutableMapping[str, Any]):
    """A group's commands by name, in the order registered; each made by typer (get_command_from_info, as
    typer.main.get_group_from_info makes them all) the first time it is looked up."""

    def __init__(self, registered: list[Any]) -> None:
        import typer.main

        self._registered = {
            info.name or typer.main.get_command_name(info.callback.__name__): info for info in registered
        }
        self._built: dict[str, Any] = {}

    def __getitem__(self, name: str) -> Any:
        if name not in self._built:
            import typer.main

            info = self._registered[name]  # a KeyError: no such command
            self._built[name] = typer.main.get_command_from_info(
                info, pretty_exceptions_short=app.pretty_exceptions_short, rich_markup_mode=app.rich_markup_mode
            )
        return self._built[name]

    def __setitem__(self, name: str, command: Any) -> None:
        self._registered.setdefault(name, None)
        self._built[name] = command

    def __delitem__(self, name: str) -> None:
        del self._registered[name]
        self._built.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        return iter(self._registered)

    def __len__(self) -> int:
        return len(self._registered)


def _a_broken_pipe(stdout_at_start: os.stat_result) -> bool:
    """Whether standard output was a pipe that nobody reads any more.

    Typer and rich end a broken pipe met while they write help or the version themselves: silently,
    with exit 1, which is what `check` says of a table that does not reconcile. The pipe tells them
    apart: it is broken still, or rich has put /dev/null in its place.
    """
    import select

    now = os.fstat(1)
    if not os.path.samestat(now, stdout_at_start):
        return stat.S_ISFIFO(stdout_at_start.st_mode)
    poll = select.poll()
    poll.register(1, select.POLLOUT)
    return any(events & select.POLLERR for _, events in poll.poll(0))


_hint_language = [DEFAULT]  # the language of the command running, for its hints


def _hints_as_one_line() -> None:
    """sofin's hints (LargeTableHint) once a run, one line on stderr; other warnings as Python shows them."""
    import warnings

    from sofin.problems import LargeTableHint

    show_as_python_does = warnings.showwarning
    hinted = False

    def show(message, category, filename, lineno, file=None, line=None):  # type: ignore[no-untyped-def]
        nonlocal hinted
        if not issubclass(category, LargeTableHint):
            show_as_python_does(message, category, filename, lineno, file, line)
        elif not hinted:  # a plan rounds a table a year, each with its own hint: one is enough
            from sofin.render.problems import phrase

            hint = message.args[0] if isinstance(message, Warning) and message.args else message
            streams.say(f"sofin: {phrase(hint, _hint_language[0]) if hasattr(hint, 'key') else hint}")
            hinted = True

    warnings.showwarning = show
