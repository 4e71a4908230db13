"""Safe image loading: formats, bombs, truncation, huge photos, animation, orientation."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from PIL import Image

from doxwacht.images.load import ImageError, load_image


def _bytes(im: Image.Image, fmt: str, **kw) -> bytes:
    b = io.BytesIO()
    im.save(b, fmt, **kw)
    return b.getvalue()


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "WEBP", "GIF"])
def test_formats_load_as_rgb(fmt):
    im = Image.new("RGB", (64, 32), (200, 10, 10))
    loaded = load_image(_bytes(im, fmt))
    assert loaded.image.mode == "RGB"
    assert loaded.size == (64, 32) and loaded.original_size == (64, 32) and loaded.scale == 1.0
    assert loaded.format == fmt


def test_heic_when_pillow_heif_installed():
    pytest.importorskip("pillow_heif")
    from doxwacht.images.load import heif_available

    assert heif_available()
    im = Image.new("RGB", (64, 48), (0, 128, 255))
    loaded = load_image(_bytes(im, "HEIF"))
    assert loaded.format == "HEIF" and loaded.size == (64, 48)


def test_rgba_is_composited_on_white():
    im = Image.new("RGBA", (4, 4), (0, 0, 0, 0))
    loaded = load_image(_bytes(im, "PNG"))
    assert loaded.image.getpixel((0, 0)) == (255, 255, 255)


@pytest.mark.parametrize(
    "data,reason",
    [
        (b"", "empty"),
        (b"just some text, not an image", "unknown_format"),
        (b"II*\x00" + b"\x00" * 100, "unknown_format"),  # TIFF is not accepted
    ],
)
def test_bad_inputs_raise_image_error(data, reason):
    with pytest.raises(ImageError) as err:
        load_image(data)
    assert err.value.reason == reason
    assert err.value.message  # Dutch message


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(ImageError) as err:
        load_image(tmp_path / "nope.png")
    assert err.value.reason == "unreadable"
    with pytest.raises(ImageError) as err:
        load_image(tmp_path)
    assert err.value.reason == "unreadable"


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "WEBP"])
def test_truncated_files(fmt):
    from doxwacht.images.synth import pattern_image

    data = _bytes(pattern_image(1, (200, 150)), fmt)
    with pytest.raises(ImageError) as err:
        load_image(data[: len(data) // 2])
    assert err.value.reason in ("truncated", "corrupt", "unknown_format")


def _png_header_only(w: int, h: int) -> bytes:
    """A PNG that claims w x h pixels (a decompression bomb's header) with a tiny IDAT."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    ihdr = struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00" * 10)) + chunk(b"IEND", b"")


@pytest.mark.parametrize("size", [(20000, 20000), (100000, 100000), (2**31 - 1, 2**31 - 1)])
def test_decompression_bomb_refused_before_decoding(size):
    with pytest.raises(ImageError) as err:
        load_image(_png_header_only(*size))
    assert err.value.reason == "too_many_pixels"


def test_real_zlib_bomb_is_refused():
    # 12000 x 12000 of zeros compresses to about 400 KB; refused by the per-call limit
    w = h = 12000
    raw = zlib.compress(b"\x00" * ((w * 3 + 1) * h), 9)

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    data = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")
    with pytest.raises(ImageError) as err:
        load_image(data, max_pixels=50_000_000)
    assert err.value.reason == "too_many_pixels"
    assert Image.MAX_IMAGE_PIXELS == 89478485 or Image.MAX_IMAGE_PIXELS  # global untouched


def test_pixel_limit_is_per_call():
    data = _bytes(Image.new("RGB", (100, 100)), "PNG")
    with pytest.raises(ImageError):
        load_image(data, max_pixels=5000)
    before = Image.MAX_IMAGE_PIXELS
    assert load_image(data).size == (100, 100)
    assert Image.MAX_IMAGE_PIXELS == before


def test_max_bytes():
    data = _bytes(Image.new("RGB", (100, 100)), "PNG")
    with pytest.raises(ImageError) as err:
        load_image(data, max_bytes=10)
    assert err.value.reason == "too_large"


def test_100_megapixel_jpeg_is_downscaled():
    im = Image.new("RGB", (12000, 8400), (90, 120, 150))  # 100.8 MP
    data = _bytes(im, "JPEG", quality=50)
    del im
    loaded = load_image(data)
    assert max(loaded.size) <= 4096
    assert loaded.original_size == (12000, 8400)
    assert loaded.scale == pytest.approx(loaded.size[0] / 12000)


def test_max_side_bound():
    loaded = load_image(_bytes(Image.new("RGB", (3000, 1000)), "PNG"), max_side=1000)
    assert loaded.size == (1000, 333) or loaded.size == (1000, 334)
    assert loaded.original_size == (3000, 1000)


def test_animated_gif_and_webp_first_frame():
    frames = [Image.new("RGB", (20, 20), c) for c in ((255, 0, 0), (0, 255, 0), (0, 0, 255))]
    for fmt in ("GIF", "WEBP"):
        b = io.BytesIO()
        frames[0].save(b, fmt, save_all=True, append_images=frames[1:], duration=100, loop=0)
        loaded = load_image(b.getvalue())
        assert loaded.frames == 3
        r, g, bl = loaded.image.getpixel((10, 10))
        assert r > 200 and g < 60 and bl < 60


def test_exif_orientation_applied():
    im = Image.new("RGB", (40, 20), (0, 0, 0))
    im.paste((255, 255, 255), (0, 0, 10, 20))  # white on the left
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90 CW to display
    loaded = load_image(_bytes(im, "JPEG", exif=exif.tobytes(), quality=95))
    assert loaded.size == (20, 40) and loaded.original_size == (20, 40)
    assert sum(loaded.image.getpixel((10, 2))) > 600  # white is now on top
    assert sum(loaded.image.getpixel((10, 38))) < 100


def test_fuzzed_bytes_never_crash():
    import random

    from doxwacht.images.synth import pattern_image

    rnd = random.Random(7)
    for fmt in ("PNG", "JPEG", "WEBP", "GIF"):
        data = bytearray(_bytes(pattern_image(3, (64, 48)), fmt))
        for _ in range(40):
            mutated = bytearray(data)
            for _ in range(rnd.randint(1, 20)):
                mutated[rnd.randrange(len(mutated))] = rnd.randrange(256)
            try:
                load_image(bytes(mutated))
            except ImageError:
                pass
