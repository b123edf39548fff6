"""Could a local chat model judge "do these passages answer the question?" better than the gate?

    .venv/bin/python benchmarks/answer_judge.py [--model PATH.gguf ...] [--split r9final ...]

The gate (echoassist/answer/gate.py) reads lexical features and the embedder's similarity, and
cannot tell "pulmonary valve stenosis" (not in the notes) from the aortic stenosis table. This
benchmark asks each given model, for every question, the yes/no question of a judge: the chosen
evidence sentences and the question go through the model's own chat template, and the judge's
score is P(Yes) / (P(Yes) + P(No)) of its first answer token (one forward pass, no sampling).

Per scorer, on the same questions and evidence: the AUC of answerable against near-miss
questions (how well the score ranks them, 0.5 is chance), the false refusals at a threshold
that refuses 90% of these near misses (chosen on the same rows: it compares rankings, it is
not a deployable threshold), and the seconds per question against the gate's. "gate + judge"
adds the two log-odds. Defaults: the built-in model, and the larger opt-in model where it is
registered; the three newest blind sets (r7final, r8final, r9final).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from answer_quality import CORPUS, KB_DIR, QUESTION_FILES  # noqa: E402

REFUSED = 0.90
JUDGE_SYSTEM = ("You check whether reference passages answer a clinician's question. "
                "Reply with Yes or No only.")


def judge_prompt(question: str, evidence: list[str]) -> list[dict[str, str]]:
    passages = "\n".join(f"- {text}" for text in evidence)
    return [{"role": "system", "content": JUDGE_SYSTEM},
            {"role": "user", "content": f"Passages:\n{passages}\n\nQuestion: {question}\n\n"
                                        "Do the passages state the specific answer to this "
                                        "question? Reply Yes or No."}]


class Judge:
    """P(Yes) of a chat model's first answer token, from llama.cpp's last-position logits."""

    def __init__(self, path: Path) -> None:
        from echoassist.engine.llama import open_engine

        self.engine = open_engine(path, n_ctx=2048)
        self.name = path.stem
        self.yes = self._first_tokens(["Yes", " Yes", "yes", " yes"])
        self.no = self._first_tokens(["No", " No", "no", " no"])

    def _first_tokens(self, spellings: list[str]) -> list[int]:
        return sorted({self.engine.tokenize(s)[0] for s in spellings})

    def score(self, question: str, evidence: list[str]) -> float:
        import llama_cpp

        llm = self.engine.llm
        tokens = self.engine.render_chat(judge_prompt(question, evidence))
        llm.reset()
        llm.eval(tokens)
        logits = np.ctypeslib.as_array(llama_cpp.llama_get_logits_ith(llm.ctx, -1),
                                       shape=(llm.n_vocab(),)).astype(np.float64)
        probs = np.exp(logits - logits.max())
        yes, no = probs[self.yes].sum(), probs[self.no].sum()
        return float(yes / (yes + no)) if yes + no > 0 else 0.5


def auc(scores: np.ndarray, positive: np.ndarray) -> float:
    pos, neg = scores[positive], scores[~positive]
    wins = (pos[:, None] > neg[None, :]) + 0.5 * (pos[:, None] == neg[None, :])
    return float(wins.mean())


def false_refusals(scores: np.ndarray, positive: np.ndarray) -> float:
    threshold = np.quantile(scores[~positive], REFUSED)
    return float(np.mean(scores[positive] <= threshold))


def logit(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


def default_models() -> list[Path]:
    from echoassist.models.registry import resolve_model

    paths = [Path(resolve_model("smollm2-135m", "").path)]
    try:
        paths.append(Path(resolve_model("qwen2.5-coder-1.5b", "").path))
    except Exception:  # noqa: BLE001 - the larger model is opt-in (install.sh --larger-model)
        print("qwen2.5-coder-1.5b is not registered: judging with the built-in model only",
              file=sys.stderr)
    return paths


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kb", type=Path, default=KB_DIR)
    parser.add_argument("--model", type=Path, action="append", help="a chat GGUF (repeatable)")
    parser.add_argument("--split", action="append", help="question set (repeatable)")
    args = parser.parse_args()
    from echoassist.answer.evidence import choose_evidence
    from echoassist.answer.gate import learned_gate
    from echoassist.answer.pipeline import CANDIDATE_CHUNKS
    from echoassist.retrieval import open_retriever
    from kb import KnowledgeBase

    splits = set(args.split or ["r7final", "r8final", "r9final"])
    questions = [q for path in QUESTION_FILES for line in path.read_text().splitlines()
                 if line.strip() and (q := json.loads(line))["split"] in splits]
    sources = [REPO / "kb" / "corpus"] + ([CORPUS / "pdfs"] if (CORPUS / "pdfs").is_dir() else [])
    KnowledgeBase(args.kb).build(sources)
    retriever = open_retriever(str(args.kb))
    gate = learned_gate()
    if retriever is None or gate is None:
        print("no knowledge base or no fitted gate", file=sys.stderr)
        return 1
    cases = []
    started = time.perf_counter()
    for q in questions:
        candidates, relevance = retriever.retrieve(q["question"], CANDIDATE_CHUNKS)
        choice = choose_evidence(q["question"], candidates, retriever.embed_texts,
                                 retriever.is_common_word, relevance=relevance)
        cases.append((q, [e.text for e in choice.evidence], gate.probability(choice.gate)))
    gate_s = (time.perf_counter() - started) / max(len(cases), 1)
    positive = np.array([q["answerable"] for q, _, _ in cases])
    gate_scores = np.array([p for _, _, p in cases])
    print(f"{len(cases)} questions ({', '.join(sorted(splits))}): {positive.sum()} answerable, "
          f"{(~positive).sum()} near misses\n")
    print(f"{'scorer':34s} {'AUC':>6s} {'false refusals @90%':>20s} {'s/question':>11s} "
          f"{'time vs gate':>13s}")
    print(f"{'gate (shipped)':34s} {auc(gate_scores, positive):6.3f} "
          f"{false_refusals(gate_scores, positive):20.3f} {gate_s:11.2f} {1.0:12.2f}x")
    for path in args.model or default_models():
        judge = Judge(path)
        started = time.perf_counter()
        judged = np.array([judge.score(q["question"], evidence) if evidence else 0.0
                           for q, evidence, _ in cases])
        judge_s = (time.perf_counter() - started) / max(len(cases), 1)
        both = np.array([logit(g) + logit(j) for g, j in zip(gate_scores, judged, strict=True)])
        for label, scores, seconds in ((f"judge: {judge.name}", judged, judge_s),
                                       (f"gate + judge: {judge.name}", both, gate_s + judge_s)):
            print(f"{label[:34]:34s} {auc(scores, positive):6.3f} "
                  f"{false_refusals(scores, positive):20.3f} {seconds:11.2f} "
                  f"{seconds / gate_s:12.2f}x")
        judge.engine.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
