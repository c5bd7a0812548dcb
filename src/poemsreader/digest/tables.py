"""Tables (the evidence table, the article × topic matrix) as CSV, Markdown and XLSX.

Pure: a `Table` in, bytes out. Values keep their type in XLSX (a count is a
number there); CSV and Markdown show them as text. Formula-looking text is
written as text, never as a formula (a cell value from a shared file must not run).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

Cell = str | int | float | None
TABLE_FORMATS = ("csv", "md", "xlsx")
_MD_SPECIAL = str.maketrans({c: f"\\{c}" for c in "\\|*_[]<>#`"})


@dataclass
class Table:
    title: str
    headers: list[str]
    rows: list[list[Cell]] = field(default_factory=list)


def _text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def to_csv(table: Table) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(table.headers)
    for row in table.rows:
        writer.writerow([_text(v) for v in row])
    return out.getvalue().encode("utf-8")


def _md_cell(value: Cell) -> str:
    return " ".join(_text(value).split()).translate(_MD_SPECIAL)


def to_markdown(tables: list[Table]) -> bytes:
    parts = []
    for table in tables:
        lines = [f"## {_md_cell(table.title)}", ""]
        lines.append("| " + " | ".join(_md_cell(h) for h in table.headers) + " |")
        lines.append("|" + "|".join("---" for _ in table.headers) + "|")
        lines += ["| " + " | ".join(_md_cell(v) for v in row) + " |" for row in table.rows]
        parts.append("\n".join(lines))
    return ("\n\n".join(parts) + "\n").encode("utf-8")


def to_xlsx(tables: list[Table]) -> bytes:
    """One worksheet per table, the header row bold and frozen."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)
    for table in tables:
        sheet = book.create_sheet(_sheet_name(table.title, book.sheetnames))
        sheet.append(table.headers)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append(row)
            for cell in sheet[sheet.max_row]:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.data_type = "s"  # text that looks like a formula stays text
        sheet.freeze_panes = "B2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _sheet_name(title: str, taken: list[str]) -> str:
    name = "".join(c for c in title if c not in "[]:*?/\\")[:31] or "Sheet"
    candidate, n = name, 2
    while candidate in taken:
        candidate, n = f"{name[:28]} {n}", n + 1
    return candidate


def render_tables(tables: list[Table], fmt: str) -> bytes:
    """`tables` in `fmt`; CSV holds the first table only (one table per CSV file)."""
    if fmt == "csv":
        return to_csv(tables[0])
    if fmt == "md":
        return to_markdown(tables)
    if fmt == "xlsx":
        return to_xlsx(tables)
    raise ValueError(f"unknown table format {fmt!r}")
