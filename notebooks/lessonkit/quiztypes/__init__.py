"""Quiz question types: one module per type, each registering one :class:`QuestionType`.

To add a type, write one module like ``numeric.py`` (its model, view, answer key, class-report
and bench hooks), and import it below or register it from elsewhere with :func:`register`.
See ``base.py`` for the hooks and data/quizzes/README.md for the quiz file format.
"""

from .base import (
    REGISTRY,
    SKILLS,
    NotReady,
    Option,
    Question,
    QuestionType,
    QuizText,
    Skill,
    Spec,
    Verdict,
    kind_of,
    missing_hooks,
    register,
    unregister,
)
from .choice import ChoiceQuestion

# The built-in types, registered in this order (the order messages list them in).
from .single import SingleQuestion
from .multiple import MultipleQuestion
from .numeric import NumericQuestion
from .ordering import OrderingQuestion
from .reflection import ReflectionQuestion

__all__ = [
    "REGISTRY",
    "SKILLS",
    "ChoiceQuestion",
    "MultipleQuestion",
    "NotReady",
    "NumericQuestion",
    "Option",
    "OrderingQuestion",
    "Question",
    "QuestionType",
    "QuizText",
    "ReflectionQuestion",
    "SingleQuestion",
    "Skill",
    "Spec",
    "Verdict",
    "kind_of",
    "missing_hooks",
    "register",
    "unregister",
]
