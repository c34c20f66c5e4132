"""Involvement as volunteering: opportunities with a pathway to change, interest and placement, induction,
hours (from attendance and logged by volunteers), and each resident's involvement record."""
