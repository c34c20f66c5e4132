"""Survey results: counts and percentages per question, breakdowns with small groups suppressed, free-text
answers, the CSV export, and flagging possible hazards in free text.

Every aggregate is one GROUP BY over Answer in the database, for all questions at once, so a results page costs
the same number of queries at a hundred answers as at a million.

Percentages are of the respondents who answered the question. For a multiple-choice question that is the
number of people, not of ticks, so the percentages may add up to more than 100. An answer marked "outside the
base" (don't know, not applicable) is counted and shown, but left out of the base of a single-answer question's
percentages, as the Tenant Satisfaction Measures do.

Breakdowns show a group only when at least SMALL_GROUP respondents in it answered the question. When the small
groups hidden hold anybody, the next smallest are hidden too ("complementary suppression"), because the question's
totals are on the results page and a hidden group could otherwise be found by subtraction. Breakdowns by equality
answers (age band, sex, ethnicity, disability) follow residents.disclosure: shown only once the survey has closed,
every group a column, counts rounded to 5 and percentages worked out from the rounded counts, so that neither two
looks over time nor two filters side by side single anyone out.
"""

import csv
import io
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone

from residents import disclosure
from residents.feedback import timescales
from residents.feedback.services import submit_feedback
from residents.models import (
    AgeBand,
    Channel,
    Ethnicity,
    FeedbackCategory,
    FeedbackKind,
    FeedbackScope,
    Neighbourhood,
    Sex,
    Tenure,
    YesNoNotSaid,
    YouSaidWeDid,
)
from residents.updates import services as updates

from ..models import Anonymity, Answer, AudienceKind, Choice, FlaggedAnswer, Question, QuestionKind, Response, Survey

SMALL_GROUP = disclosure.SMALL_GROUP
FEWER_THAN = disclosure.FEWER_THAN
NOT_SHOWN = disclosure.NOT_SHOWN
NOT_RECORDED = "Not recorded"


# Counts and percentages -----------------------------------------------------------------------------------


@dataclass
class ChoiceResult:
    choice: Choice
    count: int
    percent: float | None  # None for a choice outside the base


@dataclass
class QuestionResult:
    question: Question
    respondents: int  # people who answered the question
    base: int  # the denominator of the percentages
    choices: list[ChoiceResult] = field(default_factory=list)

    @property
    def outside_base(self) -> int:
        return self.respondents - self.base if self.question.kind != QuestionKind.MULTIPLE else 0

    @property
    def satisfied_percent(self) -> float | None:
        """The share of the base giving a positive answer (satisfied, agree), when the question has any."""
        positive = [c for c in self.choices if c.choice.positive and not c.choice.outside_base]
        if not positive or not self.base:
            return None
        return percent(sum(c.count for c in positive), self.base)

    @property
    def chart(self) -> dict:
        """The numbers the chart draws: the same as the table's."""
        return {
            "question": f"Q{self.question.position}",
            "labels": [c.choice.label for c in self.choices],
            "counts": [c.count for c in self.choices],
            "percents": [c.percent for c in self.choices],
        }


def percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


# Answers per question and choice (choice NULL: free text) in one GROUP BY. Respondents to a single-answer
# question are the sum of its rows; only a multiple-choice question needs its people counted apart, so the
# costlier COUNT(DISTINCT) runs over those questions' answers alone, in the same statement.
RESULTS_SQL = """
SELECT question_id, choice_id, COUNT(*) AS n, FALSE AS people
FROM surveys_answer
WHERE survey_id = %(survey)s
GROUP BY question_id, choice_id
UNION ALL
SELECT question_id, NULL, COUNT(DISTINCT response_id), TRUE
FROM surveys_answer
WHERE survey_id = %(survey)s AND question_id = ANY(%(multiple)s::bigint[])
GROUP BY question_id
"""


def multiple_choice_ids(questions: list[Question]) -> list[int]:
    return [q.pk for q in questions if q.kind == QuestionKind.MULTIPLE]


def answer_counts(*, survey: Survey, multiple: list[int]) -> tuple[dict[tuple[int, int | None], int], dict[int, int]]:
    """One query: answers per (question, choice), choice None for free text; respondents per question."""
    per_choice: dict[tuple[int, int | None], int] = {}
    respondents: dict[int, int] = {}
    with connection.cursor() as cursor:
        cursor.execute(RESULTS_SQL, {"survey": survey.pk, "multiple": multiple})
        for question_id, choice_id, n, people in cursor.fetchall():
            if people:
                respondents[question_id] = n
            else:
                per_choice[(question_id, choice_id)] = n
                if question_id not in multiple:
                    respondents[question_id] = respondents.get(question_id, 0) + n
    return per_choice, respondents


def questions_with_choices(survey: Survey) -> list[Question]:
    return list(survey.questions.prefetch_related("choices").order_by("position"))


def question_results(*, survey: Survey, questions: list[Question] | None = None) -> list[QuestionResult]:
    """Every question's counts and percentages (three queries: questions, choices, the aggregate)."""
    questions = questions_with_choices(survey) if questions is None else questions
    per_choice, respondents = answer_counts(survey=survey, multiple=multiple_choice_ids(questions))
    results = []
    for question in questions:
        answered = respondents.get(question.pk, 0)
        choices = list(question.choices.all())
        if question.kind == QuestionKind.MULTIPLE:
            base = answered
        else:
            base = answered - sum(per_choice.get((question.pk, c.pk), 0) for c in choices if c.outside_base)
        result = QuestionResult(question=question, respondents=answered, base=base)
        for choice in choices:
            count = per_choice.get((question.pk, choice.pk), 0)
            result.choices.append(
                ChoiceResult(choice=choice, count=count, percent=None if choice.outside_base else percent(count, base))
            )
        results.append(result)
    return results


# Breakdowns -----------------------------------------------------------------------------------------------

# The snapshot fields a result can be split by: the column on Response, and how its values are named.
BREAKDOWN_FIELDS = {
    "neighbourhood": ("Neighbourhood", "neighbourhood_id", None),
    "tenure": ("Tenure", "tenure", Tenure),
    "age_band": ("Age band", "age_band", AgeBand),
    "sex": ("Sex", "sex", Sex),
    "ethnicity": ("Ethnicity", "ethnicity", Ethnicity),
    "disability": ("Disability or long-term health condition", "disability", YesNoNotSaid),
}
# Special category data: published only through residents.disclosure, and only once the survey has closed.
EQUALITY_FIELDS = frozenset({"age_band", "sex", "ethnicity", "disability"})
EQUALITY_WAITS = (
    "Results by {field} are shown once the survey has closed and takes no more answers, so that they cannot be "
    "compared before and after someone answers."
)
EQUALITY_NEVER_CLOSES = " This survey has no closing day: give it one to see them."

_BREAKDOWN_TEMPLATE = """
SELECT a.question_id, COALESCE(r.{column}::text, '') AS grp, a.choice_id, COUNT(*) AS n, FALSE AS people
FROM surveys_answer a JOIN surveys_response r ON r.id = a.response_id
WHERE a.survey_id = %(survey)s AND a.choice_id IS NOT NULL{within}
GROUP BY a.question_id, grp, a.choice_id
UNION ALL
SELECT a.question_id, COALESCE(r.{column}::text, '') AS grp, NULL, COUNT(DISTINCT a.response_id), TRUE
FROM surveys_answer a JOIN surveys_response r ON r.id = a.response_id
WHERE a.survey_id = %(survey)s AND a.question_id = ANY(%(multiple)s::bigint[]){within}
GROUP BY a.question_id, grp
"""
BREAKDOWN_SQL = _BREAKDOWN_TEMPLATE.replace("{within}", "")  # for everyone who answered
WITHIN_TENURE = " AND r.tenure = %(tenure)s"
WITHIN_NEIGHBOURHOOD = " AND r.neighbourhood_id = %(neighbourhood)s"


@dataclass(frozen=True)
class Within:
    """Who a breakdown counts: everyone who answered, or only those of one tenure and/or one neighbourhood."""

    tenure: str = ""
    neighbourhood: int | None = None

    @classmethod
    def from_query(cls, params) -> "Within":
        """From the page's query string; anything that is not a tenure or a neighbourhood id is ignored."""
        tenure = params.get("tenure", "")
        neighbourhood = params.get("neighbourhood", "")
        return cls(
            tenure=tenure if tenure in Tenure.values else "",
            neighbourhood=int(neighbourhood) if neighbourhood.isdigit() and len(neighbourhood) < 10 else None,
        )

    def sql(self) -> str:
        return (WITHIN_TENURE if self.tenure else "") + (WITHIN_NEIGHBOURHOOD if self.neighbourhood else "")

    def query(self) -> dict:
        return {"tenure": self.tenure, "neighbourhood": self.neighbourhood}


@dataclass
class Cell:
    """One group of a breakdown: shown with its number, or hidden with the reason."""

    count: int
    hidden: str = ""  # FEWER_THAN, or NOT_SHOWN when hidden so a small group cannot be worked out

    @property
    def shown(self) -> bool:
        return not self.hidden


def suppress(sizes: dict) -> dict:
    """Key -> Cell: the exact counts with small groups and their complement hidden, by the rule of
    residents.disclosure (used where the groups are not equality data)."""
    hidden = disclosure.hidden_groups(sizes)
    return {key: Cell(size, hidden.get(key, "")) for key, size in sizes.items()}


@dataclass
class BreakdownGroup:
    key: str
    label: str


@dataclass
class BreakdownCell:
    count: int | None  # None: hidden, or nobody in the group answered
    percent: float | None = None
    hidden: str = ""


@dataclass
class QuestionBreakdown:
    question: Question
    sizes: list[BreakdownCell]  # per group: the people in it who answered the question
    rows: list[tuple[Choice, list[BreakdownCell]]]  # per choice, per group
    total: BreakdownCell | None = None  # people in all groups; rounded, for an equality breakdown


@dataclass
class Breakdown:
    field: str
    label: str
    groups: list[BreakdownGroup]
    questions: list[QuestionBreakdown]
    within: Within = field(default_factory=Within)
    rounded: bool = False  # an equality breakdown: counts rounded to residents.disclosure.ROUNDING_BASE
    withheld: str = ""  # why nothing is shown yet

    @property
    def is_equality(self) -> bool:
        return self.field in EQUALITY_FIELDS


def group_labels(field_name: str, keys: set[str]) -> dict[str, str]:
    _, _, choices = BREAKDOWN_FIELDS[field_name]
    labels = {"": NOT_RECORDED}
    if choices is None:  # neighbourhoods: one query for the names
        ids = [int(key) for key in keys if key]
        labels |= {str(pk): name for pk, name in Neighbourhood.objects.filter(pk__in=ids).values_list("pk", "name")}
    else:
        labels |= dict(choices.choices)
    return {key: labels.get(key, key) for key in keys}


def equality_breakdowns_open(survey: Survey, now=None) -> bool:
    """Whether results by equality answers may be shown: only once the survey has closed, when no answer, from a
    resident or typed in by staff, can change them, so no two looks differ by one known person's answer."""
    now = now or timezone.now()
    return survey.closes_at is not None and survey.closes_at <= now


def question_breakdown(
    *, survey: Survey, field_name: str, questions: list[Question] | None = None, within: Within | None = None
) -> Breakdown:
    """Each choice question split by one snapshot field (four queries at most).

    Neighbourhood and tenure (register facts staff know anyway) show exact counts with small groups hidden, live.
    Equality answers go through residents.disclosure: every group of the field is a column whether anyone is in
    it or not, counts are rounded and small groups hidden with their complement, and only once the survey has
    closed (before that, the breakdown is withheld and nothing is counted).
    """
    label, column, choices_of_field = BREAKDOWN_FIELDS[field_name]  # a KeyError for anything else: never user text
    within = within or Within()
    equality = field_name in EQUALITY_FIELDS
    if equality and not equality_breakdowns_open(survey):
        reason = EQUALITY_WAITS.format(field=label.lower())
        if survey.closes_at is None:
            reason += EQUALITY_NEVER_CLOSES
        return Breakdown(field=field_name, label=label, groups=[], questions=[], within=within, withheld=reason)
    questions = questions_with_choices(survey) if questions is None else questions
    counts: dict[tuple[int, str, int], int] = {}
    sizes: dict[int, dict[str, int]] = {}
    multiple = multiple_choice_ids(questions)
    with connection.cursor() as cursor:
        cursor.execute(
            _BREAKDOWN_TEMPLATE.format(column=column, within=within.sql()),
            {"survey": survey.pk, "multiple": multiple, **within.query()},
        )
        for question_id, group, choice_id, n, people in cursor.fetchall():
            per_group = sizes.setdefault(question_id, {})
            if people:
                per_group[group] = n
            else:
                counts[(question_id, group, choice_id)] = n
                if question_id not in multiple:
                    per_group[group] = per_group.get(group, 0) + n
    if equality:
        # Every group, seen or not, in the field's own order, "not recorded" last: a column says nobody is in it.
        order = [*choices_of_field.values, ""]
        labels = group_labels(field_name, set(order))
    else:
        keys = {group for per_question in sizes.values() for group in per_question}
        labels = group_labels(field_name, keys)
        order = sorted(keys, key=lambda key: (key == "", labels[key].lower()))
    result = Breakdown(
        field=field_name,
        label=label,
        groups=[BreakdownGroup(key, labels[key]) for key in order],
        questions=[],
        within=within,
        rounded=equality,
    )
    for question in questions:
        if not question.has_choices:
            continue
        per_group = sizes.get(question.pk, {})
        if equality:
            result.questions.append(_published_question(question, order, per_group, counts))
        else:
            result.questions.append(_exact_question(question, order, per_group, counts))
    return result


def _published_question(question, order, per_group, counts) -> QuestionBreakdown:
    """One question by an equality field, as residents.disclosure allows it to be shown."""
    choices = list(question.choices.all())
    published = disclosure.publish_breakdown(
        sizes={key: per_group.get(key, 0) for key in order},
        counts={(key, c.pk): counts.get((question.pk, key, c.pk), 0) for key in order for c in choices},
        answers=[c.pk for c in choices],
        outside_base={c.pk for c in choices if c.outside_base},
        pick_many=question.kind == QuestionKind.MULTIPLE,
    )

    def cell(figure: disclosure.Figure) -> BreakdownCell:
        return BreakdownCell(figure.count, figure.percent, figure.hidden)

    return QuestionBreakdown(
        question=question,
        sizes=[cell(published.groups[key]) for key in order],
        rows=[(c, [cell(published.answers[(key, c.pk)]) for key in order]) for c in choices],
        total=cell(published.total),
    )


def _exact_question(question, order, per_group, counts) -> QuestionBreakdown:
    cells = suppress(per_group)
    choices = list(question.choices.all())
    shown_sizes = []
    for key in order:
        cell = cells.get(key)
        if cell is None:
            shown_sizes.append(BreakdownCell(None))
        else:
            shown_sizes.append(BreakdownCell(None, hidden=cell.hidden) if cell.hidden else BreakdownCell(cell.count))
    rows = []
    for choice in choices:
        row = []
        for key in order:
            cell = cells.get(key)
            if cell is None:
                row.append(BreakdownCell(None))
            elif cell.hidden:
                row.append(BreakdownCell(None, hidden=cell.hidden))
            else:
                base = _group_base(question, choices, counts, key, cell.count)
                count = counts.get((question.pk, key, choice.pk), 0)
                row.append(BreakdownCell(count, None if choice.outside_base else percent(count, base)))
        rows.append((choice, row))
    return QuestionBreakdown(question=question, sizes=shown_sizes, rows=rows)


def _group_base(question, choices, counts, key, respondents) -> int:
    if question.kind == QuestionKind.MULTIPLE:
        return respondents
    return respondents - sum(counts.get((question.pk, key, c.pk), 0) for c in choices if c.outside_base)


BREAKDOWN_CSV_HEADER = ["question_number", "question", "answer", "group", "people", "percent", "note"]
PEOPLE_WHO_ANSWERED = "(people who answered)"


def breakdown_csv(*, breakdown: Breakdown) -> str:
    """The breakdown exactly as the page shows it: one row per question, answer and group, and a row per group
    for the people who answered. Hidden numbers are left empty with the reason in the note."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(BREAKDOWN_CSV_HEADER)
    if breakdown.withheld:
        writer.writerow(["", "", "", "", "", "", breakdown.withheld])
        return out.getvalue()
    note = f"rounded to the nearest {disclosure.ROUNDING_BASE}" if breakdown.rounded else ""
    for q in breakdown.questions:
        head = [q.question.position, safe_cell(q.question.text)]
        lines = [(safe_cell(choice.label), row) for choice, row in q.rows] + [(PEOPLE_WHO_ANSWERED, q.sizes)]
        for answer, cells in lines:
            for group, cell in zip(breakdown.groups, cells, strict=True):
                writer.writerow(
                    [
                        *head,
                        answer,
                        safe_cell(group.label),
                        "" if cell.count is None else cell.count,
                        "" if cell.percent is None else f"{cell.percent:.1f}",
                        cell.hidden or (note if cell.count is not None else ""),
                    ]
                )
    return out.getvalue()


# Free text ------------------------------------------------------------------------------------------------


def staff_results_withheld(survey: Survey, now=None) -> str:
    """Why a staff survey's results are not shown yet, or "" when they may be (and for every other survey).
    Staff answer about their own work to managers who know them: the results wait until the survey has closed (a
    count watched as each answer arrives would give a colleague's answer away) and are shown only when at least
    SMALL_GROUP people answered (one query, for staff surveys only)."""
    if survey.audience != AudienceKind.STAFF:
        return ""
    now = now or timezone.now()
    if survey.closes_at is None or now < survey.closes_at:
        return "A staff survey's results are shown once it has closed, so no one can watch a colleague's answer arrive."
    answered = Response.objects.filter(survey=survey, submitted_on__isnull=False).count()
    if answered < SMALL_GROUP:
        return (
            f"Fewer than {SMALL_GROUP} members of staff answered, so the results are not shown: "
            "they could identify someone."
        )
    return ""


def shows_who_answered(survey: Survey) -> bool:
    """Only a named survey shows free text with the respondent and where they live. For a confidential or
    anonymous survey the text stands alone: next to a neighbourhood or an age band it could point to a person."""
    return survey.anonymity == Anonymity.NAMED


def text_answers(*, question: Question) -> QuerySet:
    """A question's free-text answers. Named: newest first, with who said it. Otherwise in the order of the
    random response id, which says nothing about who answered when."""
    answers = Answer.objects.filter(question=question, choice__isnull=True).select_related("hazard_flag")
    if shows_who_answered(question.survey):
        return answers.select_related("response__resident", "response__neighbourhood").order_by(
            "-response__submitted_on", "-id"
        )
    return answers.only("id", "text", "response_id", "hazard_flag").order_by("response_id")


# Possible hazards in free text ----------------------------------------------------------------------------


@transaction.atomic
def flag_hazards_in_answers(*, response: Response) -> list[FlaggedAnswer]:
    """Flag the free-text answers of a submitted response that mention a possible hazard (Awaab's Law: a report
    reaching the landlord by any route starts the clock). Safe to run twice: one flag, and one feedback item in
    the hazards queue, per answer at most.

    A named or confidential response becomes feedback from its resident, so staff can act on it and the resident
    gets the usual acknowledgement. An anonymous response has no resident, and feedback needs one: its answers are
    flagged here and shown to staff on the survey's results page.
    """
    answers = list(
        Answer.objects.filter(response=response, choice__isnull=True, hazard_flag__isnull=True).select_related(
            "question"
        )
    )
    flagged = []
    for answer in answers:
        words = timescales.hazard_words_in(answer.text)
        if not words:
            continue
        flag, created = FlaggedAnswer.objects.get_or_create(
            answer=answer, defaults={"survey_id": answer.survey_id, "words": words}
        )
        if not created:
            continue
        resident = response.resident
        if resident is not None and response.survey.anonymity != Anonymity.ANONYMOUS:
            flag.feedback = submit_feedback(
                resident=resident,
                logged_by=response.entered_by or resident.user,
                channel=response.channel if response.channel in Channel.values else Channel.PORTAL,
                kind=FeedbackKind.COMMENT,
                category=FeedbackCategory.OTHER,
                scope=FeedbackScope.HOME,
                text=_feedback_text(response.survey, answer),
            )
            flag.save(update_fields=["feedback"])
        flagged.append(flag)
    return flagged


def _feedback_text(survey: Survey, answer: Answer) -> str:
    return f'From the survey "{survey.title}", question "{answer.question.text}":\n\n{answer.text}'[:5000]


def flagged_answer_count(*, survey: Survey) -> int:
    return FlaggedAnswer.objects.filter(survey=survey).count()


# CSV ------------------------------------------------------------------------------------------------------

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def safe_cell(value) -> str:
    """A spreadsheet opens a cell starting with = + - @ as a formula: such text is kept as text with a quote."""
    text = "" if value is None else str(value)
    if isinstance(value, str) and text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


RESULTS_CSV_HEADER = [
    "question_number",
    "question_code",
    "question",
    "question_type",
    "answer",
    "outside_base",
    "count",
    "percent",
    "base",
    "respondents",
]


def results_csv(*, survey: Survey) -> str:
    """One row per question and choice (a free-text question: one row with the number of answers)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(RESULTS_CSV_HEADER)
    for result in question_results(survey=survey):
        q = result.question
        head = [q.position, safe_cell(q.code), safe_cell(q.text), q.get_kind_display()]
        if not q.has_choices:
            writer.writerow([*map(safe_cell, head), "(free text answers)", "", result.respondents, "", "", ""])
            continue
        for c in result.choices:
            writer.writerow(
                [
                    *map(safe_cell, head),
                    safe_cell(c.choice.label),
                    "yes" if c.choice.outside_base else "no",
                    c.count,
                    "" if c.percent is None else f"{c.percent:.1f}",
                    result.base,
                    result.respondents,
                ]
            )
    return out.getvalue()


@transaction.atomic
def draft_you_said_we_did(*, survey: Survey, actor) -> YouSaidWeDid:
    """Start a "You said, we did" entry citing this survey: staff write what we did, choose where it is for and
    schedule it; when it is published, everyone whose answers are linked to them is told."""
    answered = survey.responses.filter(submitted_on__isnull=False).count()
    entry = YouSaidWeDid.objects.create(
        title=survey.title[:150],
        you_said=f"{answered} resident{'s' if answered != 1 else ''} answered our survey “{survey.title}”.",
        we_did="",
        topic=FeedbackCategory.OTHER,
        created_by=actor,
    )
    updates.set_sources(entry=entry, objects=[survey])
    return entry
