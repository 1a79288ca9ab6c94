"""Starter curriculum and policies, from whitecoat.training.starter_content.

Forwards: loads the courses and modules only when there are no courses yet, and the
policies only when there are no policies yet, so an install that already has its own
content keeps it. Backwards: removes the starter courses and policies (by slug).
"""

from django.db import migrations
from django.utils import timezone


def load_starter_content(apps, schema_editor):
    from whitecoat.training.starter_content import COURSES, POLICIES

    Course = apps.get_model("training", "Course")
    Module = apps.get_model("training", "Module")
    Policy = apps.get_model("training", "Policy")
    PolicyVersion = apps.get_model("training", "PolicyVersion")
    now = timezone.now()

    if not Course.objects.exists():
        for position, data in enumerate(COURSES, start=1):
            course = Course.objects.create(
                title=data["title"],
                slug=data["slug"],
                platform=data["platform"],
                summary=data["summary"],
                position=position,
                is_published=True,
            )
            Module.objects.bulk_create(
                Module(
                    course=course,
                    title=module["title"],
                    kind=module["kind"],
                    body=module["body"],
                    position=index,
                    estimated_minutes=module["minutes"],
                    is_self_study=module["self_study"],
                    is_published=True,
                )
                for index, module in enumerate(data["modules"], start=1)
            )

    if not Policy.objects.exists():
        for data in POLICIES:
            policy = Policy.objects.create(
                title=data["title"], slug=data["slug"], summary=data["summary"]
            )
            PolicyVersion.objects.create(
                policy=policy,
                label=data["label"],
                body=data["body"],
                effective_on=timezone.localdate(now),
                asks_disclaimer=data["asks_disclaimer"],
                published_at=now,
            )


def remove_starter_content(apps, schema_editor):
    from whitecoat.training.starter_content import COURSES, POLICIES

    Course = apps.get_model("training", "Course")
    Policy = apps.get_model("training", "Policy")
    Course.objects.filter(slug__in=[c["slug"] for c in COURSES]).delete()
    Policy.objects.filter(slug__in=[p["slug"] for p in POLICIES]).delete()


class Migration(migrations.Migration):
    dependencies = [("training", "0001_initial")]

    operations = [migrations.RunPython(load_starter_content, remove_starter_content)]
