import pytest

from echoassist.config import ConfigError, Settings, load_settings, update_setting
from echoassist.paths import app_paths


def test_defaults_without_a_file():
    settings = load_settings()
    assert settings == Settings(threads=settings.threads)
    assert settings.threads >= 1


def test_update_round_trips():
    update_setting("top_k", 7)
    update_setting("temperature", 1)
    assert load_settings().top_k == 7
    assert load_settings().temperature == 1.0


@pytest.mark.parametrize(
    "content, message",
    [("top_k = 'five'", "must be int"), ("colour = 'blue'", "unknown setting"),
     ("this is [not toml", "not valid TOML"), ("history = 1", "must be bool")],
)
def test_broken_config_files_name_the_problem(content, message):
    paths = app_paths()
    paths.config_dir.mkdir(parents=True)
    paths.config_file.write_text(content)
    with pytest.raises(ConfigError, match=message):
        load_settings()


def test_unknown_citation_mode_is_refused():
    with pytest.raises(ConfigError, match="citations"):
        update_setting("citations", "vibes")
