"""Survey fixtures shared by the access table and the surveys tests (loaded as a plugin by tests/conftest.py)."""
