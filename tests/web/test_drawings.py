"""The drawings: every one the domain shows exists, is described (title, desc, alt text in the
widget) and carries nothing that could run."""
import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
IMAGES = ROOT / "web" / "img"
SVG = "{http://www.w3.org/2000/svg}"
DRAWINGS = sorted(IMAGES.glob("*.svg"))


def domain_images():
    responses = yaml.safe_load((ROOT / "domain.yml").read_text())["responses"]
    return {variant["image"] for variants in responses.values() for variant in variants if variant.get("image")}


def test_every_drawing_the_domain_shows_exists():
    shown = domain_images()
    assert {f"/widget/img/exercise-{m}.svg" for m in ("chin-tuck", "shoulder-squeeze", "angel", "chest-opener",
                                                       "y-raise")} <= shown
    for url in shown:
        assert (IMAGES / url.rsplit("/", 1)[-1]).is_file(), url


@pytest.mark.parametrize("path", DRAWINGS, ids=[p.name for p in DRAWINGS])
def test_each_drawing_is_described_and_inert(path):
    root = ElementTree.parse(path).getroot()
    assert root.get("role") == "img" and root.get("aria-labelledby") == "title desc"
    assert len(root.find(f"{SVG}title").text.strip()) > 5
    assert len(root.find(f"{SVG}desc").text.strip()) > 80
    for node in root.iter():
        assert node.tag != f"{SVG}script" and not any(name.lower().startswith("on") for name in node.attrib)
    alt = re.search(rf'"{re.escape(path.name)}": "([^"]+)"', (ROOT / "web" / "js" / "transcript.js").read_text())
    assert alt and len(alt.group(1)) > 40, f"no alt text for {path.name} in transcript.js IMAGE_ALT"
