"""Which activities look alike: TF-IDF cosine similarity over their titles and descriptions.

The steward's question is "are two partners doing the same thing for the same objective?" (the
seeds' "decreasing duplication of efforts"). Each text becomes a TF-IDF vector (scikit-learn's
TfidfVectorizer: words weighted by how often they appear in this text and how rare they are
across the collaborative's activities), and two texts are compared by the cosine of their
vectors: 1 for the same words in the same proportions, 0 for no word in common. A match says
why: the words that contribute most to the cosine (the largest products of the two weights).

English and French stop words are dropped and accents folded, so "Mentorat jeunesse" and
"mentorat des jeunes" share "mentorat".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

# numpy and scikit-learn are imported where they are used: a `braid` command that compares no
# text starts without them (about half a second).

FRENCH_STOP_WORDS = frozenset(
    [
        "au",
        "aux",
        "avec",
        "ce",
        "ces",
        "dans",
        "de",
        "des",
        "du",
        "elle",
        "en",
        "et",
        "eux",
        "il",
        "ils",
        "je",
        "la",
        "le",
        "les",
        "leur",
        "leurs",
        "lui",
        "ma",
        "mais",
        "me",
        "meme",
        "mes",
        "moi",
        "mon",
        "ne",
        "nos",
        "notre",
        "nous",
        "on",
        "ou",
        "par",
        "pas",
        "pour",
        "qu",
        "que",
        "qui",
        "sa",
        "se",
        "ses",
        "son",
        "sur",
        "ta",
        "te",
        "tes",
        "toi",
        "ton",
        "tu",
        "un",
        "une",
        "vos",
        "votre",
        "vous",
        "c",
        "d",
        "j",
        "l",
        "a",
        "m",
        "n",
        "s",
        "t",
        "y",
        "ete",
        "etre",
        "avoir",
        "sont",
        "est",
        "cette",
        "cet",
        "entre",
        "plus",
        "sans",
        "sous",
        "chez",
        "afin",
        "lors",
        "ainsi",
        "aussi",
        "tout",
        "tous",
        "toute",
        "toutes",
    ]
)


@cache
def stop_words() -> list[str]:
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return sorted(ENGLISH_STOP_WORDS | FRENCH_STOP_WORDS)


def __getattr__(name: str) -> Any:
    if name == "STOP_WORDS":  # the word list, made on first use
        return stop_words()
    raise AttributeError(name)


DEFAULT_THRESHOLD = 0.35
# Words of three letters or more, no digits: "12", "a" and "de" carry no meaning here.
WORD_PATTERN = r"(?u)\b[^\W\d_]{3,}\b"


@dataclass(frozen=True)
class Match:
    first: int  # index into the texts given
    second: int
    score: float  # cosine similarity, 0..1
    shared_terms: tuple[str, ...]  # the words that weigh most in the match, strongest first


def similar_pairs(
    texts: Sequence[str],
    *,
    threshold: float = DEFAULT_THRESHOLD,
    candidates: Sequence[tuple[int, int]] | None = None,
    top_terms: int = 4,
) -> list[Match]:
    """Pairs of texts whose TF-IDF cosine similarity is at least `threshold`, best first.

    `candidates` restricts the comparison to the given index pairs (for example, activities of
    different organisations that serve the same objective); by default every pair is compared.
    Texts with no usable word never match.
    """
    if not 0 < threshold <= 1:
        raise ValueError("threshold must be in (0, 1]")
    if len(texts) < 2:
        return []
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectorizer = TfidfVectorizer(
        stop_words=stop_words(),
        strip_accents="unicode",
        lowercase=True,
        sublinear_tf=True,
        token_pattern=WORD_PATTERN,
    )
    try:
        matrix = vectorizer.fit_transform(texts)
    except ValueError:  # every text is empty or only stop words
        return []
    # Rows are L2-normalised by TfidfVectorizer, so the dot product is the cosine: one sparse
    # product gives every pair's score, then only pairs over the threshold are explained.
    vocabulary = vectorizer.get_feature_names_out()
    rows = matrix.tocsr()
    n = rows.shape[0]
    if candidates is None:
        pairs = [(i, j) for i in range(n) for j in range(i + 1, n)]
    else:
        pairs = sorted({(min(i, j), max(i, j)) for i, j in candidates if i != j})
    if not pairs:
        return []
    scores = (rows @ rows.T).tocsr()
    first = np.fromiter((i for i, _ in pairs), dtype=np.int64, count=len(pairs))
    second = np.fromiter((j for _, j in pairs), dtype=np.int64, count=len(pairs))
    values = np.asarray(scores[first, second]).ravel()
    keep = np.nonzero(values + 1e-12 >= threshold)[0]
    weights = [
        dict(
            zip(
                rows.indices[rows.indptr[r] : rows.indptr[r + 1]],
                rows.data[rows.indptr[r] : rows.indptr[r + 1]],
                strict=True,
            )
        )
        for r in range(n)
    ]
    matches: list[Match] = []
    for k in keep:
        i, j = int(first[k]), int(second[k])
        a, b = weights[i], weights[j]
        shared = sorted(
            ((a[t] * b[t], t) for t in a.keys() & b.keys()), key=lambda p: (-p[0], p[1])
        )
        terms = tuple(str(vocabulary[t]) for _, t in shared[:top_terms])
        matches.append(Match(i, j, round(min(float(values[k]), 1.0), 4), terms))
    matches.sort(key=lambda m: (-m.score, m.first, m.second))
    return matches
