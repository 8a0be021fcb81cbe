"""docs/deploy.md names every environment variable Mukti reads, and deploy/ is consistent."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def read_variables() -> set[str]:
    sources = [ROOT / "mukti" / "settings.py", *ROOT.glob("mukti/*/management/commands/*.py")]
    found: set[str] = set()
    for path in sources:
        text = path.read_text()
        found |= set(re.findall(r'env_(?:str|int|bool|list)\(\s*"([A-Z_]+)"', text))
        found |= set(re.findall(r'_required\(\s*"([A-Z_]+)"', text))
        found |= set(re.findall(r'os\.environ\.get\(\s*"([A-Z_]+)"', text))
    return found


def test_every_environment_variable_is_documented_in_the_deployment_guide() -> None:
    guide = (ROOT / "docs" / "deploy.md").read_text()
    documented = set(re.findall(r"^\| `([A-Z_]+)` \|", guide, re.MULTILINE))
    variables = read_variables()
    assert {"SECRET_KEY", "DATABASE_URL", "CSRF_TRUSTED_ORIGINS", "MUKTI_BIND"} <= variables
    assert sorted(variables - documented) == []
    assert sorted(documented - variables) == [], "the guide names variables nothing reads"


def test_the_example_environment_sets_only_known_variables() -> None:
    example = (ROOT / "deploy" / "mukti.env.example").read_text()
    names = set(re.findall(r"^([A-Z_]+)=", example, re.MULTILINE))
    assert names <= read_variables()
    assert {"MUKTI_ENV", "SECRET_KEY", "MUKTI_FIELD_KEYS", "MUKTI_BACKUP_KEY", "MUKTI_AUDIT_KEY",
            "ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS", "DATABASE_URL"} <= names  # fmt: skip


def test_the_units_run_the_commands_the_guide_describes() -> None:
    units = {p.name: p.read_text() for p in (ROOT / "deploy").glob("mukti-*")}
    assert "ExecStart=/opt/mukti/.venv/bin/mukti serve" in units["mukti-web.service"]
    assert "ExecStart=/opt/mukti/.venv/bin/mukti worker" in units["mukti-worker.service"]
    assert "ExecStart=/opt/mukti/.venv/bin/mukti backup" in units["mukti-backup.service"]
    assert "OnCalendar=" in units["mukti-backup.timer"]
    for name, text in units.items():
        if name.endswith(".service"):
            assert "EnvironmentFile=/etc/mukti/mukti.env" in text, name
            assert "User=mukti" in text, name
