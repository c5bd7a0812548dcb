"""Rendering and geometry in the worker's terms: tiles, rotation, text in display space."""

from __future__ import annotations

from pathlib import Path

import pymupdf

from poemsreader.pdf.outline import describe_document
from poemsreader.pdf.render import extract_page_text, render_region
from poemsreader.pdf.render_geometry import MAX_TILE_PIXELS, TILE_SIZE, tile_grid, transform_rect
from tests.pdfgen import ArticleSpec, make_article


def test_small_pages_are_one_image_and_large_ones_tiles() -> None:
    assert tile_grid(1000, 1400) == [(0, 0, 1000, 1400)]
    tiles = tile_grid(4000, 5000)
    assert all((x1 - x0) * (y1 - y0) <= TILE_SIZE * TILE_SIZE for x0, y0, x1, y1 in tiles)
    assert sum((x1 - x0) * (y1 - y0) for x0, y0, x1, y1 in tiles) == 4000 * 5000
    assert max((x1 - x0) * (y1 - y0) for x0, y0, x1, y1 in tiles) < MAX_TILE_PIXELS


def test_a_rotated_page_renders_upright_and_its_words_map_back(tmp_path: Path) -> None:
    path = make_article(tmp_path / "a.pdf", ArticleSpec(page_count=1))
    doc = pymupdf.open(path)
    doc[0].set_rotation(90)
    doc.save(tmp_path / "rotated.pdf")
    doc.close()
    info = describe_document(tmp_path / "rotated.pdf")
    geometry = info.geometries[0]
    assert (geometry.rotation, geometry.width > geometry.height) == (90, True)
    doc = pymupdf.open(tmp_path / "rotated.pdf")
    page = doc[0]
    width, height = round(geometry.width), round(geometry.height)
    image = render_region(page, 1.0, (0, 0, width, height))
    assert (image.width, image.height) == (width, height)
    reference = page.get_pixmap(alpha=False)
    bgrx = bytes(image.samples)
    rgb = bytearray(len(reference.samples))
    rgb[0::3], rgb[1::3], rgb[2::3] = bgrx[2::4], bgrx[1::4], bgrx[0::4]
    assert bytes(rgb) == reference.samples
    text = extract_page_text(page)
    word = max(text.words, key=lambda w: len(w.text))
    # The text was written upright before /Rotate 90, so the reviewer sees it running down.
    assert word.y1 - word.y0 > word.x1 - word.x0
    x0, y0, x1, y1 = transform_rect(word.rect, geometry.to_unrotated)
    assert x1 - x0 > y1 - y0  # ... and it is horizontal again in unrotated page space
    back = transform_rect((x0, y0, x1, y1), geometry.to_display)
    assert back == pytest_approx(word.rect)
    doc.close()


def pytest_approx(rect: tuple[float, ...]) -> object:
    import pytest

    return pytest.approx(rect, abs=1e-6)


def test_a_tile_is_the_matching_part_of_the_page(tmp_path: Path) -> None:
    path = make_article(tmp_path / "a.pdf", ArticleSpec(page_count=1))
    doc = pymupdf.open(path)
    page = doc[0]
    whole = render_region(page, 2.0, (0, 0, 1190, 1683))
    tile = render_region(page.get_displaylist(), 2.0, (100, 200, 400, 500))
    row = 4 * 300
    for y in (0, 150, 299):
        start = (200 + y) * whole.stride + 100 * 4
        assert bytes(whole.samples[start : start + row]) == bytes(
            tile.samples[y * tile.stride : y * tile.stride + row]
        )
    doc.close()
