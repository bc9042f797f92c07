import datetime

import pytest
from django.core.exceptions import PermissionDenied

from reports.review import policy as review_policy
from reports.review import selectors as review_selectors
from reports.writing import policy as writing_policy
from reports.writing import selectors as writing_selectors
from reports.writing import services
from reports.writing.models import EntryRevision, ProgressEntry
from tests.workflow_helpers import submit

pytestmark = pytest.mark.django_db


def save(w, user, entry, text, version):
    return services.save_entry(
        entry=entry, user=user, data={"progress": text, "status": "on_track"}, version=version
    )


def test_assigned_editor_saves_and_revision_is_kept(world):
    entry = save(world, world.editor, world.e1, "Nieuwe tekst", 0)
    assert (entry.progress, entry.version, entry.updated_by) == ("Nieuwe tekst", 1, world.editor)
    rev = EntryRevision.objects.get(entry=entry, version=1)
    assert (rev.version, rev.progress, rev.saved_by) == (1, "Nieuwe tekst", world.editor)


def test_editor_cannot_edit_unassigned_programme(world):
    with pytest.raises(PermissionDenied):
        save(world, world.editor, world.e2, "Niet van mij", 0)
    assert ProgressEntry.objects.get(pk=world.e2.pk).progress == "Tekst over governance."


@pytest.mark.parametrize("who", ["board_exec", "council_noord", "outsider", "admin"])
def test_others_cannot_edit(world, who):
    with pytest.raises(PermissionDenied):
        save(world, getattr(world, who), world.e1, "x", 0)


def test_coordinator_edits_every_entry(world):
    assert save(world, world.coordinator, world.e2, "Door de coördinator", 0).version == 1


def test_second_save_on_old_version_is_refused(world):
    save(world, world.editor, world.e1, "Eerste opslag", 0)
    with pytest.raises(services.EditConflict) as info:
        save(world, world.coordinator, world.e1, "Tweede opslag", 0)
    assert info.value.current.progress == "Eerste opslag"
    assert info.value.current.updated_by == world.editor
    assert ProgressEntry.objects.get(pk=world.e1.pk).progress == "Eerste opslag"


def test_nobody_edits_after_submission(world):
    submit(world.report, world.coordinator)
    for user in (world.editor, world.coordinator):
        with pytest.raises(PermissionDenied, match="ingediend"):
            save(world, user, world.e1, "te laat", 0)


def test_new_report_starts_from_previous_text(world):
    report = services.create_report(
        organisation=world.executing,
        title="Tweede voortgangsrapportage 2022",
        kind="progress",
        year=2022,
        period_start=datetime.date(2022, 5, 1),
        period_end=datetime.date(2022, 8, 31),
        recipients=[world.noord],
        purpose="decision",
    )
    texts = dict(report.entries.values_list("programme__slug", "progress"))
    assert texts == {"inkoop": "Tekst over inkoop.", "governance": "Tekst over governance."}


def test_selectors_agree_with_policy_for_every_user(world):
    """The start page's queries and the per-object policy are one rule."""
    from reports.core.models import Report

    users = [
        world.coordinator,
        world.editor,
        world.other_editor,
        world.admin,
        world.outsider,
        world.council_noord,
        *world.board,
    ]
    for stage in ("concept", "submitted"):
        if stage == "submitted":
            submit(world.report, world.coordinator)
        for user in users:
            user = type(user).objects.get(pk=user.pk)  # fresh role cache
            # Mijn werk lists exactly what the user may edit: their own entries, and for a
            # coordinator every entry of the reports they coordinate.
            listed = set(writing_selectors.my_entries(user=user).values_list("pk", flat=True)) | {
                e.pk for r in writing_selectors.coordination(user=user) for e in r.entries
            }
            allowed = {
                e.pk
                for e in ProgressEntry.objects.select_related("report", "programme")
                if writing_policy.can_edit_entry(user=user, entry=e)
            }
            assert listed == allowed, (stage, user.username)
            to_review = set(
                review_selectors.awaiting_review(user=user).values_list("pk", flat=True)
            )
            may_review = {
                r.pk for r in Report.objects.all() if review_policy.can_review(user=user, report=r)
            }
            assert to_review == may_review, (stage, user.username)
