import math

import pytest
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import cosine_similarity

from braid.lib.similarity import STOP_WORDS, WORD_PATTERN, similar_pairs

TEXTS = [
    "After-school mentoring for youth at risk, weekly mentoring sessions",
    "Mentoring programme for youth: weekly sessions with trained mentors",
    "Street outreach at night in the east end",
    "",
]


def test_alike_activities_match_and_say_why() -> None:
    matches = similar_pairs(TEXTS, threshold=0.2)
    assert [(m.first, m.second) for m in matches] == [(0, 1)]
    assert set(matches[0].shared_terms) >= {"mentoring", "youth"}
    assert 0.2 <= matches[0].score <= 1


def test_score_is_the_scikit_learn_cosine() -> None:
    vectorizer = TfidfVectorizer(
        stop_words=STOP_WORDS,
        strip_accents="unicode",
        sublinear_tf=True,
        token_pattern=WORD_PATTERN,
    )
    expected = cosine_similarity(vectorizer.fit_transform(TEXTS))[0, 1]
    (match,) = similar_pairs(TEXTS, threshold=0.2)
    assert math.isclose(match.score, round(expected, 4))


def test_identical_texts_score_one_and_disjoint_never_match() -> None:
    (match,) = similar_pairs(["youth jobs fair", "Youth jobs fair!", "night patrol"], threshold=0.9)
    assert (match.first, match.second, match.score) == (0, 1, 1.0)
    assert similar_pairs(["youth jobs", "night patrol"], threshold=0.01) == []


def test_candidates_restrict_the_pairs() -> None:
    texts = ["youth jobs fair", "youth jobs fair", "youth jobs fair"]
    assert [(m.first, m.second) for m in similar_pairs(texts, candidates=[(2, 0)])] == [(0, 2)]


def test_french_accents_and_stop_words() -> None:
    (match,) = similar_pairs(
        ["Mentorat des jeunes à l'école", "mentorat pour les jeunes, école secondaire"],
        threshold=0.3,
    )
    assert "mentorat" in match.shared_terms and "ecole" in match.shared_terms
    assert "des" not in match.shared_terms


def test_nothing_usable() -> None:
    assert similar_pairs(["the and", "of to"], threshold=0.1) == []
    assert similar_pairs(["one"]) == []
    with pytest.raises(ValueError):
        similar_pairs(TEXTS, threshold=0)
