"""The reports as files: XLSX (one sheet per table, numbers as numbers) and a board-ready
PDF (reportlab: title, range, when it was made, the key figures, charts drawn with
reportlab's own charts, the tables, page numbers). Both write the tables of `tables.py`,
so they hold exactly the figures the page shows."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from typing import Any
from xml.sax.saxutils import escape

from django.conf import settings
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from whitecoat.reports.enums import PaperSize
from whitecoat.reports.figures import NO_DATA, Cell, ReportTable
from whitecoat.reports.selectors import AreasReport, ResultsReport
from whitecoat.reports.tables import KeyFigure, areas_tables, results_tables

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF_TYPE = "application/pdf"

# --------------------------------------------------------------------------------- XLSX

# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NUMBER_FORMATS = {
    "int": "#,##0",
    "plain": "0",
    "signed": "+#,##0;-#,##0;0",
    "percent": '0.0" %"',
    "signed_percent": '+0.0" %";-0.0" %";0.0" %"',
    "date": "d mmm yyyy",
}


def safe_text(text: str) -> str:
    """Text a spreadsheet shows as text: a leading apostrophe when it would be a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def xlsx_value(cell: Cell) -> Any:
    """A number stays a number (no data is written as the words), a date a date."""
    if cell.numeric or cell.kind == "date":
        return NO_DATA if cell.value is None else cell.value
    return safe_text(cell.text)


def _sheet_title(title: str, used: set[str]) -> str:
    base = "".join(c for c in title if c not in "[]:*?/\\")[:31] or "Sheet"
    name, n = base, 2
    while name.lower() in used:
        suffix = f" {n}"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(name.lower())
    return name


def tables_xlsx(*, tables: Sequence[ReportTable], title: str, subject: str) -> bytes:
    """One sheet per table: a bold header row, then the rows."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    workbook.properties.title = title
    workbook.properties.subject = subject
    workbook.properties.creator = settings.SITE_NAME
    used: set[str] = set()
    bold = Font(bold=True)
    for table in tables:
        sheet = workbook.create_sheet(title=_sheet_title(table.title, used))
        sheet.append([safe_text(column.label) for column in table.columns])
        for cell in sheet[1]:
            cell.font = bold
        widths = [len(column.label) for column in table.columns]
        for row in table.rows:
            sheet.append([xlsx_value(cell) for cell in row])
            for i, cell in enumerate(row):
                widths[i] = max(widths[i], len(cell.text))
            for written, cell in zip(sheet[sheet.max_row], row, strict=True):
                if (cell.numeric or cell.kind == "date") and cell.value is not None:
                    written.number_format = NUMBER_FORMATS[cell.kind]
        for i, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(i)].width = min(60, max(10, width + 2))
        sheet.freeze_panes = "B2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def results_xlsx(report: ResultsReport) -> bytes:
    _, tables = results_tables(report)
    return tables_xlsx(tables=tables, title="Program results", subject=report.range.title)


def areas_xlsx(report: AreasReport) -> bytes:
    return tables_xlsx(
        tables=areas_tables(report), title="Areas represented", subject=report.range.title
    )


# ---------------------------------------------------------------------------------- PDF

PAGE_SIZES = {PaperSize.A4: A4, PaperSize.LETTER: LETTER}
INK = colors.HexColor("#1f2a33")
MUTED = colors.HexColor("#5b6770")
BRAND = colors.HexColor("#0b5394")
SOFT = colors.HexColor("#eef2f5")
GAP_FILL = colors.HexColor("#f6d5d6")
SERIES = [
    colors.HexColor(c)
    for c in ("#0b5394", "#b45f06", "#38761d", "#741b47", "#134f5c", "#7f6000", "#3d3d99")
]
MAX_AXIS_LABELS = 12

_styles = getSampleStyleSheet()
TITLE = ParagraphStyle("ReportTitle", parent=_styles["Title"], alignment=0, textColor=INK)
HEADING = ParagraphStyle(
    "ReportHeading", parent=_styles["Heading2"], textColor=BRAND, spaceBefore=10
)
BODY = ParagraphStyle("ReportBody", parent=_styles["BodyText"], fontSize=9, leading=12)
SMALL = ParagraphStyle("ReportSmall", parent=BODY, fontSize=8, leading=10, textColor=MUTED)
CELL = ParagraphStyle("ReportCell", parent=BODY, fontSize=8, leading=10)
CELL_NUM = ParagraphStyle("ReportCellNum", parent=CELL, alignment=TA_RIGHT)
CELL_HEAD = ParagraphStyle("ReportCellHead", parent=CELL, fontName="Helvetica-Bold")
CELL_HEAD_NUM = ParagraphStyle("ReportCellHeadNum", parent=CELL_HEAD, alignment=TA_RIGHT)


class NumberedCanvas(canvas.Canvas):
    """Writes "Page n of N" and the report's name at the foot of every page."""

    footer = ""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:  # reportlab's name
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            width, _ = self._pagesize
            self.setFont("Helvetica", 8)
            self.setFillColor(MUTED)
            self.drawString(18 * mm, 10 * mm, self.footer)
            self.drawRightString(width - 18 * mm, 10 * mm, f"Page {self._pageNumber} of {total}")
            super().showPage()
        super().save()


def _p(text: str, style: ParagraphStyle = BODY) -> Paragraph:
    return Paragraph(escape(text), style)


CELL_PADDING = 14  # reportlab's 6 points of padding on each side, and a little air


def _text_width(text: str, *, bold: bool = False) -> float:
    return stringWidth(text, "Helvetica-Bold" if bold else "Helvetica", CELL.fontSize)


def column_widths(table: ReportTable, width: float) -> list[float]:
    """Widths that fit the page: numbers and headings never break inside a word; text
    columns give way first (wrapping between words), and everything shrinks together only
    when even that is not enough."""
    natural, least = [], []
    for i, column in enumerate(table.columns):
        heading = max((_text_width(w, bold=True) for w in column.label.split()), default=0)
        texts = [row[i].text for row in table.rows]
        longest = max((_text_width(t) for t in texts), default=0)
        if column.numeric:
            need = max(heading, longest) + CELL_PADDING
            natural.append(need)
            least.append(need)
        else:
            word = max((_text_width(w) for t in texts for w in t.split()), default=0)
            natural.append(max(heading, longest) + CELL_PADDING)
            least.append(max(heading, word) + CELL_PADDING)
    if sum(natural) <= width:
        return [n * width / sum(natural) for n in natural]
    fixed = sum(n for n, c in zip(natural, table.columns, strict=True) if c.numeric)
    flexible = [
        (n, m) for n, m, c in zip(natural, least, table.columns, strict=True) if not c.numeric
    ]
    room = width - fixed
    if flexible and room >= sum(m for _, m in flexible):
        # Share the room among the text columns beyond their least width.
        spare = room - sum(m for _, m in flexible)
        wants = sum(n - m for n, m in flexible) or 1
        shares = iter([m + spare * (n - m) / wants for n, m in flexible])
        return [
            n if c.numeric else next(shares) for n, c in zip(natural, table.columns, strict=True)
        ]
    return [m * width / sum(least) for m in least]


def pdf_table(table: ReportTable, width: float) -> list[Flowable]:
    """A report table as a reportlab table with its title and note; the header row is
    repeated on every page it runs over; highlighted cells are shaded."""
    header = [
        _p(column.label, CELL_HEAD_NUM if column.numeric else CELL_HEAD) for column in table.columns
    ]
    rows = [
        [_p(cell.text, CELL_NUM if cell.numeric else CELL) for cell in row] for row in table.rows
    ]
    widths = column_widths(table, width)
    style = TableStyle(
        [
            ("BACKGROUND", (0, 0), (-1, 0), SOFT),
            ("LINEBELOW", (0, 0), (-1, 0), 0.75, INK),
            ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.HexColor("#c9d1d8")),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ]
    )
    for r, row in enumerate(table.rows, start=1):
        for c, cell in enumerate(row):
            if cell.highlight:
                style.add("BACKGROUND", (c, r), (c, r), GAP_FILL)
    flowables: list[Flowable] = [
        CondPageBreak(40 * mm),
        _p(table.title, HEADING),
        Table([header, *rows] if rows else [header], colWidths=widths, repeatRows=1, style=style),
    ]
    if not rows:
        flowables.append(_p("Nothing to show.", SMALL))
    if table.note:
        flowables.append(_p(table.note, SMALL))
    return flowables


def _every_nth(labels: Sequence[str]) -> list[str]:
    step = max(1, -(-len(labels) // MAX_AXIS_LABELS))
    return [
        label if i % step == 0 or i == len(labels) - 1 else "" for i, label in enumerate(labels)
    ]


def _number(value: float) -> str:
    return f"{value:,.0f}"


def line_chart(
    *, title: str, labels: Sequence[str], series: Sequence[dict[str, Any]], width: float
) -> Drawing:
    """A line chart with a legend; gaps (None) are left out of the lines."""
    height = 70 * mm
    drawing = Drawing(width, height)
    drawing.add(String(0, height - 10, title, fontName="Helvetica-Bold", fontSize=10))
    chart = HorizontalLineChart()
    chart.x, chart.y = 16 * mm, 22 * mm
    chart.width, chart.height = width - 24 * mm, height - 36 * mm
    chart.data = [list(item["data"]) for item in series] or [[0] * len(labels)]
    chart.categoryAxis.categoryNames = _every_nth(labels)
    chart.categoryAxis.labels.fontSize = 6
    chart.categoryAxis.labels.angle = 30
    chart.categoryAxis.labels.boxAnchor = "ne"
    chart.valueAxis.valueMin = 0
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.labelTextFormat = _number
    chart.valueAxis.forceZero = 1
    for i in range(len(series)):
        chart.lines[i].strokeColor = SERIES[i % len(SERIES)]
        chart.lines[i].strokeWidth = 1.5
    drawing.add(chart)
    if len(series) > 1:
        legend = Legend()
        legend.x, legend.y = 14 * mm, 6
        legend.alignment = "right"
        legend.columnMaximum = 1
        longest = max(len(item["label"]) for item in series[:6])
        legend.deltax = min(width / 2, 20 + longest * 4.2)
        legend.fontSize = 7
        legend.boxAnchor = "sw"
        legend.colorNamePairs = [
            (SERIES[i % len(SERIES)], item["label"]) for i, item in enumerate(series[:6])
        ]
        legend.dxTextSpace = 4
        legend.dx = legend.dy = 6
        drawing.add(legend)
    return drawing


def bar_chart(
    *, title: str, labels: Sequence[str], values: Sequence[int | None], width: float
) -> Drawing:
    """Vertical bars, one per label; a missing value draws no bar."""
    height = 70 * mm
    drawing = Drawing(width, height)
    drawing.add(String(0, height - 10, title, fontName="Helvetica-Bold", fontSize=10))
    chart = VerticalBarChart()
    chart.x, chart.y = 22 * mm, 16 * mm
    chart.width, chart.height = width - 28 * mm, height - 30 * mm
    chart.data = [[v for v in values]] if values else [[0]]
    chart.categoryAxis.categoryNames = _every_nth(labels) if labels else [""]
    chart.categoryAxis.labels.fontSize = 6
    chart.categoryAxis.labels.angle = 30
    chart.categoryAxis.labels.boxAnchor = "ne"
    chart.valueAxis.valueMin = 0
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.labelTextFormat = _number
    chart.bars[0].fillColor = BRAND
    chart.bars[0].strokeColor = None
    drawing.add(chart)
    return drawing


def hbar_chart(
    *, title: str, labels: Sequence[str], values: Sequence[int], width: float
) -> Drawing:
    """Horizontal bars, first label at the top."""
    rows = max(1, len(labels))
    height = (22 + 5.5 * rows) * mm
    drawing = Drawing(width, height)
    drawing.add(String(0, height - 10, title, fontName="Helvetica-Bold", fontSize=10))
    chart = HorizontalBarChart()
    chart.x, chart.y = 62 * mm, 8 * mm
    chart.width, chart.height = width - 66 * mm, height - 22 * mm
    chart.data = [list(reversed(values))] if values else [[0]]
    chart.categoryAxis.categoryNames = [label[:40] for label in reversed(labels)] or [""]
    chart.categoryAxis.labels.fontSize = 7
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -4
    chart.valueAxis.valueMin = 0
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.labelTextFormat = _number
    chart.bars[0].fillColor = BRAND
    chart.bars[0].strokeColor = None
    drawing.add(chart)
    return drawing


def _key_figures(figures: Sequence[KeyFigure], width: float) -> Table:
    rows = [[_p(f.label, CELL), _p(f.cell.text, CELL_NUM), _p(f.note, SMALL)] for f in figures]
    return Table(
        [[_p("Figure", CELL_HEAD), _p("Value", CELL_HEAD_NUM), _p("About", CELL_HEAD)], *rows],
        colWidths=[width * 0.38, width * 0.17, width * 0.45],
        repeatRows=1,
        style=TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), SOFT),
                ("LINEBELOW", (0, 0), (-1, 0), 0.75, INK),
                ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.HexColor("#c9d1d8")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        ),
    )


def _header(title: str, report_range: Any, generated_at: dt.datetime, demo: bool) -> list[Flowable]:
    parts: list[Flowable] = [
        _p(title, TITLE),
        _p(report_range.title, ParagraphStyle("Range", parent=BODY, fontSize=11, leading=14)),
        _p(
            f"Generated {generated_at:%d %b %Y %H:%M} ({settings.TIME_ZONE}) "
            f"by {settings.SITE_NAME}.",
            SMALL,
        ),
    ]
    if demo:
        parts.append(
            _p("Demo data: the organisation, the people and every figure are invented.", SMALL)
        )
    return [*parts, Spacer(1, 4 * mm)]


def results_flowables(report: ResultsReport, width: float) -> list[Flowable]:
    figures, tables = results_tables(report)
    data = report.chart_data
    labels = data["labels"]
    sources = ", ".join(report.source_labels) or "no snapshots"
    up_to = report.flows.data_up_to
    story: list[Flowable] = [
        _p("Key figures", HEADING),
        _key_figures(figures, width),
        _p(
            f"Social figures from daily snapshots ({sources})"
            + (f" up to {up_to:%d %b %Y}" if up_to else "")
            + "; content and training from WhiteCoat's own records. “no data” means nothing "
            "was measured, never zero.",
            SMALL,
        ),
        CondPageBreak(80 * mm),
        _p("Charts", HEADING),
        line_chart(
            title="Ambassadors in the program, by cohort",
            labels=labels,
            series=[*data["ambassadors"], *data["ambassadors_by_cohort"]],
            width=width,
        ),
        Spacer(1, 4 * mm),
        KeepTogether(
            bar_chart(
                title="Audience (followers) at each month end",
                labels=labels,
                values=report.audience.totals,
                width=width,
            )
        ),
        Spacer(1, 4 * mm),
        KeepTogether(
            line_chart(
                title="Ambassadors by kind",
                labels=labels,
                series=data["ambassadors_by_kind"],
                width=width,
            )
        ),
    ]
    for table in tables[1:]:
        story += pdf_table(table, width)
    return story


def areas_flowables(report: AreasReport, width: float) -> list[Flowable]:
    tables = areas_tables(report)
    gaps = report.gaps
    summary = (
        f"{len(report.represented)} departments and service lines have active ambassadors "
        f"({report.active_total:,} in all) on {report.as_of:%d %b %Y}. "
    )
    if report.specialties:
        summary += (
            f"{len(report.specialties) - len(gaps)} of {len(report.specialties)} nationally "
            "ranked specialties are represented"
            + (": gaps in " + ", ".join(s.name for s in gaps) + "." if gaps else ".")
        )
    chart = report.chart_data["active_by_area"]
    story: list[Flowable] = [_p(summary, BODY), Spacer(1, 2 * mm)]
    if chart["labels"]:
        story.append(
            hbar_chart(
                title="Active ambassadors by area"
                + (" (top 20)" if len(report.represented) > 20 else ""),
                labels=chart["labels"],
                values=chart["values"],
                width=width,
            )
        )
    for table in tables:
        story += pdf_table(table, width)
    return story


def _build(story: list[Flowable], *, paper: str, title: str, footer: str) -> bytes:
    buffer = io.BytesIO()
    page = PAGE_SIZES.get(paper, LETTER)
    document = SimpleDocTemplate(
        buffer,
        pagesize=page,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=18 * mm,
        title=title,
        author=settings.SITE_NAME,
        creator=settings.SITE_NAME,
    )
    canvas_class = type("ReportCanvas", (NumberedCanvas,), {"footer": footer})
    document.build(story, canvasmaker=canvas_class)
    return buffer.getvalue()


def _width(paper: str) -> float:
    return PAGE_SIZES.get(paper, LETTER)[0] - 36 * mm


def results_pdf(report: ResultsReport, *, paper: str = PaperSize.LETTER) -> bytes:
    width = _width(paper)
    story = [
        *_header("Program results", report.range, report.generated_at, report.is_demo),
        *results_flowables(report, width),
    ]
    footer = f"{settings.SITE_NAME} · Program results · {report.range.dates}"
    return _build(story, paper=paper, title="Program results", footer=footer)


def areas_pdf(report: AreasReport, *, paper: str = PaperSize.LETTER) -> bytes:
    width = _width(paper)
    story = [
        *_header("Areas represented", report.range, report.generated_at, report.is_demo),
        *areas_flowables(report, width),
    ]
    footer = f"{settings.SITE_NAME} · Areas represented · {report.range.dates}"
    return _build(story, paper=paper, title="Areas represented", footer=footer)


def monthly_pdf(
    results: ResultsReport, areas: AreasReport, *, paper: str = PaperSize.LETTER
) -> bytes:
    """The monthly e-mail's attachment: the month's results, then the areas represented."""
    width = _width(paper)
    title = f"Program report, {results.range.end:%B %Y}"
    story = [
        *_header(title, results.range, results.generated_at, results.is_demo),
        *results_flowables(results, width),
        CondPageBreak(120 * mm),
        _p("Areas represented", ParagraphStyle("Part", parent=TITLE, fontSize=16)),
        *areas_flowables(areas, width),
    ]
    footer = f"{settings.SITE_NAME} · {title}"
    return _build(story, paper=paper, title=title, footer=footer)
