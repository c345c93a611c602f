"""Intent labels of a community text (contract section 5, community signals).

`classify_community_text(body, competitors)` returns the labels a text carries,
in the fixed order of LABELS. Rules and a small lexicon (this file), no model:

technical_question
    The author asks for technical help or reports a live technical problem:
    a question / help request ("how do I", "any idea why", "?") or a problem
    cue ("fails", "502", "TypeError", "blank page") in a sentence with
    technical vocabulary (deploy, build, DNS, CLI, env vars, ...). Not
    counted: pricing or sales questions (no technical words), questions only
    about the availability of an enterprise feature ("Is SSO included?") or
    only comparing us with a competitor ("Render vs Vercel, which did you
    pick?"), and texts that say the problem is solved ("fixed it", "works now").
decision_timeline
    A sentence holds both a buying / adoption step (decide, choose, evaluate,
    POC, migrate, switch off, roll out, contract, renewal, procurement,
    purchase, sign, budget, vendor assessment ...) and a future time frame
    (by / before / due + date, next week, end of Q3, in two weeks, this
    quarter with a "need / will", a deadline). A time cue right after a
    negation ("no timeline yet", "no deadline") does not count, nor does a
    clause hedged with "no rush", "sometime", "eventually", "whenever".
enterprise_feature_request
    The author asks about, asks for, or needs an enterprise feature (SSO,
    SAML, SCIM, audit logs, RBAC, SOC 2, HIPAA / BAA, DPA, SLA, dedicated
    support, self-hosting / VPC / data residency, invoices / PO / MSA,
    enterprise plan or pricing, security questionnaires). A clause that
    negates the need ("we don't need SSO", "not a requirement") or only
    reports using the feature ("SSO works great") does not count.
competitor_mention
    A competitor from the list is named as a whole word ("render" inside
    "rendering" is not Render). A name that is also an everyday word
    (Render, Railway, ...) counts only when it reads as a name: capitalized
    mid-sentence ("moved to Render"), capitalized at a sentence start unless
    a verb use follows ("Render the component ..."), or lower-case with a
    clear cue ("from render", "render.com", "render's").

Quotations (decided): text inside quotation marks of 3+ words and markdown
blockquote lines (``> ...``) are someone else's words (docs, a status page,
a colleague), so they do not count for the intent labels (competitor,
enterprise, timeline): "as the docs say 'unlike Vercel, ...'" is no
competitor mention. A quoted single name ("we tried 'Railway'") still counts.
Quotes *do* count for technical_question, since a quoted error message is
evidence of a technical problem. Code spans are ordinary text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

import pyarrow as pa
import pyarrow.compute as pc

LABELS: tuple[str, ...] = (
    "technical_question",
    "decision_timeline",
    "enterprise_feature_request",
    "competitor_mention",
)
"""Every label, in the order classify_community_text returns them."""

DEFAULT_COMPETITORS: tuple[str, ...] = (
    "Vercel",
    "Netlify",
    "Render",
    "Heroku",
    "Fly.io",
    "Railway",
    "Cloudflare Pages",
)
"""The default competitor list (seeds/competitors.csv holds the warehouse's copy)."""

# Competitor names that are also everyday words: they need the context rules.
COMMON_WORD_NAMES = frozenset(
    {
        "render",
        "railway",
        "fly",
        "pages",
        "surge",
        "glitch",
        "amplify",
        "edge",
        "cloud",
        "platform",
        "deploy",
        "stack",
        "base",
        "zeit",
        "koyeb",
        "porter",
        "coolify",
    }
)


def _rx(pattern: str) -> re.Pattern[str]:
    """Compile a lexicon pattern. Lexicon patterns are lower case and are matched
    against lower-cased text (several times faster than re.IGNORECASE)."""
    return re.compile(pattern)


# ---------------------------------------------------------------- text prep

_BLOCKQUOTE_LINE = re.compile(r"^[ \t]*>.*$", re.MULTILINE)
_QUOTED_SPANS: tuple[re.Pattern[str], ...] = (
    re.compile(r'"([^"\n]*)"'),
    re.compile(r"\u201c([^\u201d\n]*)\u201d"),
    re.compile(r"\u00ab([^\u00bb\n]*)\u00bb"),
    # single quotes: an apostrophe inside a word ("don't") does not close the span
    re.compile(r"(?<![\w])'((?:[^'\n]|(?<=\w)'(?=\w))*)'(?![\w])"),
    re.compile(r"\u2018((?:[^\u2019\n]|(?<=\w)\u2019(?=\w))*)\u2019"),
)
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+|\n+")
_DASH_SPLIT = re.compile(r"\s+[\u2014\u2013]\s+|\s+--?\s+")
_CLAUSE_SPLIT = _rx(r",?\s+but\s+|;\s*|\bhowever\b|\balthough\b|\bthough\b")


def _drop_quotations(text: str) -> str:
    """Remove blockquote lines and quoted spans of 3+ words (someone else's words)."""
    text = _BLOCKQUOTE_LINE.sub(" ", text)
    for pattern in _QUOTED_SPANS:
        text = pattern.sub(lambda m: " " if len(m.group(1).split()) >= 3 else m.group(0), text)
    return text


def _sentences(text: str, split_dashes: bool = False) -> list[str]:
    """Sentences of a text (optionally also its dash-separated parts), apostrophes normalized."""
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    parts = [s for s in _SENTENCE_SPLIT.split(text) if s and s.strip()]
    if split_dashes:
        parts = [p for s in parts for p in _DASH_SPLIT.split(s) if p and p.strip()]
    return [p.strip() for p in parts]


def _clauses(sentence: str) -> list[str]:
    """Parts of a sentence around 'but' / ';' / 'however' (scope of negations and hedges)."""
    return [c for c in _CLAUSE_SPLIT.split(sentence) if c and c.strip()]


# ---------------------------------------------------------------- technical_question

_TECH_VOCAB = _rx(
    r"\b(?:deploy\w*|builds?|rebuild\w*|error\w*|exceptions?|stack ?traces?|(?<!audit )logs?|logging|"
    r"apis?|sdks?|"
    r"cli|endpoints?|webhooks?|env(?:ironment)?(?: ?var\w*| variables?)?|config\w*|dns|domains?|"
    r"apex|ssl|tls|certs?|certificates?|cach\w*|cdn|edge|functions?|serverless|runtimes?|node(?:\.?js)?|"
    r"next\.?js|react|vue|svelte|nuxt|astro|django|rails|flask|python|golang|rust|docker\w*|"
    r"containers?|kubernetes|k8s|helm|terraform|github|gitlab|bitbucket|git|ci|pipelines?|"
    r"branch\w*|previews?|rollbacks?|roll ?back|databases?|postgres\w*|mysql|redis|timeouts?|"
    r"times? out|timing out|latency|memory|oom|cpu|crash\w*|headers?|cors|tokens?|oauth|"
    r"jwt|rate ?limit\w*|quotas?|regions?|cold starts?|monorepos?|npm|yarn|pnpm|packages?|http requests?|"
    r"dependenc\w*|repos?|repository|commits?|workflows?|cron|queues?|workers?|dynos?|procfiles?|"
    r"websockets?|graphql|grpc|json|yaml|localhost|https?|urls?|redirects?|rewrites?|routes?|"
    r"routing|middleware|ssr|render\w*|server\w*|static|assets?|images?|webp|bundl\w*|webpack|"
    r"vite|turborepo|typescript|javascript|runners?|ports?|ssh|secrets?|paginat\w*|rest ?api|restful|login|"
    r"markdown|tests?|testing|imports?|modules?|pooling|connections?|integrations?|hooks?|exports?|"
    r"status page|outages?|downtime|slow\w*|hydration|browsers?|safari|chrome|firefox|"
    r"projects?|roles?|permissions?|groups?|members?|settings?|dashboard|teammates?|"
    r"(?:de)?provision\w*|sync\w*|schedul\w*|"
    r"oidc|kv|storage|buckets?|migrations?|[45]\d\ds|[a-z]+error|"
    r"(?:getting|get|got|returns?|returning|throws?|throwing|hitting)\s+(?:an?\s+)?[45]\d\d)\b"
)
_INTERROGATIVE_START = _rx(r"^\W*(?:how|why|what|where|which|is|are|can|could|does|do|any|anyone|anybody)\s")
_HELP = _rx(
    r"\bany (?:ideas?|pointers|tips|advice|clue|suggestions?)\b|\bany(?:one|body) (?:know|else|seen|have)\b|"
    r"\bdoes any(?:one|body)\b|\bhas any(?:one|body)\b|\b(?:need|needs|please|can (?:someone|anyone|you)|"
    r"could (?:someone|anyone|you))\s+help\b|\bhelp (?:me|us|with|needed)\b|\bstuck\b|"
    r"\b(?:can'?t|cannot|trying to) figure\b|\bnot sure (?:how|why|what|if|whether)\b|\bwondering\b|"
    r"\bwhat am i doing wrong\b|\bwhat'?s the best way\b|\bis it possible\b|\bis there a way\b|"
    r"\b(?:want|wanted|would like|'d like) to know\b|\bcurious (?:if|whether|how|why)\b|\bhelp me understand\b"
)
_PROBLEM = _rx(
    r"\b(?:fails|failing|failed with|fail to|throws|throwing|broke|broken|hangs?|hanging|"
    r"crash(?:es|ing)?|times? out|timing out|not working|stuck|blank page|exit code|"
    r"(?<!please )(?:doesn'?t|does not|don'?t|isn'?t|aren'?t|won'?t)\s+(?:\w+\s+)?"
    r"(?:work\w*|render\w*|load\w*|build\w*|deploy\w*|connect\w*|start\w*|resolve\w*|find\w*|hit\w*)|"
    r"(?:can'?t|cannot|unable to)\s+(?!wait\b)\w+|flaky|intermittent\w*|mismatch\w*|"
    r"takes (?:forever|ages|too long)|(?:too|very|so|super|really) slow|slow(?:er)? than|"
    r"truncated|impossible to|missing|wrong|not showing|(?:doesn'?t|don'?t) show|"
    r"getting (?:an? )?(?:\w+ )?(?:errors?|\d{3}s?)|i'?m getting|keep getting|returns? (?:an? )?\d{3}|"
    r"[a-z]*error\b|error:|exceptions?|warnings?|enoent|econnrefused|etimedout|[45]\d\d(?:s|\s+errors?)|"
    r"(?:get|got|returns?|returning|throws?|throwing|hitting|with)\s+(?:an?\s+)?[45]\d\d)\b"
)
_RESOLVED = _rx(
    r"\b(?:fixed it|fixed now|is fixed|got it working|works now|working now|"
    r"(?:is|was|got|been|now|all) (?:re)?solved|"
    r"never ?mind|nvm|thanks for the (?:quick )?fix|goes away|went away|that fixed)\b"
)
_HOW_OR_DEBUG = _rx(
    r"\bhow (?:do|can|to|should|would)\b|\bconfigur\w*|\bset(?:ting)? ?up\b|\bintegrat\w*|\bwir(?:e|ing)\b|"
    r"\berrors?\b|\bfail\w*|\b\d{3}\b|\bapi\b|\bexport\w*|\bterraform\b|\bcli\b|\bwebhooks?\b"
)
_AVAILABILITY = _rx(
    r"\b(?:is there|are there|will there be|do you (?:have|support|offer|provide)|"
    r"does (?:it|the \w+(?: plan)?|enterprise) (?:include|come with|have|support)|included?|includes|"
    r"available|availability|roadmap|eta|when will|any plans|offer\w*|is it possible|possible to|"
    r"can (?:we|i|you) (?:get|send|share|have)|send|share|reports?|pricing|price)\b"
)
_BILLING = _rx(
    r"\b(?:pric\w*|bill\w*|invoic\w*|charg\w*|cost\w*|pay\w*|discount\w*|seats?|usage|minutes reset|"
    r"(?:free|team|pro|hobby|paid|enterprise|the) (?:plan|tier))\b"
)
_COMPARISON = _rx(
    r"\bvs\.?(?=\s)|\bversus\b|\bcompar\w*|\bdifferent from\b|\bdifference between\b|\bbetter than\b|"
    r"\bwhich one\b|\bwhich is better\b|\bcheaper\b|\bpros and cons\b|\binstead of\b"
)


def _is_technical_question(text: str, sentences: list[str], competitor_rx: re.Pattern[str] | None) -> bool:
    """True when some sentence asks for technical help or reports a live technical problem."""
    resolved = bool(_RESOLVED.search(text.lower()))
    for original in sentences:
        sentence = original.lower()
        if not _TECH_VOCAB.search(sentence):
            continue
        if _PROBLEM.search(sentence) and not resolved:
            return True
        if "?" in sentence or _INTERROGATIVE_START.search(sentence) or _HELP.search(sentence):
            how_or_debug = _HOW_OR_DEBUG.search(sentence)
            if not how_or_debug and _AVAILABILITY.search(sentence) and _has_enterprise_request([sentence]):
                continue  # "Is SSO included?" asks whether we sell it: enterprise, not technical
            if _BILLING.search(sentence) and not how_or_debug:
                continue  # "Build minutes reset on the 1st, right?" is a billing question
            if (
                competitor_rx is not None
                and _mentions_competitor(original, competitor_rx)
                and _COMPARISON.search(sentence)
                and not how_or_debug
            ):
                continue  # "Render vs Vercel, which did you pick?" is a vendor comparison
            return True
    return False


# ---------------------------------------------------------------- decision_timeline

_MONTH = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december|"
    r"jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)"
)
_WEEKDAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues?|wed|thu|thurs|fri)"
_PERIOD = r"(?:week|month|quarter|sprint|year|fiscal year|fy|half)"
_DATE_WORD = (
    rf"(?:{_MONTH}|{_WEEKDAY}|q[1-4]|h[12]|eo[dwmqy]|tomorrow|{_PERIOD}s?|renewal|expires|ends|closes|"
    r"deadline|\d{1,2}(?:st|nd|rd|th)|20\d\d)"
)
_TIME_CUES: tuple[re.Pattern[str], ...] = (
    _rx(rf"\b(?:by|before|until|till|due|no later than|ahead of|starting)\b(?:\s+[\w'-]+){{0,6}}?\s+{_DATE_WORD}\b"),
    _rx(rf"\b(?:by|before|until|due|starting|on)\s+{_DATE_WORD}\b"),
    _rx(rf"\b(?:next|coming)\s+(?:{_PERIOD}|{_WEEKDAY}|{_MONTH})\b"),
    _rx(rf"\bend\s+of\s+(?:the\s+)?(?:{_PERIOD}|{_MONTH}|q[1-4])\b"),
    _rx(r"\b(?:eod|eow|eom|eoq|eoy|asap)\b"),
    _rx(
        r"\b(?:in|within)\s+(?:the\s+next\s+)?(?:\d+|a|one|two|three|four|five|six|a few|a couple of|couple of)"
        r"\s+(?:days?|weeks?|months?|quarters?)\b"
    ),
    _rx(rf"\b(?:in|early|mid|late)[\s-]+(?:{_MONTH}|q[1-4]|h[12])\b"),
    _rx(r"\bq[1-4]\b"),
    _rx(r"\b(?:deadline|timeline|target date|due date|go-live date|cutoff)\b"),
    _rx(r"\b(?:\d+|one|two|three|four|six)[- ](?:day|week|month)\s+(?:poc|pilot|trial|evaluation)\b"),
    _rx(r"\b(?:renewal|contract)\b[^.?!]*?\b(?:is up|expires|ends|renews|coming up)\b"),
)
# "this week / this quarter" is a time frame only with a future / obligation verb.
_THIS_PERIOD = _rx(rf"\bthis\s+(?:{_PERIOD}|{_WEEKDAY})\b")
_FUTURE = _rx(
    r"\b(?:need|needs|have to|has to|must|will|going to|gonna|plan|planning|aim|aiming|hope|hoping|"
    r"want|wants|would like|should|expect|expecting|target\w*)\b|'ll\b|'d like\b|"
    r"(?:'re|\bare|'m|\bam|\bis)\s+\w+ing\b"
)
_PAST_BEFORE = _rx(r"\b(?:last|past|previous|ago)\b")
_NEGATION_BEFORE = _rx(r"\b(?:no|not|without|zero|don'?t|doesn'?t|haven'?t|hasn'?t|isn'?t|aren'?t|never|there'?s no)\b")
_HEDGE = _rx(
    r"\bno (?:rush|hurry|pressure)\b|\bnot in (?:a|any) (?:rush|hurry)\b|\bnot urgent\b|\bsome ?time\b|"
    r"\bsome ?day\b|\beventually\b|\bat some point\b|\bwhenever\b|\bone day\b|\bdown the road\b|"
    r"\bmaybe\b|\bjust (?:exploring|curious|browsing|looking)\b|\bor so\b|\bno (?:set )?(?:date|deadline)\b"
)
_DECISION = _rx(
    r"\b(?:decide|deciding|decision|choose|choosing|(?<!cherry[- ])pick|picking|shortlist\w*|evaluate|"
    r"evaluating|evaluation|poc|proof of concept|pilot|vendors?|migrate|migrating|migration|move off|"
    r"moving (?:off|from|over)|switch|switching|get off|getting off|replace|replacing|replacement|"
    r"consolidat\w*|standardi[sz]e|adopt|adopting|roll(?:ing)?(?:\s+\w+){0,2}?\s+out|rollout|contracts?|"
    r"renewal|renew|"
    r"renews|procurement|purchase|purchasing|buy|buying|sign(?!\s*-?\s*(?:in|up|out|on)\b)|signed|"
    r"signing|budget|commit(?:ting)?\s+(?:to|in|by|before)|upgrad\w+ (?:the |our )?(?:whole |entire )?"
    r"(?:team|org|company|plan|account)|go with|going with|make a call|security review|"
    r"vendor assessment|onboard\w* (?:the|our|all|\d+)|deal|reassess\w*|re-?evaluat\w*|revisit\w*|"
    r"mov(?:e|ing)(?:\s+[\w-]+){0,4}?\s+(?:off|from|over|onto|away)|"
    r"new (?:platform|vendor|provider|host\w*|solution)|compar(?:e|ing|ison)|"
    r"(?:get|getting|need|want|request\w*) (?:a |an |the |\w+ )?quotes?|"
    r"(?:enterprise|paid|team|pro) trial|start\w* (?:the |a |an |our )?(?:\w+ )?trial)\b"
)


def _time_cue_in(clause: str) -> bool:
    """True when the clause holds a future time frame that is not negated."""
    candidates = [m for rx in _TIME_CUES for m in rx.finditer(clause)]
    if _FUTURE.search(clause):
        candidates += list(_THIS_PERIOD.finditer(clause))
    for match in candidates:
        before = clause[max(0, match.start() - 30) : match.start()]
        window = " ".join(before.split()[-3:])
        if _NEGATION_BEFORE.search(window):
            continue  # "no timeline yet", "don't have a deadline"
        if _PAST_BEFORE.search(match.group(0)) or re.search(r"\b(?:last|past|ago)\s*$", before):
            continue
        return True
    return False


def _has_decision_timeline(sentences: list[str]) -> bool:
    """True when one sentence pairs a buying / adoption step with a live time frame."""
    for sentence in map(str.lower, sentences):
        if not _DECISION.search(sentence):
            continue
        for clause in _clauses(sentence):
            if not _HEDGE.search(clause) and _time_cue_in(clause):
                return True
    return False


# ---------------------------------------------------------------- enterprise_feature_request

_ENTERPRISE_FEATURE = _rx(
    r"\b(?:sso|single sign[- ]on|saml|scim|okta|azure ad|entra(?: id)?|audit[- ]?logs?|audit trail|"
    r"rbac|role[- ]based access(?: control)?|custom roles|soc ?2|iso ?27001|hipaa|baa|gdpr|dpa|"
    r"data processing agreement|data residency|sla|uptime (?:guarantee|sla)|99\.\d+ ?%|"
    r"dedicated support|(?:premium|priority|24/7) support|on[- ]?prem\w*|self[- ]?host\w*|vpc|"
    r"private (?:networking|link|connectivity)|ip allow[- ]?list\w*|static ips?|invoic\w*|"
    r"purchase orders?|an? po|msa|redlines?|custom (?:contract|terms)|"
    r"enterprise (?:plan|tier|pricing|contract|agreement|features?|edition|support|trial)|"
    r"security (?:questionnaires?|assessment)|pen(?:etration)? ?test\w*|caiq|"
    r"vendor (?:assessment|questionnaire)|(?:security |data protection )?addend\w*|siem)(?!\w)"
    r"|\benterprise\s*\?"
    r"|\b(?:only|include|includes|included in|or) enterprise\b"
)
_REQUEST = _rx(
    r"\?|\b(?:need|needs|needed|require|requires|required|requirement|must[- ]have|must|mandatory|"
    r"looking for|want|wants|would love|would like|request\w*|asking|ask for|wondering|whether|"
    r"any plans|roadmap|eta|when will|is there|do you (?:have|support|offer)|please|blocker|blocking|"
    r"blocked|without it|before we can|send|share|available|include|includes|included|support for|"
    r"reach out|talk (?:to|about)|interested in|pricing|price|quote|ask(?:s|ed)? for|flagged|"
    r"would (?:make|help|unblock|save)|would be (?:nice|great|huge|helpful)|ships|lands|"
    r"our (?:security|legal|compliance|it|infosec) team)\b|'d like\b|\+1"
)
_NEED_NEGATED = _rx(
    r"\b(?:don'?t|do not|doesn'?t|does not|didn'?t|won'?t|no longer|never)\s+(?:\w+\s+){0,2}?"
    r"(?:need|require|care|want|use|plan)\b|\bno need\b|"
    r"\b(?:not|isn'?t|aren'?t)\s+(?:a\s+|really\s+)?(?:requirement|required|needed|necessary|priority|"
    r"interested|a must|important)\b|\bnot looking for\b|\bno\s+(?:[\w-]+\s+){0,2}(?:needed|required|necessary)\b"
)
_ENTERPRISE_HEDGE = _rx(r"\bsome ?day\b|\beventually\b|\bone day\b|\bdown the road\b|\bnice[- ]to[- ]have\b")


def _has_enterprise_request(sentences: list[str]) -> bool:
    """True when a clause names an enterprise feature with a request / need and no negated need."""
    for sentence in map(str.lower, sentences):
        if not _ENTERPRISE_FEATURE.search(sentence):
            continue
        question = "?" in sentence
        for clause in _clauses(sentence):
            if not _ENTERPRISE_FEATURE.search(clause):
                continue
            if _NEED_NEGATED.search(clause) or _ENTERPRISE_HEDGE.search(clause):
                continue
            if question or _REQUEST.search(clause):
                return True
    return False


# ---------------------------------------------------------------- competitor_mention

_VERB_FOLLOWERS = (
    r"(?:the|a|an|it|this|that|these|those|my|our|your|their|them|its|each|every|all|some|to|"
    r"as|in|on|out|into|with|props?|function|method|call|cycle|phase|loop|time|count|pass|prop)"
)


@lru_cache(maxsize=64)
def _competitor_regex(competitors: tuple[str, ...]) -> re.Pattern[str] | None:
    """One regex for a competitor list; common-word names get context rules (module doc)."""
    alternatives: list[str] = []
    for name in competitors:
        parts = re.findall(r"[A-Za-z0-9]+", name or "")
        if not parts:
            continue
        joined = r"[\s._-]*".join(re.escape(p) for p in parts)
        if len(parts) > 1 or parts[0].lower() not in COMMON_WORD_NAMES:
            alternatives.append(rf"(?i:(?<![A-Za-z0-9]){joined}(?![A-Za-z0-9]))")
            continue
        word = parts[0].lower()
        cap = word[0].upper() + word[1:]
        alternatives.extend(
            [
                # Capitalized, not at a sentence start: "moved to Render", "Render-style".
                rf"(?<=[^\s.!?>\n(\[\"'`*_])\s+{cap}(?![A-Za-z0-9])",
                rf"(?<=[(\[\"'`*_]){cap}(?![A-Za-z0-9])",
                # Capitalized at a sentence start, unless a verb use follows: "Render the page".
                rf"(?:^|(?<=[.!?\n])\s*){cap}(?![A-Za-z0-9])(?!\s+{_VERB_FOLLOWERS}\b)(?!\s*\()",
                # Lower case with a clear cue: "from render", "off railway", "vs render".
                rf"(?i:\b(?:from|off|onto|vs\.?|versus|than|over|leave|leaving|left)\s+{word}(?![A-Za-z0-9]))",
                rf"(?i:\b{word}(?:\.com|'s)(?![A-Za-z0-9]))",
                rf"(?i:\b{word}\s+(?:vs\.?|versus)\s)",
            ]
        )
    if not alternatives:
        return None
    return re.compile("|".join(alternatives), re.MULTILINE)


def _mentions_competitor(text: str, competitor_rx: re.Pattern[str]) -> bool:
    """True when the competitor regex finds a name in the text."""
    return competitor_rx.search(text) is not None


# ---------------------------------------------------------------- public API


def _normalize_competitors(competitors: Iterable[str | None] | None) -> tuple[str, ...]:
    """Competitor names as a hashable tuple, blanks dropped, order kept."""
    if competitors is None:
        return ()
    return tuple(name.strip() for name in competitors if name and name.strip())


@lru_cache(maxsize=65_536)
def _classify_cached(body: str, competitors: tuple[str, ...]) -> tuple[str, ...]:
    """Memoized classification of one (text, competitor list) pair."""
    if not body.strip():
        return ()
    competitor_rx = _competitor_regex(competitors)
    own_words = _drop_quotations(body)
    all_sentences = _sentences(body, split_dashes=True)  # "X vs Y — which has lower latency?"
    own_sentences = _sentences(own_words)
    found = {
        "technical_question": _is_technical_question(body, all_sentences, competitor_rx),
        "decision_timeline": _has_decision_timeline(own_sentences),
        "enterprise_feature_request": _has_enterprise_request(own_sentences),
        "competitor_mention": competitor_rx is not None
        and _mentions_competitor(own_words.replace("\u2019", "'"), competitor_rx),
    }
    return tuple(label for label in LABELS if found[label])


def classify_community_text(body: str | None, competitors: Sequence[str] | None = DEFAULT_COMPETITORS) -> list[str]:
    """Intent labels of a community text, in LABELS order; [] for None / blank text.

    `competitors` is the list of competitor names (the `competitors` seed);
    None or empty means no competitor can be mentioned.
    """
    if body is None:
        return []
    return list(_classify_cached(str(body), _normalize_competitors(competitors)))


_LABEL_LIST = pa.list_(pa.string())


def classify_community_text_arrow(
    bodies: pa.Array | pa.ChunkedArray, competitor_lists: pa.Array | pa.ChunkedArray
) -> pa.Array:
    """Vectorized classify_community_text (the DuckDB UDF body): list<string> per row.

    The competitor list is normally one constant for the whole column, so each
    *distinct* body is classified once (dictionary encoding) and the answers
    are scattered back with `take`. Rows with differing lists fall back to a
    row loop (still memoized). A null body gives an empty list, never null.
    """
    if isinstance(bodies, pa.ChunkedArray):
        bodies = bodies.combine_chunks()
    if isinstance(competitor_lists, pa.ChunkedArray):
        competitor_lists = competitor_lists.combine_chunks()
    n = len(bodies)
    if n == 0:
        return pa.array([], type=_LABEL_LIST)
    # One key string per row; one distinct key = the same list on every row.
    keys = pc.dictionary_encode(pc.binary_join(competitor_lists, "\x1f"))
    if keys.null_count or len(keys.dictionary) != 1:
        lists = competitor_lists.to_pylist()
        return pa.array(
            [classify_community_text(body, comps) for body, comps in zip(bodies.to_pylist(), lists)],
            type=_LABEL_LIST,
        )
    first = competitor_lists[0].as_py()
    competitors = _normalize_competitors(first)
    encoded = pc.dictionary_encode(bodies)
    answers = [list(_classify_cached(body, competitors)) for body in encoded.dictionary.to_pylist()]
    answers.append([])  # slot for null bodies
    indices = pc.fill_null(encoded.indices, len(answers) - 1)
    return pa.array(answers, type=_LABEL_LIST).take(indices)
