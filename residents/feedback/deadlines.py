"""A due time as staff read it: "Overdue by 3 days", "Due in 5 hours", "Done 2 days late".

templates/residents/includes/deadline.html draws one, with a marker that says in words what it is (not colour
alone). Worked out once, as it is made: a page reads each several times.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

SOON = timedelta(hours=48)


def span(delta: timedelta) -> str:
    hours = int(delta.total_seconds() // 3600)
    if hours < 1:
        return "less than an hour"
    if delta < SOON:
        return f"{hours} hour{'' if hours == 1 else 's'}"
    return f"{delta.days} days"


@dataclass(frozen=True, slots=True)
class Deadline:
    due: datetime | None
    done: datetime | None
    now: datetime
    overdue: bool = field(init=False)
    late: bool = field(init=False)
    soon: bool = field(init=False)
    words: str = field(init=False)

    def __post_init__(self):
        due, done, now = self.due, self.done, self.now
        overdue = due is not None and done is None and now > due
        late = due is not None and done is not None and done > due
        if done is not None:
            words = f"Done {span(done - due)} late" if late else "Done in time"
        elif due is None:
            words = "No deadline"
        elif overdue:
            words = f"Overdue by {span(now - due)}"
        else:
            words = f"Due in {span(due - now)}"
        object.__setattr__(self, "overdue", overdue)
        object.__setattr__(self, "late", late)
        object.__setattr__(self, "soon", due is not None and done is None and not overdue and due - now < SOON)
        object.__setattr__(self, "words", words)

    @property
    def breached(self) -> bool:
        return self.overdue or self.late
