"""Checks, reference values, release and grading for the cs231n workbook."""
