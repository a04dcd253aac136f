"""Test-session settings: notebooks run in quick mode and their verdicts raise."""

import os

os.environ.setdefault("CS231N_QUICK", "1")
os.environ.setdefault("CS231N_STRICT", "1")
os.environ.setdefault("MPLBACKEND", "Agg")
