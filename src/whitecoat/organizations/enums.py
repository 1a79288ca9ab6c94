from __future__ import annotations

from django.db import models


class EntityKind(models.TextChoices):
    HEALTH_SYSTEM = "health_system", "Health system"
    HOSPITAL = "hospital", "Hospital"
    SCHOOL = "school", "School"


class PersonKind(models.TextChoices):
    ATTENDING = "attending", "Attending physician"
    RESIDENT_FELLOW = "resident_fellow", "Resident / fellow"
    NURSE = "nurse", "Nurse"
    MEDICAL_STUDENT = "medical_student", "Medical student"
    GRADUATE_STUDENT = "graduate_student", "Graduate student"
    RESEARCHER = "researcher", "Researcher"
    STAFF = "staff", "Staff"


class Role(models.TextChoices):
    """The five roles; each is a Django group of the same name."""

    PROGRAM_ADMIN = "program_admin", "Program admin"
    NOMINATOR = "nominator", "Nominator"
    AMBASSADOR = "ambassador", "Ambassador"
    LEADERSHIP = "leadership", "Leadership"
    REQUESTER = "requester", "Requester"
