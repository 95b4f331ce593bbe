"""The two facts a person acts on, kept apart and put in words: is the failure permanent or
temporary (the class of the code), and is the address itself bad (Sisimai's hard bounce)? A soft
bounce does not prove the address good: Sisimai counts a refusal after the message was read
(``filtered``) as soft even when the server calls the user unknown, so the words say "may".

They are separate questions: `550 5.4.316` (a connector refused) is permanent, yet the address is
fine; `550 5.1.1` is permanent and the address is bad."""

from __future__ import annotations

LANGS = ("en", "it")

WORDS = {
    "en": {
        "permanent": "Permanent failure",
        "temporary": "Temporary failure",
        "hard": "address is bad (hard bounce)",
        "soft": "address may still be valid (soft bounce)",
        "remove": "remove it from your lists",
        "fix": "fix the cause and resend",
        "retrying": "the sending server is still retrying",
        "resend": "not sent yet: the application has to send it again later",
        "later": "resend later, or once the cause is fixed",
    },
    "it": {
        "permanent": "Errore permanente",
        "temporary": "Errore temporaneo",
        "hard": "l'indirizzo non è valido (hard bounce)",
        "soft": "l'indirizzo può essere ancora valido (soft bounce)",
        "remove": "toglietelo dalle vostre liste",
        "fix": "risolvete la causa e reinviate il messaggio",
        "retrying": "il server di invio sta ancora riprovando",
        "resend": "non ancora inviato: l'applicazione deve ritentare l'invio più tardi",
        "later": "reinviate più tardi, o dopo aver risolto la causa",
    },
}


def is_permanent(status: str | None, reply: str | None, action: str) -> bool:
    """5.x.x is permanent and 4.x.x temporary; without a status the reply code's class decides
    (5xx, 4xx). A report with no code at all is permanent unless it says delivery is only delayed.
    A delay notice is never permanent, whatever code it quotes: the sender's server says it keeps
    trying (RFC 3464 2.3.3, Action: delayed), as Gmail does after a 554 refusal at connection."""
    if action == "delayed":
        return False
    for code in (status, reply):
        if code and code[0] in "45":
            return code[0] == "5"
    return action != "delayed"


def verdict(permanent: bool, hard: bool, action: str, lang: str, retry: str = "server") -> str:
    """One line with both facts and what to do: "Permanent failure · address may still be valid (soft bounce): …".
    A delay is retried by the sending server, unless an application was refused (``retry``): no
    server queued its message, so it must send again itself."""
    words = WORDS.get(lang, WORDS["en"])
    if hard:
        advice = "remove"
    elif permanent:
        advice = "fix"
    else:
        advice = "later" if action != "delayed" else "retrying" if retry == "server" else "resend"
    return f"{words['permanent' if permanent else 'temporary']} · {words['hard' if hard else 'soft']}: {words[advice]}"
