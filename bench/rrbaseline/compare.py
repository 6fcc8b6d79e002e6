#!/usr/bin/env python3
"""Compare rr.py with `wfm schedule solve` at the same time limit (issue #21).

    python3 compare.py --wfm /tmp/wfm --time-limit 60 --generate held-out --sizes issue --dir /tmp/rr60
    python3 compare.py --wfm /tmp/wfm --time-limit 60 --dir FOLDER_OF_PROBLEMS
    python3 compare.py --wfm /tmp/wfm --time-limit 60 --dir FOLDER --only 20x7,500x7 --modes 1core

With --generate, `wfm bench rosters --workers 1` first writes each generated
problem and its one-worker roster (NAME.problem.json, NAME.solution.json)
into --dir at the same time limit. Then, for each NAME.problem.json in --dir,
one after another (never two at once): rr.py, `wfm schedule solve` with
GOMAXPROCS=1 (the product's default two workers sharing one core: the same
CPU as single-threaded Python), and `wfm schedule solve` as it comes (two
workers, every core). Every roster is checked with `wfm schedule check`; the
objectives in the table are the checker's. diff % = (wfm - rr) / rr: above
zero, wfm is worse than the baseline.
"""

import argparse
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def check(wfm, problem, solution):
    r = subprocess.run([wfm, "-q", "schedule", "check", "--problem", problem, "--solution", solution],
                       capture_output=True, text=True)
    try:
        rep = json.loads(r.stdout)
    except ValueError:
        return None, "check failed: " + r.stderr.strip()[:200]
    if not rep["feasible"]:
        return rep["objective"], "INFEASIBLE: %s" % "; ".join(v["message"] for v in rep["violations"][:3])
    return rep["objective"], ""


def solve_wfm(wfm, problem, out, limit, one_core):
    env = dict(os.environ)
    if one_core:
        env["GOMAXPROCS"] = "1"
    subprocess.run([wfm, "-q", "schedule", "solve", "--problem", problem, "--time-limit", "%gs" % limit,
                    "--seed", "1", "--out", out], check=True, env=env, stderr=subprocess.DEVNULL)


def diff(wfm_obj, rr_obj):
    if wfm_obj is None or rr_obj is None:
        return "-"
    if rr_obj == 0:
        return "0.0%" if wfm_obj == 0 else "inf"
    return "%+.1f%%" % (100 * (wfm_obj - rr_obj) / rr_obj)


def fmt(v):
    return "-" if v is None else "%.1f" % v


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--wfm", default=os.environ.get("WFM", "wfm"), help="the wfm binary")
    ap.add_argument("--dir", required=True, help="folder of NAME.problem.json files (written there with --generate)")
    ap.add_argument("--time-limit", type=float, default=60, help="seconds per run, the same for every solver")
    ap.add_argument("--generate", help="first write generated instances: held-out, tuning or seeds 101,102")
    ap.add_argument("--sizes", default="issue", help="with --generate: issue or all")
    ap.add_argument("--seed", type=int, default=1, help="rr.py's seed")
    ap.add_argument("--only", help="comma-separated substrings: only problems whose name has one")
    ap.add_argument("--modes", default="1core,default",
                    help="which wfm runs: 1core (GOMAXPROCS=1, rr.py's CPU), default (every core), or both")
    args = ap.parse_args()
    if args.time_limit <= 0:
        ap.error("--time-limit: want seconds > 0")
    modes = [m.strip() for m in args.modes.split(",") if m.strip()]
    if not modes or any(m not in ("1core", "default") for m in modes):
        ap.error("--modes %r: want 1core, default or 1core,default" % args.modes)
    if args.generate:
        subprocess.run([args.wfm, "-q", "bench", "rosters", "--seeds", args.generate, "--sizes", args.sizes,
                        "--workers", "1", "--time-limit", "%gs" % args.time_limit, "--bound-limit", "none",
                        "--out", args.dir], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if not os.path.isdir(args.dir):
        sys.exit("compare: --dir %s: not a folder" % args.dir)
    names = sorted(f[:-len(".problem.json")] for f in os.listdir(args.dir) if f.endswith(".problem.json"))
    if args.only:
        names = [n for n in names if any(s in n for s in args.only.split(","))]
    if not names:
        sys.exit("compare: --dir %s: no *.problem.json" % args.dir)
    head = ("instance", "rr", "wfm 1 worker", "diff", "wfm 1 core", "diff", "wfm default", "diff")
    rows, notes = [], []
    for n in names:
        p = os.path.join(args.dir, n + ".problem.json")
        base = os.path.join(args.dir, n)
        subprocess.run([sys.executable, os.path.join(HERE, "rr.py"), "--quiet", "--problem", p, "--out", base + ".rr.json",
                        "--time-limit", "%g" % args.time_limit, "--seed", str(args.seed)], check=True)
        rr_obj, note = check(args.wfm, p, base + ".rr.json")
        if note:
            notes.append("%s rr: %s" % (n, note))
        w1 = None
        if args.generate and os.path.exists(base + ".solution.json"):
            w1, note = check(args.wfm, p, base + ".solution.json")
            if note:
                notes.append("%s wfm 1 worker: %s" % (n, note))
        res = []
        for label, one_core in (("1core", True), ("default", False)):
            if label not in modes:
                res.append(None)
                continue
            out = "%s.wfm-%s.json" % (base, label)
            solve_wfm(args.wfm, p, out, args.time_limit, one_core)
            obj, note = check(args.wfm, p, out)
            if note:
                notes.append("%s wfm %s: %s" % (n, label, note))
            res.append(obj)
        rows.append((n, fmt(rr_obj), fmt(w1), diff(w1, rr_obj), fmt(res[0]), diff(res[0], rr_obj),
                     fmt(res[1]), diff(res[1], rr_obj)))
        print("done %s" % n, file=sys.stderr)
    widths = [max(len(r[i]) for r in rows + [head]) for i in range(len(head))]
    print("time limit %gs each; diff = (wfm - rr) / rr, above zero wfm is worse" % args.time_limit)
    for r in [head] + rows:
        print("  ".join(c.rjust(w) for c, w in zip(r, widths)))
    for n in notes:
        print(n)
    sys.exit(1 if notes else 0)


if __name__ == "__main__":
    main()
