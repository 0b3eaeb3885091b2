"""The typer app and what every command shares: its registration (`command`: the error report, the format an
--output's name says), writing the output, and the run (`main`). The shared options are cli/options.py's, the
error report cli/errors.py's, typer's usage errors cli/usage.py's, the help's layout cli/help.py's.

Annotations are objects, not text (no `from __future__ import annotations`): typer reads main_options' at every
start, and would compile and evaluate text first. Only names imported for typing are quoted.
"""

import errno
import functools
import gc
import os
import stat
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperCommand

from sofin import __version__
from sofin.cli import streams
from sofin.cli.built_on_use import commands_built_on_use
from sofin.cli.errors import EXIT_INPUT, cannot_write_stdout, report, report_and_exit
from sofin.cli.help import WRITES, choices_in_the_help, flags_show_no_type, output_help, reflowed
from sofin.cli.usage import Group
from sofin.problems import COMMAND_LINE, InputError, Message, Problem
from sofin.render import OutputFormat
from sofin.words import DEFAULT

if TYPE_CHECKING:
    pass


class _Command(TyperCommand):
    def get_params(self, ctx: Any) -> list[Any]:
        params = flags_show_no_type(super().get_params(ctx))
        for param in params:
            if param.name == "output" and self.name in WRITES:
                param.help = output_help(WRITES[self.name])
            choices_in_the_help(param)
        return params

    def invoke(self, ctx: Any) -> Any:
        # A --format left at its default reaches the command as None, so that --output's name may choose it.
        source = ctx.get_parameter_source(_FORMAT)
        if source is not None and source.name == "DEFAULT":
            ctx.params[_FORMAT] = None
        return super().invoke(ctx)


app = typer.Typer(
    cls=Group,
    help="sofin: co-financing allocation by a population key, rounded so that every row and column adds up.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=True,
)


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
            WRITES[function.__name__] = tuple(map(str, type(default)))

        @functools.wraps(function)  # typer reads the options from the signature it keeps
        def run(*call_args: Any, **call_kwargs: Any) -> None:
            from sofin.inputs import forget_files_read

            forget_files_read()
            streams.forget_what_was_not_shown()
            lang = call_kwargs.get("lang", DEFAULT)
            try:
                _format_by_the_file_name(call_kwargs, function.__name__, default, writes)
                function(*call_args, **call_kwargs)
            except InputError as error:
                report_and_exit(error, lang)
            finally:
                streams.say_what_was_not_shown(lang)

        app.command(*args, cls=_Command, help=reflowed(help_text), **kwargs)(run)
        return run

    return register


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
        raise cannot_write_stdout(error) from None


def main() -> None:
    """`sofin`: runs the command line's command, then ends the process (as click's standalone mode does, always
    by SystemExit). The cycle collector's thresholds are set when sofin.cli loads (cli/__init__.py)."""
    # pydantic looks for plugins in every installed distribution's entry points when it first builds a validator;
    # sofin has none, and typer turns them off for its own validators too. Unless the environment says otherwise.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    streams.prepare()
    stdout_at_start = os.fstat(1)
    try:
        # What app() runs, with the same help, errors and exit codes; app() would only add typer's pretty
        # tracebacks, which this app turns off (pretty_exceptions_enable=False).
        commands_built_on_use(app)()
    except OSError as error:
        if error.filename is not None:  # a file's: sofin reports those as problems, so this is a bug to show
            raise
        # Help, usage or the version, which typer writes itself, to a stdout that cannot take them.
        report(cannot_write_stdout(error))
        sys.exit(EXIT_INPUT)
    except SystemExit as done:
        if done.code == 1 and _a_broken_pipe(stdout_at_start):
            report(cannot_write_stdout(BrokenPipeError(errno.EPIPE, os.strerror(errno.EPIPE))))
            sys.exit(EXIT_INPUT)
        raise
    finally:
        streams.say_what_was_not_shown()
        # The run is over and the process ends next. Python's collection at exit would walk every object the run
        # made, to find cycles it could free a moment before the process frees everything; frozen, they are left
        # alone. Every file sofin wrote is closed by now, and stdout is still flushed at exit.
        gc.freeze()


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
