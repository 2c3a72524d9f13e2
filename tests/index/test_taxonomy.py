"""The taxonomy: the real config/taxonomy.toml, labels in three languages, validation at load."""

from __future__ import annotations

from pathlib import Path

import pytest

from fakefree.index.taxonomy import (
    KINDS,
    LANGUAGES,
    TAG_KINDS,
    Taxonomy,
    TaxonomyError,
    load_taxonomy,
)
from fakefree.index.words import parse_term
from fakefree.settings import REPO_ROOT

REAL = REPO_ROOT / "config" / "taxonomy.toml"


@pytest.fixture(scope="module")
def taxonomy() -> Taxonomy:
    return load_taxonomy(REAL)


def test_real_file_has_the_agreed_ids(taxonomy: Taxonomy) -> None:
    assert taxonomy.ids("sectors") == (
        "pharma", "personal-care", "food-beverage", "tobacco", "apparel", "electronics",
        "auto-aero", "software", "media", "toys-sports", "industrial", "technology", "other",
    )  # fmt: skip
    assert taxonomy.ids("ip_types") == ("counterfeit", "piracy", "trade-secret", "patent")
    assert taxonomy.ids("actions") == (
        "seizure", "arrest", "charge", "conviction", "sentence", "takedown", "civil",
        "operation", "policy",
    )  # fmt: skip
    assert {"MX", "US", "CA", "CN", "EU"} <= set(taxonomy.ids("countries"))
    assert len(taxonomy.ids("countries")) == 250  # 249 ISO 3166-1 codes and EU


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_id_has_a_label_in_every_language(taxonomy: Taxonomy, kind: str, lang: str) -> None:
    for tag_id in taxonomy.ids(kind):
        label = taxonomy.label(kind, tag_id, lang)
        assert label.strip() and label != tag_id, (kind, tag_id, lang)


LABELS = [
    ("countries", "MX", "en", "Mexico"),
    ("countries", "MX", "fr", "Mexique"),
    ("countries", "MX", "es", "México"),
    ("countries", "US", "fr", "États-Unis"),
    ("countries", "KR", "en", "South Korea"),
    ("countries", "KR", "es", "Corea del Sur"),
    ("countries", "VN", "en", "Vietnam"),
    ("countries", "EU", "en", "European Union"),
    ("countries", "EU", "fr", "Union européenne"),
    ("countries", "EU", "es", "Unión Europea"),
    ("countries", "XK", "fr", "XK"),
    ("sectors", "pharma", "fr", "Médicaments et dispositifs médicaux"),
    ("ip_types", "piracy", "es", "Piratería (derechos de autor)"),
    ("actions", "seizure", "es", "Aseguramiento"),
    ("sectors", "no-such-sector", "fr", "no-such-sector"),
]


@pytest.mark.parametrize(("kind", "tag_id", "lang", "label"), LABELS)
def test_label(taxonomy: Taxonomy, kind: str, tag_id: str, lang: str, label: str) -> None:
    assert taxonomy.label(kind, tag_id, lang) == label


def test_label_refuses_unknown_kind_and_language(taxonomy: Taxonomy) -> None:
    with pytest.raises(ValueError):
        taxonomy.label("colours", "red")
    with pytest.raises(ValueError):
        taxonomy.label("sectors", "pharma", "de")


COUNTRY_NAMES = [
    # code, a name it must be found by (ISO names come from pycountry, not from the file)
    ("MX", "mexique"), ("MX", "estados unidos mexicanos"), ("MX", "guadalajara"),
    ("KR", "coree du sud"), ("KR", "republic of korea"), ("RU", "federation de russie"),
    ("IR", "republique islamique d'iran"), ("DE", "alemania"), ("CA", "montreal"),
    ("EU", "europol"), ("ES", "granada"), ("CI", "cote d'ivoire"),
]  # fmt: skip


@pytest.mark.parametrize(("code", "name"), COUNTRY_NAMES)
def test_country_names(taxonomy: Taxonomy, code: str, name: str) -> None:
    assert name in {parse_term(term) for term in taxonomy.countries.names[code]}


def test_shared_and_claimed_names_belong_to_one_code_at_most(taxonomy: Taxonomy) -> None:
    owners = {
        parse_term(term): code
        for code, terms in taxonomy.countries.names.items()
        for term in terms
        if parse_term(term) in {"saint martin", "granada", "grenada"}
    }
    assert owners == {"granada": "ES", "grenada": "GD"}  # "Saint Martin" is MF and SX: dropped


def test_default_load_is_cached_and_follows_the_settings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert load_taxonomy() is load_taxonomy()
    assert load_taxonomy().path == REAL.resolve()
    (tmp_path / "taxonomy.toml").write_text(MINIMAL, encoding="utf-8")
    monkeypatch.setenv("FAKEFREE_CONFIG_DIR", str(tmp_path))
    assert load_taxonomy().ids("sectors") == ("pharma", "other")


MINIMAL = """
[relevance]
threshold = 4.0
title_weight = 2.0
background_weight = 0.25
max_hits_per_phrase = 3
min_sentences = 2
long_text_words = 800
[relevance.enforcement]
terms.en = ["raid*"]
[relevance.groups.core]
weight = 3.0
terms.en = ["counterfeit goods"]
[relevance.negative.currency]
scope = "window"
window = 50
cancels = ["core"]
terms.en = ["currency"]
[sentences]
background.en = ["presumed innocent"]
aggregate.en = ["shipments"]
hypothetical.en = ["if convicted"]
headings.en = ["quick facts"]
speech.en = ["remarks"]
[origin]
before = ["made in"]
after = ["origin"]
[places]
ignore_before.en = ["destined for"]
[people]
terms.en = ["people"]
[goods]
terms.en = ["items"]
[sector_scores]
title = 3
lead = 2
goods = 2
body = 1
keep_at = 2
keep_share = 0.34
[sectors.pharma]
labels = { en = "Medicines", fr = "Médicaments", es = "Medicamentos" }
terms.en = ["medicine*"]
[sectors.other]
labels = { en = "Other", fr = "Autres", es = "Otros" }
fallback = true
[ip_types.counterfeit]
labels = { en = "Counterfeit", fr = "Contrefaçon", es = "Falsificación" }
terms.en = ["counterfeit*"]
[actions.seizure]
labels = { en = "Seizure", fr = "Saisie", es = "Aseguramiento" }
terms.en = ["seiz*"]
[countries]
ambiguous = ["Georgia"]
[countries.aliases]
MX = ["CDMX"]
"""

BROKEN = [
    # (replace this in MINIMAL, with this, the error must contain; '' = still valid)
    ('terms.en = ["medicine*"]', 'term.en = ["medicine*"]', "sectors.pharma: unknown key 'term'"),
    ('es = "Medicamentos" }', 'de = "Arzneimittel" }', "sectors.pharma.labels: unknown key 'de'"),
    (', es = "Medicamentos"', "", "sectors.pharma.labels: missing 'es'"),
    ('es = "Medicamentos"', 'es = ""', "sectors.pharma.labels: every label"),
    ('"medicine*"', '"medi*cine"', "sectors.pharma.terms.en: term 'medi*cine'"),
    ('"medicine*"', "42", "sectors.pharma.terms.en: expected a list"),
    ("fallback = true", 'terms.en = ["x"]\nfallback = false', ""),
    ('terms.en = ["seiz*"]', "", "actions.seizure: no terms"),
    ('cancels = ["core"]', 'cancels = ["cor"]', "relevance.negative.currency.cancels: no group"),
    ('scope = "window"', 'scope = "page"', "relevance.negative.currency.scope"),
    ("window = 50", "", "scope 'window' needs a window"),
    ("threshold = 4.0", 'threshold = "high"', "relevance.threshold: expected a number"),
    ("[origin]", "[origins]", "taxonomy: unknown key 'origins'"),
    ('MX = ["CDMX"]', 'XX = ["Nowhere"]', "countries.aliases.XX: not an ISO code"),
    ("weight = 3.0", 'weight = 3.0\ninfers = "piracy"', "relevance.groups.core.infers"),
    ("[countries]", "[countries]\nflags = []", "countries: unknown key 'flags'"),
    ("title_weight = 2.0", "title_weight = 2.0\n[[oops]]", "taxonomy: unknown key 'oops'"),
    ("[relevance]\n", "[relevance\n", "taxonomy.toml: "),
    ("[people]", "[persons]", "taxonomy: unknown key 'persons'"),
    ('speech.en = ["remarks"]', "", "sentences: missing 'speech'"),
    ("keep_share = 0.34", "", "sector_scores: missing 'keep_share'"),
    ('terms.en = ["seiz*"]', 'terms.en = ["seiz*"]\npersons.en = ["detain*"]\npersons_tag = "arrest"',
     "actions.seizure: no actions tag 'arrest'"),
    ('terms.en = ["counterfeit*"]', 'terms.en = ["counterfeit*"]\nweak.en = ["pirat*"]\nweak_else = "piracy"',
     "ip_types.counterfeit: no ip_types tag 'piracy'"),
    ('terms.en = ["medicine*"]', 'terms.en = ["medicine*"]\nsole_for = ["patent"]',
     "sectors.pharma: no ip_types tag 'patent'"),
    ('MX = ["CDMX"]', 'MX = ["CDMX"]\n[countries.demonyms]\nQQ = ["Qish"]',
     "countries.demonyms.QQ: not an ISO code"),
]  # fmt: skip


@pytest.mark.parametrize(("old", "new", "message"), BROKEN)
def test_validation_names_the_place(tmp_path: Path, old: str, new: str, message: str) -> None:
    assert old in MINIMAL
    path = tmp_path / "taxonomy.toml"
    path.write_text(MINIMAL.replace(old, new, 1), encoding="utf-8")
    if not message:  # a control: the edit is harmless
        assert load_taxonomy(path).ids("sectors") == ("pharma", "other")
        return
    with pytest.raises(TaxonomyError) as error:
        load_taxonomy(path)
    assert message in str(error.value)


def test_two_fallbacks_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "taxonomy.toml"
    path.write_text(MINIMAL.replace('terms.en = ["medicine*"]', "fallback = true"), "utf-8")
    with pytest.raises(TaxonomyError, match="sectors: more than one fallback"):
        load_taxonomy(path)


def test_tags_of_every_kind_are_frozen(taxonomy: Taxonomy) -> None:
    for kind in TAG_KINDS:
        tag = next(iter(taxonomy.tags(kind).values()))
        with pytest.raises(AttributeError):
            tag.id = "changed"  # type: ignore[misc]
        with pytest.raises(TypeError):
            tag.labels["en"] = "changed"  # type: ignore[index]
