import markdown

from bulletin.views.figures import FiguresExtension


def render(text: str) -> str:
    return markdown.markdown(text, extensions=[FiguresExtension()])


def test_a_lone_image_with_alt_text_becomes_a_figure_captioned_by_its_title() -> None:
    assert render('![Đại biểu biểu quyết](a.png "Các đại biểu biểu quyết")') == (
        '<figure class="bulletin-figure"><img alt="Đại biểu biểu quyết" src="a.png" />'
        "<figcaption>Các đại biểu biểu quyết</figcaption>\n</figure>"
    )


def test_without_a_title_the_alt_text_is_the_caption() -> None:
    assert "<figcaption>Quang cảnh</figcaption>" in render("![Quang cảnh](a.png)")


def test_images_inside_text_or_without_alt_stay_as_they_are() -> None:
    assert render("Xem ![ảnh](a.png) bên dưới.") == (
        '<p>Xem <img alt="ảnh" src="a.png" /> bên dưới.</p>'
    )
    assert render("![](a.png)") == '<p><img alt="" src="a.png" /></p>'


def test_captions_are_escaped() -> None:
    assert "<figcaption>a &lt;b&gt; &amp; c</figcaption>" in render('![x](a.png "a <b> & c")')
