"""Toolkit templates as documents a team can download, fill in and share.

Each toolkit page becomes an OpenDocument text file (the UK government's open standard for
editable documents) and a Word file, made at build time from the page's own rendered HTML,
so the documents and the page of the same release never disagree. The page's structure
carries over as document structure: headings as real headings, tables with a marked header
row, checklist items as tick boxes a person can tick, empty table cells to fill in.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from typing import Any

from lxml import html as lxml_html

LANGUAGE = "en-GB"
FORMATS = {  # extension -> how the download link names the format, as GOV.UK names attachments
    "odt": ("an OpenDocument file", "ODT"),
    "docx": ("a Word file", "DOCX"),
}


class DocumentError(Exception):
    """The page holds something that cannot become part of a document."""


@dataclass
class Heading:
    level: int  # 1 is the document's title
    text: str


@dataclass
class Paragraph:
    text: str
    preformatted: bool = False


@dataclass
class Item:
    text: str
    checked: bool | None  # None: a plain list item, not a tick box
    depth: int = 0


@dataclass
class ListBlock:
    ordered: bool
    items: list[Item] = field(default_factory=list)


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]


Block = Heading | Paragraph | ListBlock | Table


# ---- Reading the page ---------------------------------------------------------------------

_SPACE = re.compile(r"\s+")
_CONTAINERS = {"div", "section", "details", "blockquote", "article", "nav", "aside", "figure"}
_SKIPPED = {"script", "style", "svg", "img", "input", "label", "button", "form", "hr"}


def _text(element: Any) -> str:
    """An element's words as a reader sees them, with external addresses spelt out."""
    parts: list[str] = []
    for node in element.iter():
        if node.tag == "a" and "headerlink" in (node.get("class") or ""):
            node.drop_tree()
    for piece in element.itertext():
        parts.append(piece)
    text = _SPACE.sub(" ", "".join(parts)).strip()
    for link in element.iter("a"):
        href = link.get("href") or ""
        words = _SPACE.sub(" ", link.text_content()).strip()
        if href.startswith(("http://", "https://")) and words and href not in text:
            text = text.replace(words, f"{words} ({href})", 1)
    return text


def _list(element: Any, depth: int = 0, into: ListBlock | None = None) -> ListBlock:
    block = into or ListBlock(ordered=element.tag == "ol")
    for item in element.findall("li"):
        box = item.find(".//input[@type='checkbox']")
        nested = [child for child in item if child.tag in ("ul", "ol")]
        for child in nested:
            item.remove(child)
        checked = None if box is None else box.get("checked") is not None
        block.items.append(Item(_text(item), checked, depth))
        for child in nested:
            _list(child, depth + 1, block)
    return block


def _table(element: Any) -> Table:
    rows = [
        [_text(cell) for cell in row.findall("./th") + row.findall("./td")]
        for row in element.iter("tr")
    ]
    header_rows = element.findall(".//thead/tr")
    if not rows or not header_rows:
        raise DocumentError("a table has no header row: start it with a '| Heading | … |' line")
    return Table(header=rows[0], rows=rows[1:])


def blocks(title: str, content_html: str) -> list[Block]:
    """The document's blocks, in page order, from the page's rendered content."""
    found: list[Block] = [Heading(1, title)]
    if not content_html.strip():
        return found
    root = lxml_html.fragment_fromstring(content_html, create_parent="div")
    _walk(root, found)
    return found


def _walk(parent: Any, found: list[Block]) -> None:
    for element in parent:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            found.append(Heading(min(int(tag[1]), 4), _text(element)))
        elif tag in ("p", "summary", "dt", "dd"):
            if text := _text(element):
                found.append(Paragraph(text))
        elif tag == "pre":
            found.append(Paragraph(element.text_content().rstrip("\n"), preformatted=True))
        elif tag in ("ul", "ol"):
            found.append(_list(element))
        elif tag == "table":
            found.append(_table(element))
        elif tag in _CONTAINERS or tag == "dl":
            _walk(element, found)
        elif tag and tag not in _SKIPPED and (text := _text(element)):
            found.append(Paragraph(text))


# ---- Word ---------------------------------------------------------------------------------

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
_BOX_FONT = "MS Gothic"  # Word's own font for tick boxes; LibreOffice substitutes one


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _word_checkbox_item(text: str, checked: bool) -> str:
    """A paragraph that starts with a tick box content control, as Word's own tick boxes."""
    mark = "\u2612" if checked else "\u2610"
    return (
        f'<w:p xmlns:w="{_W}" xmlns:w14="{_W14}"><w:pPr><w:pStyle w:val="ListParagraph"/></w:pPr>'
        '<w:sdt><w:sdtPr><w:alias w:val="Tick box"/><w14:checkbox>'
        f'<w14:checked w14:val="{int(checked)}"/>'
        f'<w14:checkedState w14:val="2612" w14:font="{_BOX_FONT}"/>'
        f'<w14:uncheckedState w14:val="2610" w14:font="{_BOX_FONT}"/>'
        "</w14:checkbox></w:sdtPr><w:sdtContent><w:r><w:rPr>"
        f'<w:rFonts w:ascii="{_BOX_FONT}" w:hAnsi="{_BOX_FONT}" w:eastAsia="{_BOX_FONT}"/>'
        f"</w:rPr><w:t>{mark}</w:t></w:r></w:sdtContent></w:sdt>"
        f'<w:r><w:t xml:space="preserve"> {_esc(text)}</w:t></w:r></w:p>'
    )


def _word_table(table: Table) -> str:
    """A table whose first row is marked as its header (repeated on each page, read as such)."""
    width = (
        max(len(table.header), *(len(r) for r in table.rows)) if table.rows else len(table.header)
    )

    def row(cells: list[str], header: bool) -> str:
        cells = cells + [""] * (width - len(cells))
        props = "<w:trPr><w:tblHeader/></w:trPr>" if header else ""
        bold = "<w:rPr><w:b/></w:rPr>" if header else ""
        tcs = "".join(
            f'<w:tc><w:p><w:r>{bold}<w:t xml:space="preserve">{_esc(c)}</w:t></w:r></w:p></w:tc>'
            for c in cells
        )
        return f"<w:tr>{props}{tcs}</w:tr>"

    grid = "".join('<w:gridCol w:w="2000"/>' for _ in range(width))
    return (
        f'<w:tbl xmlns:w="{_W}"><w:tblPr><w:tblStyle w:val="TableGrid"/>'
        '<w:tblW w:w="5000" w:type="pct"/><w:tblLook w:firstRow="1" w:val="0020"/></w:tblPr>'
        f"<w:tblGrid>{grid}</w:tblGrid>{row(table.header, True)}"
        + "".join(row(r, False) for r in table.rows)
        + "</w:tbl>"
    )


def to_docx(title: str, content: list[Block]) -> bytes:
    from docx import Document
    from docx.oxml import parse_xml

    document = Document()
    document.core_properties.title = title
    document.core_properties.language = LANGUAGE
    for lang in document.styles.element.iter(f"{{{_W}}}lang"):
        lang.set(f"{{{_W}}}val", LANGUAGE)  # the default language of every style
    body = document.element.body

    def add(xml: str) -> None:
        body.sectPr.addprevious(parse_xml(xml))

    for block in content:
        if isinstance(block, Heading):
            document.add_heading(block.text, level=block.level)
        elif isinstance(block, Paragraph):
            paragraph = document.add_paragraph(style="No Spacing" if block.preformatted else None)
            lines = block.text.split("\n")
            for number, line in enumerate(lines):
                run = paragraph.add_run(line)
                if number < len(lines) - 1:
                    run.add_break()
        elif isinstance(block, ListBlock):
            for item in block.items:
                if item.checked is not None:
                    add(_word_checkbox_item(item.text, item.checked))
                else:
                    style = "List Number" if block.ordered else "List Bullet"
                    suffix = f" {min(item.depth, 2) + 1}" if item.depth else ""
                    document.add_paragraph(item.text, style=f"{style}{suffix}")
        else:
            add(_word_table(block))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# ---- OpenDocument -------------------------------------------------------------------------


def to_odt(title: str, content: list[Block]) -> bytes:
    from odf import dc, draw, form, office, style, text
    from odf import table as odf_table
    from odf.opendocument import OpenDocumentText

    document = OpenDocumentText()
    document.meta.addElement(dc.Title(text=title))
    document.meta.addElement(dc.Language(text=LANGUAGE))
    language, country = LANGUAGE.split("-")
    defaults = style.DefaultStyle(family="paragraph")
    defaults.addElement(style.TextProperties(language=language, country=country))
    document.styles.addElement(defaults)
    headings = {}
    for level, size in ((1, "20pt"), (2, "16pt"), (3, "14pt"), (4, "12pt")):
        heading = style.Style(
            name=f"Heading_20_{level}",
            displayname=f"Heading {level}",
            family="paragraph",
            defaultoutlinelevel=str(level),
        )
        heading.addElement(style.TextProperties(fontsize=size, fontweight="bold"))
        heading.addElement(style.ParagraphProperties(margintop="0.4cm", marginbottom="0.2cm"))
        document.styles.addElement(heading)
        headings[level] = heading
    bold = style.Style(name="Header_20_cell", displayname="Table heading", family="paragraph")
    bold.addElement(style.TextProperties(fontweight="bold"))
    document.styles.addElement(bold)
    cell = style.Style(name="Cell", family="table-cell")
    cell.addElement(style.TableCellProperties(border="0.5pt solid #000000", padding="0.1cm"))
    document.automaticstyles.addElement(cell)
    lists = _odt_list_styles(document)
    box_style = style.Style(name="TickBox", family="graphic")
    box_style.addElement(style.GraphicProperties(verticalpos="middle", verticalrel="text"))
    document.automaticstyles.addElement(box_style)

    forms = office.Forms(applydesignmode="false", automaticfocus="false")
    boxes = form.Form(name="Tick boxes")
    forms.addElement(boxes)
    document.text.addElement(forms)
    count = {"box": 0, "table": 0}

    def tick_box(item: Item) -> Any:
        count["box"] += 1
        ident = f"tick{count['box']}"
        boxes.addElement(
            form.Checkbox(
                id=ident,
                name=ident,
                label=item.text,
                currentstate="checked" if item.checked else "unchecked",
                state="checked" if item.checked else "unchecked",
            )
        )
        paragraph = text.P()
        paragraph.addElement(
            draw.Control(
                control=ident,
                anchortype="as-char",
                width="0.45cm",
                height="0.45cm",
                stylename=box_style,
            )
        )
        paragraph.addText(" " + item.text)
        return paragraph

    for block in content:
        if isinstance(block, Heading):
            document.text.addElement(
                text.H(outlinelevel=block.level, stylename=headings[block.level], text=block.text)
            )
        elif isinstance(block, Paragraph):
            paragraph = text.P()
            for number, line in enumerate(block.text.split("\n")):
                if number:
                    paragraph.addElement(text.LineBreak())
                paragraph.addText(line)
            document.text.addElement(paragraph)
        elif isinstance(block, ListBlock):
            kind = "ticks" if block.items and block.items[0].checked is not None else "bullets"
            listing = text.List(stylename=lists["numbers" if block.ordered else kind])
            for item in block.items:
                entry = text.ListItem()
                if item.checked is None:
                    entry.addElement(text.P(text=item.text))
                else:
                    entry.addElement(tick_box(item))
                listing.addElement(entry)
            document.text.addElement(listing)
        else:
            count["table"] += 1
            width = max([len(block.header), *(len(r) for r in block.rows)])
            grid = odf_table.Table(name=f"Table{count['table']}")
            grid.addElement(odf_table.TableColumn(numbercolumnsrepeated=width))
            header = odf_table.TableHeaderRows()
            header.addElement(_odt_row(block.header, width, cell, bold))
            grid.addElement(header)
            for row in block.rows:
                grid.addElement(_odt_row(row, width, cell, None))
            document.text.addElement(grid)
    out = io.BytesIO()
    document.write(out)
    return out.getvalue()


def _odt_list_styles(document: Any) -> dict[str, Any]:
    """Bulleted, numbered, and unmarked lists (a tick box is the marker of a checklist item)."""
    from odf import style, text

    made = {}
    for name, level_style in (
        ("bullets", lambda: text.ListLevelStyleBullet(level=1, bulletchar="\u2022")),
        ("numbers", lambda: text.ListLevelStyleNumber(level=1, numformat="1", numsuffix=".")),
        ("ticks", lambda: text.ListLevelStyleNumber(level=1, numformat="")),
    ):
        list_style = text.ListStyle(name=f"List_{name}")
        level = level_style()
        level.addElement(style.ListLevelProperties(spacebefore="0.4cm", minlabelwidth="0.6cm"))
        list_style.addElement(level)
        document.automaticstyles.addElement(list_style)
        made[name] = list_style
    return made


def _odt_row(cells: list[str], width: int, cell_style: Any, text_style: Any) -> Any:
    from odf import table as odf_table
    from odf import text

    row = odf_table.TableRow()
    for value in cells + [""] * (width - len(cells)):
        cell = odf_table.TableCell(valuetype="string", stylename=cell_style)
        paragraph = (
            text.P(text=value) if text_style is None else text.P(stylename=text_style, text=value)
        )
        cell.addElement(paragraph)
        row.addElement(cell)
    return row


# ---- On the page --------------------------------------------------------------------------


def size_label(size: int) -> str:
    """As GOV.UK labels attachments: '12 KB'."""
    return f"{max(1, round(size / 1024))} KB"


def download_links(name: str, sizes: dict[str, int]) -> str:
    """The paragraph under the page's title that offers both files."""
    items = "".join(
        f'<li><a href="{name}.{ext}" download>Download this template as {kind} '
        f"({short}, {size_label(sizes[ext])})</a></li>"
        for ext, (kind, short) in FORMATS.items()
    )
    return f'<ul class="guide-downloads">{items}</ul>\n'


def make(title: str, content_html: str) -> dict[str, bytes]:
    """extension -> file, for one toolkit page."""
    content = blocks(title, content_html)
    return {"odt": to_odt(title, content), "docx": to_docx(title, content)}
