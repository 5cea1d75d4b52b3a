"""`python -m sprint`: the command line for IT and PMO scripts (sprint.cli.main builds it; one module per
family of commands: imports, report, snapshots; what they share in common)."""

from sprint.cli.imports import TARGET_KEYS
from sprint.cli.main import build_parser, main

__all__ = ["TARGET_KEYS", "build_parser", "main"]
