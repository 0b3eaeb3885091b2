"""typer's group, whose usage errors (a missing argument, a value that is not a year, an unknown option) sofin
reports as problems of the command line in the --lang typed (issue 23 item 7), not in typer's English box.
"""

import sys
from typing import Any, NoReturn

from typer.core import TyperGroup

from sofin.cli.errors import EXIT_INPUT, report
from sofin.cli.help import flags_show_no_type
from sofin.problems import COMMAND_LINE, InputError, Message, Problem
from sofin.words import DEFAULT, Language


class Group(TyperGroup):
    def get_params(self, ctx: Any) -> list[Any]:
        return flags_show_no_type(super().get_params(ctx))

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
