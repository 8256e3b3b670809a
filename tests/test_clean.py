import json

from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.clean import classify_lines, clean_article, clean_text, rule_for, split_title
from storyline.model import Article

BODY_DE = "Der Stadtrat von Oberweiler hat am Dienstag nach langer Debatte den Neubau der Grundschule beschlossen."
BODY_EN = "The city council voted on Tuesday to rebuild the primary school after a debate that lasted four hours."


def test_tail_block_removes_everything_after_it():
    text = "\n".join(
        [
            BODY_DE,
            BODY_DE.replace("Dienstag", "Mittwoch"),
            "Meistgelesene Artikel",
            "Unfall auf der A7: Stau bis Hamburg",
            "Der Verkehr staute sich am Morgen auf über zwölf Kilometer …",
            "Kommentare",
            "Hans: Endlich passiert was!",
        ]
    )
    assert clean_text(text) == "\n".join([BODY_DE, BODY_DE.replace("Dienstag", "Mittwoch")])


def test_block_header_early_in_article_removes_only_its_teasers():
    text = "\n".join(
        [
            BODY_EN,
            "Read more",
            "Council elections: what you need to know",
            BODY_EN.replace("Tuesday", "Monday"),
            BODY_EN.replace("four", "five"),
            BODY_EN.replace("city", "town"),
        ]
    )
    cleaned = clean_text(text).split("\n")
    assert "Read more" not in cleaned and "Council elections: what you need to know" not in cleaned
    assert len(cleaned) == 4


def test_single_chrome_lines_in_german_and_english():
    for line in [
        "+",
        "Anzeige",
        "Advertisement",
        "Teilen Twittern E-Mail",
        "Share on Facebook",
        "Foto: dpa/Max Beispiel",
        "© Reuters",
        "Zur Startseite",
        "Back to top",
        "Wir verwenden Cookies, um Ihnen das beste Nutzererlebnis zu bieten. Akzeptieren",
        "We use cookies to improve your experience. Accept all",
        "Dieser Artikel wurde automatisch aus unserem früheren System übernommen. Es kann zu Darstellungsfehlern kommen.",
        "This article was automatically imported from our old website; formatting errors may occur.",
        "Die Bürgermeisterin (l.) und der Landrat bei der Eröffnung.",
        "Jetzt Newsletter abonnieren und nichts verpassen!",
    ]:
        assert rule_for(line) is not None, line


def test_hard_negatives_stay():
    for line in [
        "Die Bäckerei verkauft seit Montag Cookies.",
        "He declined to comment on the report.",
        "Das Foto ging um die Welt.",
        "BERLIN (dpa) –",
        "Er schwieg.",
    ]:
        assert rule_for(line) is None, line
    text = "\n".join(
        ["Er schwieg.", BODY_DE, "Der Streit um die Schule", BODY_DE, "He declined to comment on the report."]
    )
    assert clean_text(text) == text


def test_title_and_kicker_are_split_off():
    cleaned = clean_text("+\nSchulneubau\nStadtrat beschliesst neue Grundschule\n" + BODY_DE)
    assert split_title(cleaned) == ("Stadtrat beschliesst neue Grundschule", "Schulneubau", BODY_DE)
    article = clean_article(Article(id="a", text="+\nSchulneubau\nStadtrat beschliesst neue Grundschule\n" + BODY_DE))
    assert article.title == "Stadtrat beschliesst neue Grundschule"
    assert article.meta["kicker"] == "Schulneubau"
    assert article.text == BODY_DE


def test_given_title_repeated_in_text_is_dropped():
    article = clean_article(Article(id="a", title="School rebuilt", text="School rebuilt\n" + BODY_EN))
    assert (article.title, article.text) == ("School rebuilt", BODY_EN)


def test_short_text_without_body_has_no_title_taken():
    assert split_title("Only a headline") == (None, None, "Only a headline")


def test_whitespace_and_invisible_characters_are_normalised():
    assert clean_text("A\u00a0b\u200b c  d\r\n\r\n\r\n\r\nNext paragraph.") == "A b c d\n\nNext paragraph."


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=2000))
def test_cleaning_never_crashes_and_is_idempotent(text):
    once = clean_text(text)
    assert clean_text(once) == once


_LINE = st.sampled_from(
    [
        "Auch interessant",
        "Kommentare",
        "+",
        BODY_DE,
        BODY_EN,
        "Read more",
        "Foto: dpa",
        "",
        "Kurze Zeile",
        "Anzeige",
        "Lesen Sie auch: Der Streit geht weiter",
        "© AP",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_LINE, max_size=30))
def test_cleaning_chrome_mixtures_is_idempotent(lines):
    once = clean_text("\n".join(lines))
    assert clean_text(once) == once
    assert len(classify_lines(lines)) == len(lines)


def _measure(path):
    tp = fp = fn = 0
    for raw in path.open(encoding="utf-8"):
        document = json.loads(raw)
        texts = [entry["text"] for entry in document["lines"]]
        for entry, verdict in zip(document["lines"], classify_lines(texts), strict=True):
            if not entry["text"].strip():
                continue
            tp += entry["chrome"] and verdict.chrome
            fp += (not entry["chrome"]) and verdict.chrome
            fn += entry["chrome"] and not verdict.chrome
    return tp / (tp + fp), tp / (tp + fn)


def test_quality_on_labelled_lines(test_data):
    # dev.jsonl fitted the scorer; heldout.jsonl was written separately and never fitted on.
    # Floors sit a little under the figures in docs/cleaning.md so that a regression shows.
    dev_precision, dev_recall = _measure(test_data / "clean" / "dev.jsonl")
    held_precision, held_recall = _measure(test_data / "clean" / "heldout.jsonl")
    assert dev_precision >= 0.97 and dev_recall >= 0.95
    assert held_precision >= 0.97 and held_recall >= 0.77


def test_sentence_end_shortcut_agrees_with_the_pattern():
    # _sentence_end tries the line's last 64 characters before the whole line; long runs of
    # closing quotes or spaces inside a match must not change the answer.
    from storyline.clean import _SENTENCE_END, _sentence_end

    lines = [
        "",
        "Kein Satzende",
        "Ein Satz.",
        "Er sagte: «Nein.»",
        "Liste:",
        "Die Regierung trat zurück. (dpa)",
        "Die Regierung trat zurück (dpa)",
        "x" * 100 + "." + "»" * 80,
        "x" * 100 + "!" + "'" + " " * 70 + "(AP)",
        "x" * 100 + "?" + ")" * 64,
        "x" * 100 + "." + "»" * 63,
    ]
    for line in lines:
        assert _sentence_end(line) == bool(_SENTENCE_END.search(line)), line


# Body sentences that mention cookies, privacy policies, consent or old systems as news: the
# consent and notice rules fired on such sentences in real pages (issue 13); written here.
BODY_SENTENCES_ON_CONSENT_TOPICS = [
    "We asked the minister whether she would accept the committee's findings on cookies and online tracking,"
    " but she declined to comment on Tuesday.",
    "The court ruled that the company's privacy policy had misled millions of users about how their location"
    " data was sold to advertisers.",
    "Sie wollen nun prüfen, ob die Datenschutzerklärung des Konzerns gegen europäisches Recht verstößt, sagte ein"
    " Sprecher der Verbraucherzentrale am Montag.",
    "Nach Angaben der Polizei war die Software des Stellwerks in der Nacht automatisch aktualisiert worden, was zu"
    " Fehlern im alten System führte.",
    "The bakery's owner said customers could click and collect their orders, and that the cookies sold out within"
    " an hour on the first day.",
    "Engineers said the display problems in the cockpit had been known for years and were caused by a legacy"
    " system that was never replaced.",
    "Die Verbraucherschützer raten, die Einwilligung zu widerrufen, wenn man nicht möchte, dass die Krankenkasse"
    " die Daten an Dritte weitergibt.",
]
CONSENT_AND_NOTICE_CHROME = [
    "Wir verwenden Cookies, um Ihnen das beste Nutzererlebnis bieten zu können. Mit der Nutzung stimmen Sie zu.",
    "We use cookies to improve your experience on our website. By continuing you agree to our cookie policy.",
    "Datenschutzerklärung",
    "Dieser Artikel wurde automatisch aus unserem alten Redaktionssystem übernommen. Es kann zu Darstellungsfehlern"
    " kommen.",
    "Please enable JavaScript to view the comments.",
    "Abonnieren Sie jetzt unseren kostenlosen Newsletter!",
    "Um diesen Inhalt zu sehen, müssen Sie der Nutzung von Drittanbieter-Cookies zustimmen.",
    "Manage cookies",
]


def test_consent_and_notice_rules_spare_body_sentences():
    for sentence in BODY_SENTENCES_ON_CONSENT_TOPICS:
        assert rule_for(sentence) is None, sentence
    text = "\n\n".join(["Der Stadtrat tagte am Montag bis spät in die Nacht.", *BODY_SENTENCES_ON_CONSENT_TOPICS])
    cleaned = clean_text(text)
    for sentence in BODY_SENTENCES_ON_CONSENT_TOPICS:
        assert sentence in cleaned


def test_consent_and_notice_chrome_still_goes():
    for line in CONSENT_AND_NOTICE_CHROME:
        assert rule_for(line) in ("consent", "notice"), line
    body = BODY_SENTENCES_ON_CONSENT_TOPICS[:2]
    cleaned = clean_text("\n\n".join([CONSENT_AND_NOTICE_CHROME[0], *body, CONSENT_AND_NOTICE_CHROME[1]]))
    assert cleaned == "\n\n".join(body)
