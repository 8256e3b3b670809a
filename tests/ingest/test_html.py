from storyline.ingest.html import read_html
from storyline.model import Article, Rejected
from storyline.options import Options
from storyline.pipeline import analyze

PAGE = """<!DOCTYPE html><html lang="en"><head><title>Harbour strike ends | Example Gazette</title>
<meta property="og:site_name" content="Example Gazette">
<meta property="article:published_time" content="2025-04-14T09:30:00+01:00">
<meta name="author" content="Jane Writer">
<link rel="canonical" href="https://www.example.org/news/harbour-strike-ends"></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<div class="cookie-banner">We use cookies. Accept all</div>
<article><h1>Harbour strike ends after dockers accept offer</h1>
<p>Dock workers at the port of Felixstowe voted on Monday to accept a revised pay offer, ending a strike that had
lasted two weeks and forced shipping lines to divert vessels to Rotterdam and Antwerp.</p>
<p>The union said 78 percent of members who took part in the ballot backed the deal, which raises pay by 7.5 percent
this year and adds a one-off payment for night shifts.</p>
<p>Port managers said normal operations would resume on Tuesday morning, although the backlog of containers could
take more than a week to clear.</p></article>
<aside><h3>Related articles</h3><a href="/x">Ferry prices rise</a></aside>
<footer>Copyright Example Gazette</footer></body></html>"""


def test_html_page_gives_text_title_date_author_url(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(PAGE, encoding="utf-8")
    [article] = list(read_html(path, Options()))
    assert isinstance(article, Article)
    assert article.title.startswith("Harbour strike ends")
    assert "78 percent" in article.text and "cookies" not in article.text and "Ferry prices" not in article.text
    assert (article.published, article.published_precision) == ("2025-04-14T09:30+01:00", "minute")
    assert article.url == "https://www.example.org/news/harbour-strike-ends"
    assert article.meta["author"] == "Jane Writer"
    assert article.source == "Example Gazette"


def test_page_without_article_text_is_rejected(tmp_path):
    path = tmp_path / "empty.html"
    path.write_text("<html><body><nav>Home</nav></body></html>", encoding="utf-8")
    [result] = list(read_html(path, Options()))
    if isinstance(result, Article):  # trafilatura's fallback keeps the menu; cleaning then leaves nothing
        result = analyze(result, Options())
    assert isinstance(result, Rejected) and result.source == str(path)
    (tmp_path / "blank.html").write_text("<html><body></body></html>", encoding="utf-8")
    [blank] = list(read_html(tmp_path / "blank.html", Options()))
    assert isinstance(blank, Rejected) and "no article text" in blank.reason
