"""The `bulletin` command: output and exit codes of new, check and fix, refusals included."""

from __future__ import annotations

import unicodedata
from datetime import datetime
from pathlib import Path

import pytest

from bulletin.editors.cli import main
from bulletin.editors.scaffold import create
from bulletin.editors.site_config import read_site
from conftest import ZONE
from sites import article, site_yml, write_site


def run(capsys: pytest.CaptureFixture[str], root: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--config", str(root / "mkdocs.yml"), *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    write_site(
        tmp_path,
        {
            "articles/2024/01/a.md": article("Tin A", "2024-01-02", "category2: x\n").replace(
                "category: Thời sự", "category: Xây dựng Đảng"
            ),
            "articles/2024/01/b.md": article("Tin B", "2024-01-03"),
        },
    )
    return tmp_path


def test_new_creates_a_draft_from_the_title(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(
        capsys, site, "new", "Hội nghị: Đảng bộ tỉnh", "--category", "xây dựng đảng"
    )
    assert (code, err) == (0, "")
    path = out.strip()
    assert path.startswith("docs/articles/") and path.endswith("/hoi-nghi-dang-bo-tinh.md")
    text = (site / path).read_text(encoding="utf-8")
    assert 'title: "Hội nghị: Đảng bộ tỉnh"' in text
    assert 'category: "Xây dựng Đảng"' in text  # the site's own spelling
    assert "draft: true\n" in text and "\nspeakers:\n" in text and "#  - 21-KL/TW\n" in text
    checked = run(capsys, site, "check", path)
    assert checked[0] == 0, checked


def test_new_never_overwrites(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, site, "new", "Tin mới", "--category", "Thời sự")[0] == 0
    code, out, err = run(capsys, site, "new", "Tin mới", "--category", "Thời sự")
    assert (code, out) == (1, "")
    assert err == (
        f"bulletin new: docs/articles/{datetime.now(ZONE):%Y/%m}/tin-moi.md đã có: không ghi gì "
        "(cần: một tiêu đề khác)\n"
    )


def test_new_refuses_an_unknown_category_listing_the_known_ones(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, site, "new", "Tin", "--category", "Thể thao")
    assert (code, out) == (1, "")
    assert err == (
        'bulletin new: "Thể thao" không phải chuyên mục của trang (cần: một chuyên mục đang có):'
        "\n  - Thời sự\n  - Xây dựng Đảng\n"
    )


def test_new_dates_the_article_now_in_the_site_zone(tmp_path: Path) -> None:
    now = datetime(2026, 11, 26, 7, 5, tzinfo=ZONE)
    path = create(tmp_path, "Tin sáng", "Thời sự", now)
    assert path == tmp_path / "2026/11/tin-sang.md"
    assert "date: 2026-11-26 07:05\n" in path.read_text(encoding="utf-8")


def test_check_reports_every_problem_with_its_column(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (site / "docs/articles/2024/01/c.md").write_text(
        article("Tin C", "2024-13-01", "resolutions: [21-KL/BCT]\n"), encoding="utf-8"
    )
    code, out, err = run(capsys, site, "check")
    assert code == 1
    assert out.splitlines() == [
        "docs/articles/2024/01/a.md:5:1: category2: trường lạ, bị bỏ qua (cần: category?)",
        'docs/articles/2024/01/c.md:3:7: date: "2024-13-01" không phải ngày tháng: tháng phải từ '
        "1 đến 12 (cần: YYYY-MM-DD, YYYY-MM-DD HH:MM hoặc YYYY-MM-DDTHH:MM:SS+07:00)",
        'docs/articles/2024/01/c.md:5:15: resolutions[1]: "21-KL/BCT": Ban Chấp hành Trung ương, '
        "Bộ Chính trị, Ban Bí thư đều ký /TW (cần: 21-KL/TW)",
    ]
    assert err == "2 lỗi, 1 cảnh báo (đã kiểm tra 3 bài viết).\n"


def test_check_only_the_files_asked(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, site, "check", "docs/articles/2024/01/b.md") == (
        0,
        "",
        "Không có lỗi: đã kiểm tra 1 bài viết.\n",
    )
    code, _, err = run(capsys, site, "check", "docs/articles/2024/01/a.md")
    assert (code, err) == (1, "0 lỗi, 1 cảnh báo (đã kiểm tra 1 bài viết).\n")


def test_check_counts_the_files_it_looked_at(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (site / "docs/_data").mkdir()
    (site / "docs/_data/people.yml").write_text("- name: Nguyễn Văn An\n", encoding="utf-8")
    (site / "docs/gioi-thieu.md").write_text("# Giới thiệu\n", encoding="utf-8")
    everything = run(capsys, site, "check")[2]
    assert everything == "0 lỗi, 1 cảnh báo (đã kiểm tra 2 bài viết, 1 tệp dữ liệu).\n"
    asked = ["docs/_data/people.yml", "docs/gioi-thieu.md"]
    assert run(capsys, site, "check", *asked)[2] == ("Không có lỗi: đã kiểm tra 1 tệp dữ liệu.\n")
    assert run(capsys, site, "check", "docs/gioi-thieu.md")[2] == (
        "Không có lỗi: đã kiểm tra 0 bài viết.\n"
    )
    assert run(capsys, site, "check", "docs/articles")[2] == (
        "0 lỗi, 1 cảnh báo (đã kiểm tra 2 bài viết).\n"
    )


def test_check_reports_the_agencys_problems_in_mkdocs_yml(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The footer's agency is checked as the build checks it, its problems placed in
    mkdocs.yml, sorted with the others; checking only some articles leaves them out."""
    agency = "      agency:\n        email: toasoan@binhgiang\n        phone: 0297 38\n"
    write_site(site, {}, site_yml(options=agency))
    code, out, err = run(capsys, site, "check")
    assert code == 1
    assert out.splitlines() == [
        "docs/articles/2024/01/a.md:5:1: category2: trường lạ, bị bỏ qua (cần: category?)",
        'mkdocs.yml:13:16: agency.email: "toasoan@binhgiang" không phải địa chỉ e-mail '
        "(cần: tên@tên-miền, như toasoan@binhgiang.gov.vn)",
        'mkdocs.yml:14:16: agency.phone: "0297 38" không phải số điện thoại (cần: 8 đến 15 chữ '
        "số, có thể có dấu + ở đầu, dấu cách, dấu chấm, dấu gạch nối hay ngoặc đơn, như "
        "0297 3812 345 hoặc +84 297 3812 345)",
    ]
    assert err == "0 lỗi, 3 cảnh báo (đã kiểm tra 2 bài viết).\n"
    assert run(capsys, site, "check", "mkdocs.yml")[1].count("mkdocs.yml:") == 2
    assert run(capsys, site, "check", "docs/articles/2024/01/b.md") == (
        0,
        "",
        "Không có lỗi: đã kiểm tra 1 bài viết.\n",
    )


def test_check_github_annotations(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, site, "check", "--format", "github")
    assert code == 1
    assert out == (
        "::warning file=docs/articles/2024/01/a.md,line=5,col=1,title=category2::"
        "trường lạ, bị bỏ qua (cần: category?)\n"
    )


def test_check_warns_of_probable_duplicates_and_uncited_codes(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    speakers = "speakers: [{name: Nguyễn Văn Hùng, title: Bí thư}]\ntags: [chuyển đổi số]\n"
    for name in "def":
        (site / f"docs/articles/2024/02/{name}.md").parent.mkdir(parents=True, exist_ok=True)
        (site / f"docs/articles/2024/02/{name}.md").write_text(
            article(f"Tin {name}", "2024-02-01", speakers), encoding="utf-8"
        )
    odd = "speakers: [Nguyên Văn Hùng, Ngyễn Văn Hùng, Nguyễn Minh Thuỷ]\ntags: [chuyển đổi sô]\n"
    body = "Theo Kết luận số 21-KL/TW và Kế hoạch 03-KH/TW.\n"
    (site / "docs/articles/2024/02/g.md").write_text(
        article("Tin g", "2024-02-02", odd + "resolutions: [21-KL/TW]\n", body), encoding="utf-8"
    )
    (site / "docs/articles/2024/02/h.md").write_text(
        article("Tin h", "2024-02-03", "speakers: [Nguyễn Minh Thủy]\n"), encoding="utf-8"
    )
    code, out, _ = run(capsys, site, "check", "docs/articles/2024/02/g.md")
    first = "docs/articles/2024/02/d.md:5"
    assert code == 1
    assert out.splitlines() == [
        f'docs/articles/2024/02/g.md:5:12: speakers[1]: "Nguyên Văn Hùng" giống người '
        f'"Nguyễn Văn Hùng" ({first}), chỉ khác dấu (cần: một người một cách viết)',
        f'docs/articles/2024/02/g.md:5:29: speakers[2]: "Ngyễn Văn Hùng" giống người '
        f'"Nguyễn Văn Hùng" ({first}), chỉ khác một chữ gõ nhầm (cần: một người một cách viết)',
        'docs/articles/2024/02/g.md:6:8: tags[1]: "chuyển đổi sô" giống từ khóa '
        '"chuyển đổi số" (docs/articles/2024/02/d.md:6), chỉ khác dấu '
        "(cần: một từ khóa một cách viết)",
        "docs/articles/2024/02/g.md:9:39: body: 03-KH/TW được nhắc ở đây mà chưa có trong "
        "resolutions: (cần: thêm vào đó)",
    ]


def test_fix_rewrites_nfc_and_canonical_codes_and_shows_the_change(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = site / "docs/articles/2024/01/b.md"
    body = "Theo Kết luận số 21 - KL/TW, Kế hoạch 3-KH/TW và Nghị định 30 / 2020 / NĐ-CP.\n"
    original = unicodedata.normalize("NFD", article("Tin B", "2024-01-03", "", body))
    path.write_text(original, encoding="utf-8")

    code, out, err = run(capsys, site, "fix", "--dry-run")
    assert (code, err) == (0, "Sẽ sửa 1 tệp.\n")
    assert path.read_text(encoding="utf-8") == original
    assert "+Theo Kết luận số 21-KL/TW, Kế hoạch 03-KH/TW và Nghị định 30/2020/NĐ-CP.\n" in out

    code, out, err = run(capsys, site, "fix")
    assert (code, err) == (0, "Đã sửa 1 tệp.\n")
    fixed = path.read_text(encoding="utf-8")
    assert unicodedata.is_normalized("NFC", fixed)
    assert "21-KL/TW, Kế hoạch 03-KH/TW và Nghị định 30/2020/NĐ-CP." in fixed
    assert run(capsys, site, "fix")[2] == "Đã sửa 0 tệp.\n"


def test_fix_leaves_what_is_not_a_code(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = site / "docs/articles/2024/01/b.md"
    path.write_text(article("Tin", "2024-01-03", "", "Nhiệm kỳ 2020 - 2025, tỷ lệ 17/24.\n"))
    assert run(capsys, site, "fix")[2] == "Đã sửa 0 tệp.\n"


def test_a_missing_config_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["--config", str(tmp_path / "mkdocs.yml"), "check"])
    assert code == 2
    assert capsys.readouterr().err == (
        f"bulletin: {tmp_path / 'mkdocs.yml'}: không đọc được (không có tệp này)\n"
    )


def test_the_site_is_read_from_mkdocs_yml_without_mkdocs(repo: Path) -> None:
    site = read_site(repo / "mkdocs.yml")
    assert (site.shown_dir, site.articles_dir) == ("docs", "articles")
    assert len(site.article_uris()) >= 15


def test_check_validates_the_registries(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = site / "docs/_data"
    data.mkdir()
    (data / "people.yml").write_text("- name: Nguyễn Văn An\n  tittle: x\n", encoding="utf-8")
    code, out, _ = run(capsys, site, "check", "docs/_data/people.yml")
    assert code == 1
    assert out == (
        "docs/_data/people.yml:2:3: people[1].tittle: trường lạ, bị bỏ qua "
        "(cần: một trong name, aliases, positions, bio, photo)\n"
    )


def test_names_the_registry_knows_and_numbers_are_not_duplicates(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (site / "docs/_data").mkdir()
    (site / "docs/_data/people.yml").write_text(
        "- name: Nguyễn Văn Hùng\n- name: Nguyễn Văn Hưng\n", encoding="utf-8"
    )
    extra = [
        "speakers: [Nguyễn Văn Hùng, Võ Văn Hùng]\ntags: [Kỳ họp thứ 7, Khóa XV]\n",
        "speakers: [Nguyễn Văn Hưng, Vũ Văn Hùng]\ntags: [Kỳ họp thứ 8, Khóa XIV]\n",
    ]
    for number, fields in enumerate(extra):
        path = site / f"docs/articles/2024/05/{number}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(article(f"Tin {number}", "2024-05-01", fields), encoding="utf-8")
    code, out, _ = run(capsys, site, "check", "docs/articles/2024/05")
    assert (code, out) == (0, "")


def test_check_and_fix_take_folders_and_refuse_missing_paths(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (site / "docs/articles/2024/01/c.md").write_text(
        article("Tin C", "2024-13-01"), encoding="utf-8"
    )
    code, out, _ = run(capsys, site, "check", "docs/articles/2024")
    assert code == 1 and "c.md:3:7: date:" in out
    assert run(capsys, site, "check", "docs/khong-co")[0::2] == (
        2,
        "bulletin check: docs/khong-co: không có tệp hay thư mục này\n",
    )
    (site / "docs/articles/2024/01/d.md").write_bytes(b"---\ntitle: Ch\xe1u\n---\n")
    code, _, err = run(capsys, site, "fix", "docs/articles")
    assert code == 1
    assert err.splitlines() == [
        "docs/articles/2024/01/d.md: không phải chữ UTF-8, để nguyên",
        "Đã sửa 0 tệp.",
    ]


def test_check_reports_clashes_with_pages_and_old_addresses(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (site / "docs/2024/01/tin-b").mkdir(parents=True)
    (site / "docs/2024/01/tin-b/index.md").write_text("# Trang\n", encoding="utf-8")
    (site / "docs/articles/2024/01/e.md").write_text(
        article("Tin E", "2024-01-05", "aliases: [/2024/01/tin-a/]\n"), encoding="utf-8"
    )
    code, out, _ = run(
        capsys, site, "check", "docs/articles/2024/01/b.md", "docs/articles/2024/01/e.md"
    )
    assert code == 1
    assert out.splitlines() == [
        "docs/articles/2024/01/b.md:2:1: url: /2024/01/tin-b/ cũng là địa chỉ của "
        "docs/2024/01/tin-b/index.md (cần: tiêu đề khác, hoặc một trường slug:)",
        "docs/articles/2024/01/e.md:2:1: aliases: /2024/01/tin-a/ đã là địa chỉ của một trang "
        "đang có của trang web (cần: một địa chỉ cũ)",
    ]


def test_help_is_in_vietnamese(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("cách dùng: bulletin [-h] [--config TỆP] LỆNH ...\n")
    assert "  -h, --help    in hướng dẫn này rồi thoát\n" in out
    assert "    new         tạo bài mới (bản nháp) từ tiêu đề\n" in out
    for english in ("usage", "options", "positional arguments", "show this help"):
        assert english not in out


@pytest.mark.parametrize(
    ("args", "usage", "error"),
    [
        (
            ["new"],
            "cách dùng: bulletin new [-h] --category CHUYÊN_MỤC TIÊU_ĐỀ",
            "bulletin new: lỗi: thiếu đối số bắt buộc: TIÊU_ĐỀ, --category",
        ),
        (
            ["new", "Tin", "--category"],
            "cách dùng: bulletin new [-h] --category CHUYÊN_MỤC TIÊU_ĐỀ",
            "bulletin new: lỗi: đối số --category: cần một giá trị",
        ),
        (
            ["sua"],
            "cách dùng: bulletin [-h] [--config TỆP] LỆNH ...",
            "bulletin: lỗi: đối số LỆNH: không có lựa chọn 'sua' (chọn: 'new', 'check', 'fix')",
        ),
        (
            ["check", "--format", "json"],
            "cách dùng: bulletin check [-h] [--format {text,github}] [TỆP ...]",
            "bulletin check: lỗi: đối số --format: không có lựa chọn 'json' "
            "(chọn: 'text', 'github')",
        ),
        (
            ["fix", "--xyz"],
            "cách dùng: bulletin [-h] [--config TỆP] LỆNH ...",
            "bulletin: lỗi: đối số không nhận ra: --xyz",
        ),
    ],
)
def test_usage_errors_are_in_vietnamese(
    capsys: pytest.CaptureFixture[str], args: list[str], usage: str, error: str
) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(args)
    assert exit_.value.code == 2
    assert capsys.readouterr().err == f"{usage}\n{error}\n"


def test_new_refuses_a_title_without_letters(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, site, "new", "…", "--category", "Thời sự") == (
        1,
        "",
        'bulletin new: "…" không có chữ hay số nào để đặt tên tệp (cần: tiêu đề có chữ)\n',
    )


def test_a_config_that_cannot_be_read_is_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "thu-muc").mkdir()
    assert main(["--config", str(tmp_path / "thu-muc"), "check"]) == 2
    assert capsys.readouterr().err == (
        f"bulletin: {tmp_path / 'thu-muc'}: không đọc được (đây là một thư mục)\n"
    )
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: Bản tin\nnav: [a: b: c]\n", encoding="utf-8")
    assert main(["--config", str(config), "check"]) == 2
    assert capsys.readouterr().err == (
        f"bulletin: {config}:2:11: lỗi cú pháp YAML: thiếu dấu ',' hoặc ']'\n"
    )
    config.write_text("plugins:\n  - bulletin: {timezone: Asia/Hanoii}\n", encoding="utf-8")
    assert main(["--config", str(config), "check"]) == 2
    assert capsys.readouterr().err == (
        f'bulletin: {config}: plugins: bulletin: timezone: "Asia/Hanoii" không phải múi giờ '
        "(cần: tên múi giờ như Asia/Ho_Chi_Minh)\n"
    )
