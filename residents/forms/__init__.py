"""Forms by topic."""
