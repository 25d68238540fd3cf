"""The `schoolpolicy` command as a process runs it: `python -m generator` and the installed script.
Tests call `generator.cli.main` in their own process; this only sets up the process around it."""
from __future__ import annotations


def main() -> int:
    import gc

    # A command is a short process that starts by making many objects it keeps to the end (pydantic's
    # models, the library, compiled templates). Python's cycle collector walked them again and again,
    # a sixth of `check`'s time: collect nothing while they are made, then set them aside (freeze)
    # so later collections walk only what the command itself makes.
    gc.disable()
    try:
        from generator.cli import main as command
    finally:
        gc.enable()
    gc.freeze()
    return command()
