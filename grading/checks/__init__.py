"""Check declarations, one module per notebook (see grading.core for the format).

Modules whose name starts with ``hidden_`` hold hidden checks; the student
release leaves them out.
"""
