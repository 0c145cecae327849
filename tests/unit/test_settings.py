"""TABLERO_ENV takes only known values (case and surrounding spaces ignored); bad settings are one Spanish line."""

from __future__ import annotations

import pytest

from dashboard.config import ENVIRONMENTS, Settings, SettingsError


@pytest.mark.parametrize(
    ("raw", "env"),
    [("development", "development"), ("production", "production"), ("Production", "production"),
     ("  PRODUCTION\n", "production"), ("Development", "development")],
)  # fmt: skip
def test_known_environments_in_any_case(raw: str, env: str) -> None:
    assert Settings.from_env({"TABLERO_ENV": raw, "SECRET_KEY": "x"}).env == env


def test_unset_is_development() -> None:
    assert Settings.from_env({}).env == "development"
    assert ENVIRONMENTS == ("development", "production")


@pytest.mark.parametrize("raw", ["prod", "dev", "produccion", "", "  ", "production2", "test", "prod\nTraceback"])
def test_anything_else_is_refused_in_one_spanish_line(raw: str) -> None:
    with pytest.raises(SettingsError) as info:
        Settings.from_env({"TABLERO_ENV": raw})
    message = str(info.value)
    assert "TABLERO_ENV" in message and "development" in message and "production" in message
    assert "no es válido" in message and "\n" not in message


def test_an_override_is_checked_too() -> None:
    with pytest.raises(SettingsError, match="TABLERO_ENV"):
        Settings.from_env({}, env="prod")


def test_case_does_not_bypass_the_production_checks() -> None:
    with pytest.raises(SettingsError, match="SECRET_KEY"):
        Settings.from_env({"TABLERO_ENV": "Production"}).check_production()
    with pytest.raises(SettingsError, match="TABLERO_DEBUG"):
        Settings.from_env({"TABLERO_ENV": "PRODUCTION", "SECRET_KEY": "x", "TABLERO_DEBUG": "1"}).check_production()
    Settings.from_env({"TABLERO_ENV": "Production", "SECRET_KEY": "x"}).check_production()


@pytest.mark.parametrize(
    ("name", "raw"), [("PORT", "80a"), ("WEB_CONCURRENCY", "dos"), ("DEMO_END_DATE", "2024-13-01")]
)
def test_unreadable_numbers_and_dates_are_one_spanish_line(name: str, raw: str) -> None:
    with pytest.raises(SettingsError) as info:
        Settings.from_env({name: raw})
    assert name in str(info.value) and "no es válido" in str(info.value) and "\n" not in str(info.value)


def test_other_empty_variables_mean_their_default() -> None:
    s = Settings.from_env({"PORT": "", "WEB_CONCURRENCY": "", "DEMO_END_DATE": "", "HOST": ""})
    assert (s.port, s.workers, s.host, s.demo_end_date.isoformat()) == (8050, 2, "127.0.0.1", "2024-12-31")
