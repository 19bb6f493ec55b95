"""``manage.py import_magazine`` against the database: pages, drafts, re-runs and errors."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Page, Site

from leeratelier.magazine import importing
from leeratelier.magazine.models import ChapterPage, MagazinePage

pytestmark = pytest.mark.django_db


def run_import(path, *options):
    out = StringIO()
    call_command("import_magazine", str(path), *options, stdout=out)
    return out.getvalue()


def chapters():
    return list(ChapterPage.objects.order_by("path"))


def snapshot():
    """Everything a re-run could change: pages, their revisions and their imported content."""
    return [
        (
            page.pk,
            page.title,
            page.latest_revision_id,
            page.live,
            list(page.get_latest_revision_as_object().body.raw_data),
        )
        for page in chapters()
    ], Page.objects.count()


def test_import_creates_the_magazine_and_its_chapters_as_drafts(dutch_home, export_path):
    output = run_import(export_path)

    magazine = MagazinePage.objects.get()
    assert magazine.get_parent().specific == dutch_home
    assert magazine.title == "Impact in het sociaal domein"
    assert magazine.subtitle and magazine.intro
    assert [(c.number, c.title) for c in chapters()] == [
        (1, "Inleiding"),
        (2, "Anders kijken naar impact"),
        (3, "Een tweegesprek over co-creatie van beleid"),
        (4, "Drie sporen van impact"),
        (5, "Co-creatie als theorie"),
        (6, "Co-creatie in de praktijk"),
        (7, "De taal van impact"),
        (8, "De wil en de weg: pleidooi en actieplan"),
        (9, "Werkplaats Sociaal Domein / Leerateliers"),
    ]
    assert all(c.get_parent().pk == magazine.pk for c in chapters())
    assert not magazine.live and not any(c.live for c in chapters())
    assert all(c.latest_revision_id == c.import_revision_id for c in chapters())
    assert "Chapter 3 'Een tweegesprek over co-creatie van beleid': created [draft]" in output
    assert "Nothing was published" in output


def test_imported_body_holds_the_blocks(dutch_home, export_path):
    run_import(export_path)
    tweegesprek = ChapterPage.objects.get(number=3)
    assert tweegesprek.intro.startswith("Tijdens de 2e online sessie")
    interview = next(block for block in tweegesprek.body if block.block_type == "interview")
    assert interview.value["turns"][0]["speaker"] == "Sandra Geelhoed"
    inleiding = ChapterPage.objects.get(number=1)
    assert any(block.block_type == "pull_quote" for block in inleiding.body)
    assert any(
        '<a href="https://instrumentwijzer.nl/">' in block.value.source
        for block in inleiding.body
        if block.block_type == "paragraph"
    )


def test_publish_makes_the_pages_live(dutch_home, export_path):
    output = run_import(export_path, "--publish")

    assert MagazinePage.objects.get().live
    assert all(c.live and not c.has_unpublished_changes for c in chapters())
    assert "Nothing was published" not in output
    # Publishing an import revision keeps the import's bookkeeping.
    assert all(c.import_revision_id == c.latest_revision_id for c in chapters())


def test_a_second_run_changes_nothing(dutch_home, export_path):
    run_import(export_path)
    before = snapshot()

    output = run_import(export_path)

    assert snapshot() == before
    assert output.count(": unchanged [draft]") == 10


def test_a_draft_import_can_be_published_by_a_second_run(dutch_home, export_path):
    run_import(export_path)
    output = run_import(export_path, "--publish")
    assert output.count(": published [live]") == 10
    assert all(c.live for c in chapters())


def test_changed_source_text_updates_untouched_chapters(dutch_home, export_path, tmp_path):
    run_import(export_path)
    changed = tmp_path / "export.txt"
    changed.write_text(
        export_path.read_text(encoding="utf-8").replace("Impact, wat is dat nu eigenlijk?", "Impact: wat is dat?"),
        encoding="utf-8",
    )

    output = run_import(changed)

    assert "Chapter 2 'Anders kijken naar impact': updated [draft]" in output
    assert output.count(": unchanged [draft]") == 9
    assert ChapterPage.objects.get(number=2).get_latest_revision_as_object().intro.startswith("Impact: wat is dat?")


def test_an_editors_change_is_kept_and_reported_and_force_overwrites_it(dutch_home, export_path):
    run_import(export_path)
    imported_intro = ChapterPage.objects.get(number=3).intro
    draft = ChapterPage.objects.get(number=3).get_latest_revision_as_object()
    draft.intro = "Door de redactie ingekort."
    draft.save_revision()

    output = run_import(export_path)

    assert "Chapter 3 'Een tweegesprek over co-creatie van beleid': kept, an editor changed it" in output
    assert output.count(": unchanged [draft]") == 9
    assert ChapterPage.objects.get(number=3).get_latest_revision_as_object().intro == "Door de redactie ingekort."

    output = run_import(export_path, "--force")

    assert "Chapter 3 'Een tweegesprek over co-creatie van beleid': overwritten" in output
    page = ChapterPage.objects.get(number=3)
    assert page.get_latest_revision_as_object().intro == imported_intro
    assert page.latest_revision_id == page.import_revision_id
    assert ChapterPage.objects.count() == 9


def test_a_deleted_chapter_is_recreated_in_its_place(dutch_home, export_path):
    run_import(export_path)
    ChapterPage.objects.get(number=4).delete()

    output = run_import(export_path)

    assert "Chapter 4 'Drie sporen van impact': created [draft]" in output
    assert [c.number for c in chapters()] == list(range(1, 10))


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "File not found"),
        (b"", "The file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "The file is binary"),
        (b"\xff\xfe\xfa not utf-8", "not UTF-8 text"),
        (b"Notulen van de vergadering.\n\n1 OPENING\n2 MEDEDELINGEN\n", "found 0 of the 9 chapter headings"),
    ],
    ids=["missing", "empty", "binary", "not-utf8", "unrelated-text"],
)
def test_bad_input_is_refused_and_writes_nothing(dutch_home, tmp_path, content, message):
    path = tmp_path / "export.txt"
    if content is not None:
        path.write_bytes(content)
    pages_before = Page.objects.count()

    with pytest.raises(CommandError, match=message):
        run_import(path)

    assert Page.objects.count() == pages_before
    assert not MagazinePage.objects.exists()


def test_without_a_home_page_the_import_is_refused(db, export_path):
    # The default site still points at Wagtail's welcome page.
    with pytest.raises(CommandError, match="not a home page"):
        run_import(export_path)
    Site.objects.all().delete()
    with pytest.raises(CommandError, match="There is no default Wagtail site"):
        run_import(export_path)
    assert not MagazinePage.objects.exists()


def test_a_failure_halfway_writes_nothing(dutch_home, export_path, monkeypatch):
    import_chapter = importing._import_chapter

    def fail_on_chapter_five(chapter, *args, **kwargs):
        if chapter.number == 5:
            raise RuntimeError("disk full")
        return import_chapter(chapter, *args, **kwargs)

    monkeypatch.setattr(importing, "_import_chapter", fail_on_chapter_five)
    pages_before = Page.objects.count()

    with pytest.raises(RuntimeError):
        run_import(export_path)

    assert Page.objects.count() == pages_before


def test_the_report_gives_each_page_its_b1_score(dutch_home, export_path):
    from leeratelier.core.b1_admin import page_readability

    output = run_import(export_path)
    lines = output.splitlines()
    chapter = ChapterPage.objects.get(number=2)
    expected = page_readability(chapter.get_latest_revision_as_object())
    index = next(i for i, line in enumerate(lines) if line.startswith("Chapter 2 "))
    assert lines[index + 1].strip().startswith(f"B1: Flesch-Douma {expected.score:.1f} (")
    assert f"{len(expected.long_sentences)} sentences over 20 words" in lines[index + 1]
    assert sum(line.strip().startswith("B1: Flesch-Douma") for line in lines) == 10
    summary = next(line for line in lines if line.startswith("B1 (Flesch-Douma): average"))
    assert "over 10 pages" in summary and "Write short sentences" in summary
