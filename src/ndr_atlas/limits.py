"""The input size limit, and how the messages that name it write a size. A module of its own (no
imports): the readers of .msg, TNEF and compressed RTF use it as well as the diagnoser and the CLI."""

from __future__ import annotations

# Inputs larger than this are refused outright; a real bounce is far smaller. It also bounds what the
# compressed RTF bodies of one Outlook item may unpack to.
MAX_INPUT_BYTES = 25 * 1024 * 1024


def size_text(size: int) -> str:
    """A size or limit as the messages give it: whole MB (MiB, rounded down) from 1 MB up, else bytes."""
    return f"{size // (1024 * 1024)} MB" if size >= 1024 * 1024 else f"{size} bytes"
