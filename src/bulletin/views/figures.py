"""Markdown extension: an image alone in its paragraph, with alt text, becomes a figure."""

from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor


class FigureTreeprocessor(Treeprocessor):
    """`![alt](src "caption")` on its own line → `<figure><img><figcaption>caption</figcaption>`.

    The caption is the image's title, else its alt text.
    """

    def run(self, root: etree.Element) -> None:
        for parent in root.iter():
            for index, child in enumerate(parent):
                image = _lone_image(child)
                if image is not None:
                    parent[index] = _figure(image)


def _lone_image(paragraph: etree.Element) -> etree.Element | None:
    if paragraph.tag != "p" or len(paragraph) != 1 or (paragraph.text or "").strip():
        return None
    image = paragraph[0]
    if image.tag != "img" or (image.tail or "").strip() or not image.get("alt", "").strip():
        return None
    return image


def _figure(image: etree.Element) -> etree.Element:
    figure = etree.Element("figure", {"class": "bulletin-figure"})
    caption = image.attrib.pop("title", None) or image.get("alt", "")
    image.tail = None
    figure.append(image)
    etree.SubElement(figure, "figcaption").text = caption
    return figure


class FiguresExtension(Extension):
    """Register the figure step after inline parsing (20) has made the `<img>` elements."""

    def extendMarkdown(self, md: Markdown) -> None:
        md.treeprocessors.register(FigureTreeprocessor(md), "bulletin_figures", 15)
