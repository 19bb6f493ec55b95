"""The upload validator: every file a person uploads passes through here.

Types are decided by the file's content (magic bytes, and Pillow actually decoding images), never
by its name or the browser's content type. Images are re-encoded by Pillow, which drops EXIF
(GPS, camera serials) and any payload hidden after the image data; the orientation from EXIF is
applied first so photos stay upright. SVG is refused: it is a document that can carry script.
Limits on bytes and pixels stop oversized files and decompression bombs before decoding.
A PDF must parse as one (pypdf), not merely start with "%PDF-". Every file is renamed: the
uploader's name without control, bidi and other invisible format characters (a right-to-left
override would show "rapport\u202egpj.pdf" as "rapportfdp.jpg"), with the extension of its real type.
"""

import io
import re
import threading
import unicodedata
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageFile, ImageOps, UnidentifiedImageError

MAX_IMAGE_BYTES = 8 * 1024 * 1024
MAX_IMAGE_PIXELS = 24_000_000  # e.g. 6000 x 4000
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024

# Pillow format -> (extension, content type, save options)
IMAGE_FORMATS = {
    "JPEG": ("jpg", "image/jpeg", {"quality": 88, "optimize": True}),
    "PNG": ("png", "image/png", {"optimize": True}),
    "WEBP": ("webp", "image/webp", {"quality": 88}),
    "GIF": ("gif", "image/gif", {}),
}


@dataclass(frozen=True)
class DocumentType:
    extension: str
    content_type: str


PDF = DocumentType("pdf", "application/pdf")
DOCX = DocumentType("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
XLSX = DocumentType("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
PPTX = DocumentType("pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation")
ODT = DocumentType("odt", "application/vnd.oasis.opendocument.text")
TEXT = DocumentType("txt", "text/plain")
DOCUMENT_TYPES = (PDF, DOCX, XLSX, PPTX, ODT, TEXT)


def _read(upload, limit):
    upload.seek(0)
    data = upload.read(limit + 1)
    upload.seek(0)
    if len(data) > limit:
        raise ValidationError(
            _("This file is too large: at most %(limit)s.") % {"limit": filesizeformat(limit)},
            code="too_large",
        )
    if not data:
        raise ValidationError(_("This file is empty."), code="empty")
    return data


_decoding_lock = threading.Lock()


@contextmanager
def _strict_decoding():
    """Decode with Pillow's LOAD_TRUNCATED_IMAGES off. It is a process-wide flag, and WeasyPrint
    (the reports' PDFs) switches it on when it is imported; without this, a damaged upload would
    be padded and accepted in any worker that once made a PDF."""
    with _decoding_lock:
        previous = ImageFile.LOAD_TRUNCATED_IMAGES
        ImageFile.LOAD_TRUNCATED_IMAGES = False
        try:
            yield
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = previous


def _looks_like_svg(data):
    head = data[:1024].lstrip().lower()
    return head.startswith(b"<?xml") or b"<svg" in head


def clean_image(upload, max_bytes=MAX_IMAGE_BYTES, max_pixels=MAX_IMAGE_PIXELS):
    """Return a new uploaded file holding the re-encoded image, or raise ValidationError."""
    data = _read(upload, max_bytes)
    if _looks_like_svg(data):
        raise ValidationError(_("SVG images are not accepted. Upload a JPEG, PNG or WebP image."), code="svg")
    try:
        with Image.open(io.BytesIO(data)) as probe:
            image_format = probe.format
            width, height = probe.size
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError):
        raise ValidationError(
            _("This file is not an image we can read. Upload a JPEG, PNG or WebP image."), code="not_image"
        ) from None
    if image_format not in IMAGE_FORMATS:
        raise ValidationError(_("Upload a JPEG, PNG or WebP image."), code="image_type")
    if width * height > max_pixels:
        raise ValidationError(
            _("This image is too large: at most %(pixels)s million pixels.") % {"pixels": max_pixels // 1_000_000},
            code="too_many_pixels",
        )
    try:
        with _strict_decoding(), Image.open(io.BytesIO(data)) as image:
            image.load()
            image = ImageOps.exif_transpose(image)
            extension, content_type, options = IMAGE_FORMATS[image_format]
            if image_format == "JPEG" and image.mode not in ("RGB", "L"):
                image = image.convert("RGB")
            output = io.BytesIO()
            # No exif=, no pnginfo=, no icc_profile carried over: metadata is dropped.
            image.save(output, format=image_format, **options)
    except (OSError, ValueError, Image.DecompressionBombError):
        raise ValidationError(_("This image is damaged and cannot be read."), code="damaged") from None
    name = safe_filename(getattr(upload, "name", ""), extension, fallback="image")
    return SimpleUploadedFile(name, output.getvalue(), content_type=content_type)


# Unicode categories removed from file names: controls (Cc), format characters (Cf: bidi
# overrides and isolates, zero-width spaces and joiners, the BOM ...), surrogates, private use,
# unassigned, and line and paragraph separators.
_INVISIBLE_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}
_UNSAFE_IN_NAMES = re.compile(r'[\\/:*?"<>|]+')


def safe_filename(name, extension, fallback="file", max_length=80):
    """``name`` (as the uploader's computer called it) made safe to store and to offer for
    download: the last path part, without invisible and control characters or characters that
    mean something to a file system, and ending in ``.extension`` (the file's real type)."""
    name = unicodedata.normalize("NFC", str(name or "")).replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(
        " " if char.isspace() else char for char in name if unicodedata.category(char) not in _INVISIBLE_CATEGORIES
    )
    stem = name.rsplit(".", 1)[0] if "." in name.lstrip(".") else name
    stem = _UNSAFE_IN_NAMES.sub("_", stem)
    stem = " ".join(stem.split()).strip(" .")[:max_length].strip(" .") or fallback
    return f"{stem}.{extension}"


def extension_for(content_type, default="bin"):
    """The extension of a content type this module accepts (for names of files stored earlier)."""
    known = {content: extension for extension, content, _options in IMAGE_FORMATS.values()}
    known.update({kind.content_type: kind.extension for kind in DOCUMENT_TYPES + AUDIO_TYPES})
    return known.get(content_type, default)


def _check_pdf(data):
    """Raise ValidationError unless ``data`` parses as a PDF with at least one page: a file
    that starts with "%PDF-" and then holds HTML is not one."""
    import logging

    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings about damaged files
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        pages = len(reader.pages)
    except Exception:  # pypdf raises many kinds on a damaged or fake file
        pages = 0
    if pages < 1:
        raise ValidationError(
            _("This file is not a PDF document we can read. Save it as PDF again and upload it once more."),
            code="not_pdf",
        )


def detect_document_type(data):
    """The document type of ``data`` by its content, or None."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
                if "mimetype" in names and archive.read("mimetype") == ODT.content_type.encode():
                    return ODT
                if "[Content_Types].xml" in names:
                    for prefix, kind in (("word/", DOCX), ("xl/", XLSX), ("ppt/", PPTX)):
                        if any(name.startswith(prefix) for name in names):
                            return kind
        except zipfile.BadZipFile:
            return None
        return None
    if b"\x00" not in data:
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            return None
        return None if _looks_like_svg(data) or data.lstrip()[:1] == b"<" else TEXT
    return None


def clean_document(upload, allowed=DOCUMENT_TYPES, max_bytes=MAX_DOCUMENT_BYTES):
    """Check a document by its content; return it renamed to the extension of its real type."""
    data = _read(upload, max_bytes)
    kind = detect_document_type(data)
    if kind is None or kind not in allowed:
        names = ", ".join(sorted(kind.extension.upper() for kind in allowed))
        raise ValidationError(
            _("This file type is not accepted. Accepted types: %(types)s.") % {"types": names},
            code="document_type",
        )
    if kind is PDF:
        _check_pdf(data)
    name = safe_filename(getattr(upload, "name", ""), kind.extension, fallback="document")
    return SimpleUploadedFile(name, data, content_type=kind.content_type)


class ValidatedImageField(forms.FileField):
    """A form field whose cleaned value is the re-encoded, metadata-free image."""

    def __init__(self, *args, max_bytes=MAX_IMAGE_BYTES, max_pixels=MAX_IMAGE_PIXELS, **kwargs):
        self.max_bytes, self.max_pixels = max_bytes, max_pixels
        kwargs.setdefault("widget", forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        value = super().clean(data, initial)
        if value and value is not initial and hasattr(value, "read"):
            return clean_image(value, self.max_bytes, self.max_pixels)
        return value


class ValidatedDocumentField(forms.FileField):
    def __init__(self, *args, allowed=DOCUMENT_TYPES, max_bytes=MAX_DOCUMENT_BYTES, **kwargs):
        self.allowed, self.max_bytes = allowed, max_bytes
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        value = super().clean(data, initial)
        if value and value is not initial and hasattr(value, "read"):
            return clean_document(value, self.allowed, self.max_bytes)
        return value


# --- audio (appended for the cycles app: stories recorded as audio, with a transcript) --------

MAX_AUDIO_BYTES = 25 * 1024 * 1024

MP3 = DocumentType("mp3", "audio/mpeg")
OGG = DocumentType("ogg", "audio/ogg")
WAV = DocumentType("wav", "audio/wav")
M4A = DocumentType("m4a", "audio/mp4")
WEBM = DocumentType("webm", "audio/webm")
FLAC = DocumentType("flac", "audio/flac")
AUDIO_TYPES = (MP3, OGG, WAV, M4A, WEBM, FLAC)


def detect_audio_type(data):
    """The audio type of ``data`` by its content (container signatures), or None."""
    if data.startswith(b"ID3") or (len(data) > 1 and data[0] == 0xFF and data[1] & 0xE0 == 0xE0):
        return MP3
    if data.startswith(b"OggS"):
        return OGG
    if data.startswith(b"RIFF") and data[8:12] == b"WAVE":
        return WAV
    if data[4:8] == b"ftyp" and data[8:12] in (b"M4A ", b"mp42", b"isom", b"mp41", b"M4B "):
        return M4A
    if data.startswith(b"\x1a\x45\xdf\xa3"):
        return WEBM
    if data.startswith(b"fLaC"):
        return FLAC
    return None


def clean_audio(upload, max_bytes=MAX_AUDIO_BYTES):
    """Check an audio file by its content; return it renamed to the extension of its real type."""
    data = _read(upload, max_bytes)
    kind = detect_audio_type(data)
    if kind is None:
        names = ", ".join(sorted(kind.extension.upper() for kind in AUDIO_TYPES))
        raise ValidationError(
            _("This is not an audio file we accept. Accepted types: %(types)s.") % {"types": names},
            code="audio_type",
        )
    name = safe_filename(getattr(upload, "name", ""), kind.extension, fallback="audio")
    return SimpleUploadedFile(name, data, content_type=kind.content_type)


class ValidatedAudioField(forms.FileField):
    def __init__(self, *args, max_bytes=MAX_AUDIO_BYTES, **kwargs):
        self.max_bytes = max_bytes
        kwargs.setdefault("widget", forms.ClearableFileInput(attrs={"accept": "audio/*"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        value = super().clean(data, initial)
        if value and value is not initial and hasattr(value, "read"):
            return clean_audio(value, self.max_bytes)
        return value
