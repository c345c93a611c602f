"""Job title -> persona (contract section 5, `dim_users.persona`).

A title is classified by rules, not by a model, so every outcome can be read
and explained:

1. Normalize: accents dropped, lower-cased, the company after ``at`` / ``@``
   dropped, multi-word phrases folded into one token ("vice president" -> vp,
   "chief technology officer" -> cto, "site reliability" -> sre, "tech lead" ->
   techlead ...), dotted abbreviations joined ("v.p." -> vp, "c.t.o." -> cto).
2. Split into segments on ``& / , | ; ( ) : + and`` and spaced dashes, so
   "co-founder & CTO" and "EM, Infra" are read part by part.
3. Classify each segment from its tokens: a management *level* (vp, head,
   director, manager, lead, or a non-engineering executive), whether it names
   an *engineering domain* (engineering, software, platform, infra, R&D ...),
   whether it names an *individual-contributor role* (engineer, developer,
   SRE ...), and whether it names a non-engineering function (marketing,
   sales, recruiting, student ...), which makes it ``other``.
   A management level needs an engineering domain to be a buyer persona:
   "Head of Platform Engineering" is head_of_engineering, "Head of Marketing"
   is other. A segment holding only a domain ("VP, Engineering", "VP of
   Product and Engineering") inherits the level of the segment just before it.
4. The title's persona is the best-ranked segment persona (``cto`` first,
   ``other`` last), so "CTO & VP Engineering" is cto.

Null, blank and placeholder titles ("n/a", "-", "none") give None.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

PERSONA_SEED = Path(__file__).resolve().parents[1] / "seeds" / "persona_ranks.csv"


def load_personas(path: Path = PERSONA_SEED) -> tuple[str, ...]:
    """Every persona, in the seed's order: buyer personas by rank, then the others."""
    with path.open(encoding="utf-8", newline="") as handle:
        return tuple(row["persona"] for row in csv.DictReader(handle))


PERSONAS: tuple[str, ...] = load_personas()
"""Every persona, best rank first (the order used when a title has several)."""

_ORDER: dict[str, int] = {persona: i for i, persona in enumerate(PERSONAS)}

# Management level -> the persona it gives with an engineering domain.
_LEVEL_PERSONA: dict[str, str] = {
    "vp": "vp_engineering",
    "head": "head_of_engineering",
    "director": "director_of_engineering",
    "manager": "engineering_manager",
    "lead": "engineering_manager",
}
# Strongest level first when a segment holds several ("Senior Director, Head ...").
_LEVEL_ORDER: tuple[str, ...] = ("exec", "vp", "head", "director", "manager", "lead", "nonbuyer")

_PLACEHOLDERS = frozenset({"n a", "na", "none", "null", "nil", "unknown", "tbd", "x", "no title"})

# Phrase rewrites applied to the lower-cased title, in order (regex, replacement).
_PHRASES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"\br\s*(?:&|and|n)\s*d\b", " rnd "),
        (r"\bresearch\s+(?:&|and)\s+development\b", " rnd "),
        (r"\bvice[\s-]*president\b", " vp "),
        (r"\bchief\s+(?:technology|technical|technologist)(?:\s+officer)?\b", " cto "),
        (r"\bchief\s+\w+(?:\s+\w+)?\s+officer\b", " cxo "),
        (r"\bco[\s-]*founder\b", " founder "),
        (r"\bmanaging\s+director\b", " cxo "),
        (r"\bgeneral\s+manager\b", " cxo "),
        (r"\bsite[\s-]+reliability\b", " sre "),
        (r"\bfull[\s-]+stack\b", " fullstack "),
        (r"\bback[\s-]+end\b", " backend "),
        (r"\bfront[\s-]+end\b", " frontend "),
        (r"\bdev[\s-]+ops\b", " devops "),
        (r"\bdev[\s-]*rel\b", " devrel "),
        (r"\bmember\s+of\s+(?:the\s+)?technical\s+staff\b", " mts "),
        (r"\btech(?:nical)?\s+lead\b", " techlead "),
        (r"\bmachine\s+learning\b", " ml "),
        (r"\b(?:sales|solutions?|customer|field)\s+(?:engineer|engineering|architect|consultant)s?\b", " salesrole "),
        (r"\bpre[\s-]*sales\b", " salesrole "),
    )
)
# Everything from " at " / "@" on names the employer, not the role.
_EMPLOYER = re.compile(r"\s+at\s+|\s*@")
_SEGMENT_SPLIT = re.compile(r"\s*(?:[&+/|;,()\[\]{}:]|\s[-\u2013\u2014]+\s|\band\b)\s*")
_TOKEN = re.compile(r"[a-z0-9]+")

# Abbreviation / variant -> canonical tokens.
_ALIASES: dict[str, tuple[str, ...]] = {
    "sr": ("senior",),
    "snr": ("senior",),
    "jr": ("junior",),
    "dir": ("director",),
    "dirs": ("director",),
    "directors": ("director",),
    "eng": ("engineering",),
    "engg": ("engineering",),
    "engr": ("engineer",),
    "engrs": ("engineer",),
    "engineers": ("engineer",),
    "developers": ("developer",),
    "programmers": ("programmer",),
    "mgr": ("manager",),
    "mngr": ("manager",),
    "mgmt": ("manager",),
    "management": ("manager",),
    "managers": ("manager",),
    "svp": ("vp",),
    "evp": ("vp",),
    "avp": ("vp",),
    "vps": ("vp",),
    "vpe": ("vp", "engineering"),
    "vpoe": ("vp", "engineering"),
    "vpeng": ("vp", "engineering"),
    "hoe": ("head", "engineering"),
    "em": ("manager", "engineering"),
    "ems": ("manager", "engineering"),
    "swe": ("engineer",),
    "sde": ("engineer",),
    "sdet": ("engineer",),
    "mts": ("engineer",),
    "devs": ("dev",),
    "technologies": ("technology",),
    "ceo": ("cxo",),
    "coo": ("cxo",),
    "cfo": ("cxo",),
    "cmo": ("cxo",),
    "cpo": ("cxo",),
    "cio": ("cxo",),
    "ciso": ("cxo",),
    "cro": ("cxo",),
    "cso": ("cxo",),
    "cdo": ("cxo",),
    "cco": ("cxo",),
    "founder": ("cxo",),
    "founders": ("cxo",),
    "president": ("cxo",),
    "owner": ("cxo",),
    "md": ("cxo",),
    "ctos": ("cto",),
}

# Domains that alone (no level) still say "engineer" (bare "Backend", "Infra").
_IC_DOMAIN = frozenset(
    {
        "engineering",
        "software",
        "development",
        "dev",
        "devops",
        "platform",
        "infrastructure",
        "infra",
        "backend",
        "frontend",
        "fullstack",
        "sre",
    }
)
# Domains that make a management level an engineering one: the ones above and more.
_ENG_DOMAIN = _IC_DOMAIN | frozenset(
    {
        "rnd",
        "technology",
        "tech",
        "technical",
        "cloud",
        "reliability",
        "web",
        "mobile",
        "developer",
        "engineer",
        "architecture",
        "systems",
        "api",
        "ml",
    }
)
_IC_ROLE = frozenset(
    {
        "engineer",
        "developer",
        "programmer",
        "coder",
        "hacker",
        "sre",
        "devops",
        "architect",
        "techlead",
        "scientist",
        "qa",
        "tester",
        "dev",
    }
)
# A segment naming one of these functions is never an engineering persona.
_NON_ENGINEERING = frozenset(
    {
        "marketing",
        "sales",
        "salesrole",
        "recruiting",
        "recruiter",
        "recruitment",
        "talent",
        "people",
        "hr",
        "finance",
        "legal",
        "relations",
        "devrel",
        "advocacy",
        "student",
        "writer",
        "designer",
        "analyst",
        "account",
        "accounts",
        "customer",
        "success",
        "community",
        "partnerships",
        "it",
    }
)
# "<word> manager" where the word makes it a non-engineering manager.
_NON_EM_MANAGER_PREFIX = frozenset(
    {
        "program",
        "programme",
        "project",
        "product",
        "account",
        "marketing",
        "sales",
        "community",
        "office",
        "hiring",
        "success",
        "partner",
        "release",
        "delivery",
        "it",
        "relations",
        "general",
        "brand",
        "content",
        "operations",
        "ops",
        "support",
    }
)


@dataclass(frozen=True)
class _Segment:
    """What one segment of a title says: its level, domain and role words."""

    level: str | None  # vp / head / director / manager / lead / exec / nonbuyer / None
    has_domain: bool
    has_ic_domain: bool
    has_ic_role: bool
    persona: str | None  # the segment's own verdict, None when it says nothing


def _normalize(title: str) -> str | None:
    """Lower-case, strip accents, drop the employer and fold known phrases."""
    text = unicodedata.normalize("NFKD", title)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower().strip()
    text = _EMPLOYER.split(text, maxsplit=1)[0] or text
    text = re.sub(r"[.'\u2019`\"]", " ", text)  # "Sr." -> "sr", "v.p." -> "v p"
    text = re.sub(r"\s+", " ", text).strip()
    if re.sub(r"[^a-z0-9]+", " ", text).strip() in _PLACEHOLDERS | {""}:
        return None
    for pattern, replacement in _PHRASES:
        text = pattern.sub(replacement, text)
    return text


def _tokens(segment: str) -> list[str]:
    """Canonical tokens of a segment: single letters joined (v p -> vp), aliases expanded."""
    raw = _TOKEN.findall(segment)
    joined: list[str] = []
    run: list[str] = []
    for token in raw + [""]:
        if len(token) == 1 and token.isalpha():
            run.append(token)
            continue
        if run:
            joined.append("".join(run))
            run = []
        if token:
            joined.append(token)
    out: list[str] = []
    for token in joined:
        out.extend(_ALIASES.get(token, (token,)))
    return out


def _segment(tokens: list[str]) -> _Segment:
    """Classify one segment's tokens (see the module docstring, step 3)."""
    token_set = set(tokens)
    has_domain = bool(token_set & _ENG_DOMAIN)
    has_ic_domain = bool(token_set & _IC_DOMAIN)
    has_ic_role = bool(token_set & _IC_ROLE)
    if "cto" in token_set:
        return _Segment("exec", has_domain, has_ic_domain, has_ic_role, "cto")
    levels: set[str] = set()
    for i, token in enumerate(tokens):
        if token == "cxo":
            levels.add("exec")
        elif token in ("vp", "head", "director"):
            levels.add(token)
        elif token == "manager":
            before = tokens[i - 1] if i > 0 else ""
            levels.add("nonbuyer" if before in _NON_EM_MANAGER_PREFIX else "manager")
        elif token == "lead" and not has_ic_role:
            levels.add("lead")  # "Engineering Lead"; "Lead Engineer" stays an IC
    level = next((name for name in _LEVEL_ORDER if name in levels), None)
    if token_set & _NON_ENGINEERING:
        return _Segment(level or "nonbuyer", has_domain, has_ic_domain, has_ic_role, "other")
    if level is not None:
        persona = _LEVEL_PERSONA.get(level) if has_domain else None
        return _Segment(level, has_domain, has_ic_domain, has_ic_role, persona or "other")
    if has_ic_role or has_ic_domain:
        return _Segment(None, has_domain, has_ic_domain, has_ic_role, "individual_contributor")
    return _Segment(None, has_domain, has_ic_domain, has_ic_role, None)


def _classify(normalized: str) -> str:
    """Persona of a normalized, non-blank title: best-ranked segment persona."""
    segments = [
        _segment(tokens) for part in _SEGMENT_SPLIT.split(normalized) if (tokens := _tokens(part.replace("-", " ")))
    ]
    personas: list[str] = []
    for i, seg in enumerate(segments):
        persona = seg.persona
        prev = segments[i - 1] if i > 0 else None
        # "VP, Engineering" / "VP of Product and Engineering": a bare domain
        # segment takes the level of the segment right before it.
        if (
            seg.level is None
            and seg.has_domain
            and not seg.has_ic_role
            and seg.persona != "other"
            and prev is not None
            and prev.level is not None
        ):
            persona = _LEVEL_PERSONA.get(prev.level, "other") if prev.persona != "cto" else "cto"
        if persona is not None:
            personas.append(persona)
    if not personas:
        return "other"
    return min(personas, key=_ORDER.__getitem__)


@lru_cache(maxsize=65_536)
def _persona_cached(title: str) -> str | None:
    """Memoized classification of one raw title (titles repeat a lot)."""
    normalized = _normalize(title)
    return None if normalized is None else _classify(normalized)


def persona_from_title(title: str | None) -> str | None:
    """Map a free-text job title to a persona; None for a null/blank title.

    Returns one of PERSONAS. Tolerates case, punctuation, abbreviations
    ("Sr. Dir. Eng", "VPE", "EM, Infra") and ranks several roles in one title
    ("CTO & VP Engineering" -> cto).
    """
    if title is None:
        return None
    return _persona_cached(str(title))


ARROW_CACHE_MAX_TITLES = 4_096
"""Bound of the Arrow-level title cache (it is emptied when a batch would overflow it)."""

# (known titles, their personas) as two aligned Arrow arrays. Replaced as a
# whole tuple, never mutated, so a concurrent reader always sees a matching pair.
_arrow_cache: tuple[pa.Array, pa.Array] = (pa.array([], pa.string()), pa.array([], pa.string()))


def persona_from_title_arrow(titles: pa.Array | pa.ChunkedArray) -> pa.Array:
    """Vectorized persona_from_title for an Arrow string array (the DuckDB UDF body).

    Titles repeat a lot, so the answers for titles already seen are kept as
    Arrow arrays and a batch is mapped with one hash look-up (``index_in``)
    and one ``take``, with no Python per row or per distinct title. Only
    titles not seen yet are classified in Python (once each). Null in, null out.
    """
    global _arrow_cache
    if isinstance(titles, pa.ChunkedArray):
        titles = titles.combine_chunks()
    if titles.type != pa.string():
        titles = titles.cast(pa.string())
    known, personas = _arrow_cache
    positions = pc.index_in(titles, value_set=known)
    if positions.null_count > titles.null_count:  # some non-null titles not seen yet
        unseen = pc.unique(titles.filter(pc.and_(pc.is_null(positions), pc.is_valid(titles))))
        answers = pa.array([persona_from_title(t) for t in unseen.to_pylist()], type=pa.string())
        if len(known) + len(unseen) > ARROW_CACHE_MAX_TITLES:
            known, personas = unseen, answers  # start over rather than grow without bound
        else:
            known, personas = pa.concat_arrays([known, unseen]), pa.concat_arrays([personas, answers])
        _arrow_cache = (known, personas)
        positions = pc.index_in(titles, value_set=known)
    return personas.take(positions)
