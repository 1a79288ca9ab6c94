"""The detectors' common output, before the policy turns it into findings."""

from __future__ import annotations

from typing import NamedTuple


class Hit(NamedTuple):
    """A span a detector found. `note` carries what the policy needs to pick a severity:
    "public" (a published phone line), "colleague" (a credited clinician), "strong" (a
    label such as DOB or MRN, or an age over 89), or "" for nothing special."""

    start: int
    end: int
    type: str
    rule: str
    note: str = ""


# When two identifier hits overlap, the one with the higher priority stays: a structured
# identifier explains its digits better than a name or a place explains its letters.
PRIORITY: dict[str, int] = {
    "EMAIL": 100,
    "SSN": 95,
    "MRN": 94,
    "ID": 90,
    "IP": 88,
    "URL": 85,
    "FAX": 80,
    "PHONE": 79,
    "DATE": 75,
    "ADDRESS": 70,
    "ZIP": 60,
    "AGE": 55,
    "NAME": 40,
    "LOCATION": 30,
}


def resolve_overlaps(hits: list[Hit]) -> list[Hit]:
    """Keep the best of overlapping hits (priority, then length), in text order."""
    if len(hits) < 2:
        return hits
    ranked = sorted(hits, key=lambda h: (-PRIORITY.get(h.type, 0), h.start - h.end, h.start))
    kept: list[Hit] = []
    for hit in ranked:
        if all(hit.end <= k.start or hit.start >= k.end for k in kept):
            kept.append(hit)
    kept.sort()
    return kept
