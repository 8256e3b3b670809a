from datetime import date

from storyline.digest.when import When, estimate, happened, parse_published


def test_published_dates_keep_their_precision():
    assert parse_published("2016-08", "month") == When(date(2016, 8, 1), "month")
    assert parse_published("2016-08-26T23:10+02:00", "minute") == When(date(2016, 8, 26), "day")
    assert parse_published("2016", "year").end == date(2016, 12, 31)
    assert parse_published(None, "unknown") is None
    assert parse_published("2016-02", "month").end == date(2016, 2, 29)


def test_a_weekday_in_the_lead_moves_the_event_back_to_that_day():
    wednesday = When(date(2016, 7, 27), "day")
    lead = "Die Außenminister trafen sich am Dienstag in Vientiane. Am Abend gab es keine Einigung."
    assert happened(wednesday, None, lead) == When(date(2016, 7, 26), "day")
    assert happened(wednesday, None, "Yesterday the court ruled against the operator.").start == date(2016, 7, 26)
    assert happened(wednesday, None, "Heute beginnt der Streik.").start == date(2016, 7, 27)
    assert happened(wednesday, "Verdict on Friday evening", "The judge spoke.").start == date(2016, 7, 22)


def test_an_announced_day_and_a_month_precise_date_stay_as_they_are():
    monday = When(date(2025, 3, 24), "day")
    announced = "Die Gewerkschaft will am Mittwoch erneut streiken, kündigte sie an."
    assert happened(monday, None, announced) == monday
    month = When(date(2016, 8, 1), "month")
    assert happened(month, None, "Am Freitag trafen sie sich in Genf.") == month
    assert happened(None, None, "Am Freitag trafen sie sich.") is None


def test_an_explicit_recent_date_in_the_lead_is_the_event_date():
    published = When(date(2025, 4, 16), "day")
    assert happened(published, None, "Am 14. April legten die Hafenarbeiter die Arbeit nieder.").start == date(2025, 4, 14)
    # a date weeks back is background, not the happening
    assert happened(published, None, "Seit dem 2. Februar wird verhandelt.") == published


def test_estimate_from_an_upcoming_date_is_the_month_before_it():
    text = "Die nächste Runde der Gespräche soll am 3. März beginnen. Beide Seiten zeigten sich zuversichtlich."
    when = estimate(text, [2025, 2025])
    assert (when.iso, when.precision, when.estimated) == ("2025-02", "month", True)
    assert when.basis == "mentions 3 March as upcoming"


def test_estimate_from_past_dates_only_says_so():
    when = estimate("The ship had arrived on 12 May. Crews were still unloading.", [2024])
    assert when.iso == "2024-05" and when.estimated and "as past" in when.basis


def test_no_estimate_without_evidence_or_without_a_year():
    assert estimate("Die Gespräche gehen weiter.", [2016]) is None
    assert estimate("Die Konferenz soll am 3. März beginnen.", []) is None
    with_year = estimate("Die Konferenz soll am 3. März 2026 beginnen.", [])
    assert with_year is not None and with_year.iso == "2026-02"


def test_the_nearest_tense_cue_decides_the_direction():
    # "hatte" is further from the date than "als Wunschtermin": the date is still ahead
    text = "Vorher hatte der Vermittler mehrfach den 1. August als Wunschdatum genannt."
    assert estimate(text, [2016]).basis == "mentions 1 August as upcoming"
