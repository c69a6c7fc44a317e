"""The codebook: one entry per column of the respondent CSV.

This is the single description of the data. The pandera schema
(:mod:`analysis.schema`) and the Frictionless descriptor
(``data/datapackage.json``) are both built from it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Field:
    """One column: its name, meaning and allowed values (``None``: any text)."""

    name: str
    title: str
    description: str
    values: tuple[str, ...] | None
    boolean: bool = False


#: How a boolean may be written: Frictionless's default trueValues and falseValues.
TRUE_TEXT = ("true", "True", "TRUE", "1")
FALSE_TEXT = ("false", "False", "FALSE", "0")
BOOLEAN_TEXT = TRUE_TEXT + FALSE_TEXT

FIELDS = (
    Field(
        "respondent_id",
        "Respondent",
        "Identifier of the mentee who returned the feedback questionnaire; unique.",
        None,
    ),
    Field(
        "mentor_experience",
        "Experience with the mentor",
        "Whether the mentee reported a positive experience with the mentor.",
        ("positive", "not_positive"),
    ),
    Field(
        "strength",
        "Strength of the program named",
        "The key strength of the program the mentee named. Four categories are "
        "named in the abstract; 'unreported' holds the fifth, unnamed strength "
        "and any mentee whose answer the abstract does not account for.",
        (
            "personal_development_support",
            "communication_interaction",
            "time_relationship_management",
            "professional_guidance",
            "unreported",
        ),
    ),
    Field(
        "weakness_none",
        "No weakness perceived",
        "The mentee perceived no weakness in the program; excludes every named weakness.",
        BOOLEAN_TEXT,
        boolean=True,
    ),
    Field(
        "weakness_confidentiality",
        "Concern about confidentiality",
        "The mentee expressed concern about the lack of assurance of confidentiality.",
        BOOLEAN_TEXT,
        boolean=True,
    ),
    Field(
        "weakness_group_hesitancy",
        "Hesitancy in group settings",
        "The mentee reported hesitancy in communicating within group settings "
        "(and suggested individual, distraction-free sessions).",
        BOOLEAN_TEXT,
        boolean=True,
    ),
)

COLUMNS = tuple(field.name for field in FIELDS)
FIELD_BY_NAME = {field.name: field for field in FIELDS}
NAMED_WEAKNESSES = ("weakness_confidentiality", "weakness_group_hesitancy")

#: Words for people: labels of the categories as tables and figures show them.
LABELS = {
    "positive": "Positive experience with mentor",
    "personal_development_support": "Personal development and support",
    "communication_interaction": "Better communication and interaction",
    "time_relationship_management": "Time and relationships management skills",
    "professional_guidance": "Professional guidance",
    "unreported": "Unnamed or unreported",
    "weakness_none": "No weakness perceived",
    "weakness_confidentiality": "Concern about confidentiality",
    "weakness_group_hesitancy": "Hesitancy in group settings",
}
