"""The kinds command: list the kinds of interaction, add one of your own, rename or recolour."""

from __future__ import annotations

import argparse
import re

from bilateral.cli.command import Command
from bilateral.cli.options import open_db, say
from bilateral.db import cameo
from bilateral.db.errors import BilateralError
from bilateral.db.kind_changes import rename_kind, set_kind_color
from bilateral.db.records import add_kind, list_kinds

GROUP = "Kinds"


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--add", metavar="NAME", help="add a kind with this name")
    parser.add_argument("--cameo", default="", help="its CAMEO root code, such as 057")
    parser.add_argument("--quad", type=int, choices=(1, 2, 3, 4), help="its CAMEO quad class")
    parser.add_argument(
        "--color", help="its colour, such as #336699 (default: one no other kind has)"
    )
    parser.add_argument(
        "--rename",
        nargs=2,
        metavar=("OLD", "NEW"),
        help="rename one of your kinds, and its records (each gets a revision)",
    )
    parser.add_argument(
        "--set-color", nargs=2, metavar=("NAME", "COLOR"), help="change a kind's colour"
    )


def _kinds(args: argparse.Namespace) -> int:
    db = open_db(args, write=bool(args.add or args.rename or args.set_color))
    if args.rename:
        old, new = args.rename
        renamed = rename_kind(db, old, new)
        say(f"Renamed the kind {old} to {new.strip().lower()} ({renamed} records).")
        return 0
    if args.set_color:
        name, color = args.set_color
        set_kind_color(db, name, color)
        say(f"The kind {name} is now {color.strip().lower()}.")
        return 0
    if args.add:
        if args.color is not None and not re.fullmatch(r"#[0-9a-fA-F]{6}", args.color):
            raise BilateralError(f"--color {args.color!r}: write a colour as #RRGGBB")
        if args.cameo and not re.fullmatch(r"[0-9]{2,4}", args.cameo):
            raise BilateralError(f"--cameo {args.cameo!r}: a CAMEO code has 2 to 4 digits")
        if args.cameo and (error := cameo.problem(args.cameo)):
            raise BilateralError(f"--cameo: {error}")
        kind = add_kind(db, args.add, args.cameo, args.quad, args.color)
        say(f"Added the kind {kind.name}.")
        return 0
    for kind in list_kinds(db):
        quad = "" if kind.quad_class is None else kind.quad_class
        say(f"{kind.name}\t{kind.cameo_code}\t{quad}\t{kind.color}")
    return 0


COMMANDS = (
    Command(
        "kinds",
        "list the kinds of interaction, or add one of your own",
        "bilateral kinds --add sanction --cameo 163 --quad 4 --color #882255",
        _kinds,
        _arguments,
    ),
)
