""" "You said, we did": entries citing what residents said (any registered source, sources.py: feedback here,
survey results and more from the apps above), scheduled, published once and withdrawn; the public list, entry
pages and Atom feed. Stands on feedback and people."""
