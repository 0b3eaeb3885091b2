"""A text a spreadsheet would run as a formula is kept text by one convention, a leading apostrophe
(sofin/cells.py), that is read back exactly as it was written."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from sofin.cells import PREFIX, TRIGGERS, escape_formula, unescape_formula

# Texts that exercise the rule: apostrophes, triggers and spaces, in any order, and any text at all.
RULE_TEXTS = st.text(alphabet=st.sampled_from([PREFIX, " ", "a", *TRIGGERS])) | st.text()


class TestTheRule:
    @settings(max_examples=500)
    @given(RULE_TEXTS)
    @example("'Tis")
    @example("'=x")
    def test_a_text_comes_back_as_it_was(self, text):
        assert unescape_formula(escape_formula(text)) == text

    @settings(max_examples=500)
    @given(RULE_TEXTS)
    def test_an_escaped_text_never_starts_a_formula(self, text):
        """Not even past leading spaces, which LibreOffice's "Trim spaces" import option takes off."""
        assert not escape_formula(text).lstrip(" ").startswith(TRIGGERS)

    @pytest.mark.parametrize(
        ("text", "cell"),
        [
            ("=1+1", "'=1+1"),
            ("\t=1+1", "'\t=1+1"),
            (" =1+1", "' =1+1"),
            ("'=1+1", "''=1+1"),  # an apostrophe of its own: kept, and one more in front
            ("'Tis", "'Tis"),  # nothing a spreadsheet would run: as it is
            ("Občina A", "Občina A"),
            ("", ""),
        ],
    )
    def test_examples(self, text, cell):
        assert escape_formula(text) == cell and unescape_formula(cell) == text
