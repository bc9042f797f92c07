"""User-written text: a Markdown subset that can never become active content."""

from html.parser import HTMLParser

from hypothesis import given, settings
from hypothesis import strategies as st

from duoplus.core.richtext import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, render
from reports.writing.diff import side_by_side


class Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def tags_of(html):
    parser = Collector()
    parser.feed(str(html))
    return parser.tags


def test_the_subset():
    html = render("Een **vette** en *schuine* tekst\nmet een regel.\n\n- een\n- twee\n\n1. eerst")
    assert "<strong>vette</strong>" in html and "<em>schuine</em>" in html
    assert "tekst<br>" in html or "tekst<br />" in html
    assert "<ul>\n<li>een</li>" in html and "<ol>\n<li>eerst</li>" in html
    assert render("") == ""


def test_links_only_to_the_web_and_mail():
    html = render("[site](https://duoplus.nl) [mail](mailto:a@b.nl) [x](javascript:alert(1))")
    assert '<a href="https://duoplus.nl" rel="noopener noreferrer nofollow">site</a>' in html
    assert 'href="mailto:a@b.nl"' in html
    assert "javascript" not in str(tags_of(html))
    for url in ("data:text/html,x", "file:///etc/passwd", "vbscript:x", "JaVaScRiPt:x"):
        assert all("href" not in attrs for _tag, attrs in tags_of(render(f"[x]({url})")))


def test_html_typed_by_a_user_is_text():
    html = render('<script>alert(1)</script><img src=x onerror=alert(1)><b onclick="x">b</b>')
    assert tags_of(html) == [("p", {})]
    assert "&lt;script&gt;" in html


def test_headings_images_and_code_are_not_part_of_the_subset():
    html = render("# Kop\n\n![plaatje](https://x/y.png)\n\n    code\n\n> citaat")
    # The image syntax leaves a plain link: nothing is ever loaded.
    assert {tag for tag, _ in tags_of(html)} <= {"p", "br", "a"}


@settings(max_examples=300, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("<>\"'`=&;:/()[]*_-#!\\\n ajvscriptonerrhfimgdat1")),
        max_size=200,
    )
    | st.text(max_size=200)
)
def test_nothing_outside_the_allow_list_ever_comes_out(text):
    html = render(text)
    for tag, attrs in tags_of(html):
        assert tag in ALLOWED_TAGS
        assert set(attrs) <= ALLOWED_ATTRIBUTES.get(tag, set()) | {"rel"}
        href = attrs.get("href")
        if href is not None:
            assert href.split(":", 1)[0].lower() in {"http", "https", "mailto"} or ":" not in href


def test_diff_marks_words_and_escapes():
    rows = side_by_side(
        "De eerste zin.\nBlijft staan.", "De tweede zin.\nBlijft staan.\n<b>nieuw</b>"
    )
    kinds = [row.kind for row in rows]
    assert kinds == ["change", "equal", "insert"]
    assert ">eerste</del>" in rows[0].old and ">tweede</ins>" in rows[0].new
    assert "&lt;b&gt;nieuw&lt;/b&gt;" in rows[2].new and "<b>" not in rows[2].new
    assert side_by_side("Zelfde\n\nTekst", "Zelfde\nTekst")[0].kind == "equal"
