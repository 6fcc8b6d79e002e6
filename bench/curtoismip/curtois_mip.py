#!/usr/bin/env python3
"""Exact MIP of a Curtois & Qu shift-scheduling benchmark instance, solved with
scipy.optimize.milp (HiGHS).

Usage: python3 curtois_mip.py N [time_limit_s] [out_file]
  reads InstanceN.txt from $CURTOIS_DIR (default ../shared/data/curtois
  beside the project root), writes the roster to out_file (default optN.txt
  here; one line per staff: id then one cell per day, shift id or '-'), and
  checks the roster with an independent evaluator. FEAS_ONLY=1 drops the
  objective: it only looks for a roster that keeps every rule.

A diagnostic, not part of the product: it tells what the best roster of an
instance is made of (missing shifts, requests), which the annealer's
figures in the README are compared with. Needs scipy (Debian:
python3-scipy).
"""
import os
import sys
import time

import numpy as np
import scipy
from scipy.optimize import milp, LinearConstraint, Bounds
from scipy.sparse import coo_matrix

DATA = os.path.join(
    os.environ.get("CURTOIS_DIR", os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../../shared/data/curtois")),
    "Instance{}.txt")


# ----------------------------------------------------------------- parsing
def parse(path):
    sections = {}
    cur = None
    with open(path) as f:
        for raw in f:
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            if line.startswith("SECTION_"):
                cur = line
                sections[cur] = []
                continue
            sections[cur].append(line)
    inst = {}
    inst["H"] = int(sections["SECTION_HORIZON"][0])
    shifts = []
    for l in sections["SECTION_SHIFTS"]:
        p = l.split(",")
        forb = [t for t in p[2].split("|") if t] if len(p) > 2 else []
        shifts.append({"id": p[0], "len": int(p[1]), "cannot_follow": forb})
    inst["shifts"] = shifts
    staff = []
    for l in sections["SECTION_STAFF"]:
        p = l.split(",")
        ms = {}
        for kv in p[1].split("|"):
            if kv:
                k, v = kv.split("=")
                ms[k] = int(v)
        staff.append({"id": p[0], "max_shifts": ms, "max_min": int(p[2]),
                      "min_min": int(p[3]), "max_cons": int(p[4]),
                      "min_cons": int(p[5]), "min_off": int(p[6]),
                      "max_we": int(p[7])})
    inst["staff"] = staff
    doff = {s["id"]: set() for s in staff}
    for l in sections.get("SECTION_DAYS_OFF", []):
        p = l.split(",")
        doff[p[0]].update(int(d) for d in p[1:] if d != "")
    inst["days_off"] = doff
    inst["on"] = [(p[0], int(p[1]), p[2], int(p[3])) for p in
                  (l.split(",") for l in sections.get("SECTION_SHIFT_ON_REQUESTS", []))]
    inst["off"] = [(p[0], int(p[1]), p[2], int(p[3])) for p in
                   (l.split(",") for l in sections.get("SECTION_SHIFT_OFF_REQUESTS", []))]
    inst["cover"] = [(int(p[0]), p[1], int(p[2]), int(p[3]), int(p[4])) for p in
                     (l.split(",") for l in sections["SECTION_COVER"])]
    return inst


# ----------------------------------------------------------------- model
def build_and_solve(inst, time_limit, feas_only=False):
    H = inst["H"]
    S = [s["id"] for s in inst["shifts"]]
    sidx = {s: k for k, s in enumerate(S)}
    slen = [s["len"] for s in inst["shifts"]]
    staff = inst["staff"]
    E = [e["id"] for e in staff]
    eidx = {e: k for k, e in enumerate(E)}
    nE, nS = len(E), len(S)
    nW = H // 7  # weekends (5,6), (12,13), ... fully inside the horizon
    weekends = [(7 * k + 5, 7 * k + 6) for k in range(nW) if 7 * k + 6 < H]
    nW = len(weekends)

    def X(i, d, s):
        return (i * H + d) * nS + s
    nx = nE * H * nS
    yoff = nx                          # y[i,k] weekend worked
    ny = nE * nW
    cov = inst["cover"]
    uoff = yoff + ny                   # under[c]
    ooff = uoff + len(cov)             # over[c]
    nv = ooff + len(cov)

    lb = np.zeros(nv)
    ub = np.ones(nv)
    ub[uoff:nv] = np.inf
    integrality = np.ones(nv)
    integrality[uoff:nv] = 0          # under/over are integral automatically
    c = np.zeros(nv)
    const = 0.0

    for i, e in enumerate(staff):
        for s in range(nS):
            if e["max_shifts"].get(S[s], 0) == 0:
                for d in range(H):
                    ub[X(i, d, s)] = 0
        for d in inst["days_off"][e["id"]]:
            for s in range(nS):
                ub[X(i, d, s)] = 0

    for (eid, d, sid, w) in inst["on"]:
        const += w
        c[X(eidx[eid], d, sidx[sid])] -= w
    for (eid, d, sid, w) in inst["off"]:
        c[X(eidx[eid], d, sidx[sid])] += w
    for k, (d, sid, req, wu, wo) in enumerate(cov):
        c[uoff + k] = wu
        c[ooff + k] = wo

    rows, cols, vals, rlb, rub = [], [], [], [], []
    r = [0]

    def add(coefs, lo, hi):
        for j, v in coefs:
            rows.append(r[0]); cols.append(j); vals.append(v)
        rlb.append(lo); rub.append(hi)
        r[0] += 1

    def wterm(i, d, sign=1.0):
        return [(X(i, d, s), sign) for s in range(nS)]

    for i, e in enumerate(staff):
        # at most one shift per day
        for d in range(H):
            add(wterm(i, d), -np.inf, 1)
        # max shifts per type
        for s in range(nS):
            m = e["max_shifts"].get(S[s], 0)
            if 0 < m < H:
                add([(X(i, d, s), 1) for d in range(H)], -np.inf, m)
        # total minutes
        add([(X(i, d, s), slen[s]) for d in range(H) for s in range(nS)],
            e["min_min"], e["max_min"])
        # cannot-follow (aggregated; valid because <=1 shift per day)
        for t in range(nS):
            forb = [sidx[u] for u in inst["shifts"][t]["cannot_follow"]]
            if not forb:
                continue
            for d in range(H - 1):
                add([(X(i, d, t), 1)] + [(X(i, d + 1, u), 1) for u in forb],
                    -np.inf, 1)
        # max consecutive worked days
        cm = e["max_cons"]
        for d in range(H - cm):
            co = []
            for dd in range(d, d + cm + 1):
                co += wterm(i, dd)
            add(co, -np.inf, cm)
        # min consecutive worked days: forbid off(d-1), work d..d+k-1, off(d+k)
        for k in range(1, e["min_cons"]):
            for d in range(1, H - k):
                co = wterm(i, d - 1, -1) + wterm(i, d + k, -1)
                for dd in range(d, d + k):
                    co += wterm(i, dd, 1)
                add(co, -np.inf, k - 1)
        # min consecutive days off: forbid work(d-1), off d..d+k-1, work(d+k)
        for k in range(1, e["min_off"]):
            for d in range(1, H - k):
                co = wterm(i, d - 1, 1) + wterm(i, d + k, 1)
                for dd in range(d, d + k):
                    co += wterm(i, dd, -1)
                add(co, -np.inf, 1)
        # weekends
        for k, (d1, d2) in enumerate(weekends):
            y = yoff + i * nW + k
            add(wterm(i, d1) + [(y, -1)], -np.inf, 0)
            add(wterm(i, d2) + [(y, -1)], -np.inf, 0)
        if e["max_we"] < nW:
            add([(yoff + i * nW + k, 1) for k in range(nW)], -np.inf, e["max_we"])

    # cover: sum_i x - over + under = req
    for k, (d, sid, req, wu, wo) in enumerate(cov):
        s = sidx[sid]
        add([(X(i, d, s), 1) for i in range(nE)] + [(ooff + k, -1), (uoff + k, 1)],
            req, req)

    if feas_only:  # diagnostic: hard rules only, zero objective
        c[:] = 0
        const = 0.0
    A = coo_matrix((vals, (rows, cols)), shape=(r[0], nv)).tocsr()
    print(f"model: {nv} vars ({nx} x), {r[0]} rows, {A.nnz} nonzeros, "
          f"objective constant {const}", flush=True)
    t0 = time.time()
    res = milp(c, constraints=LinearConstraint(A, rlb, rub),
               integrality=integrality, bounds=Bounds(lb, ub),
               options={"time_limit": time_limit, "disp": True})
    dt = time.time() - t0
    out = {"status": res.status, "message": res.message, "time": dt,
           "obj": None, "bound": None, "roster": None}
    if res.x is not None:
        out["obj"] = res.fun + const
        xs = np.round(res.x[:nx]).astype(int).reshape(nE, H, nS)
        roster = []
        for i in range(nE):
            row = []
            for d in range(H):
                on = np.nonzero(xs[i, d])[0]
                assert len(on) <= 1
                row.append(S[on[0]] if len(on) else "-")
            roster.append(row)
        out["roster"] = roster
    b = getattr(res, "mip_dual_bound", None)
    if b is not None and np.isfinite(b):
        out["bound"] = b + const
    out["gap"] = getattr(res, "mip_gap", None)
    out["nodes"] = getattr(res, "mip_node_count", None)
    return out


# ----------------------------------------------------------------- evaluation
def runs(flags):
    """list of (start, length) of maximal runs of True in flags"""
    out, d, H = [], 0, len(flags)
    while d < H:
        if flags[d]:
            s = d
            while d < H and flags[d]:
                d += 1
            out.append((s, d - s))
        else:
            d += 1
    return out


def evaluate(inst, roster):
    """Independent evaluation: returns (penalty, breakdown, list of violations)."""
    H = inst["H"]
    sh = {s["id"]: s for s in inst["shifts"]}
    viol = []
    R = {e["id"]: roster[k] for k, e in enumerate(inst["staff"])}
    for e in inst["staff"]:
        row = R[e["id"]]
        assert len(row) == H
        for d, v in enumerate(row):
            if v != "-" and v not in sh:
                viol.append(f"{e['id']} d{d}: unknown shift {v}")
        for d in inst["days_off"][e["id"]]:
            if row[d] != "-":
                viol.append(f"{e['id']} works on day off {d}")
        for sid in sh:
            n = sum(1 for v in row if v == sid)
            if n > e["max_shifts"].get(sid, 0):
                viol.append(f"{e['id']} {sid} count {n} > {e['max_shifts'].get(sid, 0)}")
        mins = sum(sh[v]["len"] for v in row if v != "-")
        if not (e["min_min"] <= mins <= e["max_min"]):
            viol.append(f"{e['id']} minutes {mins} not in [{e['min_min']},{e['max_min']}]")
        for d in range(H - 1):
            if row[d] != "-" and row[d + 1] != "-" and row[d + 1] in sh[row[d]]["cannot_follow"]:
                viol.append(f"{e['id']} {row[d]}->{row[d + 1]} on day {d}")
        work = [v != "-" for v in row]
        for (s, L) in runs(work):
            if L > e["max_cons"]:
                viol.append(f"{e['id']} work run {s}+{L} > max {e['max_cons']}")
            if s > 0 and s + L < H and L < e["min_cons"]:
                viol.append(f"{e['id']} work run {s}+{L} < min {e['min_cons']}")
        for (s, L) in runs([not w for w in work]):
            if s > 0 and s + L < H and L < e["min_off"]:
                viol.append(f"{e['id']} off run {s}+{L} < min {e['min_off']}")
        nwe = sum(1 for d in range(5, H, 7) if d + 1 < H and (work[d] or work[d + 1]))
        if nwe > e["max_we"]:
            viol.append(f"{e['id']} weekends {nwe} > {e['max_we']}")
    on_pen = sum(w for (eid, d, sid, w) in inst["on"] if R[eid][d] != sid)
    off_pen = sum(w for (eid, d, sid, w) in inst["off"] if R[eid][d] == sid)
    under = over = cov_pen = 0
    for (d, sid, req, wu, wo) in inst["cover"]:
        n = sum(1 for eid in R if R[eid][d] == sid)
        if n < req:
            under += req - n
            cov_pen += wu * (req - n)
        elif n > req:
            over += n - req
            cov_pen += wo * (n - req)
    total = on_pen + off_pen + cov_pen
    return total, {"under": under, "over": over, "on": on_pen, "off": off_pen,
                   "cover_pen": cov_pen}, viol


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 9
    tl = float(sys.argv[2]) if len(sys.argv) > 2 else 600.0
    outf = sys.argv[3] if len(sys.argv) > 3 else f"opt{n}.txt"
    print(f"scipy {scipy.__version__}; instance {n}; time_limit {tl}", flush=True)
    inst = parse(DATA.format(n))
    print(f"H={inst['H']} staff={len(inst['staff'])} shifts={len(inst['shifts'])} "
          f"on={len(inst['on'])} off={len(inst['off'])} cover={len(inst['cover'])}",
          flush=True)
    feas = os.environ.get("FEAS_ONLY") == "1"
    res = build_and_solve(inst, tl, feas_only=feas)
    if feas and res["roster"] is not None:
        total, br, viol = evaluate(inst, res["roster"])
        print(f"FEAS_ONLY instance={n} feasible roster found in {res['time']:.1f}s; "
              f"its penalty={total} {br}; violations={viol}")
        sys.exit(0)
    print(f"status {res['status']}: {res['message']}")
    print(f"time {res['time']:.1f}s nodes {res['nodes']} gap {res['gap']}")
    if res["roster"] is None:
        print("no solution found")
        sys.exit(1)
    with open(outf, "w") as f:
        for e, row in zip(inst["staff"], res["roster"]):
            f.write(e["id"] + " " + " ".join(row) + "\n")
    total, br, viol = evaluate(inst, res["roster"])
    print(f"RESULT instance={n} obj={res['obj']:.4f} bound={res['bound']} "
          f"eval={total} under={br['under']} over={br['over']} on={br['on']} "
          f"off={br['off']} cover_pen={br['cover_pen']} time={res['time']:.1f}s "
          f"status={res['status']}")
    for v in viol:
        print("VIOLATION", v)
    assert not viol, "hard rule broken"
    assert abs(total - res["obj"]) < 1e-6 * max(1, abs(total)) + 1e-4, \
        f"evaluation {total} != MIP objective {res['obj']}"
    print(f"roster written to {outf}; evaluation matches MIP objective, no hard violations")


if __name__ == "__main__":
    main()
