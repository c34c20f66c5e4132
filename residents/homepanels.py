"""Panels that apps above residents add to a resident's home page (their neighbourhood's action plan, say).

residents imports no other app, so they register here from their AppConfig.ready(): a template and a function
that, given the linked resident, returns its context (or None to leave the panel out). Each function must cost
a fixed number of queries whatever the data size: the home page's query-count test holds them to it.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class HomePanel:
    template: str
    context: Callable  # (resident) -> dict | None
    order: int


_PANELS: dict[str, HomePanel] = {}


def register_home_panel(template: str, context: Callable, *, order: int = 100) -> None:
    _PANELS[template] = HomePanel(template=template, context=context, order=order)


def panels_for(resident) -> list[dict]:
    """[{"template": ..., "context": {...}}] for each registered panel that has something to show, in order."""
    shown = []
    for panel in sorted(_PANELS.values(), key=lambda panel: (panel.order, panel.template)):
        context = panel.context(resident)
        if context is not None:
            shown.append({"template": panel.template, "context": context})
    return shown
