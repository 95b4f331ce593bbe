"""A text a person wrote about a bounce ("Hi team, our mails to the partner come back: mailbox full.
Can you check? Thanks, Marco"), pasted without headers: its words name a failure, but it is no report,
so it never becomes a failure of its own (the diagnoser says to paste the bounce itself). Mail with
headers is told apart by its sender (``conversation``); a paste has only the way it is written.

A person greets on a line of its own, asks questions and signs off; a report does none of these, or
at most one (a qmail report opens "Hi. This is the qmail-send program…" on one line, a provider's
report may sign as "Regards, Postmaster"). Two of the three are needed.
"""

from __future__ import annotations

import re

# A greeting alone on the first line ("Hi team,", "Dear Sir or Madam,", "Buongiorno,").
GREETING_RE = re.compile(
    r"^(?:hi|hello|hey|dear|good (?:morning|afternoon|evening)|greetings|ciao|buongiorno|buonasera|salve|gentile|"
    r"spettabile|hallo|guten (?:morgen|tag)|bonjour|hola|buenos días|olá|bom dia|hoi|goedemorgen|cześć|dzień dobry)"
    r"\b[^.:;!?\n]{0,40}[,!]?$",
    re.IGNORECASE,
)
# A sign-off line ("Thanks, Marco", "Best regards", "Cordiali saluti"), not a program's signature.
SIGN_OFF_RE = re.compile(
    r"^(?:thanks|thank you|many thanks|cheers|regards|best regards|kind regards|best|br|grazie|saluti|cordiali saluti|"
    r"distinti saluti|un saluto|danke|viele grüße|mit freundlichen grüßen|merci|cordialement|gracias|saludos|obrigado|"
    r"atenciosamente|groeten|met vriendelijke groet|pozdrawiam)\b[^\n]{0,40}$",
    re.IGNORECASE,
)
# Google Groups signs its "group you tried to contact may not exist" notice "Thanks, Google Groups", and
# in a Google Workspace domain "Thanks, <domain> admins" (as pasted in OpenHunting/openhunt#39 and
# AICC/CMI-5_Spec_Current#288).
PROGRAM_SIGNER_RE = re.compile(
    r"postmaster|mailer|mail (?:system|server|delivery)|administrator|\badmins\b|google groups|daemon|system", re.IGNORECASE
)


# A note is short: a person who pastes a report under a line of their own ("Hi, I get this back, why?")
# pastes more lines than this, and the report's own lines are then read.
NOTE_LINES = 12
NOTE_CHARS = 1200


def is_persons_note(text: str) -> bool:
    """Whether a pasted text is a short note written as a person writes (two of: a greeting line, a
    question, a sign-off)."""
    lines = [line.strip(" \t>") for line in text.strip().split("\n")]
    lines = [line for line in lines if line]
    if not lines or len(lines) > NOTE_LINES or len(text.strip()) > NOTE_CHARS:
        return False
    greets = bool(GREETING_RE.match(lines[0]))
    asks = any(line.endswith("?") and len(line.split()) >= 3 for line in lines)  # a question of a few words
    signs = any(SIGN_OFF_RE.match(line) and not PROGRAM_SIGNER_RE.search(" ".join(lines[at : at + 2])) for at, line in enumerate(lines))
    return greets + asks + signs >= 2
