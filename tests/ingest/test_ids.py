from storyline.ingest.ids import article_id, given_id


def test_given_ids():
    assert given_id(None, 512) == (None, None)
    assert given_id(42, 512) == ("42", None)
    assert given_id(" padded ", 512) == (" padded ", None)  # kept as given
    assert given_id(10**40, 20) == (None, "id is over 20 characters long")
    assert given_id(False, 512) == (None, "id must be a string or an integer, got bool")
    assert given_id("a\tb", 512) == (None, "id holds a control character")


def test_made_ids_are_printable_whatever_the_file_name():
    made = article_id("bad\udcff\x1b[31m[/]", "Ein Text.")
    assert made.startswith("bad-31m-") and made.isprintable()
    made.encode("utf-8")
