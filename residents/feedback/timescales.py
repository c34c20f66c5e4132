"""The numbers the law and the regulator set, in one place so they can be corrected when the rules change.
Sources: shared/reference/regulation.md (Complaint Handling Code, Awaab's Law)."""

import re
from datetime import timedelta

# Housing Ombudsman Complaint Handling Code: working days.
COMPLAINT_ACKNOWLEDGE_DAYS = {1: 5, 2: 5}
COMPLAINT_RESPOND_DAYS = {1: 10, 2: 20}  # counted from the acknowledgement
COMPLAINT_MAX_EXTENSION_DAYS = 10

# Awaab's Law.
EMERGENCY_HAZARD_HOURS = 24  # investigate and make safe
DAMP_MOULD_INVESTIGATE_DAYS = 10  # working days from becoming aware
# A report flagged as a possible hazard must be investigated in time too: until staff confirm or rule it out, it
# carries the significant hazard's investigation deadline, counted from when it reached us.
POSSIBLE_HAZARD_INVESTIGATE_DAYS = DAMP_MOULD_INVESTIGATE_DAYS
HAZARD_SUMMARY_DAYS = 3  # working days after the investigation ends
HAZARD_SAFETY_WORK_DAYS = 5  # working days after the investigation ends
HAZARD_FURTHER_WORK_START = timedelta(weeks=12)  # supplementary work started within

# Words in a report that make it a possible hazard for staff to check (whole words, any case).
HAZARD_WORDS = [
    "damp",
    "mould",
    "mold",
    "mouldy",
    "condensation",
    "black spots",
    "gas",
    "smell of gas",
    "carbon monoxide",
    "leak",
    "leaking",
    "leaks",
    "flood",
    "flooding",
    "water coming",
    "electric",
    "electrics",
    "electrical",
    "sparks",
    "sparking",
    "exposed wires",
    "fire",
    "smoke",
    "burning smell",
    "asbestos",
    "collapse",
    "ceiling falling",
    "no heating",
    "no hot water",
    "boiler",
]
HAZARD_WORDS_RE = re.compile(
    r"\b(" + "|".join(re.escape(w) for w in sorted(HAZARD_WORDS, key=len, reverse=True)) + r")\b", re.IGNORECASE
)
HAZARD_CATEGORIES = {"damp_mould", "safety"}
# The hazard words that say a report is about damp and mould (its own investigation clock).
DAMP_MOULD_WORDS = {"damp", "mould", "mold", "mouldy", "condensation", "black spots"}


def hazard_words_in(text: str) -> list[str]:
    """The hazard words a report mentions, lower case, each once, in order of appearance."""
    found: list[str] = []
    for match in HAZARD_WORDS_RE.finditer(text or ""):
        word = match.group(1).lower()
        if word not in found:
            found.append(word)
    return found
