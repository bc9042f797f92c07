"""The tests' PDF writer for the tests that are not about the PDF (marker ``pdf`` keeps
WeasyPrint): the same template rendered to the same HTML by ``duoplus.core.pdf``, then, in
milliseconds instead of a second, a small valid PDF of that HTML's text (pdftotext and pypdf
read it), through the same storage, checksum and status path as the real one.

Like WeasyPrint it is deterministic and tells contents apart: the bytes are a function of the
HTML alone, and the HTML's SHA-256 is written into the document, so two different HTMLs
never give the same file even when their visible text is the same."""

import hashlib
import textwrap
from html.parser import HTMLParser

BLOCKS = {
    "address", "article", "aside", "blockquote", "br", "caption", "dd", "div", "dl", "dt",
    "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr",
    "li", "main", "nav", "ol", "p", "pre", "section", "table", "tbody", "thead", "tfoot",
    "tr", "ul",
}  # fmt: skip
CELLS = {"td", "th"}
HIDDEN = {"head", "script", "style", "template", "svg"}
LINES_PER_PAGE = 60
WIDTH = 95


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.hidden, self.title, self._in_title = [], 0, "", False

    def handle_starttag(self, tag, attrs):
        if tag == "title":
            self._in_title = True
        if tag in HIDDEN:
            self.hidden += 1
        elif tag in BLOCKS:
            self.parts.append("\n")
        elif tag in CELLS:
            self.parts.append("  ")

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False
        if tag in HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if self._in_title:
            self.title += data
        if not self.hidden:
            self.parts.append(data)


def text_lines(html):
    parser = _Text()
    parser.feed(html)
    parser.close()
    lines = []
    for block in "".join(parser.parts).split("\n"):
        block = " ".join(block.split())
        if block:
            lines += textwrap.wrap(block, WIDTH, break_long_words=True) or [""]
    return parser.title.strip(), lines


def _literal(text):
    data = text.encode("cp1252", errors="replace")  # the standard fonts' WinAnsiEncoding
    return b"(" + data.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def html_to_pdf(html):
    """A valid PDF 1.4 of ``html``'s text in Helvetica, A4, 60 lines a page."""
    title, lines = text_lines(html)
    digest = hashlib.sha256(html.encode()).hexdigest()
    pages = [lines[i : i + LINES_PER_PAGE] for i in range(0, len(lines), LINES_PER_PAGE)] or [[]]
    objects = {
        1: b"<< /Type /Catalog /Pages 2 0 R /Lang (nl) >>",
        3: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        4: b"<< /Title "
        + _literal(title)
        + b" /Producer (tests.fastpdf) /Subject "
        + _literal(f"html sha256 {digest}")
        + b" >>",
    }
    kids = []
    for n, page in enumerate(pages):
        page_id, content_id = 5 + 2 * n, 6 + 2 * n
        kids.append(f"{page_id} 0 R".encode())
        stream = (
            b"BT /F1 9 Tf 12 TL 40 800 Td "
            + b" ".join(_literal(line) + b" Tj T*" for line in page)
            + b" ET"
        )
        objects[page_id] = (
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents "
            + f"{content_id} 0 R".encode()
            + b" >>"
        )
        objects[content_id] = (
            f"<< /Length {len(stream)} >>\nstream\n".encode() + stream + b"\nendstream"
        )
    objects[2] = b"<< /Type /Pages /Kids [" + b" ".join(kids) + f"] /Count {len(pages)} >>".encode()
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += f"{number} 0 obj\n".encode() + objects[number] + b"\nendobj\n"
    xref = len(out)
    size = max(objects) + 1
    out += f"xref\n0 {size}\n0000000000 65535 f \n".encode()
    for number in range(1, size):
        out += f"{offsets[number]:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {size} /Root 1 0 R /Info 4 0 R "
        f"/ID [<{digest[:32]}> <{digest[:32]}>] >>\n"
        f"startxref\n{xref}\n%%EOF\n"
    ).encode()
    return bytes(out)
