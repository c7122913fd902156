"""Counts the words of a text: a parameterised batch job that returns plain results."""

import collections
import logging
import re

WORD = re.compile(r"[A-Za-z0-9']+")

log = logging.getLogger(__name__)


def count_words(text, min_length=1, ignore_case=True):
    """Returns (total words, distinct words, most frequent word) for ``text``.

    Words shorter than ``min_length`` are skipped; ties for the most frequent word go to the
    word seen first, so the result is stable for a given text.
    """
    if not isinstance(text, str):
        raise TypeError("text must be a string, got %s" % type(text).__name__)
    if int(min_length) < 1:
        raise ValueError("min_length must be at least 1")
    words = [w for w in WORD.findall(text) if len(w) >= int(min_length)]
    if ignore_case:
        words = [w.lower() for w in words]
    counts = collections.Counter(words)
    top_word = counts.most_common(1)[0][0] if counts else ""
    log.info("counted %d words (%d distinct)", len(words), len(counts))
    return len(words), len(counts), top_word
