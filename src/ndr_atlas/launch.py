"""The installed command (``ndr-atlas``) and ``python -m ndr_atlas``: the pattern cache goes in
before the modules that compile patterns are imported, then the CLI runs."""

from __future__ import annotations

from typing import NoReturn

from ndr_atlas import patterncache


def run() -> NoReturn:
    patterncache.install()
    from ndr_atlas import cli

    cli.run()
