"""Forms: a survey's settings and questions, who it asks and publishing it (staff); the answer form built from
a survey's questions; the Tenant Satisfaction Measures survey and its summary of approach."""

from datetime import datetime, time, timedelta

from django import forms
from django.utils import timezone

from panels.models import Panel
from residents.models import Channel, Neighbourhood

from .models import AudienceKind, Choice, Question, QuestionKind, Survey, SurveyKind, TsmApproach, WaveCadence
from .services import tsm
from .services.audience import audience_problems
from .services.building import SCALE_PRESETS, BuildError, QuestionSpec, ensure_closing_day_can_change, has_closed

DATE_HELP = "For example 27/03/2026."


def _date_field(label: str, help_text: str, required: bool) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=help_text,
        error_messages={"required": "Enter the date.", "invalid": "Enter a real date, for example 27/03/2026."},
    )


def start_of_day(day):
    return timezone.make_aware(datetime.combine(day, time.min))


PROMISED_BEFORE_ANSWERING = ("kind", "anonymity", "opens_on", "can_influence", "cannot_influence", "how_results_used")


class SurveyForm(forms.ModelForm):
    """Dates are whole days: a survey opens at the start of its first day and closes at the end of its last."""

    opens_on = _date_field("Opens on", f"Residents can answer from the start of this day. {DATE_HELP}", False)
    closes_on = _date_field("Closes on", f"The last day residents can answer. {DATE_HELP}", False)

    class Meta:
        model = Survey
        fields = ["title", "kind", "anonymity", "introduction", "can_influence", "cannot_influence", "how_results_used"]
        labels = {"title": "Title", "kind": "Kind of survey", "anonymity": "Anonymity", "introduction": "Introduction"}
        help_texts = {
            "title": "Residents see this, for example 'Your views on the new repairs service'.",
            "anonymity": "Anonymous: nothing links answers to the resident. Confidential: linked, but staff see only "
            "totals. Named: staff can see who said what.",
            "can_influence": "Consultations must say this, for example 'Which day the bins are collected'.",
            "cannot_influence": "Consultations must say this, for example 'The cost of the service'.",
            "how_results_used": "Consultations must say this, for example 'The Board decides in March using the "
            "results'.",
        }
        error_messages = {
            "title": {"required": "Enter the survey's title: residents see it first."},
            "kind": {"required": "Choose the kind of survey."},
            "anonymity": {"required": "Choose whether answers are anonymous, confidential or named."},
        }
        widgets = {
            "introduction": forms.Textarea(attrs={"rows": 3}),
            "can_influence": forms.Textarea(attrs={"rows": 2}),
            "cannot_influence": forms.Textarea(attrs={"rows": 2}),
            "how_results_used": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("can_influence", "cannot_influence", "how_results_used"):
            self.fields[name].mark_optional = False  # consultations must say these, as the help text says
        # The TSM survey is made from its template, never by hand.
        self.fields["kind"].choices = [c for c in SurveyKind.choices if c[0] != SurveyKind.TSM]
        if self.instance.locked:
            del self.fields["kind"], self.fields["anonymity"]
        if self.instance.pk and not self.instance.is_draft:
            # What residents were told before they answered stays as it was; the closing day can still move.
            for name in PROMISED_BEFORE_ANSWERING:
                self.fields.pop(name, None)
        if self.instance.opens_at:
            self.initial.setdefault("opens_on", timezone.localdate(self.instance.opens_at))
        if self.instance.closes_at:
            self.initial.setdefault("closes_on", self._last_day())
        if self.instance.pk and has_closed(self.instance):
            self.fields["closes_on"].help_text = "This survey has closed, so its closing day stays as it is."

    def _last_day(self):
        return timezone.localdate(self.instance.closes_at) - timedelta(days=1)

    def closes_at(self, closes_on):
        """When the survey closes: the end of the day given, or the moment it was set to close when that day is
        unchanged (a survey published in code may close mid-day; saving its title must not move that)."""
        if closes_on is None:
            return None
        if self.instance.closes_at and closes_on == self._last_day():
            return self.instance.closes_at
        return start_of_day(closes_on + timedelta(days=1))

    def clean(self):
        cleaned = super().clean()
        closes_on = cleaned.get("closes_on")
        moved = self.closes_at(closes_on) != self.instance.closes_at
        if "opens_on" in self.fields:
            opens_on = cleaned.get("opens_on")
        else:
            opens_on = timezone.localdate(self.instance.opens_at) if self.instance.opens_at else None
        if moved and self.instance.pk and not self.has_error("closes_on"):
            try:
                ensure_closing_day_can_change(self.instance, closes_at=self.closes_at(closes_on))
            except BuildError as error:
                self.add_error("closes_on", str(error))
        if moved and "opens_on" not in self.fields and not self.has_error("closes_on"):
            if closes_on and closes_on < timezone.localdate():
                self.add_error("closes_on", "The closing day cannot be in the past. Today closes it tonight.")
        if opens_on and closes_on and closes_on < opens_on and not self.has_error("closes_on"):
            self.add_error("closes_on", "The closing day must be on or after the opening day.")
        if cleaned.get("kind") == SurveyKind.CONSULTATION:
            for name in ("can_influence", "cannot_influence", "how_results_used"):
                if not (cleaned.get(name) or "").strip():
                    self.add_error(name, "A consultation must tell residents this.")
        return cleaned

    def save(self, commit=True):
        survey = super().save(commit=False)
        opens_on, closes_on = self.cleaned_data.get("opens_on"), self.cleaned_data.get("closes_on")
        if "opens_on" in self.fields:
            survey.opens_at = start_of_day(opens_on) if opens_on else None
        survey.closes_at = self.closes_at(closes_on)
        if commit:
            survey.save()
        return survey


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(
        label="Kind of question",
        choices=QuestionKind.choices,
        error_messages={"required": "Choose the kind of question."},
    )
    text = forms.CharField(
        label="Question", max_length=500, error_messages={"required": "Write the question residents will answer."}
    )
    help_text = forms.CharField(
        label="Help text", max_length=300, required=False, help_text="Shown under the question."
    )
    required = forms.BooleanField(label="Residents must answer this question", required=False, initial=True)
    options = forms.CharField(
        label="Options",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="For single and multiple choice: one option per line.",
    )
    scale = forms.ChoiceField(
        label="Scale",
        required=False,
        choices=[
            ("", "Choose a scale (rating scale questions only)"),
            ("satisfaction", "Very satisfied ... very dissatisfied"),
            ("agreement", "Strongly agree ... strongly disagree"),
            ("numbers", "1 to 5"),
        ],
    )
    show_if_choice = forms.ModelChoiceField(
        label="Only ask when an earlier answer was",
        queryset=Choice.objects.none(),
        required=False,
        empty_label="Always ask this question",
    )

    def __init__(self, *args, survey: Survey, question: Question | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        earlier = Choice.objects.filter(question__survey=survey).select_related("question")
        if question is not None:
            earlier = earlier.filter(question__position__lt=question.position)
            self.initial.update(
                kind=question.kind,
                text=question.text,
                help_text=question.help_text,
                required=question.required,
                show_if_choice=question.show_if_choice_id,
                options="\n".join(c.label for c in question.choices.all())
                if question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE)
                else "",
                scale=next((name for name, labels in SCALE_PRESETS.items() if labels == question.scale_labels), "")
                if question.kind == QuestionKind.SCALE
                else "",
            )
        for name in ("options", "scale"):
            self.fields[name].mark_optional = False  # needed for some kinds of question, as they say
        field = self.fields["show_if_choice"]
        field.queryset = earlier.order_by("question__position", "position")
        field.label_from_instance = lambda c: f"Question {c.question.position}: {c.label}"

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        options = [line.strip() for line in (cleaned.get("options") or "").splitlines() if line.strip()]
        if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            if len(options) < 2:
                self.add_error("options", "Give at least two options, one per line.")
            elif len({o.casefold() for o in options}) != len(options):
                self.add_error("options", "Each option must be different.")
            elif any(len(o) > 200 for o in options):
                self.add_error("options", "Keep each option to 200 characters or fewer.")
        if kind == QuestionKind.SCALE and not cleaned.get("scale"):
            self.add_error("scale", "Choose the scale residents answer on.")
        cleaned["option_list"] = tuple(options)
        return cleaned

    def spec(self) -> QuestionSpec:
        data = self.cleaned_data
        return QuestionSpec(
            kind=data["kind"],
            text=data["text"],
            help_text=data["help_text"],
            required=data["required"],
            options=data["option_list"],
            scale=data.get("scale") or "",
            show_if_choice=data.get("show_if_choice"),
        )


# Answering -----------------------------------------------------------------------------------------------


def field_name(question: Question) -> str:
    return f"q{question.pk}"


NOTHING_ANSWERED = "Answer at least one question before you send your answers."


class AnswerForm(forms.Form):
    """One field per question. A question whose condition is not met is not required, and its answer is
    dropped: without JavaScript every question is on the page, with a note saying when to answer it."""

    mark_optional = False  # each question that may be left out says so under it

    def __init__(self, *args, questions: list[Question], draft: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            name = field_name(question)
            label = f"{question.position}. {question.text}"
            options = [(str(c.pk), c.label) for c in question.choices.all()]
            common = {"label": label, "required": False, "help_text": question.help_text}
            if question.kind == QuestionKind.MULTIPLE:
                field = forms.MultipleChoiceField(choices=options, widget=forms.CheckboxSelectMultiple, **common)
            elif question.has_choices:
                field = forms.ChoiceField(choices=options, widget=forms.RadioSelect, **common)
            else:
                field = forms.CharField(max_length=5000, widget=forms.Textarea(attrs={"rows": 4}), **common)
            field.question = question
            self.fields[name] = field
            if draft and str(question.pk) in draft:
                saved = draft[str(question.pk)]
                if question.kind == QuestionKind.MULTIPLE:
                    self.initial[name] = [str(v) for v in saved]
                elif question.has_choices:
                    self.initial[name] = str(saved[0]) if saved else ""
                else:
                    self.initial[name] = saved

    def _chosen(self, data: dict) -> set[int]:
        chosen: set[int] = set()
        for question in self.questions:
            value = data.get(field_name(question))
            if question.kind == QuestionKind.MULTIPLE:
                chosen.update(int(v) for v in value or [])
            elif question.has_choices and value:
                chosen.add(int(value))
        return chosen

    def asked(self, question: Question, chosen: set[int]) -> bool:
        return question.show_if_choice_id is None or question.show_if_choice_id in chosen

    def answers(self, *, complete: bool) -> dict[int, list[int] | str]:
        """Question id -> chosen option ids, or text. complete=True also checks required questions."""
        data = self.cleaned_data
        chosen = self._chosen(data)
        answers: dict[int, list[int] | str] = {}
        for question in self.questions:
            name = field_name(question)
            if not self.asked(question, chosen):
                continue
            value = data.get(name)
            if question.kind == QuestionKind.MULTIPLE:
                value = [int(v) for v in value or []]
            elif question.has_choices:
                value = [int(value)] if value else []
            else:
                value = (value or "").strip()
            if value:
                answers[question.pk] = value
            elif complete and question.required:
                message = (
                    "Choose at least one option."
                    if question.kind == QuestionKind.MULTIPLE
                    else ("Choose an answer." if question.has_choices else "Write your answer.")
                )
                self.add_error(name, message)
        if complete and not answers and not self.errors:
            # Every question may be left out, but not all of them: an empty response says nothing.
            self.add_error(None, NOTHING_ANSWERED)
        return answers


class OnBehalfForm(forms.Form):
    channel = forms.ChoiceField(
        label="How did the resident give their answers?",
        choices=[(c.value, c.label) for c in (Channel.PHONE, Channel.LETTER, Channel.IN_PERSON)],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how the resident gave their answers."},
    )


# Who a survey asks and when it goes ------------------------------------------------------------------

MAX_WAVES = 12


class AudienceForm(forms.ModelForm):
    class Meta:
        model = Survey
        fields = [
            "audience",
            "audience_neighbourhoods",
            "audience_tenure",
            "audience_panel",
            "sample_size",
            "cadence",
            "wave_count",
            "reminder_after_days",
            "reminder_limit",
        ]
        labels = {
            "audience": "Who to ask",
            "audience_neighbourhoods": "Neighbourhoods",
            "audience_tenure": "Tenure",
            "audience_panel": "Panel",
            "sample_size": "How many residents to ask in each wave",
            "cadence": "How often",
            "wave_count": "Number of waves",
            "reminder_after_days": "Remind those who have not answered after (days)",
            "reminder_limit": "Reminders at most",
        }
        error_messages = {
            "audience": {"required": "Choose who to ask."},
            "cadence": {"required": "Choose how often the survey goes out."},
            "wave_count": {"required": "Enter the number of waves: 1 for a one-off survey."},
            "reminder_after_days": {"required": "Enter after how many days to remind them: 0 for no reminders."},
            "reminder_limit": {"required": "Enter how many reminders at most: 0 for none."},
        }
        help_texts = {
            "audience_neighbourhoods": "Only for 'Chosen neighbourhoods'.",
            "audience_tenure": "Only for 'One tenure'.",
            "audience_panel": "Only for a panel's members: those on it on the day each wave goes.",
            "sample_size": "Only for a random sample. Each neighbourhood and tenure gets its fair share.",
            "cadence": "A rolling programme sends a new wave every month or three months.",
            "wave_count": f"1 for a one-off survey; at most {MAX_WAVES}.",
            "reminder_after_days": "0: no reminders.",
            "reminder_limit": "0: no reminders.",
        }
        widgets = {
            "audience": forms.RadioSelect,
            "audience_neighbourhoods": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, chosen_count: int = 0, **kwargs):
        super().__init__(*args, **kwargs)
        self.chosen_count = chosen_count
        for name in ("audience_neighbourhoods", "audience_tenure", "audience_panel", "sample_size"):
            self.fields[name].mark_optional = False  # needed for one kind of audience, as the help text says
        self.fields["audience_neighbourhoods"].queryset = Neighbourhood.objects.order_by("name")
        self.fields["audience_panel"].queryset = Panel.objects.listed()
        self.fields["audience_panel"].empty_label = "Choose the panel"
        self.fields["audience_tenure"].choices = [
            ("", "Choose the tenure"),
            *self.fields["audience_tenure"].choices[1:],
        ]
        self.fields["wave_count"].min_value = 1
        self.fields["wave_count"].max_value = MAX_WAVES
        self.fields["wave_count"].widget.attrs.update(min=1, max=MAX_WAVES)
        self.fields["sample_size"].widget.attrs.update(min=1)

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("audience")
        problems = audience_problems(
            kind=kind,
            neighbourhood_count=len(cleaned.get("audience_neighbourhoods") or []),
            tenure=cleaned.get("audience_tenure") or "",
            resident_count=self.chosen_count,
            sample_size=cleaned.get("sample_size"),
            panel_chosen=cleaned.get("audience_panel") is not None,
        )
        for name, message in problems.items():
            if name == "audience_residents":
                self.add_error("audience", message + " Search the register below and add residents.")
            elif name not in self.errors:
                self.add_error(name, message)
        if cleaned.get("cadence") == WaveCadence.ONCE and (cleaned.get("wave_count") or 1) > 1:
            self.add_error("wave_count", "A survey sent once has one wave. Choose how often, or enter 1.")
        if kind == AudienceKind.SAMPLE and cleaned.get("sample_size") == 0:
            self.add_error("sample_size", "Enter a number above 0.")
        return cleaned


class PublishForm(forms.Form):
    opens_on = forms.DateField(
        label="Opens on",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="Today sends the invitations as soon as you publish; a later day sends them that morning. "
        "For example 27/03/2026.",
        error_messages={"required": "Enter the opening day.", "invalid": "Enter a real date, for example 27/03/2026."},
    )

    def clean_opens_on(self):
        day = self.cleaned_data["opens_on"]
        if day < timezone.localdate():
            raise forms.ValidationError("The opening day cannot be in the past.")
        return day

    def opens_at(self, now=None) -> datetime:
        """Today: now. A later day: the start of that day."""
        now = now or timezone.now()
        day = self.cleaned_data["opens_on"]
        if day <= timezone.localdate(now):
            return now
        return timezone.make_aware(datetime.combine(day, time.min))


# The Tenant Satisfaction Measures ------------------------------------------------------------------------


class TsmCreateForm(forms.Form):
    reporting_year = forms.TypedChoiceField(
        label="Reporting year", coerce=int, error_messages={"required": "Choose the reporting year."}
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        this_year = tsm.current_reporting_year()
        self.fields["reporting_year"].choices = [(y, tsm.year_label(y)) for y in (this_year, this_year + 1)]
        self.fields["reporting_year"].help_text = "Runs from 1 April to 31 March."


class TsmApproachForm(forms.ModelForm):
    class Meta:
        model = TsmApproach
        fields = tsm.APPROACH_FIELDS
        widgets = {name: forms.Textarea(attrs={"rows": 3}) for name in tsm.APPROACH_FIELDS}
