"""Rebuild the shipped default theme model (``src/policytext/data/themes/default/``).

Training data are paragraphs of the project's corpus (``../shared/corpus``: national and
provincial government work reports, CPC congress reports, CCTV news), never the documents of
the dev evaluation set (they are read from ``../shared/eval/dev-*.jsonl`` and excluded).
Labels are weak labels from the lexicon scorer, replaced by hand labels where
``src/policytext/data/themes/hand_labels.jsonl`` has them (references by file and line, no
text; written by the project for a random sample of these paragraphs, following
ANNOTATION.md). The classifier is multi-label (one logistic regression per theme) over word
unigrams and bigrams only (no lexicon features), so that it generalises from the lexicon's
labels to the words around them; the shipped model blends it with the lexicon. Character
n-grams (``--char-ngrams 1,3``) raise the weak-label CV a little (0.783 vs 0.758) but hardly
the blend on the held-out hand labels outside ``students`` (one hand-labelled paragraph):
0.837 vs 0.824 over the other nine themes; they cost about 30 % of the pipeline's time, so
the default model goes without them (character bigrams alone, ``2,2``: blend 0.748 vs 0.742). The script reports the
classifier's cross-validated agreement with the weak labels and, on the hand labels held out
from training, the lexicon, the classifier and the blend.

    python scripts/build_theme_model.py            # writes the default model, prints CV scores
    python scripts/build_theme_model.py --no-write # only the cross-validated scores

Deterministic: paragraphs are read in sorted file order and sampled with a fixed seed.
"""

from __future__ import annotations

import argparse
import json
import os
import random
from pathlib import Path

import numpy as np
from sklearn.base import clone
from sklearn.metrics import f1_score

from policytext.themes import THEMES, BlendThemeModel, LexiconThemeScorer, ThemeClassifier

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("POLICYTEXT_SHARED", ROOT / ".." / "shared"))
OUT = Path(os.environ.get("THEME_MODEL_OUT", ROOT / "src" / "policytext" / "data" / "themes" / "default"))
HAND = ROOT / "src" / "policytext" / "data" / "themes" / "hand_labels.jsonl"


def dev_documents() -> tuple[set[str], set[str]]:
    """Files and jsonl record ids used by the dev evaluation set (excluded from training)."""
    files, ids = set(), set()
    for gold in sorted((SHARED / "eval").glob("dev-*.jsonl")):
        with gold.open(encoding="utf-8") as fh:
            meta = json.loads(fh.readline())
        for ref in meta.get("documents", {}).values():
            path, _, rid = ref.partition("#")
            (ids.add(rid) if rid else files.add(path))
    return files, ids


def _keep(text: str) -> bool:
    return 30 <= len(text) <= 900 and "。" in text


def corpus_paragraphs(max_news: int = 2500) -> list[tuple[str, str]]:
    """``(reference, text)`` of body-like paragraphs; reference = ``path:line`` or ``path#id:n``."""
    skip_files, skip_ids = dev_documents()
    out: list[tuple[str, str]] = []
    corpus = SHARED / "corpus"
    for folder in ("gov-report-national", "gov-report-provincial-2026", "cpc-congress-reports"):
        for f in sorted((corpus / folder).glob("*.txt")):
            rel = f.relative_to(SHARED).as_posix()
            if rel in skip_files:
                continue
            year = next((int(p) for p in f.stem.split("-") if p.isdigit() and len(p) == 4), 2000)
            if folder == "gov-report-national" and year < 1978:
                continue
            for i, line in enumerate(f.read_text(encoding="utf-8").splitlines()):
                if _keep(line.strip()):
                    out.append((f"{rel}:{i + 1}", line.strip()))
    news = corpus / "cctv-xinwenlianbo" / "xwlb-policy-news-2022-2026.jsonl"
    rel = news.relative_to(SHARED).as_posix()
    items = [json.loads(line) for line in news.open(encoding="utf-8")]
    items = [it for it in items if it["id"] not in skip_ids]
    random.Random(0).shuffle(items)
    for it in items[:max_news]:
        for j, para in enumerate(it["text"].split("\n")):
            if _keep(para.strip()):
                out.append((f"{rel}#{it['id']}:{j + 1}", para.strip()))
    return out


def hand_labels() -> dict[str, list[str]]:
    if not HAND.is_file():
        return {}
    rows = [json.loads(line) for line in HAND.open(encoding="utf-8") if line.strip()]
    return {r["ref"]: r["themes"] for r in rows}


def cv_scores(texts: list[str], Y: np.ndarray, clf: ThemeClassifier, k: int = 5) -> dict[str, float]:
    """k-fold cross-validated per-theme F1 and macro-F1 of ``clf`` against ``Y``."""
    from sklearn.model_selection import KFold

    pred = np.zeros_like(Y)
    X = np.array(texts, dtype=object)
    for tr, te in KFold(k, shuffle=True, random_state=0).split(X):
        m = clone(clf).fit(list(X[tr]), Y[tr])
        pred[te] = m.predict(list(X[te]))
    per = f1_score(Y, pred, average=None, zero_division=0)
    return {"macro_f1": float(per.mean()), **{t: float(f) for t, f in zip(THEMES, per, strict=False)}}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--no-write", action="store_true")
    ap.add_argument("--lexicon-features", action="store_true",
                    help="give the classifier the lexicon scores as features (it then mostly copies them)")
    ap.add_argument("--heldout-out", help="also save the blend whose classifier never saw the hand labels")
    ap.add_argument("--hand-weight", type=float, default=5.0, help="sample weight of hand labels")
    ap.add_argument("--max-news", type=int, default=2500)
    ap.add_argument("--cv", type=int, default=5, help="folds for the reported scores (0: skip)")
    ap.add_argument("--weight", type=float, default=0.6, help="lexicon weight in the blend")
    ap.add_argument("--threshold", type=float, default=0.5, help="blend threshold")
    ap.add_argument("--char-ngrams", default="",
                    help="also character n-grams, e.g. '1,3' (off: they cost more time than they earn)")
    args = ap.parse_args()

    lexicon = LexiconThemeScorer()
    paras = corpus_paragraphs(args.max_news)
    texts = [t for _, t in paras]
    weak = lexicon.assign(texts)
    Y = np.array([[t in a.themes for t in THEMES] for a in weak], dtype=int)
    hand = hand_labels()
    refs = [r for r, _ in paras]
    n_hand = 0
    for i, ref in enumerate(refs):
        if ref in hand:
            Y[i] = [t in hand[ref] for t in THEMES]
            n_hand += 1
    print(f"{len(texts)} paragraphs, {n_hand} hand-labelled; label counts:",
          dict(zip(THEMES, Y.sum(axis=0).tolist(), strict=False)))
    chars = tuple(int(n) for n in args.char_ngrams.split(",")) if args.char_ngrams else None
    clf = ThemeClassifier(word_ngram_range=(1, 2), char_ngram_range=chars, min_df=3,
                          lexicon="default" if args.lexicon_features else None,
                          max_word_features=20000, max_char_features=20000, C=2.0)
    is_hand = np.array([r in hand for r in refs])
    weights = np.where(is_hand, args.hand_weight, 1.0)
    if args.cv:
        print(f"weak-label {args.cv}-fold CV, classifier vs lexicon labels:",
              {k: round(v, 3) for k, v in cv_scores(texts, Y, clf, args.cv).items()})
    if is_hand.sum() >= 30:
        # held-out check: a classifier trained without the hand-labelled paragraphs
        train = [t for t, h in zip(texts, is_hand, strict=False) if not h]
        held = clone(clf).fit(train, Y[~is_hand])
        held.classes_ = np.array(THEMES)
        ht = [t for t, h in zip(texts, is_hand, strict=False) if h]
        for name, m in (("lexicon", lexicon), ("classifier", held),
                        ("blend", BlendThemeModel(lexicon, held, weight=args.weight,
                                                  threshold=args.threshold))):
            pred = np.array([[t in a.themes for t in THEMES] for a in m.assign(ht)], dtype=int)
            per = f1_score(Y[is_hand], pred, average=None, zero_division=0)
            print(f"held-out hand labels ({len(ht)}), {name}: macro-F1 {per.mean():.3f}",
                  {t: round(float(f), 2) for t, f in zip(THEMES, per, strict=False)})
        if args.heldout_out:
            BlendThemeModel(lexicon, held, weight=args.weight, threshold=args.threshold).save(
                args.heldout_out)
    clf.fit(texts, Y, sample_weight=weights)
    clf.classes_ = np.array(THEMES)
    model = BlendThemeModel(lexicon, clf, weight=args.weight, threshold=args.threshold)
    if not args.no_write:
        model.save(OUT)
        size = sum(p.stat().st_size for p in OUT.iterdir())
        print(f"written {OUT} ({size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
