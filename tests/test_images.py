"""Lead photos' renditions: planned from the header, made with Pillow, kept by content."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageStat

from bulletin.images import making, memo
from bulletin.images.making import Failed, make_all, missing
from bulletin.images.memo import SourceMemo
from bulletin.images.plan import Source, Unreadable, crop_box, plan, read_source
from bulletin.images.view import image_view, site_paths


def photo(path: Path, size: tuple[int, int], mode: str = "RGB", **save: object) -> Path:
    """A small photo of two colours (so that crops show), written at `path`."""
    image = Image.new(mode, size, (200, 30, 30) if mode == "RGB" else (200, 30, 30, 128))
    image.paste(
        (20, 60, 200) if mode == "RGB" else (20, 60, 200, 255), (0, 0, size[0] // 2, size[1])
    )
    image.save(path, **save)  # type: ignore[arg-type]
    return path


def widths(found: object, role: str) -> list[tuple[int, int]]:
    assert found is not None
    return [(r.width, r.height) for r in found.roles[role]]  # type: ignore[attr-defined]


def test_plan_of_a_large_jpeg(tmp_path: Path) -> None:
    source = read_source(photo(tmp_path / "a.jpg", (1600, 1200)))
    found = plan(source)
    assert source.fallback == "jpg" and len(source.digest) == 24
    assert widths(found, "thumb") == [(240, 160), (480, 320)]
    assert widths(found, "card") == [(480, 320), (800, 534)]
    assert widths(found, "lead") == [(480, 360), (800, 600), (1200, 900)]
    assert found is not None
    names = {r.name for r in found.renditions()}
    assert names == {
        f"{crop}-{w}.{fmt}"
        for crop, ws in (("3x2", (240, 480, 800)), ("full", (480, 800, 1200)))
        for w in ws
        for fmt in ("jpg", "webp")
    }


@pytest.mark.parametrize("size", [(1500, 1000), (1600, 1067), (1600, 1066), (1000, 667)])
def test_a_photo_of_3_2_is_its_own_crop(tmp_path: Path, size: tuple[int, int]) -> None:
    found = plan(read_source(photo(tmp_path / "a.jpg", size)))
    assert found is not None
    assert {r.crop for shown in found.roles.values() for r in shown} == {"full"}
    thumb, card, lead = (found.roles[role] for role in ("thumb", "card", "lead"))
    assert card[0] == lead[0] and card[-1] == lead[1]  # one file for both roles
    assert len(found.renditions()) == 8  # 240, 480, 800, 1200, in two formats
    assert [r.width for r in thumb] == [240, 480]
    assert all(abs(r.width / r.height - 1.5) < 0.01 for r in thumb)


def test_a_photo_a_little_off_3_2_is_cropped(tmp_path: Path) -> None:
    found = plan(read_source(photo(tmp_path / "a.jpg", (1600, 1050))))  # 3% of the width off
    assert found is not None and found.roles["thumb"][0].crop == "3x2"


def test_plan_never_enlarges_and_crops_to_3_2(tmp_path: Path) -> None:
    found = plan(read_source(photo(tmp_path / "a.png", (640, 360))))
    assert widths(found, "thumb") == [(240, 160), (480, 320)]
    assert widths(found, "card") == [(480, 320), (540, 360)]  # the whole 3:2 crop, not 800
    assert widths(found, "lead") == [(480, 270), (640, 360)]
    assert found is not None and found.source.fallback == "png"


def test_crop_boxes() -> None:
    assert crop_box(640, 360, "3x2") == (50, 0, 590, 360)
    assert crop_box(600, 900, "3x2") == (0, 166, 600, 566)  # a tall photo keeps its top more
    assert crop_box(600, 900, "full") == (0, 0, 600, 900)


def test_rotated_jpeg_is_planned_upright(tmp_path: Path) -> None:
    exif = Image.Exif()
    exif[0x0112] = 6  # turned a quarter
    source = read_source(photo(tmp_path / "a.jpg", (900, 400), exif=exif))
    assert (source.width, source.height) == (400, 900)
    made = make_all([p for p in [plan(source)] if p], tmp_path / "cache")
    assert made.count > 0
    with Image.open(tmp_path / "cache" / source.digest / "full-400.jpg") as image:
        assert image.size == (400, 900)


def test_too_small_has_no_plan(tmp_path: Path) -> None:
    source = read_source(photo(tmp_path / "a.jpg", (319, 300)))
    assert plan(source) is None
    assert plan(read_source(photo(tmp_path / "b.jpg", (320, 300)))) is not None


def test_unreadable(tmp_path: Path) -> None:
    text = tmp_path / "a.jpg"
    text.write_text("not a photo")
    with pytest.raises(Unreadable, match=r"^không nhận ra định dạng ảnh$"):
        read_source(text)
    whole = photo(tmp_path / "b.jpg", (800, 600)).read_bytes()
    cut = tmp_path / "c.jpg"
    cut.write_bytes(whole[: len(whole) // 2])  # its header reads, its pixels do not
    found = plan(read_source(cut))
    assert found is not None
    made = make_all([found], tmp_path / "cache")
    assert made.count == 0
    assert made.failed == [Failed(found.folder, made.failed[0].message)]
    assert "truncated" in made.failed[0].message


def test_made_once_in_each_format_and_size(tmp_path: Path) -> None:
    found = plan(read_source(photo(tmp_path / "a.png", (1000, 500))))
    assert found is not None
    cache = tmp_path / "cache"
    assert make_all([found, found], cache).count == len(found.renditions()) == 12
    for rendition in found.renditions():
        with Image.open(cache / found.folder / rendition.name) as image:
            assert image.format == {"webp": "WEBP", "png": "PNG", "jpg": "JPEG"}[rendition.format]
            assert image.size == (rendition.width, rendition.height)
    assert missing([found], cache) == []
    assert make_all([found], cache).count == 0  # kept: never made again
    assert not list(cache.rglob("*.part"))


def test_crop_takes_the_middle(tmp_path: Path) -> None:
    found = plan(read_source(photo(tmp_path / "a.png", (900, 300))))  # blue left, red right
    assert found is not None
    make_all([found], tmp_path / "cache")
    with Image.open(tmp_path / "cache" / found.folder / "3x2-240.png") as image:
        assert image.size == (240, 160)
        left, right = image.getpixel((5, 80)), image.getpixel((234, 80))
    assert left == (20, 60, 200) and right == (200, 30, 30)


def test_transparency_kept_where_the_format_has_it(tmp_path: Path) -> None:
    found = plan(read_source(photo(tmp_path / "a.png", (600, 400), mode="RGBA")))
    assert found is not None
    make_all([found], tmp_path / "cache")
    folder = tmp_path / "cache" / found.folder
    for name in ("full-480.png", "full-480.webp"):
        with Image.open(folder / name) as image:
            assert image.mode == "RGBA", name


def test_many_photos_made_on_two_processes(tmp_path: Path) -> None:
    plans = [plan(read_source(photo(tmp_path / f"{n}.jpg", (400 + n, 300)))) for n in range(20)]
    kept = [p for p in plans if p is not None]
    made = make_all(kept, tmp_path / "cache", processes=2)
    assert made.count == sum(len(p.renditions()) for p in kept) and made.failed == []
    assert make_all(kept, tmp_path / "cache", processes=2).count == 0


def test_recipe_names_the_cache(tmp_path: Path) -> None:
    assert making.cache_folder(tmp_path).name.startswith("r3-pillow")


def test_the_same_bytes_whatever_the_cache_lacks(tmp_path: Path) -> None:
    source = Image.radial_gradient("L").resize((1600, 1200)).convert("RGB")
    source.save(tmp_path / "a.jpg", quality=90)
    found = plan(read_source(tmp_path / "a.jpg"))
    assert found is not None
    first, second = tmp_path / "one", tmp_path / "two"
    make_all([found], first)
    make_all([found], second)
    made = {path.name: path.read_bytes() for path in (first / found.folder).iterdir()}
    assert made == {path.name: path.read_bytes() for path in (second / found.folder).iterdir()}
    for name in ("3x2-240.webp", "full-800.jpg", "3x2-800.webp"):  # sizes made from others
        (first / found.folder / name).unlink()
    assert make_all([found], first).count == 3
    assert made == {path.name: path.read_bytes() for path in (first / found.folder).iterdir()}


def test_a_crop_made_from_a_larger_size_looks_as_made_from_the_photo(tmp_path: Path) -> None:
    source = Image.linear_gradient("L").resize((1600, 1200)).convert("RGB")
    source.paste((200, 30, 30), (700, 500, 900, 700))  # an edge, in the 3:2 part
    source.save(tmp_path / "a.png")
    found = plan(read_source(tmp_path / "a.png"))
    assert found is not None
    make_all([found], tmp_path / "cache")
    crop = found.roles["card"][-1]
    assert (crop.crop, crop.width, crop.box) == ("3x2", 800, (0, 44, 1600, 1111))
    direct = source.resize((crop.width, crop.height), Image.Resampling.LANCZOS, box=crop.box)
    with Image.open(tmp_path / "cache" / found.folder / "3x2-800.png") as made:
        difference = ImageStat.Stat(ImageChops.difference(made.convert("RGB"), direct))
    assert max(difference.rms) < 2  # of 255: the same picture


def test_view_of_a_photo(tmp_path: Path) -> None:
    found = plan(read_source(photo(tmp_path / "a.jpg", (1600, 1200))))
    assert found is not None
    view = image_view(found, "Hội nghị", "../../")
    folder = f"../../anh/{found.folder}/"
    assert view.alt == "Hội nghị"
    assert view.thumb.src == f"{folder}3x2-480.jpg"
    assert view.thumb.srcset == f"{folder}3x2-240.jpg 240w, {folder}3x2-480.jpg 480w"
    assert view.thumb.webp_srcset == f"{folder}3x2-240.webp 240w, {folder}3x2-480.webp 480w"
    assert (view.card.width, view.card.height) == (800, 534)
    assert (view.lead.width, view.lead.height) == (1200, 900)
    assert sorted(site_paths(found))[0] == f"anh/{found.folder}/3x2-240.jpg"


def test_memo_spares_reading_a_photo_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = photo(tmp_path / "a.jpg", (800, 600))
    monkeypatch.setattr(memo, "RECENT", 0)  # a file changed just now is kept too
    first = SourceMemo(tmp_path / "sources.json")
    source = first.read(path)
    first.save()

    def unread(path: Path) -> Source:
        raise AssertionError(f"{path} read again")

    monkeypatch.setattr(memo, "read_source", unread)
    assert SourceMemo(tmp_path / "sources.json").read(path) == source
    photo(path, (900, 600))  # changed: read again
    monkeypatch.setattr(memo, "read_source", read_source)
    again = SourceMemo(tmp_path / "sources.json").read(path)
    assert (again.width, again.digest != source.digest) == (900, True)
