"""Tests of the Python UDFs (python_udfs/): persona, community intent, score decay, plugin.

Run: .venv/bin/python -m pytest tests/python/test_udfs.py -q
"""

from __future__ import annotations

import csv
import math
import sys
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest

PROJECT_DIR = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(PROJECT_DIR))

from python_udfs.community_intent import (  # noqa: E402
    DEFAULT_COMPETITORS,
    LABELS,
    classify_community_text,
    classify_community_text_arrow,
)
from python_udfs.intent_eval import docs_table, load_labelled, markdown_table, score  # noqa: E402
from python_udfs.persona import (  # noqa: E402
    ARROW_CACHE_MAX_TITLES,
    PERSONAS,
    persona_from_title,
    persona_from_title_arrow,
)
from python_udfs.scoring import (  # noqa: E402
    MAX_TABLE_AGE_DAYS,
    decayed_signal_score,
    decayed_signal_score_arrow,
)

DATA = Path(__file__).resolve().parent / "data"
MIN_PRECISION_RECALL = 0.85


def _job_titles() -> list[tuple[str, str]]:
    with (DATA / "job_titles.csv").open(encoding="utf-8", newline="") as handle:
        return [(row["title"], row["persona"]) for row in csv.DictReader(handle)]


JOB_TITLES = _job_titles()
TEXTS = load_labelled()


# ----------------------------------------------------------------------------- persona


def test_job_title_file_is_big_enough_and_valid():
    assert len(JOB_TITLES) >= 60
    assert {persona for _, persona in JOB_TITLES} == set(PERSONAS)


@pytest.mark.parametrize(("title", "expected"), JOB_TITLES, ids=[t for t, _ in JOB_TITLES])
def test_persona_from_labelled_title(title, expected):
    assert persona_from_title(title) == expected


@pytest.mark.parametrize("title", [None, "", "   ", "-", "N/A", "n/a", "none", "?"])
def test_persona_of_missing_title_is_null(title):
    assert persona_from_title(title) is None


def test_personas_come_from_the_seed_in_rank_order():
    seed = PROJECT_DIR / "seeds" / "persona_ranks.csv"
    with seed.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert PERSONAS == tuple(row["persona"] for row in rows)
    assert PERSONAS[:5] == (
        "cto",
        "vp_engineering",
        "head_of_engineering",
        "director_of_engineering",
        "engineering_manager",
    )
    assert [int(row["buyer_rank"]) for row in rows if row["buyer_rank"]] == [1, 2, 3, 4, 5]


def test_persona_arrow_matches_scalar_with_nulls_and_repeats():
    titles = [t for t, _ in JOB_TITLES] * 3 + [None, "", "VPE", None]
    result = persona_from_title_arrow(pa.chunked_array([pa.array(titles, type=pa.string())]))
    assert result.to_pylist() == [persona_from_title(t) for t in titles]


def test_persona_arrow_cache_overflow_stays_correct():
    """More distinct titles than the Arrow cache holds: it starts over, answers stay right."""
    titles = [f"{title} {i}" for i in range(60) for title, _ in JOB_TITLES]  # > ARROW_CACHE_MAX_TITLES
    assert len(set(titles)) > ARROW_CACHE_MAX_TITLES
    for start in range(0, len(titles), 2048):
        batch = titles[start : start + 2048] + [None]
        assert persona_from_title_arrow(pa.array(batch)).to_pylist() == [persona_from_title(t) for t in batch]


# ----------------------------------------------------------------------------- community intent


def test_labelled_texts_are_enough_and_valid():
    assert len(TEXTS) >= 80
    assert len({row["id"] for row in TEXTS}) == len(TEXTS)
    for row in TEXTS:
        assert set(row["labels"]) <= set(LABELS), row["id"]
    negatives = [row for row in TEXTS if not row["labels"]]
    assert len(negatives) >= 20  # tricky negatives are part of the set


@pytest.mark.parametrize("label", LABELS)
def test_precision_and_recall_per_label(label):
    result = score(TEXTS)[label]
    misses = [
        (row["id"], classify_community_text(row["text"]), row["labels"])
        for row in TEXTS
        if (label in classify_community_text(row["text"])) != (label in row["labels"])
    ]
    assert result.precision >= MIN_PRECISION_RECALL, (result, misses)
    assert result.recall >= MIN_PRECISION_RECALL, (result, misses)


def test_docs_table_is_current():
    """docs/udfs.md shows the numbers the code gives (refresh: python -m python_udfs.intent_eval --write-docs)."""
    assert docs_table() == markdown_table(TEXTS)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (None, []),
        ("", []),
        ("   \n ", []),
        # a text can carry several labels, always in LABELS order
        (
            "We're moving off Heroku by end of Q2 and need SAML. How do I migrate the Procfile?",
            ["technical_question", "decision_timeline", "enterprise_feature_request", "competitor_mention"],
        ),
        # tricky negatives
        ("No rush, just curious how preview builds are cached?", ["technical_question"]),
        ("We don't need SSO, the team plan is fine.", []),
        ("No timeline yet, still exploring options.", []),
        ("There's no deadline, we'll switch whenever.", []),
        # 'render' inside another word, or as a verb, is not the competitor Render
        ("Server-side rendering is slow, is there a way to cache it?", ["technical_question"]),
        ("Render the component inside Suspense and the error goes away.", []),
        ("We moved to Render last year.", ["competitor_mention"]),
        ("switching from render to you next week", ["decision_timeline", "competitor_mention"]),
        # a competitor inside a 3+ word quotation is someone else's words; a quoted name counts
        ("As the docs say 'unlike Vercel, builds are cached' so why is my build slow?", ["technical_question"]),
        ("We tried 'Railway' for a week.", ["competitor_mention"]),
        ("> We chose Heroku because it was simple\nSame here!", []),
        # other names that are also words
        ("on the fly image resizing returns 500", ["technical_question"]),
        ("we use cloudflare for DNS only", []),
        ("Cloudflare Pages was our old host", ["competitor_mention"]),
        # questions vs statements
        ("Is SSO included in the team plan?", ["enterprise_feature_request"]),
        ("We set up SSO with Okta and it works great.", []),
        ("What's the price for 20 seats?", []),
        ("Fixed it, it was a typo in my build command. Thanks!", []),
    ],
)
def test_classify_examples(text, expected):
    assert classify_community_text(text, DEFAULT_COMPETITORS) == expected


def test_competitor_list_is_an_argument():
    text = "We are comparing you with Acme Cloud and Vercel."
    assert classify_community_text(text, ["Acme Cloud"]) == ["competitor_mention"]
    assert classify_community_text(text, []) == []
    assert classify_community_text(text, None) == []
    assert classify_community_text("we left acme-cloud", [" Acme Cloud ", "", None]) == ["competitor_mention"]


def test_classify_arrow_matches_scalar():
    bodies = [row["text"] for row in TEXTS] + [None, "", TEXTS[0]["text"]]
    lists = pa.array([list(DEFAULT_COMPETITORS)] * len(bodies), type=pa.list_(pa.string()))
    result = classify_community_text_arrow(pa.chunked_array([pa.array(bodies)]), pa.chunked_array([lists]))
    assert result.to_pylist() == [classify_community_text(b, DEFAULT_COMPETITORS) for b in bodies]


def test_classify_arrow_with_differing_and_null_lists():
    bodies = ["we left Heroku", "we left Heroku", None, "we left Heroku"]
    lists = pa.array([["Heroku"], ["Vercel"], ["Heroku"], None], type=pa.list_(pa.string()))
    result = classify_community_text_arrow(pa.array(bodies), lists)
    assert result.to_pylist() == [["competitor_mention"], [], [], []]


# ----------------------------------------------------------------------------- score decay


@pytest.mark.parametrize(
    ("weight", "age", "half_life", "expected"),
    [
        (8, 14, 14, 4.0),
        (8, 0, 14, 8.0),
        (8, 28, 14, 2.0),
        (5, 7, 14, 5 / math.sqrt(2)),
        (10, 42, 14, 1.25),
        (2, 89, 14, 2 * 2 ** (-89 / 14)),
        (6, 3.5, 7, 6 / math.sqrt(2)),
        (0, 30, 14, 0.0),
    ],
)
def test_decay_hand_computed(weight, age, half_life, expected):
    assert decayed_signal_score(weight, age, half_life) == pytest.approx(expected, rel=1e-12, abs=1e-15)


def test_decay_rejects_non_positive_half_life():
    with pytest.raises(ValueError):
        decayed_signal_score(8, 1, 0)
    with pytest.raises(ValueError):
        decayed_signal_score_arrow(pa.array([8.0]), pa.array([1.0]), pa.array([-14.0]))


@pytest.mark.parametrize(
    "ages",
    [
        [float(a) for a in range(0, 120)],  # whole days: table fast path
        [0.0, 0.5, 13.25, 14.0, 100.75],  # fractional: pow path
        [-3.0, 0.0, 1.0],  # negative age (future-dated)
        [0.0, float(MAX_TABLE_AGE_DAYS), float(MAX_TABLE_AGE_DAYS + 1), 10_000.0],  # table edge
        [0.0, float("inf"), 1.0],
    ],
)
@pytest.mark.parametrize("half_life", [14.0, 7.0, 30.5])
def test_decay_arrow_equals_scalar_exactly(ages, half_life):
    weights = [float((i % 10) + 1) for i in range(len(ages))]
    result = decayed_signal_score_arrow(
        pa.chunked_array([pa.array(weights)]),
        pa.chunked_array([pa.array(ages)]),
        pa.chunked_array([pa.array([half_life] * len(ages))]),
    ).to_pylist()
    assert result == [decayed_signal_score(w, a, half_life) for w, a in zip(weights, ages)]


def test_decay_arrow_mixed_half_lives_nan_and_nulls():
    weights = pa.array([8.0, 8.0, None, 8.0, 8.0])
    ages = pa.array([14.0, 14.0, 14.0, None, float("nan")])
    halves = pa.array([14.0, 7.0, 14.0, 14.0, 14.0])
    result = decayed_signal_score_arrow(weights, ages, halves).to_pylist()
    assert result[:4] == [4.0, 2.0, None, None]
    assert math.isnan(result[4])


# ----------------------------------------------------------------------------- plugin


@pytest.fixture()
def conn():
    """A plain DuckDB connection configured the way dbt-duckdb configures its own."""
    from dbt.adapters.duckdb.plugins import BasePlugin

    plugin = BasePlugin.create("python_udfs.plugin")
    connection = duckdb.connect()
    plugin.configure_connection(connection)
    yield connection
    connection.close()


def test_plugin_registers_exact_signatures(conn):
    rows = conn.sql(
        """
        select function_name, parameter_types, return_type
        from duckdb_functions()
        where function_name in ('persona_from_title', 'classify_community_text', 'decayed_signal_score')
        order by function_name
        """
    ).fetchall()
    assert rows == [
        ("classify_community_text", ["VARCHAR", "VARCHAR[]"], "VARCHAR[]"),
        ("decayed_signal_score", ["DOUBLE", "DOUBLE", "DOUBLE"], "DOUBLE"),
        ("persona_from_title", ["VARCHAR"], "VARCHAR"),
    ]


def test_plugin_registration_is_idempotent(conn):
    from python_udfs.plugin import register_udfs

    register_udfs(conn)
    assert conn.execute("select persona_from_title('VPE')").fetchone() == ("vp_engineering",)


def test_sql_persona_from_title(conn):
    rows = conn.sql(
        """
        select persona_from_title(title)
        from (values (1, 'Sr. Dir. Eng'), (2, null), (3, ''), (4, 'Head of Marketing'),
                     (5, 'co-founder & CTO'), (6, 'SRE')) t(i, title)
        order by i
        """
    ).fetchall()
    assert [r[0] for r in rows] == [
        "director_of_engineering",
        None,
        None,
        "other",
        "cto",
        "individual_contributor",
    ]


def test_sql_classify_community_text(conn):
    rows = conn.sql(
        """
        select classify_community_text(body, ['Vercel', 'Netlify', 'Render', 'Heroku', 'Fly.io',
                                              'Railway', 'Cloudflare Pages'])
        from (values
            (1, 'How do I set env vars for preview deploys?'),
            (2, null),
            (3, ''),
            (4, 'Our Netlify contract renews in March, we must decide by Feb 15. Do you support SAML?'),
            (5, 'rendering is slow')
        ) t(i, body)
        order by i
        """
    ).fetchall()
    assert [r[0] for r in rows] == [
        ["technical_question"],
        [],
        [],
        ["decision_timeline", "enterprise_feature_request", "competitor_mention"],
        [],
    ]
    assert conn.execute("select classify_community_text('we left Heroku', null)").fetchone() == ([],)


def test_sql_decayed_signal_score(conn):
    row = conn.execute(
        """
        select decayed_signal_score(8, 14, 14), decayed_signal_score(8, 0, 14),
               decayed_signal_score(5, 7, 14), decayed_signal_score(null, 7, 14),
               decayed_signal_score(5, null, 14), decayed_signal_score(5, 7, null)
        """
    ).fetchone()
    assert row == (4.0, 8.0, 5 * 0.5**0.5, None, None, None)


def test_sql_udfs_over_many_batches_match_python(conn):
    """10,000 rows span several DuckDB vectors (2,048 rows each): every batch must agree."""
    titles = [t for t, _ in JOB_TITLES]
    conn.execute("create table titles as select unnest($1::varchar[]) as title", [titles])
    got = conn.sql(
        """
        select i, persona_from_title(case when i % 97 = 0 then null else title end) as persona,
               decayed_signal_score((i % 10)::double, (i % 90)::double, 14.0) as score
        from range(10000) r(i)
        join (select row_number() over () - 1 as k, title from titles) t on t.k = i % (select count(*) from titles)
        order by i
        """
    ).fetchall()
    for i, persona, value in got:
        title = None if i % 97 == 0 else titles[i % len(titles)]
        assert persona == persona_from_title(title)
        assert value == decayed_signal_score(i % 10, i % 90, 14.0)


def test_sql_udfs_through_a_cursor(conn):
    """dbt-duckdb runs models on cursors of the configured connection."""
    cursor = conn.cursor()
    assert cursor.execute("select persona_from_title('VP of Eng')").fetchone() == ("vp_engineering",)
    cursor.close()
