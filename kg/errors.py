"""The one exception class a user sees: every stage's errors derive from it.

``kg`` prints a :class:`KgError` as one line, without a traceback, because it says what to
change (a file, a flag, a store). Keeping it here, apart from the stages, lets the command
line catch every stage's errors without importing the stages (and spaCy) first.
"""


class KgError(Exception):
    """A problem the user can fix, told in one line."""
