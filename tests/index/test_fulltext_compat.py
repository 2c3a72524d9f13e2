"""An index written by an earlier version opens: its pickled schema names fulltext._french_stem."""

from __future__ import annotations

import pickle

from fakefree.index import fulltext
from fakefree.index.fulltext import make_schema


def test_the_french_stemmer_keeps_its_pickled_name() -> None:
    assert fulltext._french_stem("contrefaits") == fulltext._french_stem("contrefait")
    reference = pickle.dumps(fulltext._french_stem)
    assert b"fulltext.analysis" not in reference  # new indexes name it as the old ones did
    assert pickle.loads(reference) is fulltext._french_stem
    assert pickle.loads(b"cfakefree.index.fulltext\n_french_stem\n.") is fulltext._french_stem
    assert pickle.loads(pickle.dumps(make_schema())).names() == make_schema().names()
