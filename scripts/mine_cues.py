#!/usr/bin/env python3
"""Mine PolNeAR's annotated attribution cues into lemmas, and measure the rule pack's coverage.

What it does: reads every attribution of one PolNeAR split (brat standoff files under
``../shared/polnear/SPLIT/attributions/*.ann``, the first annotator's file per article, as
``eval/polnear.py`` does), takes each attribution's Cue span, normalises it to a lemma (lower
case; auxiliaries, negation and adverbs dropped; regular -s/-es/-ed/-ing inflections and a table
of irregular forms undone; phrasal verbs such as "call for" and fixed phrases such as "according
to" or "in a statement" kept whole), counts the lemmas, keeps a few short contexts and one source,
and says which lists of ``rules/default.toml``'s ``[lexicons]`` hold any form of each lemma.

    scripts/mine_cues.py                         # train split, Markdown report to stdout
    scripts/mine_cues.py --split dev --top 60    # dev split, the 60 commonest lemmas
    scripts/mine_cues.py --uncovered --out /tmp/uncovered.md
    scripts/mine_cues.py --json > /tmp/cues.json # machine-readable

    # Gold sentences of eval/dev that a report left `unattributed`, with their verbs the pack lacks:
    scripts/mine_cues.py --report /tmp/dev.json --gold ../shared/eval/dev/*.jsonl

(/tmp/dev.json comes from ``scripts/shared_report.py target/release/sourced /tmp/dev.json DOCS...``
over the documents the gold names; scripts/accuracy.sh shows how the list is built.)

PolNeAR's test split is held out: this script refuses ``--split test`` and never reads it.
Standard library only (Python 3.11 for tomllib). Runs in a few seconds. docs/cues.md has the
curated findings.
"""
import argparse
import glob
import json
import os
import re
import sys
import tomllib
from collections import Counter, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
PROJECT = os.path.dirname(HERE)
SHARED = os.path.join(PROJECT, "..", "shared")

# The pack's lists that name cues (the ones a cue lemma can be "covered" by).
CUE_LISTS = [
    "speech_verbs", "strong_verbs", "weak_verbs", "body_verbs", "cognition_verbs",
    "recipient_verbs", "according_phrases", "speech_phrases", "statement_nouns", "documents",
    "no_comment", "agentless", "agentless_participles",
]
VERB_LISTS = {"speech_verbs", "strong_verbs", "weak_verbs", "body_verbs", "cognition_verbs",
              "recipient_verbs", "agentless_participles"}

IRREGULAR = {
    "said": "say", "told": "tell", "wrote": "write", "written": "write", "spoke": "speak",
    "spoken": "speak", "thought": "think", "felt": "feel", "knew": "know", "known": "know",
    "saw": "see", "seen": "see", "found": "find", "sought": "seek", "taught": "teach",
    "held": "hold", "gave": "give", "given": "give", "took": "take", "taken": "take",
    "made": "make", "led": "lead", "meant": "mean", "heard": "hear", "began": "begin",
    "begun": "begin", "brought": "bring", "got": "get", "gotten": "get", "kept": "keep",
    "left": "leave", "came": "come", "became": "become", "chose": "choose", "chosen": "choose",
    "swore": "swear", "sworn": "swear", "forgot": "forget", "forgotten": "forget",
    "understood": "understand", "shown": "show", "drew": "draw", "drawn": "draw", "went": "go",
    "gone": "go", "ran": "run", "stood": "stand", "sent": "send", "spent": "spend",
    "paid": "pay", "laid": "lay", "caught": "catch", "fought": "fight", "bought": "buy",
    "withdrew": "withdraw", "withdrawn": "withdraw", "foresaw": "foresee", "broke": "break",
    "broken": "break", "threw": "throw", "thrown": "throw", "won": "win", "lost": "lose",
    "rose": "rise", "risen": "rise", "fell": "fall", "fallen": "fall", "wept": "weep",
    "rang": "ring", "sang": "sing", "struck": "strike", "overheard": "overhear",
    "undertook": "undertake", "mistook": "mistake", "meant": "mean", "bore": "bear",
    "borne": "bear", "tore": "tear", "torn": "tear", "hid": "hide", "hidden": "hide",
    "forbade": "forbid", "forbidden": "forbid", "foretold": "foretell", "retold": "retell",
    "rewrote": "rewrite", "rewritten": "rewrite", "misspoke": "misspeak", "dealt": "deal",
    "is": "be", "are": "be", "was": "be", "were": "be", "been": "be", "am": "be", "being": "be",
    "has": "have", "had": "have", "having": "have", "does": "do", "did": "do", "done": "do",
    "says": "say", "news": "news", "read": "read", "put": "put", "set": "set", "let": "let",
    "cut": "cut", "hit": "hit", "bet": "bet", "cast": "cast", "forecast": "forecast",
    "upset": "upset", "quit": "quit", "spread": "spread", "hurt": "hurt", "shed": "shed",
}
# Words that end like an inflection but are base forms.
BASE = {
    "need", "feed", "speed", "proceed", "succeed", "exceed", "bleed", "breed", "seed", "indeed",
    "bed", "red", "hundred", "sacred", "naked", "wicked", "kindred", "this", "thus", "us", "yes",
    "always", "perhaps", "across", "unless", "whereas", "less", "news", "series", "species",
    "politics", "bring", "sing", "ring", "thing", "king", "string", "swing", "sting", "spring",
    "during", "nothing", "something", "anything", "everything", "morning", "evening", "ceiling",
    "his", "its", "was", "has", "is", "as", "does", "gas", "bias", "yes", "focus", "status",
    "according", "campus", "consensus", "census", "virus", "bonus", "plus", "chaos", "ethos", "crisis",
}

AUX = {"be", "have", "do", "will", "would", "shall", "should", "can", "could", "may", "might",
       "must", "'ll", "'d", "'ve", "'re", "'m", "'s", "ll", "d", "ve", "re", "m", "s", "to", "get"}
NEGATION = {"not", "n't", "never", "nt"}
ADVERBS = {"also", "then", "just", "now", "first", "later", "again", "already", "still", "even",
           "once", "further", "often", "ever", "yet", "too", "instead", "soon", "since", "long",
           "meanwhile", "previously", "recently", "earlier", "publicly", "repeatedly", "openly",
           "quickly", "simply", "really", "always", "well", "so", "only", "almost", "perhaps",
           "essentially", "basically", "explicitly", "privately", "specifically", "initially",
           "reportedly", "allegedly", "last", "back", "here", "there", "all", "both", "who",
           "which", "that", "more", "most", "less", "likely", "unlikely", "slightly", "far", "much"}
LY_VERBS = {"reply", "apply", "rely", "supply", "ally", "bully", "imply", "comply", "multiply", "fly"}
DETERMINERS = {"the", "a", "an", "his", "her", "their", "its", "my", "our", "your", "this",
               "these", "those", "that", "some", "one"}
PARTICLES = {"for", "on", "to", "about", "out", "up", "into", "against", "over", "off", "down",
             "back"}
# Verbs of effort or onset whose cue is the verb after their "to" ("was trying to ask" -> "ask").
CATENATIVE = {"try", "begin", "start", "proceed", "attempt", "go", "decide", "manage", "choose"}
PREPOSITIONS = {"in", "according", "as", "by", "from", "for", "of", "on", "per", "via", "with",
                "during", "at", "under", "through", "among", "to", "in'"}
# Light verbs: the lemma keeps the noun they govern ("make the observation" -> "make observation").
LIGHT_VERBS = {"make", "give", "take", "have", "issue", "put", "hold", "offer", "express",
               "release", "raise", "voice", "send", "pay", "draw", "lay", "cast", "come", "go",
               "point", "sound", "weigh", "reach", "place", "turn", "show"}

WORD = re.compile(r"[a-z]+(?:['’][a-z]+)?|['’](?:ll|re|ve|s|d|m)\b|[:\"“”]", re.I)


class Lemmatiser:
    """Undoes regular inflections, choosing among spellings by the words the corpus attests."""

    def __init__(self, vocabulary):
        self.vocab = vocabulary
        self.cache = {}

    def known(self, w):
        return w in self.vocab and len(w) > 1

    def __call__(self, word):
        w = word.lower().replace("’", "'")
        if w in self.cache:
            return self.cache[w]
        self.cache[w] = lemma = self._lemma(w)
        return lemma

    def _lemma(self, w):
        if w in IRREGULAR:
            return IRREGULAR[w]
        if w in BASE or len(w) <= 3 or "'" in w:
            return w
        if w.endswith("ing"):
            stem = w[:-3]
            if not re.search(r"[aeiouy]", stem):
                return w
            cands = [stem + "e", stem]
            if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in "lsz":
                cands.append(stem[:-1])
            if stem.endswith("y"):
                cands.append(stem[:-1] + "ie")
            return self._pick(cands, fallback=stem[:-1] if _doubled(stem) else stem)
        if w.endswith("ed"):
            if w.endswith("eed"):
                return w[:-1] if self.known(w[:-1]) else w
            stem = w[:-2]
            if not re.search(r"[aeiouy]", stem):
                return w
            cands = [stem, w[:-1]] if stem.endswith(("ss", "sh", "ch", "x")) else [w[:-1], stem]
            if len(stem) > 2 and stem[-1] == stem[-2]:
                cands.append(stem[:-1])
            if w.endswith("ied"):
                cands.append(w[:-3] + "y")
            fallback = (w[:-3] + "y" if w.endswith("ied") else stem[:-1] if _doubled(stem)
                        else w[:-1] if re.search(r"([^aeiou][vzucgs]|[^aeiou]at)$", stem) else stem)
            return self._pick(cands, fallback=fallback)
        if w.endswith("s") and not w.endswith(("ss", "us", "is", "ous")):
            cands = [w[:-1]]
            if w.endswith("es"):
                cands.append(w[:-2])
            if w.endswith("ies"):
                cands.append(w[:-3] + "y")
            fallback = w[:-3] + "y" if w.endswith("ies") else w[:-2] if w.endswith(("ches", "shes", "sses", "xes")) else w[:-1]
            return self._pick(cands, fallback=fallback)
        return w

    def _pick(self, cands, fallback):
        for c in cands:
            if self.known(c):
                return c
        return fallback


def _doubled(stem):
    return len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] in "bdgmnprt"


def tokens(text):
    text = text.replace("’", "'").replace("\u00a0", " ")
    text = re.sub(r"(\w)- (\w)", r"\1\2", text)  # "inter- rupted": a line-break hyphen
    out = []
    for t in WORD.findall(text.lower()):
        if re.fullmatch(r"(it|that|there|what|who|he|she)'s", t):
            out += [t[:-2], "'s"]
        elif t.endswith("n't"):
            out += [t[:-3] or t, "n't"] if t[:-3] not in ("ca", "wo") else [{"ca": "can", "wo": "will"}[t[:-3]], "n't"]
        elif t.startswith("'"):
            out.append(t)
        else:
            out.append(t)
    return out


class Normaliser:
    """A cue span's text -> (lemma, head): head is the lemma's first word, the one a list holds."""

    def __init__(self, lemma, pack_phrases):
        self.lemma = lemma
        # Lemmatised multi-word pack entries, longest first, matched at the start of a cue.
        self.phrases = sorted(pack_phrases, key=len, reverse=True)

    def __call__(self, text):
        toks = [t for t in tokens(text) if t not in (":", '"', "“", "”")]
        if not toks:
            return (":" if ":" in text else text.strip().lower() or "?"), None
        lem = [self.lemma(t) for t in toks]
        for p in self.phrases:
            if tuple(lem[: len(p)]) == p and (len(p) > 1 and lem[0] in PREPOSITIONS | {"it"}):
                return " ".join(p), p[0]
        keep = self._content(toks, lem)
        if not keep:
            return " ".join(lem), lem[0]
        if lem[keep[0]] in CATENATIVE:
            to = next((j for j in range(keep[0] + 1, len(toks)) if toks[j] in ("to", "by")), None)
            rest = [i for i in keep if to is not None and i > to]
            keep = rest or keep
        words = [lem[i] for i in keep]
        first = words[0]
        if first in PREPOSITIONS and len(toks) > 1:
            # "in a statement", "according to": a phrase, determiners folded to "a".
            rest = ["a" if w in DETERMINERS else w for w in [lem[i] for i in range(keep[0], len(lem))]]
            return " ".join(rest[:4]), rest[-1] if len(rest) > 1 else first
        if first == "it" and len(words) > 1:
            # "it is unclear whether", "it became clear": the impersonal phrase, aux dropped.
            return " ".join(words[:2]), first
        if first in LIGHT_VERBS and len(words) > 1:
            noun = [w for w in words[1:] if w not in DETERMINERS][:2]
            return " ".join([first] + noun), first
        if len(words) > 1 and words[1] in PARTICLES and keep[1] == keep[0] + 1:
            return f"{first} {words[1]}", first
        return first, first

    def _content(self, toks, lem):
        """Indices of the words left once auxiliaries, negation, adverbs and determiners go."""
        keep = []
        for i, (t, l) in enumerate(zip(toks, lem)):
            later = [j for j in range(i + 1, len(toks)) if lem[j] not in AUX | NEGATION | ADVERBS]
            if (l in AUX or t in AUX) and later:
                continue
            if l in NEGATION or (l in ADVERBS and later) or (t.endswith("ly") and t not in LY_VERBS and later):
                continue
            if not keep and l in DETERMINERS and later:
                continue
            keep.append(i)
        return keep


def load_pack(path, lemma):
    """The pack's cue lists as {lemma or lemmatised phrase (tuple): [list names]}."""
    with open(path, "rb") as f:
        lex = tomllib.load(f).get("lexicons", {})
    words, phrases = defaultdict(set), defaultdict(set)
    for name in CUE_LISTS:
        for entry in lex.get(name, []):
            toks = tokens(entry)
            if not toks:
                continue
            key = tuple(lemma(t) for t in toks)
            if len(key) == 1:
                words[key[0]].add(name)
            else:
                phrases[key].add(name)
    return words, phrases


def covered_by(lemma_text, head, words, phrases, lemma):
    """The pack lists holding any form of this cue lemma (its phrase, or its head word)."""
    key = tuple(lemma(t) for t in lemma_text.split())
    found = set(phrases.get(key, ()))
    if len(key) == 1:
        found |= words.get(key[0], set())
    elif head is not None:
        if key[0] in PREPOSITIONS:
            # "in a statement": the noun it is about, if the pack knows it as a statement noun.
            found |= {n for n in words.get(key[-1], set()) if n in ("statement_nouns", "documents")}
        else:
            found |= {n for n in words.get(head, set()) if n in VERB_LISTS}
        for p, names in phrases.items():
            if len(p) < len(key) and any(key[i:i + len(p)] == p for i in range(len(key) - len(p) + 1)):
                found |= names
    return sorted(found)


def phrase_lists(lemma_text, phrases):
    """Lists with a phrase that opens with this one-word lemma ("decline" -> no_comment)."""
    if " " in lemma_text:
        return []
    return sorted({n for p, names in phrases.items() if p[0] == lemma_text for n in names})


def die(msg, code=2):
    print(f"mine_cues.py: {msg}", file=sys.stderr)
    sys.exit(code)


def parse_ann(path):
    """Attributions of one brat file: [{role: (start, end, text)}] with a Cue."""
    spans, events = {}, []
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) >= 3 and re.fullmatch(r"T\d+", parts[0]):
                kind, _, rest = parts[1].partition(" ")
                try:
                    pieces = [tuple(map(int, p.split())) for p in rest.split(";")]
                except ValueError:
                    continue
                spans[parts[0]] = (kind, pieces[0][0], pieces[-1][1], parts[2])
            elif len(parts) >= 2 and re.fullmatch(r"E\d+", parts[0]):
                events.append(dict(x.split(":", 1) for x in parts[1].split() if ":" in x))
    out = []
    for ev in events:
        att = {r.lower(): spans[ev[r]][1:] for r in ("Source", "Cue", "Content") if ev.get(r) in spans}
        if "cue" in att:
            out.append(att)
    return out


def context(text, start, end, width=120):
    """The sentence around a span, the span in «», trimmed to about `width` characters."""
    left = max(text.rfind(c, 0, start) for c in ".!?\n")
    right = [i for i in (text.find(c, end) for c in ".!?\n") if i >= 0]
    s = left + 1
    e = min(right) + 1 if right else len(text)
    before, cue, after = text[s:start].lstrip(), text[start:end], text[end:e].rstrip()
    room = max(width - len(cue), 20)
    if len(before) > room // 2:
        before = "…" + before[-(room // 2):].lstrip()
    if len(after) > room - len(before):
        after = after[: max(room - len(before), 10)].rstrip() + "…"
    return re.sub(r"\s+", " ", f"{before}«{cue}»{after}")


def attested(root, pack_path):
    """Words the lemmatiser may choose among: PolNeAR train and dev (never test) and the pack."""
    vocab = set()
    for split in ("train", "dev"):
        for path in glob.glob(os.path.join(root, split, "text", "*.txt")):
            with open(path, encoding="utf-8") as f:
                vocab.update(re.findall(r"[a-z]+", f.read().lower()))
    with open(pack_path, "rb") as f:
        lex = tomllib.load(f).get("lexicons", {})
    for name in CUE_LISTS:
        for entry in lex.get(name, []):
            vocab.update(re.findall(r"[a-z]+", entry.lower()))
    return vocab


def mine(root, split, pack_path):
    if split == "test":
        die("PolNeAR test is held out: mine train or dev")
    texts = sorted(glob.glob(os.path.join(root, split, "text", "*.txt")))
    if not texts:
        die(f"no texts under {root}/{split}/text: is ../shared beside the project?")
    docs = []
    vocab = set()
    for path in texts:
        name = os.path.basename(path)[:-4]
        anns = sorted(glob.glob(os.path.join(root, split, "attributions", name + "*.ann")))
        if not anns:
            continue
        with open(path, encoding="utf-8") as f:
            text = f.read()
        vocab.update(re.findall(r"[a-z]+", text.lower()))
        docs.append((name, text, parse_ann(anns[0])))
    lemma = Lemmatiser(attested(root, pack_path) | vocab)
    words, phrases = load_pack(pack_path, lemma)
    norm = Normaliser(lemma, [p for p in phrases])
    counts, contexts, sources, heads, forms = Counter(), defaultdict(list), {}, {}, defaultdict(Counter)
    for name, text, atts in docs:
        for att in atts:
            cs, ce, cue = att["cue"]
            lem, head = norm(cue)
            counts[lem] += 1
            heads[lem] = head
            forms[lem][cue.lower()] += 1
            if len(contexts[lem]) < 3:
                contexts[lem].append(context(text, cs, ce))
            if lem not in sources and "source" in att:
                sources[lem] = att["source"][2]
    rows = []
    for lem, n in counts.most_common():
        rows.append({
            "lemma": lem, "count": n,
            "covered_by": covered_by(lem, heads[lem], words, phrases, lemma),
            "in_phrases": phrase_lists(lem, phrases),
            "forms": [f for f, _ in forms[lem].most_common(4)],
            "contexts": contexts[lem], "source": sources.get(lem),
        })
    return {"split": split, "documents": len(docs), "attributions": sum(counts.values()), "lemmas": rows}


def summary(result):
    rows = result["lemmas"]
    total = result["attributions"]
    cov_tok = sum(r["count"] for r in rows if r["covered_by"])
    cov_type = sum(1 for r in rows if r["covered_by"])
    return {
        "documents": result["documents"], "attributions": total, "distinct_lemmas": len(rows),
        "covered_attributions": cov_tok, "covered_share_tokens": cov_tok / total if total else 0.0,
        "covered_lemmas": cov_type, "covered_share_types": cov_type / len(rows) if rows else 0.0,
    }


def cell(s):
    return (s or "").replace("|", "\\|").replace("\n", " ")


def covered_cell(r):
    if r["covered_by"]:
        return ", ".join(r["covered_by"])
    return "— (phrases: " + ", ".join(r["in_phrases"]) + ")" if r["in_phrases"] else "—"


def markdown(result, top, uncovered):
    s = summary(result)
    rows = result["lemmas"]
    out = [f"# Cue lemmas of PolNeAR {result['split']}", "",
           f"- documents: {s['documents']}; attributions: {s['attributions']}; distinct cue lemmas: {s['distinct_lemmas']}",
           f"- covered by the pack (token-weighted): {s['covered_attributions']}/{s['attributions']} = {s['covered_share_tokens']:.3f}",
           f"- covered by the pack (type-weighted): {s['covered_lemmas']}/{s['distinct_lemmas']} = {s['covered_share_types']:.3f}",
           "- top uncovered: " + ", ".join(f"{r['lemma']} ({r['count']})" for r in [r for r in rows if not r["covered_by"]][:20]),
           "", "| lemma | count | covered by | forms | context | source |", "|---|---:|---|---|---|---|"]
    shown = [r for r in rows if not (uncovered and r["covered_by"])][:top]
    for r in shown:
        out.append(f"| {cell(r['lemma'])} | {r['count']} | {covered_cell(r)} | "
                   f"{cell(', '.join(r['forms']))} | {cell(r['contexts'][0] if r['contexts'] else '')} | {cell(r['source'])} |")
    return "\n".join(out) + "\n"


# ---- --report/--gold: what the tool misses on the eval/dev gold ----

STOP = {"the", "a", "an", "and", "or", "but", "of", "to", "in", "on", "at", "for", "with", "by",
        "from", "that", "this", "it", "he", "she", "they", "we", "i", "you", "his", "her", "their",
        "its", "our", "is", "are", "was", "were", "be", "been", "has", "have", "had", "will",
        "would", "not", "as", "if", "so", "than", "there", "what", "who", "which", "when", "most",
        "while", "also", "other", "new", "many", "about", "out", "after", "before", "how", "no",
        "percent", "time", "day", "year", "month", "more", "some", "all", "one", "two", "up", "do",
        "being", "having", "during", "including", "according"}


def misses(report_path, gold_paths, shared, pack_path, cue_lemmas, root):
    with open(report_path, encoding="utf-8") as f:
        report = json.load(f)
    claims = {os.path.normpath(d["path"]): d.get("claims", []) for d in report.get("documents", [])}
    vocab = set(cue_lemmas)
    texts, cursor, out = {}, {}, []
    rows = []
    for gp in gold_paths:
        if "/test" in gp.replace(os.sep, "/").split("eval")[-1]:
            die(f"{gp}: the test gold is held out")
        with open(gp, encoding="utf-8") as f:
            rows += [json.loads(line) for line in f if line.strip()]
    for g in rows:
        p = os.path.join(shared, g["doc"])
        if g["doc"] not in texts:
            if not os.path.exists(p):
                die(f"no document {p} (the gold names it): is ../shared beside the project?")
            with open(p, "rb") as f:
                texts[g["doc"]] = f.read()
            vocab.update(re.findall(r"[a-z]+", texts[g["doc"]].decode("utf-8", "replace").lower()))
    lemma = Lemmatiser(vocab | attested(root, pack_path))
    words, phrases = load_pack(pack_path, lemma)
    pack_words = set(words)
    verbs = Counter()
    for g in rows:
        data = texts[g["doc"]]
        needle = g["text"].encode("utf-8")
        at = data.find(needle, cursor.get(g["doc"], 0))
        if at < 0:
            continue
        cursor[g["doc"]] = at + len(needle)
        if g["kind"] in ("unattributed", "skip"):
            continue
        found = next((c for path, cs in claims.items() if path == g["doc"] or path.endswith(os.sep + g["doc"]) for c in [cs]), None)
        best, over = None, 0
        for c in found or []:
            o = min(at + len(needle), c["end"]) - max(at, c["start"])
            if o > over:
                best, over = c, o
        if best is not None and best["kind"] != "unattributed":
            continue
        cands = []
        for word in re.findall(r"[A-Za-z]+(?:['’][a-z]+)?", g["text"]):
            t = word.lower()
            if word[0].isupper() or t in STOP or "'" in t or "’" in t:
                continue  # names and function words are not cue words
            lem = lemma(t)
            verbal = t in IRREGULAR or (lem != t and t.endswith(("ed", "ing")))
            if lem in pack_words or lem in STOP:
                continue
            if cue_lemmas.get(lem, 0) >= 2 or verbal:
                cands.append(lem)
        verbs.update(set(cands))
        out.append({"doc": g["doc"], "kind": g["kind"], "source": g.get("source"), "text": g["text"],
                    "candidates": sorted(set(cands), key=lambda w: (w not in cue_lemmas, w))})
    return out, verbs


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--split", default="train", choices=["train", "dev", "test"],
                    help="PolNeAR split to mine (test is refused: it is held out)")
    ap.add_argument("--root", default=os.path.join(SHARED, "polnear"))
    ap.add_argument("--pack", default=os.path.join(PROJECT, "rules", "default.toml"))
    ap.add_argument("--top", type=int, default=150, help="rows of the lemma table (default 150)")
    ap.add_argument("--uncovered", action="store_true", help="only lemmas the pack does not cover")
    ap.add_argument("--json", action="store_true", help="JSON instead of Markdown")
    ap.add_argument("--out", help="write here instead of stdout")
    ap.add_argument("--report", help="a `sourced check --format json` report over eval/dev documents")
    ap.add_argument("--gold", nargs="+", help="gold rows (eval/dev/*.jsonl) for --report")
    ap.add_argument("--shared", default=SHARED, help="where the gold's doc paths are relative to")
    a = ap.parse_args()
    if a.split == "test":
        die("PolNeAR test is held out: mine train or dev")
    if not os.path.exists(a.pack):
        die(f"no rule pack at {a.pack}")
    result = mine(a.root, a.split, a.pack)
    if a.report or a.gold:
        if not (a.report and a.gold):
            die("--report and --gold go together")
        if not os.path.exists(a.report):
            die(f"no report {a.report}: make one with scripts/shared_report.py")
        cue_lemmas = {r["lemma"]: r["count"] for r in result["lemmas"] if " " not in r["lemma"]}
        found, verbs = misses(a.report, a.gold, a.shared, a.pack, cue_lemmas, a.root)
        if a.json:
            text = json.dumps({"missed": found, "verbs": verbs.most_common()}, indent=1, ensure_ascii=False) + "\n"
        else:
            lines = [f"# Gold-attributed sentences the report left unattributed: {len(found)}", "",
                     "Verbs not in the pack, by sentences: " + ", ".join(f"{w} ({n})" for w, n in verbs.most_common(60)), "",
                     "| doc | gold kind | gold source | candidate cue words | sentence |", "|---|---|---|---|---|"]
            for m in found:
                lines.append(f"| {cell(m['doc'])} | {m['kind']} | {cell(m['source'])} | {', '.join(m['candidates']) or '—'} | {cell(m['text'][:160])} |")
            text = "\n".join(lines) + "\n"
    elif a.json:
        text = json.dumps({"summary": summary(result), **result}, indent=1, ensure_ascii=False) + "\n"
    else:
        text = markdown(result, a.top, a.uncovered)
    if a.out:
        with open(a.out, "w", encoding="utf-8") as f:
            f.write(text)
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
