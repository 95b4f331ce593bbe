"""BIGLOBE and the Japanese cable providers on its mail system (inacatv, tmtv, ttv): from
``postmaster@<provider>.ne.jp`` with the subject ``Returned mail: …``. The failed addresses under
``----- The following addresses had delivery problems -----``, the reason under
``----- Non-delivered information -----``."""

from __future__ import annotations

import re

from ndr_atlas.formats.base import Parsed, Source, lazy_re
from ndr_atlas.formats.blocks import bounce
from ndr_atlas.formats.words import listed_failures

SENDER_RE = lazy_re(r"postmaster@(?:[\w-]+\.)*(?:biglobe|inacatv|tmtv|ttv)\.ne\.jp", re.IGNORECASE)
START = "----- The following addresses had delivery problems -----"
ENDS = ("Content-Type: message/rfc822",)


def recognise(source: Source) -> bool:
    return source.header("Subject").startswith("Returned mail:") and bool(SENDER_RE().search(source.header("From")))


def read(source: Source) -> Parsed | None:
    failures = listed_failures(source.text, START, ENDS)
    return bounce(failures)
