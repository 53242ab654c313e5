"""Settings: ``[tool.textclean]`` in the nearest ``pyproject.toml``, or a file given with --config.

Keys are pipeline options (``script``, stage options) plus a few that steer the CLI:
``stages`` (what ``clean`` runs), ``fix_stages`` (what ``check``/``fix`` apply in place) and
``fix_boilerplate`` (opt in to deleting boilerplate lines from a user's files).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .pipeline import CANONICAL_ORDER, DEFAULT_STAGES, LOSSLESS_STAGES, Pipeline


class ConfigError(ValueError):
    """A settings file that cannot be used; the message names the file."""


@dataclass(frozen=True)
class Settings:
    stages: tuple[str, ...] = DEFAULT_STAGES
    fix_stages: tuple[str, ...] = LOSSLESS_STAGES
    options: dict[str, Any] = field(default_factory=dict)
    path: str | None = None

    def pipeline(self) -> Pipeline:
        return Pipeline(self.stages, **self.options)

    def fix_pipeline(self) -> Pipeline:
        """In place, nothing may vanish: a line of unrebuildable mojibake residue stays."""
        return Pipeline(self.fix_stages, **{"residue_lines": "keep", **self.options})


def find_pyproject(start: Path) -> Path | None:
    for folder in (start, *start.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            return candidate
    return None


def load_settings(config: str | None = None, start: Path | None = None) -> Settings:
    """Settings from ``config`` (a TOML file) or the nearest pyproject.toml; defaults if none."""
    if config is not None:
        path = Path(config)
        table = _read_toml(path)
        table = table.get("tool", {}).get("textclean", table)
    else:
        found = find_pyproject((start or Path.cwd()).resolve())
        if found is None:
            return Settings()
        path = found
        table = _read_toml(path).get("tool", {}).get("textclean")
        if table is None:
            return Settings()
    return _settings_from(table, str(path))


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with open(path, "rb") as f:
            return tomllib.load(f)
    except OSError as e:
        raise ConfigError(f"{path}: cannot read settings: {(e.strerror or str(e)).lower()}") from e
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{path}: invalid TOML: {e}") from e


def _settings_from(table: dict[str, Any], where: str) -> Settings:
    table = {k.replace("-", "_"): v for k, v in table.items()}
    stages = _stage_list(table.pop("stages", list(DEFAULT_STAGES)), where, "stages")
    fix_stages = _stage_list(table.pop("fix_stages", list(LOSSLESS_STAGES)), where, "fix_stages")
    if table.pop("fix_boilerplate", False):
        fix_stages = tuple(n for n in CANONICAL_ORDER if n in {*fix_stages, "boilerplate"})
    try:
        Pipeline(stages, **table)  # validates option names now, with the file in the message
    except ValueError as e:
        raise ConfigError(f"{where}: {e}") from e
    return Settings(stages=stages, fix_stages=fix_stages, options=table, path=where)


def _stage_list(value: Any, where: str, key: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: {key} must be a list of stage names")
    unknown = [v for v in value if v not in CANONICAL_ORDER]
    if unknown:
        raise ConfigError(f"{where}: unknown stage(s) in {key}: {', '.join(unknown)}")
    return tuple(n for n in CANONICAL_ORDER if n in value)
