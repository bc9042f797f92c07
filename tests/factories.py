import datetime

import factory
from django.conf import settings

from duoplus.core.models import Membership, Organisation, OrganisationKind, User
from programmes.models import Goal, Programme
from reports.core.models import Purpose, Report, ReportKind
from reports.writing.models import EntryRevision, ProgressEntry


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Gemeente {n}")
    slug = factory.Sequence(lambda n: f"gemeente-{n}")
    kind = OrganisationKind.MUNICIPALITY
    council_name = factory.LazyAttribute(lambda o: f"gemeenteraad van {o.name}")


class ExecutingOrganisationFactory(OrganisationFactory):
    name = factory.Sequence(lambda n: f"Uitvoerder {n}")
    slug = factory.Sequence(lambda n: f"uitvoerder-{n}")
    kind = OrganisationKind.EXECUTING
    council_name = ""


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="nl_NL")
    last_name = factory.Faker("last_name", locale="nl_NL")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.invalid")
    password = factory.PostGenerationMethodCall("set_password", "geheim-wachtwoord-123")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = "editor"


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    organisation = factory.SubFactory(ExecutingOrganisationFactory)
    name = factory.Sequence(lambda n: f"Programma {n}")
    slug = factory.Sequence(lambda n: f"programma-{n}")
    order = factory.Sequence(lambda n: n)


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Goal

    programme = factory.SubFactory(ProgrammeFactory)
    text = factory.Sequence(lambda n: f"Doelstelling {n}")


class ReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Report

    organisation = factory.SubFactory(ExecutingOrganisationFactory)
    title = factory.Sequence(lambda n: f"Voortgangsrapportage {n}")
    kind = ReportKind.PROGRESS
    year = 2022
    period_start = datetime.date(2022, 1, 1)
    period_end = datetime.date(2022, 4, 30)
    purpose = Purpose.INFORMATION


class EntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressEntry
        skip_postgeneration_save = True

    report = factory.SubFactory(ReportFactory)
    programme = factory.SubFactory(
        ProgrammeFactory, organisation=factory.SelfAttribute("..report.organisation")
    )
    progress = "Eerste tekst."

    @factory.post_generation
    def starting_revision(entry, create, extracted, **kwargs):
        """Like services.create_report: version 0 is kept as the starting text."""
        if create and extracted is not False:
            EntryRevision.objects.create(
                entry=entry, version=0, progress=entry.progress, state=entry.state
            )


DEMO_PASSWORD = settings.DEMO_PASSWORD
