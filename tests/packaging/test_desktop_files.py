"""The desktop integration files: .desktop entry, MIME type, AppStream metainfo, icons."""

from __future__ import annotations

import configparser
import importlib.util
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parents[2]
PACKAGING = REPO / "packaging"
APP_ID = "org.poemsreader.PoemsReader"
SHARE_MIME = "application/x-poemsreader-annotations+json"


def load_render_icons() -> ModuleType:
    spec = importlib.util.spec_from_file_location("render_icons", PACKAGING / "render_icons.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_desktop_entry_registers_the_share_file() -> None:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(PACKAGING / f"{APP_ID}.desktop", encoding="utf-8")
    entry = parser["Desktop Entry"]
    assert entry["Type"] == "Application"
    assert entry["Icon"] == APP_ID
    assert entry["Exec"].split()[0] == "poemsreader"
    assert SHARE_MIME in entry["MimeType"].split(";")
    assert entry["Categories"].endswith(";")


def test_mime_type_globs_the_share_file(tmp_path: Path) -> None:
    tree = ET.parse(PACKAGING / "mime" / f"{APP_ID}.xml")
    ns = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}
    mime = tree.getroot().find("m:mime-type", ns)
    assert mime is not None and mime.get("type") == SHARE_MIME
    assert [g.get("pattern") for g in mime.findall("m:glob", ns)] == ["*.poemsreader.json"]
    if shutil.which("update-mime-database") is None:
        return
    packages = tmp_path / "mime" / "packages"
    packages.mkdir(parents=True)
    shutil.copy(PACKAGING / "mime" / f"{APP_ID}.xml", packages)
    subprocess.run(["update-mime-database", str(tmp_path / "mime")], check=True)
    globs = (tmp_path / "mime" / "globs2").read_text()
    assert f"{SHARE_MIME}:*.poemsreader.json" in globs


def test_metainfo_is_valid_appstream() -> None:
    path = PACKAGING / f"{APP_ID}.metainfo.xml"
    root = ET.parse(path).getroot()
    assert root.findtext("id") == APP_ID
    assert root.find("launchable").text == f"{APP_ID}.desktop"  # type: ignore[union-attr]
    if shutil.which("appstreamcli") is None:
        pytest.skip("appstreamcli is not installed")
    result = subprocess.run(
        ["appstreamcli", "validate", "--no-net", str(path)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_icon_pngs_exist_in_every_size() -> None:
    render_icons = load_render_icons()
    assert render_icons.check() == []
    assert (render_icons.ICON_DIR / f"{APP_ID}.svg").exists()
