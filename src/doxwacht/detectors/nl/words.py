"""Small Dutch word lists shared by detectors (common short words, months)."""

# Two-letter Dutch (and English chat) words: a lower-case "2025 om" is a year and a word, not a postcode.
TWO_LETTER_WORDS = frozenset(
    """aa af al am an as at be bv by da de do eh en er es et ga ge go ha he hm ho ie if ik in is it ja je
    ka ko la le lo ma me mi mo na ne nl no nu of oh ok om on op or os ot ou pa pm re so ta te to tv uh um
    un up ur us uw vd we wo xl za ze zo ct cm mm km kg gr ml mg cl dl ha kb mb gb tb hz kw pk st uur""".split()
)

MONTHS = {
    "januari": 1, "jan": 1, "februari": 2, "feb": 2, "febr": 2, "maart": 3, "mrt": 3, "mar": 3,
    "april": 4, "apr": 4, "mei": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "augustus": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9, "oktober": 10, "okt": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}
