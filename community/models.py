# Every model of the community app, gathered from its features (one line per feature).
from .plans.models import Action, ActionPlan, ActionPrompt, PlanComment, ProgressUpdate, Proposal, Vote  # noqa: F401
