"""People and places: users and roles, homes, blocks and neighbourhoods, the resident register and its import,
linking an account to a home, preferences, equality monitoring and the audit of register changes. Every other
feature stands on it; it imports none of them (only the outbox, to send email)."""
