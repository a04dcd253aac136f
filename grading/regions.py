"""Solution regions and answer regions: find them, stub them, list their lines.

A *solution region* is the lines between ``### BEGIN SOLUTION`` and
``### END SOLUTION`` (any indentation) in a ``.py`` file or a notebook code
cell. The release replaces each one by a single line, indented like the
marker::

    raise NotImplementedError("affine_forward in cs231n/layers/affine.py: your code here")

naming the enclosing function (``Class.method`` for methods) from the AST, or
the nearest ``def`` above it when the text does not parse (notebook cells with
magics); in a notebook cell without a ``def`` the notebook is named.

An *answer region* in a markdown cell sits between ``<!-- BEGIN ANSWER -->``
and ``<!-- END ANSWER -->``; the release keeps the markers and puts the
placeholder ``*Your answer:*`` between them.
"""

from __future__ import annotations

import ast
import dataclasses
import json
import re

BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
ANSWER_BEGIN, ANSWER_END = "<!-- BEGIN ANSWER -->", "<!-- END ANSWER -->"
ANSWER_PLACEHOLDER = "*Your answer:*"
STUB_SUFFIX = "your code here"

# Lines too common to count as leaked solution text.
TRIVIAL = re.compile(r"^(pass|else:|try:|finally:|return|continue|break|[\s()\[\]{},:;]*)$")


class RegionError(ValueError):
    """Unbalanced or nested markers; the message names the file and line."""


@dataclasses.dataclass(frozen=True)
class Region:
    begin: int  # 0-based line index of the BEGIN marker
    end: int  # 0-based line index of the END marker
    indent: str


def find_regions(lines: list[str], where: str,
                 begin: str = BEGIN, end: str = END) -> list[Region]:
    """Regions of a list of lines (without newlines); raises RegionError on bad nesting."""
    out, start = [], None
    for i, line in enumerate(lines):
        s = line.strip()
        if s.startswith(begin):
            if start is not None:
                raise RegionError(f"{where}:{i + 1}: {begin} inside an open region")
            start = i
        elif s.startswith(end):
            if start is None:
                raise RegionError(f"{where}:{i + 1}: {end} without {begin}")
            first = lines[start]
            out.append(Region(start, i, first[: len(first) - len(first.lstrip())]))
            start = None
    if start is not None:
        raise RegionError(f"{where}:{start + 1}: {begin} is never closed")
    return out


def _functions_by_line(text: str) -> list[tuple[int, int, str]] | None:
    """(first line, last line, qualified name) of every def, 1-based; None if unparsable."""
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return None
    spans: list[tuple[int, int, str]] = []

    def visit(node, prefix):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                name = prefix + child.name
                spans.append((child.lineno, child.end_lineno or child.lineno, name))
                visit(child, name + ".")
            elif isinstance(child, ast.ClassDef):
                visit(child, prefix + child.name + ".")
            else:
                visit(child, prefix)

    visit(tree, "")
    return spans


_DEF = re.compile(r"^\s*(?:async\s+)?def\s+([A-Za-z_]\w*)")


def enclosing_name(text: str, lines: list[str], line_index: int, fallback: str) -> str:
    """The function around ``line_index`` (0-based): AST first, else nearest def above."""
    spans = _functions_by_line(text)
    if spans is not None:
        inner = [s for s in spans if s[0] <= line_index + 1 <= s[1]]
        if inner:
            return max(inner, key=lambda s: s[0])[2]
        return fallback
    for j in range(line_index, -1, -1):
        m = _DEF.match(lines[j])
        if m:
            return m.group(1)
    return fallback


def stub_text(text: str, filename: str, fallback: str | None = None) -> tuple[str, int]:
    """Replace every solution region of ``text``; returns (new text, regions replaced)."""
    lines = text.split("\n")
    regions = find_regions(lines, filename)
    if not regions:
        return text, 0
    out, pos = [], 0
    for r in regions:
        name = enclosing_name(text, lines, r.begin, fallback or filename)
        out.extend(lines[pos:r.begin])
        message = f"{name} in {filename}: {STUB_SUFFIX}"
        out.append(f"{r.indent}raise NotImplementedError({json.dumps(message)})")
        pos = r.end + 1
    out.extend(lines[pos:])
    return "\n".join(out), len(regions)


def region_lines(text: str, where: str) -> tuple[list[str], list[str]]:
    """(lines inside solution regions, lines outside them), stripped."""
    lines = text.split("\n")
    inside, outside = [], []
    regions = find_regions(lines, where)
    marks = set()
    for r in regions:
        marks.update(range(r.begin, r.end + 1))
        inside.extend(line.strip() for line in lines[r.begin + 1:r.end])
    outside = [line.strip() for i, line in enumerate(lines) if i not in marks]
    return inside, outside


def blank_answers(text: str, where: str) -> tuple[str, int]:
    """Blank every answer region of a markdown text; returns (new text, regions blanked)."""
    lines = text.split("\n")
    regions = find_regions(lines, where, ANSWER_BEGIN, ANSWER_END)
    if not regions:
        return text, 0
    out, pos = [], 0
    for r in regions:
        out.extend(lines[pos:r.begin + 1])
        out.append(ANSWER_PLACEHOLDER)
        out.append(lines[r.end])
        pos = r.end + 1
    out.extend(lines[pos:])
    return "\n".join(out), len(regions)


def answer_lines(text: str, where: str) -> list[str]:
    lines = text.split("\n")
    found = []
    for r in find_regions(lines, where, ANSWER_BEGIN, ANSWER_END):
        found.extend(line.strip() for line in lines[r.begin + 1:r.end])
    return found


def is_trivial(line: str) -> bool:
    s = line.strip()
    return len(s) < 4 or s.startswith("#") or bool(TRIVIAL.match(s))


def cell_source(cell: dict) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src
