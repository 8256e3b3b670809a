from storyline.digest.sources import outlet, sources, span, volume
from storyline.model import Article

from .stories import bridge_story


def test_outlet_from_source_url_or_metadata():
    assert outlet(Article(id="a", text="x", source=" Rhein-Kurier ")) == "Rhein-Kurier"
    assert outlet(Article(id="a", text="x", url="https://www.example.org/a.html")) == "example.org"
    assert outlet(Article(id="a", text="x", url="news.example.com/a")) == "news.example.com"
    assert outlet(Article(id="a", text="x", meta={"sitename": "Anzeiger"})) == "Anzeiger"
    assert outlet(Article(id="a", text="x")) is None


def test_sources_count_date_and_volume_per_day():
    members = bridge_story()
    found = {s.name: s for s in sources(members)}
    assert set(found) == {"Rhein-Kurier", "example-zeitung.de", "Weilbacher Anzeiger", "Rhine Valley Post"}
    kurier = found["Rhein-Kurier"]
    assert (kurier.article_count, kurier.first_seen, kurier.last_updated) == (2, "2025-05-07", "2025-05-24")
    assert kurier.per_day == {"2025-05-07": 1, "2025-05-24": 1}
    assert found["example-zeitung.de"].first_seen is None  # undated copy: counted, no day
    assert span(members) == ("2025-05", "2025-05-24")  # a month-precise date is the earliest possible start
    assert volume(members)["2025-05"] == 1


def test_a_url_that_cannot_be_parsed_has_no_host():
    assert outlet(Article(id="a", text="x", url="http://[oops/a")) is None
    assert outlet(Article(id="a", text="x", url="https://[::1/x", meta={"sitename": "Anzeiger"})) == "Anzeiger"
    assert outlet(Article(id="a", text="x", url="http://www./a")) is None
