"""The cs231n workbook library: the code the CS231n 2024 notebooks call and students complete."""

__version__ = "0.1.0"
