import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from leeratelier.core import uploads


def image_bytes(fmt="JPEG", size=(64, 48), exif=None, mode="RGB"):
    output = io.BytesIO()
    kwargs = {"exif": exif} if exif is not None else {}
    Image.new(mode, size, "teal").save(output, format=fmt, **kwargs)
    return output.getvalue()


def gps_exif():
    exif = Image.Exif()
    exif[0x010F] = "CameraMaker"  # Make
    exif[0x0112] = 6  # Orientation: rotate 90
    gps = {1: "N", 2: (52.0, 5.0, 0.0), 3: "E", 4: (5.0, 7.0, 0.0)}
    exif[0x8825] = gps  # GPSInfo
    return exif


def upload(data, name="photo.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def test_jpeg_is_re_encoded_without_exif_and_gps_and_kept_upright():
    original = image_bytes(exif=gps_exif(), size=(64, 48))
    with Image.open(io.BytesIO(original)) as before:
        assert before.getexif().get(0x8825)  # the fixture really has GPS data

    cleaned = uploads.clean_image(upload(original))

    with Image.open(cleaned) as after:
        assert after.format == "JPEG"
        assert dict(after.getexif()) == {}
        assert after.size == (48, 64)  # orientation applied before the EXIF was dropped
    assert cleaned.name == "photo.jpg"


def test_png_metadata_and_trailing_payload_are_dropped():
    data = image_bytes("PNG") + b"<script>alert(1)</script>"
    cleaned = uploads.clean_image(upload(data, "plaatje.png", "image/png"))
    assert b"<script>" not in cleaned.read()
    assert cleaned.name == "plaatje.png"


def test_type_comes_from_content_not_name():
    cleaned = uploads.clean_image(upload(image_bytes("PNG"), "looks-like.jpg"))
    assert cleaned.name == "looks-like.png"
    assert cleaned.content_type == "image/png"


@pytest.mark.parametrize(
    "data, code",
    [
        (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "svg"),
        (b"<svg onload=alert(1)></svg>", "svg"),
        (b"%PDF-1.7 not an image", "not_image"),
        (b"", "empty"),
        (image_bytes(size=(400, 300))[:1500], "damaged"),
    ],
)
def test_bad_images_are_refused_with_a_reason(data, code):
    with pytest.raises(ValidationError) as error:
        uploads.clean_image(upload(data))
    assert error.value.code == code


def test_image_bomb_is_refused_before_decoding():
    bomb = image_bytes("PNG", size=(8000, 8000), mode="1")  # 64 Mpx, a few kB on disk
    assert len(bomb) < 100_000
    with pytest.raises(ValidationError) as error:
        uploads.clean_image(upload(bomb, "bomb.png"))
    assert error.value.code == "too_many_pixels"


def test_file_over_the_byte_limit_is_refused():
    with pytest.raises(ValidationError) as error:
        uploads.clean_image(upload(image_bytes()), max_bytes=100)
    assert error.value.code == "too_large"


def office_file(prefix):
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(f"{prefix}document.xml", "<doc/>")
    return output.getvalue()


from tests.cases.test_attachments import one_page_pdf  # noqa: E402


@pytest.mark.parametrize(
    "data, name, expected",
    [
        (one_page_pdf(), "slides.bin", "slides.pdf"),
        (office_file("word/"), "verslag.docx", "verslag.docx"),
        (office_file("ppt/"), "presentatie", "presentatie.pptx"),
        (b"Verslag van de bijeenkomst\n", "notes.txt", "notes.txt"),
    ],
)
def test_documents_are_recognised_by_content(data, name, expected):
    cleaned = uploads.clean_document(upload(data, name, "application/octet-stream"))
    assert cleaned.name == expected


@pytest.mark.parametrize(
    "data",
    [
        b"MZ\x90\x00\x03\x00\x00\x00",  # a Windows program named .pdf
        b"<html><script>alert(1)</script></html>",
        b"<svg xmlns='http://www.w3.org/2000/svg'/>",
        b"PK\x03\x04 not really a zip",
    ],
)
def test_other_documents_are_refused(data):
    with pytest.raises(ValidationError) as error:
        uploads.clean_document(upload(data, "report.pdf", "application/pdf"))
    assert error.value.code == "document_type"


def test_form_field_returns_the_re_encoded_image():
    field = uploads.ValidatedImageField()
    cleaned = field.clean(upload(image_bytes(exif=gps_exif())))
    with Image.open(cleaned) as image:
        assert dict(image.getexif()) == {}
    with pytest.raises(ValidationError):
        field.clean(upload(b"<svg/>", "x.png", "image/png"))


def test_a_damaged_image_is_refused_after_weasyprint_was_imported(monkeypatch):
    """WeasyPrint sets Pillow's process-wide LOAD_TRUNCATED_IMAGES when it is imported (the
    reports' PDFs); uploads must still refuse a truncated image, and leave the flag as it was."""
    from PIL import ImageFile

    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)
    with pytest.raises(ValidationError) as error:
        uploads.clean_image(SimpleUploadedFile("kapot.jpg", image_bytes(size=(400, 300))[:1500]))
    assert error.value.code == "damaged"
    assert ImageFile.LOAD_TRUNCATED_IMAGES is True
