"""Compare local GGUF chat models on ECG/echo questions (issue 3: default model choice).

Usage (from the repo root)::

    python benchmarks/model_compare.py MODEL.gguf [MODEL2.gguf ...] \
        [--threads 2] [--max-tokens 200] [--limit N] [--out answers.json]
    python benchmarks/model_compare.py MODEL.gguf --threads-sweep 1,2

For every GGUF given, each question of ``benchmarks/data/model_questions.jsonl``
(``{id, question, key_facts: [...], topic}``) is asked through
``Llama.create_chat_completion`` with the model's own chat template (the
``tokenizer.chat_template`` stored in the GGUF), a short system prompt,
temperature 0 and a modest ``max_tokens``.  A table is printed with file size,
load time, prompt and decode speed (llama.cpp's own perf counters), peak RSS
and the key-fact hit rate (fraction of key facts found in the answer,
case-insensitive; a key fact written ``a|b`` counts when either alternative is
found).  All answers go to a JSON file for human reading.

Each model runs in its own child process, one after the other, so that peak RSS
is per model and a crash in one model does not lose the others.  Nothing here
touches the network: the GGUF files must already be on disk.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_QUESTIONS = HERE / "data" / "model_questions.jsonl"
DEFAULT_OUT = Path(tempfile.gettempdir()) / "echoassist_model_compare.json"

SYSTEM_PROMPT = (
    "You are a cardiology assistant for clinicians. Answer questions about ECG and "
    "echocardiography accurately and concisely, in a few sentences, using standard "
    "clinical terms and giving numeric thresholds where relevant. If unsure, say so."
)

# A fixed prompt for the thread sweep: asks for a long answer so decode runs a while.
SWEEP_PROMPT = (
    "List and briefly explain the echocardiographic criteria used to grade aortic "
    "stenosis severity."
)


# --------------------------------------------------------------------------- scoring
def fact_found(fact: str, answer: str) -> bool:
    """Case-insensitive substring match; ``a|b`` means either alternative."""
    text = answer.lower()
    return any(alt.strip().lower() in text for alt in fact.split("|") if alt.strip())


def hit_rate(key_facts: list[str], answer: str) -> tuple[int, int]:
    found = sum(1 for f in key_facts if fact_found(f, answer))
    return found, len(key_facts)


def load_questions(path: Path, limit: int | None = None) -> list[dict]:
    questions = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if line:
                questions.append(json.loads(line))
    return questions[:limit] if limit else questions


# --------------------------------------------------------------------------- worker
def _peak_rss_mb() -> float:
    # ru_maxrss is in KiB on Linux (bytes on macOS).
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024


def _load(model_path: str, n_threads: int, n_ctx: int):
    from llama_cpp import Llama

    t0 = time.perf_counter()
    llm = Llama(
        model_path=model_path,
        n_ctx=n_ctx,
        n_threads=n_threads,
        n_threads_batch=n_threads,
        seed=0,
        verbose=False,
    )
    return llm, time.perf_counter() - t0


def _chat(llm, question: str, max_tokens: int) -> dict:
    """One chat completion; returns answer plus llama.cpp perf counters."""
    import llama_cpp

    ctx = llm._ctx.ctx  # noqa: SLF001 - perf counters are only reachable here
    llm.reset()  # no KV-cache prefix reuse: every prompt is evaluated in full
    llama_cpp.llama_perf_context_reset(ctx)
    t0 = time.perf_counter()
    out = llm.create_chat_completion(
        messages=[
            {"role": "system", "content": SYSTEM_PROMPT},
            {"role": "user", "content": question},
        ],
        max_tokens=max_tokens,
        temperature=0.0,
        top_k=1,
        seed=0,
    )
    wall = time.perf_counter() - t0
    perf = llama_cpp.llama_perf_context(ctx)
    usage = out.get("usage", {})
    return {
        "answer": out["choices"][0]["message"]["content"] or "",
        "finish_reason": out["choices"][0].get("finish_reason"),
        "prompt_tokens": usage.get("prompt_tokens"),
        "completion_tokens": usage.get("completion_tokens"),
        "wall_s": round(wall, 3),
        "n_p_eval": perf.n_p_eval,
        "t_p_eval_ms": perf.t_p_eval_ms,
        "n_eval": perf.n_eval,
        "t_eval_ms": perf.t_eval_ms,
    }


def worker_questions(args: argparse.Namespace) -> dict:
    questions = load_questions(Path(args.questions), args.limit)
    llm, load_s = _load(args.model, args.threads, args.n_ctx)
    meta = dict(llm.metadata)
    rows = []
    for i, q in enumerate(questions, 1):
        r = _chat(llm, q["question"], args.max_tokens)
        found, total = hit_rate(q.get("key_facts", []), r["answer"])
        r.update(
            id=q.get("id"),
            topic=q.get("topic"),
            question=q["question"],
            key_facts=q.get("key_facts", []),
            facts_found=[f for f in q.get("key_facts", []) if fact_found(f, r["answer"])],
            hits=found,
            n_facts=total,
        )
        rows.append(r)
        if args.partial:
            with open(args.partial, "a", encoding="utf-8") as fh:
                fh.write(json.dumps({"model": Path(args.model).name, **r}, ensure_ascii=False))
                fh.write("\n")
        print(
            f"  [{Path(args.model).name}] {i}/{len(questions)} {q.get('id')}: "
            f"{found}/{total} facts, {r['completion_tokens']} tok, {r['wall_s']:.1f}s",
            file=sys.stderr,
            flush=True,
        )
    p_tok = sum(r["n_p_eval"] for r in rows)
    p_ms = sum(r["t_p_eval_ms"] for r in rows)
    d_tok = sum(r["n_eval"] for r in rows)
    d_ms = sum(r["t_eval_ms"] for r in rows)
    hits = sum(r["hits"] for r in rows)
    n_facts = sum(r["n_facts"] for r in rows)
    return {
        "model": Path(args.model).name,
        "path": str(Path(args.model).resolve()),
        "general_name": meta.get("general.name"),
        "file_type": meta.get("general.file_type"),
        "chat_format": llm.chat_format,
        "size_mb": round(os.path.getsize(args.model) / 1e6, 1),
        "threads": args.threads,
        "n_ctx": args.n_ctx,
        "max_tokens": args.max_tokens,
        "load_s": round(load_s, 2),
        "prompt_tok_s": round(p_tok / (p_ms / 1000), 1) if p_ms else None,
        "decode_tok_s": round(d_tok / (d_ms / 1000), 1) if d_ms else None,
        "total_wall_s": round(sum(r["wall_s"] for r in rows), 1),
        "peak_rss_mb": round(_peak_rss_mb(), 0),
        "key_fact_hits": hits,
        "key_facts_total": n_facts,
        "hit_rate": round(hits / n_facts, 3) if n_facts else None,
        "mean_question_hit_rate": round(
            statistics.mean(r["hits"] / r["n_facts"] for r in rows if r["n_facts"]), 3
        )
        if any(r["n_facts"] for r in rows)
        else None,
        "answers": rows,
    }


def worker_sweep(args: argparse.Namespace) -> dict:
    llm, load_s = _load(args.model, args.threads, args.n_ctx)
    runs = []
    for _ in range(args.sweep_repeats):
        r = _chat(llm, SWEEP_PROMPT, args.sweep_tokens)
        runs.append(r)
    d_tok = sum(r["n_eval"] for r in runs)
    d_ms = sum(r["t_eval_ms"] for r in runs)
    p_tok = sum(r["n_p_eval"] for r in runs)
    p_ms = sum(r["t_p_eval_ms"] for r in runs)
    return {
        "model": Path(args.model).name,
        "threads": args.threads,
        "load_s": round(load_s, 2),
        "decode_tokens": d_tok,
        "decode_tok_s": round(d_tok / (d_ms / 1000), 1) if d_ms else None,
        "prompt_tok_s": round(p_tok / (p_ms / 1000), 1) if p_ms else None,
        "per_run_decode_tok_s": [
            round(r["n_eval"] / (r["t_eval_ms"] / 1000), 1) if r["t_eval_ms"] else None
            for r in runs
        ],
        "peak_rss_mb": round(_peak_rss_mb(), 0),
        "loadavg": os.getloadavg(),
    }


# --------------------------------------------------------------------------- parent
def _run_child(model: str, args: argparse.Namespace, threads: int, mode: str) -> dict:
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as tmp:
        result_path = tmp.name
    cmd = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--_worker",
        mode,
        "--_result",
        result_path,
        "--threads",
        str(threads),
        "--n-ctx",
        str(args.n_ctx),
        "--max-tokens",
        str(args.max_tokens),
        "--questions",
        str(args.questions),
        "--sweep-tokens",
        str(args.sweep_tokens),
        "--sweep-repeats",
        str(args.sweep_repeats),
        model,
    ]
    if args.limit:
        cmd += ["--limit", str(args.limit)]
    if mode == "questions":
        # answers are also appended here as they come, so an interrupted run keeps them
        cmd += ["--_partial", str(args.out) + ".partial.jsonl"]
    try:
        proc = subprocess.run(cmd, check=False)
        if proc.returncode != 0:
            return {"model": Path(model).name, "threads": threads, "error": f"rc={proc.returncode}"}
        return json.loads(Path(result_path).read_text(encoding="utf-8"))
    finally:
        Path(result_path).unlink(missing_ok=True)


def _fmt(v, spec: str = "") -> str:
    if v is None:
        return "-"
    return format(v, spec) if spec else str(v)


def print_table(results: list[dict]) -> None:
    head = (
        f"{'model':<44} {'MB':>7} {'load s':>7} {'prompt t/s':>10} {'decode t/s':>10} "
        f"{'RSS MB':>7} {'facts':>9} {'hit rate':>8}"
    )
    print(head)
    print("-" * len(head))
    for r in results:
        if "error" in r:
            print(f"{r['model']:<44} ERROR {r['error']}")
            continue
        facts = f"{r['key_fact_hits']}/{r['key_facts_total']}"
        print(
            f"{r['model']:<44} {_fmt(r['size_mb'], '.0f'):>7} {_fmt(r['load_s'], '.2f'):>7} "
            f"{_fmt(r['prompt_tok_s'], '.1f'):>10} {_fmt(r['decode_tok_s'], '.1f'):>10} "
            f"{_fmt(r['peak_rss_mb'], '.0f'):>7} {facts:>9} {_fmt(r['hit_rate'], '.3f'):>8}"
        )


def print_sweep(results: list[dict]) -> None:
    head = f"{'model':<44} {'threads':>7} {'decode t/s':>10} {'prompt t/s':>10} {'per run':>22}"
    print(head)
    print("-" * len(head))
    for r in results:
        if "error" in r:
            print(f"{r['model']:<44} {r['threads']:>7} ERROR {r['error']}")
            continue
        print(
            f"{r['model']:<44} {r['threads']:>7} {_fmt(r['decode_tok_s'], '.1f'):>10} "
            f"{_fmt(r['prompt_tok_s'], '.1f'):>10} {str(r['per_run_decode_tok_s']):>22}"
        )


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("models", nargs="+", help="GGUF files to compare, run one at a time")
    p.add_argument("--questions", default=str(DEFAULT_QUESTIONS))
    p.add_argument("--threads", type=int, default=2, help="llama.cpp threads (default 2)")
    p.add_argument("--n-ctx", type=int, default=2048)
    p.add_argument("--max-tokens", type=int, default=200)
    p.add_argument("--limit", type=int, default=None, help="only the first N questions")
    p.add_argument("--out", default=str(DEFAULT_OUT), help="JSON file for all answers/results")
    p.add_argument(
        "--threads-sweep",
        default=None,
        metavar="LIST",
        help="instead of the questions, measure decode speed per thread count, e.g. 1,2",
    )
    p.add_argument("--sweep-tokens", type=int, default=96, help="tokens per sweep run")
    p.add_argument("--sweep-repeats", type=int, default=2, help="runs per thread count")
    p.add_argument("--_worker", choices=["questions", "sweep"], help=argparse.SUPPRESS)
    p.add_argument("--_result", help=argparse.SUPPRESS)
    p.add_argument("--_partial", dest="partial", default=None, help=argparse.SUPPRESS)
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)

    if args._worker:
        args.model = args.models[0]
        fn = worker_questions if args._worker == "questions" else worker_sweep
        Path(args._result).write_text(json.dumps(fn(args), indent=1), encoding="utf-8")
        return 0

    for m in args.models:
        if not Path(m).is_file():
            print(f"no such GGUF: {m}", file=sys.stderr)
            return 2

    if args.threads_sweep:
        threads = [int(t) for t in args.threads_sweep.split(",") if t.strip()]
        results = [_run_child(m, args, t, "sweep") for m in args.models for t in threads]
        print_sweep(results)
    else:
        if not Path(args.questions).is_file():
            print(f"questions file not found: {args.questions}", file=sys.stderr)
            return 2
        Path(str(args.out) + ".partial.jsonl").unlink(missing_ok=True)
        results = [_run_child(m, args, args.threads, "questions") for m in args.models]
        print_table(results)

    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    payload = {
        "system_prompt": SYSTEM_PROMPT,
        "mode": "threads_sweep" if args.threads_sweep else "questions",
        "loadavg_at_end": os.getloadavg(),
        "cpu_count": os.cpu_count(),
        "results": results,
    }
    out.write_text(json.dumps(payload, indent=1, ensure_ascii=False), encoding="utf-8")
    print(f"\nanswers/results written to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
