"""Neutral abstract pictures for the demo site, drawn with Pillow.

Shapes and colours only: no faces, no text, nothing taken from anywhere. The
same seed draws the same picture, so demo content and its tests are stable
(and a picture is drawn once per process).
Each picture comes with a description in English and Arabic for its ``alt``.
"""

import functools
import io
import random
from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageFilter

# (English, Arabic, background pair, shape colours)
PALETTES = [
    ("teal and sand", "الأخضر المزرق والرملي",
     ("#0f4c45", "#1d6f63"), ["#e9d8a6", "#f4efe1", "#94d2bd", "#ee9b00"]),
    ("deep blue and coral", "الأزرق الداكن والمرجاني",
     ("#14213d", "#22335c"), ["#fca311", "#e76f51", "#e5e5e5", "#8ecae6"]),
    ("olive and cream", "الزيتوني والكريمي",
     ("#3a4a2b", "#59703f"), ["#f2e8cf", "#a7c957", "#bc4749", "#fefae0"]),
    ("slate and amber", "الرمادي الأزرق والكهرماني",
     ("#2b2d42", "#43465e"), ["#ffb703", "#edf2f4", "#8d99ae", "#ef233c"]),
    ("plum and peach", "البرقوقي والخوخي",
     ("#3d2645", "#5b3a66"), ["#ffcdb2", "#e5989b", "#b5838d", "#f7ede2"]),
    ("stone and turquoise", "الحجري والفيروزي",
     ("#d6d2c4", "#ebe7dc"), ["#0a9396", "#005f73", "#ca6702", "#264653"]),
]  # fmt: skip
SHAPES = {
    "circles": ("circles", "دوائر"),
    "bands": ("bands", "أشرطة"),
    "arcs": ("arcs", "أقواس"),
    "blocks": ("blocks", "مستطيلات"),
}


@dataclass(frozen=True)
class Picture:
    """Encoded image bytes, their format and a description in both languages."""

    data: bytes
    format: str
    alt_en: str
    alt_ar: str

    def alt(self, language):
        return self.alt_ar if language == "ar" else self.alt_en


def _rgba(colour, alpha):
    colour = colour.lstrip("#")
    return tuple(int(colour[i : i + 2], 16) for i in (0, 2, 4)) + (alpha,)


def _gradient(size, top, bottom):
    """A vertical gradient from ``top`` to ``bottom``."""
    column = Image.linear_gradient("L").resize((1, size[1]))
    return Image.composite(
        Image.new("RGB", (1, size[1]), bottom),
        Image.new("RGB", (1, size[1]), top),
        column,
    ).resize(size)


def _encode(image, image_format):
    buffer = io.BytesIO()
    options = {"quality": 88, "optimize": True} if image_format == "JPEG" else {}
    image.save(buffer, format=image_format, **options)
    return buffer.getvalue()


@functools.cache
def abstract_picture(seed, size=(1200, 675)):
    """A lead image: a gradient with overlapping translucent shapes (JPEG)."""
    rng = random.Random(seed)
    name_en, name_ar, background, colours = PALETTES[seed % len(PALETTES)]
    kinds = rng.sample(sorted(SHAPES), 2)
    width, height = size
    image = _gradient(size, *background).convert("RGBA")
    for kind in kinds:
        layer = Image.new("RGBA", size, (0, 0, 0, 0))
        draw = ImageDraw.Draw(layer)
        for _ in range(rng.randint(3, 6)):
            colour = _rgba(rng.choice(colours), rng.randint(110, 220))
            x, y = rng.uniform(-0.1, 1.0) * width, rng.uniform(-0.1, 1.0) * height
            extent = rng.uniform(0.15, 0.45) * height
            if kind == "circles":
                draw.ellipse([x, y, x + extent, y + extent], fill=colour)
            elif kind == "blocks":
                draw.rounded_rectangle(
                    [x, y, x + extent * 1.6, y + extent], radius=extent / 8, fill=colour
                )
            elif kind == "arcs":
                draw.arc(
                    [x - extent, y - extent, x + extent, y + extent],
                    start=rng.randint(0, 180),
                    end=rng.randint(200, 360),
                    fill=colour,
                    width=max(6, int(extent / 7)),
                )
            else:  # a band across the picture
                offset = rng.uniform(0.1, 0.6) * width
                thickness = extent / 2
                draw.polygon(
                    [
                        (offset, 0),
                        (offset + thickness, 0),
                        (offset + thickness - height * 0.6, height),
                        (offset - height * 0.6, height),
                    ],
                    fill=colour,
                )
        image = Image.alpha_composite(image, layer)
    # A touch of softness, as if photographed.
    image = image.convert("RGB").filter(ImageFilter.GaussianBlur(0.6))
    shapes_en = " and ".join(SHAPES[k][0] for k in kinds)
    shapes_ar = " و".join(SHAPES[k][1] for k in kinds)
    return Picture(
        data=_encode(image, "JPEG"),
        format="JPEG",
        alt_en=f"Abstract illustration: {shapes_en} in {name_en}",
        alt_ar=f"رسم تجريدي: {shapes_ar} بألوان {name_ar}",
    )


@functools.cache
def portrait(seed, size=480):
    """An author's picture: concentric rings and a split, never a face (JPEG)."""
    rng = random.Random(seed)
    name_en, name_ar, background, colours = PALETTES[seed % len(PALETTES)]
    image = _gradient((size, size), *background).convert("RGBA")
    layer = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    centre_x = rng.uniform(0.35, 0.65) * size
    centre_y = rng.uniform(0.35, 0.65) * size
    for ring in range(rng.randint(3, 5), 0, -1):
        radius = ring * size / 9
        draw.ellipse(
            [
                centre_x - radius,
                centre_y - radius,
                centre_x + radius,
                centre_y + radius,
            ],
            fill=_rgba(colours[ring % len(colours)], 200),
        )
    draw.polygon(
        [(0, size), (size, size * rng.uniform(0.55, 0.85)), (size, size)],
        fill=_rgba(rng.choice(colours), 150),
    )
    image = Image.alpha_composite(image, layer).convert("RGB")
    return Picture(
        data=_encode(image, "JPEG"),
        format="JPEG",
        alt_en=f"Abstract portrait in {name_en}",
        alt_ar=f"صورة تجريدية بألوان {name_ar}",
    )


@functools.cache
def logo_mark(size=256):
    """The demo office's mark: three lines of text on a tile, transparent (PNG)."""
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    unit = size / 32
    draw.rounded_rectangle(
        [0, 0, size - 1, size - 1], radius=7 * unit, fill=_rgba("#0a5a49", 255)
    )
    for x, y, length in ((7, 8, 18), (7, 14.5, 18), (7, 21, 11)):
        draw.rounded_rectangle(
            [x * unit, y * unit, (x + length) * unit, (y + 3) * unit],
            radius=1.5 * unit,
            fill=_rgba("#ffffff", 255),
        )
    return Picture(data=_encode(image, "PNG"), format="PNG", alt_en="", alt_ar="")
