"""Email domains people mistype: near misses of well-known mail providers and TLD slips.

A list of providers and a distance rule, not a list of typos. A domain is a typo when it is
one edit (a letter added, dropped, changed, or two neighbours swapped: optimal string
alignment) from a provider's domain, or when its top-level domain is a well-known slip
(``.con`` for ``.com``). A provider's own domain is never flagged; a company domain two or
more edits from every provider is left alone. Work is done once per distinct domain
(``rapidfuzz.process.cdist``): a million rows hold a few thousand of them.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

from rapidfuzz import process
from rapidfuzz.distance import OSA

# Mail providers people in Germany, Austria and Switzerland (and elsewhere) use. Very short
# domains whose one-edit neighbours are real companies (me.com, aol.de next to aok.de) are
# left out on purpose.
PROVIDERS: tuple[str, ...] = (
    "gmail.com",
    "googlemail.com",
    "hotmail.com",
    "hotmail.de",
    "hotmail.co.uk",
    "outlook.com",
    "outlook.de",
    "live.com",
    "live.de",
    "msn.com",
    "yahoo.com",
    "yahoo.de",
    "yahoo.co.uk",
    "ymail.com",
    "icloud.com",
    "aol.com",
    "gmx.de",
    "gmx.net",
    "gmx.at",
    "gmx.ch",
    "gmx.com",
    "web.de",
    "t-online.de",
    "freenet.de",
    "posteo.de",
    "mailbox.org",
    "arcor.de",
    "online.de",
    "email.de",
    "mail.de",
    "mail.com",
    "protonmail.com",
    "proton.me",
    "bluewin.ch",
    "aon.at",
    "chello.at",
)
_PROVIDER_SET = frozenset(PROVIDERS)

# Top-level domains mistyped so often that the slip is certain.
TLD_SLIPS: dict[str, str] = {
    "con": "com",
    "cmo": "com",
    "ocm": "com",
    "comm": "com",
    "vom": "com",
    "dee": "de",
    "ded": "de",
    "nte": "net",
    "ner": "net",
    "nett": "net",
}


@functools.lru_cache(maxsize=65536)
def _tld_fixed(domain: str) -> str | None:
    head, dot, tld = domain.rpartition(".")
    if dot and head and tld in TLD_SLIPS:
        return f"{head}.{TLD_SLIPS[tld]}"
    return None


def _plausible(domain: str, provider_index: int) -> bool:
    """False for one changed letter in a provider name of four letters or fewer: such names
    have real neighbours (love.com next to live.com, gmc.de next to gmx.de)."""
    provider = PROVIDERS[provider_index]
    if len(domain) != len(provider):
        return True
    diff = [k for k, (a, b) in enumerate(zip(domain, provider, strict=True)) if a != b]
    name_length = provider.index(".")
    return not (len(diff) == 1 and diff[0] < name_length and name_length <= 4)


def fix_domains(domains: Sequence[str]) -> list[str | None]:
    """The corrected domain of each (lower-case) domain, None where it is not a typo."""
    fixes: list[str | None] = [None] * len(domains)
    todo = [i for i, d in enumerate(domains) if d and d not in _PROVIDER_SET]
    if not todo:
        return fixes
    queries = [domains[i] for i in todo]
    # Distance of each query to each provider, at most 1 (2 = "further").
    distance = process.cdist(
        queries, PROVIDERS, scorer=OSA.distance, score_cutoff=1, dtype="int8", workers=1
    )
    for row, i in enumerate(todo):
        hits = [h for h in (distance[row] <= 1).nonzero()[0] if _plausible(queries[row], h)]
        if len(hits) == 1:
            fixes[i] = PROVIDERS[int(hits[0])]
            continue
        tld = _tld_fixed(domains[i])
        if tld is not None:  # "gmial.con": the TLD first, then the provider it is near
            near = [p for p in PROVIDERS if OSA.distance(tld, p, score_cutoff=1) <= 1]
            fixes[i] = near[0] if len(near) == 1 else tld
    return fixes


def fix_domain(domain: str) -> str | None:
    """``fix_domains`` for one domain."""
    return fix_domains([domain.lower()])[0]


def fix_email(text: str) -> str | None:
    """The address with its mistyped domain corrected, None when the domain is not a typo."""
    local, at, domain = text.rpartition("@")
    if not at or not local:
        return None
    fixed = fix_domain(domain)
    return None if fixed is None else f"{local}@{fixed}"
