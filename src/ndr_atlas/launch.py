"""The installed command (``ndr-atlas``) and ``python -m ndr_atlas``: the pattern cache goes in
before the modules that compile patterns are imported, then the CLI runs."""

from __future__ import annotations

import gc

from ndr_atlas import patterncache

TYPE_CHECKING = False  # not typing's: importing typing would cost every start (CONTRIBUTING.md)
if TYPE_CHECKING:
    from typing import NoReturn


def run() -> NoReturn:
    # The start (modules, their compiled patterns, the catalog) makes only objects that live as long
    # as the process: the collector can free none of them, and its passes over them cost the start
    # 5 ms. Collections resume once the catalog is loaded (``cli.started``).
    gc.disable()
    patterncache.install()
    from ndr_atlas import cli

    cli.run()
