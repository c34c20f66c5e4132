# Every model of the community app, gathered from its features (one line per feature).
from .champions.models import BlockChampion  # noqa: F401
from .plans.models import Action, ActionPlan, ActionPrompt, PlanComment, ProgressUpdate, Proposal, Vote  # noqa: F401
