"""Neighbourhood Action Plans: the forms staff write plans and actions with, and residents take part with."""

from datetime import datetime, time, timedelta

from django import forms
from django.db.models import Q
from django.utils import timezone

from residents.models import Feedback, FeedbackCategory, Neighbourhood, reference_for
from residents.updates import sources
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


# The pickers of what prompted an action, one per kind of "You said, we did" source other than feedback (which has
# its references field) and actions themselves: the latest of each kind, in the plan's neighbourhood when the kind
# has one, and whatever the action cites already.
PICKER_RECENT = 15


def neighbourhood_path(model) -> str | None:
    """The lookup from `model` to its neighbourhood, through at most one other row (a walkabout issue's walk), or
    None when it has none (a survey, a scrutiny recommendation)."""

    def links(of):
        return [f for f in of._meta.concrete_fields if f.is_relation and (f.many_to_one or f.one_to_one)]

    for field in links(model):
        if field.related_model is Neighbourhood:
            return field.name
    for field in links(model):
        for inner in links(field.related_model):
            if inner.related_model is Neighbourhood:
                return f"{field.name}__{inner.name}"
    return None


def pickable_kinds() -> list:
    return [kind for kind in sources.registered_kinds() if kind.model not in (Feedback, Action)]


def picker_name(model) -> str:
    return "prompt_" + model._meta.label_lower.replace(".", "_")


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
        kinds = pickable_kinds()
        picked_models = tuple(kind.model for kind in kinds)
        if self.instance.pk:
            links = self.prompt_links = list(self.instance.prompts.prefetch_related("source").order_by("id"))
            feedback = [link.source for link in links if isinstance(link.source, Feedback)]
            # Linked by another feature, of a kind with no picker here: kept as it is.
            self.kept_prompts = [
                link.source
                for link in links
                if link.source is not None and not isinstance(link.source, (Feedback, *picked_models))
            ]
            if not self.is_bound:
                self.initial["prompt_references"] = "\n".join(reference_for(item.pk) for item in feedback)
        self.pickers: dict[str, dict] = {}
        for kind in kinds:
            self._add_picker(kind)

    def _add_picker(self, kind) -> None:
        """A list of tick boxes of the latest objects of one kind, with those the action cites already ticked."""
        model = kind.model
        linked = [link.object_id for link in self.prompt_links if type(link.source) is model]
        recent = model._default_manager.order_by("-pk")
        path = neighbourhood_path(model)
        if path and self.instance.plan_id:
            recent = recent.filter(**{path: self.instance.plan.neighbourhood_id})
        # select_related() follows every required relation, so describing each (an issue's feedback reference, a
        # recommendation's review) costs no query of its own: one query per kind, whatever the data size.
        found = list(
            model._default_manager.select_related()
            .filter(Q(pk__in=recent.values("pk")[:PICKER_RECENT]) | Q(pk__in=linked))
            .order_by("-pk")
        )
        if not found:
            return
        name = picker_name(model)
        plural = model._meta.verbose_name_plural
        self.fields[name] = forms.TypedMultipleChoiceField(
            label=f"What prompted it: {plural}",
            choices=[(obj.pk, kind.describe(obj)) for obj in found],
            coerce=int,
            required=False,
            widget=forms.CheckboxSelectMultiple,
            help_text=f"The latest {plural}"
            + (" in this neighbourhood" if path else "")
            + ". Tick those that prompted this action: they are cited when it becomes a 'You said, we did' entry.",
            error_messages={
                "invalid_choice": "Choose only from the list: one of those ticked is no longer there. "
                "Check the ticks and save again.",
                "invalid_pk_value": "Choose only from the list.",
            },
        )
        if not self.is_bound:
            self.initial[name] = linked
        self.pickers[name] = {obj.pk: obj for obj in found}

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

    def picked_prompts(self) -> list:
        """What was ticked in the pickers (walkabout issues, surveys, recommendations...)."""
        return [
            objects[pk]
            for name, objects in self.pickers.items()
            for pk in self.cleaned_data.get(name) or []
            if pk in objects
        ]

    def prompts(self) -> list:
        """The feedback given here, what was ticked in the pickers, and what other features linked of a kind with no
        picker here, which this form keeps."""
        return [*self.feedback_prompts, *self.picked_prompts(), *self.kept_prompts]


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
