import pytest

from albumfaces.media.images import ImageError, load_upright, looks_like_image
from albumfaces.models import ScanSettings

FULL = ScanSettings(max_size=0)


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("zero-bytes.jpg", "empty file"),
        ("truncated.jpg", "truncated"),
        ("not-an-image.jpg", "not an image"),
        ("huge-dimensions.png", "decompression bomb"),
    ],
)
def test_bad_files_raise_a_readable_reason(data, name, reason):
    with pytest.raises(ImageError, match=reason):
        load_upright(data / "edge-cases" / "bad" / name, FULL)


@pytest.mark.parametrize(
    "name",
    [
        "jpeg-named-png.png",
        "jpeg-named-heic.heic",
        "cmyk-face.jpg",
        "rgba-32bit.png",
        "grayscale-face.jpg",
    ],
)
def test_odd_but_valid_files_decode_to_rgb(data, name):
    image = load_upright(data / "edge-cases" / "bad" / name, FULL)
    assert image.pixels.ndim == 3 and image.pixels.shape[2] == 3


def test_format_is_decided_by_content(data):
    image = load_upright(data / "edge-cases" / "bad" / "jpeg-named-png.png", FULL)
    assert image.format == "JPEG"
    assert not looks_like_image(str(data / "edge-cases" / "bad" / "not-an-image.jpg"))


def test_heic_decodes(data):
    image = load_upright(data / "sample-album" / "2023" / "Phone" / "IMG_0001.HEIC", FULL)
    assert (image.width, image.height) == (3024, 4032)


@pytest.mark.parametrize("orientation", range(1, 9))
def test_exif_orientation_gives_the_upright_size(data, orientation):
    path = data / "edge-cases" / "orientation" / f"facenet_multiface_orient{orientation}.jpg"
    image = load_upright(path, FULL)
    assert (image.width, image.height) == (1200, 630)
    assert image.pixels.shape[:2] == (630, 1200)


def test_large_jpeg_is_decoded_reduced_but_reports_full_size(data):
    image = load_upright(
        data / "sample-album" / "2023" / "Phone" / "IMG_0004.JPG", ScanSettings(max_size=1280)
    )
    assert (image.width, image.height) == (6000, 4000)
    assert image.detect.shape[:2] == (853, 1280)
    # draft decoding stops at the largest reduction still at least the detection size
    assert image.pixels.shape[:2] == (1000, 1500)
