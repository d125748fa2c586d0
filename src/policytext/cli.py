"""The ``policytext`` command: a dispatcher to each command's own ``main(argv)``.

>>> main(["--version"])  # doctest: +SKIP
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence

from . import __version__

COMMANDS: dict[str, tuple[str, str]] = {
    "extract": ("policytext.batch", "extract facts, targets, mentions and paragraph themes"),
    "segment": ("policytext.segment", "print tokens, one line per paragraph"),
    "eval": ("policytext.evaluation", "score extraction against gold annotations"),
    "train": ("policytext.themes", "train a theme model from labelled paragraphs or a lexicon"),
}


def _usage() -> str:
    lines = ["usage: policytext <command> [options]", "", "commands:"]
    lines += [f"  {name:<9} {help_}" for name, (_, help_) in COMMANDS.items()]
    lines += ["", "`policytext <command> --help` describes each command."]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``policytext``; returns the exit status."""
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in ("-h", "--help"):
        print(_usage())
        return 0 if args else 2
    if args[0] == "--version":
        print(f"policytext {__version__}")
        return 0
    name, rest = args[0], args[1:]
    if name not in COMMANDS:
        print(f"policytext: unknown command {name!r}\n\n{_usage()}", file=sys.stderr)
        return 2
    module = importlib.import_module(COMMANDS[name][0])
    try:
        return int(module.main(rest) or 0)
    except BrokenPipeError:  # e.g. `policytext extract … | head`
        return 0


if __name__ == "__main__":
    sys.exit(main())
