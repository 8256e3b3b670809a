import pytest

from storyline.errors import ConfigError, StorylineError
from storyline.options import Options


def test_defaults_are_valid_and_frozen():
    options = Options()
    assert options.languages == ("de", "en", "fr", "es", "it", "nl", "pl", "pt")
    with pytest.raises(AttributeError):
        options.batch_size = 3  # type: ignore[misc]


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("duplicate_threshold", 1.7),
        ("batch_size", 0),
        ("workers", -1),
        ("num_perm", True),
        ("max_article_bytes", "big"),
        ("min_letters", -1),
        ("min_letters", None),
        ("max_nesting_depth", 0),
        ("max_nesting_depth", 501),
        ("max_id_chars", 0),
        ("publish_every", -1.0),
    ],
)
def test_invalid_values_get_a_uniform_message(name, value):
    with pytest.raises(ConfigError, match=rf"The '{name}' parameter of Options must be in .*; got"):
        Options(**{name: value})


def test_unknown_language_is_a_config_error():
    with pytest.raises(StorylineError, match="languages"):
        Options(languages=("de", "xx"))


def test_reading_limits_have_defaults_measured_on_the_data():
    options = Options()
    assert (options.min_letters, options.max_nesting_depth, options.max_id_chars) == (3, 64, 512)
    assert Options(min_letters=0).min_letters == 0  # a way to switch the check off
