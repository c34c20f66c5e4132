"""Neighbourhood Action Plans: the forms staff write plans and actions with, and residents take part with."""

from datetime import datetime, time, timedelta

from django import forms
from django.utils import timezone

from residents.models import Feedback, FeedbackCategory, reference_for
from residents.updates.forms import REFERENCE_RE, split_references

from .models import Action, ActionPlan, ActionStatus, Decision, PlanStatus

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_ERRORS = {"invalid": "Enter a real date, for example 27/03/2026."}


class PlanForm(forms.ModelForm):
    voting_closes_on = forms.DateField(
        label="Voting closes at the end of",
        required=False,
        widget=DATE_WIDGET,
        error_messages=DATE_ERRORS,
        help_text="Residents can choose and change their priorities until the end of this day (UK time). Leave it "
        "empty until the actions are ready to vote on.",
    )

    class Meta:
        model = ActionPlan
        fields = ["neighbourhood", "year", "title", "summary", "status", "published", "votes_per_resident"]
        labels = {
            "neighbourhood": "Neighbourhood",
            "year": "Year the plan starts",
            "title": "Title",
            "summary": "Summary",
            "status": "Who can see it",
            "published": "Publish it: anyone can read the plan and its decisions (residents' comments stay private)",
            "votes_per_resident": "Votes each resident has",
        }
        help_texts = {
            "year": "For example 2026, for April 2026 to March 2027.",
            "summary": "What the plan is for, in plain English.",
            "votes_per_resident": "How many actions each resident can choose as priorities.",
        }
        widgets = {"summary": forms.Textarea(attrs={"rows": 3}), "status": forms.RadioSelect}
        error_messages = {
            "neighbourhood": {"required": "Choose the neighbourhood."},
            "year": {"required": "Enter the year the plan starts."},
            "title": {"required": "Enter a title."},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = PlanStatus.choices
        self.fields["neighbourhood"].empty_label = "Choose a neighbourhood"
        closes = self.instance.voting_closes_at
        if closes and not self.is_bound:
            self.initial["voting_closes_on"] = timezone.localtime(closes).date() - timedelta(days=1)
        if self.instance.pk and self.instance.votes.exists():
            # Residents have voted with the number they were given: it stays.
            self.fields["votes_per_resident"].disabled = True
            self.fields["votes_per_resident"].help_text = "Residents have started voting, so this cannot change."
            self.fields["neighbourhood"].disabled = True

    def clean_year(self):
        year = self.cleaned_data["year"]
        if not 2000 <= year <= 2100:
            raise forms.ValidationError("Enter a year such as 2026.")
        return year

    def clean_votes_per_resident(self):
        votes = self.cleaned_data["votes_per_resident"]
        if not 1 <= votes <= 20:
            raise forms.ValidationError("Give each resident between 1 and 20 votes.")
        return votes

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("published") and cleaned.get("status") != PlanStatus.SHARED:
            self.add_error("published", "Share the plan with the neighbourhood before publishing it.")
        return cleaned

    def validate_unique(self):
        neighbourhood, year = self.cleaned_data.get("neighbourhood"), self.cleaned_data.get("year")
        if neighbourhood and year:
            clash = ActionPlan.objects.filter(neighbourhood=neighbourhood, year=year).exclude(pk=self.instance.pk)
            if clash.exists():
                self.add_error("year", f"{neighbourhood} already has a plan starting in {year}. Open that one.")

    def save(self, commit=True):
        plan = super().save(commit=False)
        day = self.cleaned_data.get("voting_closes_on")
        tz = timezone.get_current_timezone()
        plan.voting_closes_at = datetime.combine(day + timedelta(days=1), time(0), tzinfo=tz) if day else None
        if commit:
            plan.save()
        return plan


class ActionForm(forms.ModelForm):
    prompt_references = forms.CharField(
        label="What prompted it: feedback references",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Feedback (walkabout issues too) references, one per line or comma-separated, e.g. FB-000123. "
        "They are cited when the action becomes a 'You said, we did' entry.",
    )

    class Meta:
        model = Action
        fields = ["title", "description", "topic", "owner", "due_on", "status"]
        labels = {
            "title": "Title",
            "description": "What will be done",
            "topic": "Topic",
            "owner": "Owner",
            "due_on": "Due date",
            "status": "Status",
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 4}), "due_on": DATE_WIDGET}
        error_messages = {
            "title": {"required": "Enter a title."},
            "description": {"required": "Say what will be done."},
            "owner": {"required": "Say who is responsible."},
            "due_on": DATE_ERRORS,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].choices = FeedbackCategory.choices
        self.fields["status"].choices = ActionStatus.choices
        self.feedback_prompts: list[Feedback] = []
        self.kept_prompts: list = []
        self.prompt_links: list = []
        if self.instance.pk:
            links = self.prompt_links = list(self.instance.prompts.prefetch_related("source").order_by("id"))
            feedback = [link.source for link in links if isinstance(link.source, Feedback)]
            self.kept_prompts = [
                link.source for link in links if link.source is not None and not isinstance(link.source, Feedback)
            ]
            if not self.is_bound:
                self.initial["prompt_references"] = "\n".join(reference_for(item.pk) for item in feedback)

    def clean_prompt_references(self):
        references = split_references(self.cleaned_data.get("prompt_references", ""))
        wanted = {ref: int(match.group(1)) for ref in references if (match := REFERENCE_RE.match(ref))}
        found = Feedback.objects.in_bulk(list(wanted.values())) if wanted else {}
        unknown = [ref for ref in references if wanted.get(ref) not in found]
        if unknown:
            raise forms.ValidationError(
                "We could not find feedback with these references: %(references)s. Check them and try again.",
                params={"references": ", ".join(unknown)},
            )
        self.feedback_prompts = list({pk: found[pk] for pk in wanted.values()}.values())
        return "\n".join(reference_for(item.pk) for item in self.feedback_prompts)

    def prompts(self) -> list:
        """The feedback given here, and what other features linked (survey results...), which this form keeps."""
        return [*self.feedback_prompts, *self.kept_prompts]


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Your decision",
        choices=[(Decision.AGREED, Decision.AGREED.label), (Decision.NOT_NOW, Decision.NOT_NOW.label)],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether the action goes ahead."},
    )
    reason = forms.CharField(
        label="Reason (residents see this)",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Give the reason: residents see it beside the action."},
    )


class ProgressForm(forms.Form):
    text = forms.CharField(
        label="What has happened",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Residents who took part in the plan get a summary of new progress by email, at most once a week.",
        error_messages={"required": "Write what has happened."},
    )


class CommentForm(forms.Form):
    action = forms.ModelChoiceField(
        label="About",
        queryset=Action.objects.none(),
        required=False,
        empty_label="The plan as a whole",
    )
    text = forms.CharField(
        label="Your comment",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Your neighbours and our staff see your first name with your comment.",
        error_messages={"required": "Write your comment."},
    )

    def __init__(self, *args, plan: ActionPlan, actions=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["action"]
        field.queryset = Action.objects.filter(plan=plan).only("id", "title")
        if actions is not None:  # already read by the page: no second query to draw the choices
            field.choices = [("", field.empty_label), *[(action.pk, action.title) for action in actions]]


class ProposalForm(forms.Form):
    title = forms.CharField(
        label="What should be done",
        max_length=150,
        help_text="In a few words, for example 'Better lighting on the path to the shops'.",
        error_messages={"required": "Say what should be done."},
    )
    description = forms.CharField(
        label="Why it matters",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Say why it matters to you and your neighbours."},
    )


class ProposalReviewForm(forms.Form):
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=[("accept", "Add it to the plan as an action"), ("decline", "Do not add it")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether to add it to the plan."},
    )
    owner = forms.CharField(label="Owner (if added)", max_length=120, required=False)
    reason = forms.CharField(
        label="Reason (the resident sees this)",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("outcome") == "decline" and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", "Give the reason: the resident who proposed it sees it.")
        return cleaned
