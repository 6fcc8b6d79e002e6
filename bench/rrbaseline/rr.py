#!/usr/bin/env python3
"""Per-agent ruin-and-recreate baseline for wfm roster problems (issue #21).

A deliberately simple, single-threaded heuristic, written from the issue's
description: construct a roster agent by agent (random order, each inserted
best against the coverage of those before), then until the time limit pick
an agent, remove her whole horizon and re-insert her best work pattern over
all of her contract-feasible day masks, with the best (shift, start, skill,
break placement) per working day against the coverage the others leave.
Accept if not worse.

Input: the product's schedule.Problem JSON (schedule/problem.go).
Output: a schedule.Solution JSON that `wfm schedule check` reads.
Python 3 standard library only.

    python3 rr.py --problem P.json --out S.json --time-limit 60 --seed 1
    python3 rr.py --self-test            (needs WFM=/path/to/wfm or wfm on PATH)
"""

import argparse
import datetime as dt
import json
import math
import random
import sys
import time

INF = float("inf")


def parse_clock(s):
    h, m = s.split(":")
    return int(h) * 60 + int(m)


class Model:
    """The problem compiled as schedule/model.go does: real minutes from
    local midnight of day 0, the interval grid in real time, demand per
    skill index (0 = demand without skill, covered by every working agent)."""

    def __init__(self, p):
        self.p = p
        self.days = p["days"]
        self.I = p["interval_minutes"]
        tzname = p.get("timezone") or "UTC"
        if tzname == "UTC":
            self.tz = dt.timezone.utc
        else:
            from zoneinfo import ZoneInfo

            self.tz = ZoneInfo(tzname)
        self.date0 = dt.date.fromisoformat(p["start_date"])
        self.origin = self._utc(self.date0, 0)
        self.shifts = p["shifts"]
        self.shift_index = {s["id"]: i for i, s in enumerate(self.shifts)}
        self.start_min = [parse_clock(s["start"]) for s in self.shifts]
        self.latest_start = [parse_clock(s.get("latest_start") or s["start"]) for s in self.shifts]
        self.paid = [s["duration_minutes"] - sum(b["duration_minutes"] for b in s.get("breaks") or []
                                                 if b.get("paid", True) is False) for s in self.shifts]
        self.follows = [[False] * len(self.shifts) for _ in self.shifts]
        for i, s in enumerate(self.shifts):
            for nxt in s.get("cannot_be_followed_by") or []:
                self.follows[i][self.shift_index[nxt]] = True
        self.agents = p["agents"]
        self.skills = [""]
        self.skill_index = {"": 0}
        for a in self.agents:
            for s in a.get("skills") or []:
                self._add_skill(s)
        demand = p.get("demand") or {}
        for d in demand.get("intervals") or []:
            self._add_skill(d.get("skill", ""))
        self.n = self._real(self.days, 0) // self.I
        self.interval_day = []
        self.interval_slot = []
        for k in range(self.n):
            t = (self.origin + dt.timedelta(minutes=k * self.I)).astimezone(self.tz)
            self.interval_day.append((t.date() - self.date0).days)
            self.interval_slot.append((t.hour * 60 + t.minute) // self.I)
        ns = len(self.skills)
        self.has = [[False] * self.n for _ in range(ns)]
        self.req = [[0.0] * self.n for _ in range(ns)]
        self.under = [[0.0] * self.n for _ in range(ns)]
        self.over = [[0.0] * self.n for _ in range(ns)]
        by_day = {(self.skill_index[d.get("skill", "")], d["day"]): d for d in demand.get("intervals") or []}
        for k in range(self.n):
            for s in range(ns):
                d = by_day.get((s, self.interval_day[k]))
                if d is None:
                    continue
                self.has[s][k] = True
                self.req[s][k] = d["required"][self.interval_slot[k]]
                self.under[s][k] = d.get("under_weight", 0)
                self.over[s][k] = d.get("over_weight", 0)
        self.demand_skills = [s for s in range(ns) if any(self.has[s])]
        # shift demand: (day, template) -> (required, under, over)
        self.shift_demand = {}
        for d in demand.get("shifts") or []:
            self.shift_demand[(d["day"], self.shift_index[d["shift"]])] = (
                d["required"], d.get("under_weight", 0), d.get("over_weight", 0))
        self.weekend = []
        for d in range(self.days):
            wd = (self.date0 + dt.timedelta(days=d)).weekday()
            self.weekend.append(d if wd == 5 else d - 1 if wd == 6 else None)

    def _add_skill(self, s):
        if s not in self.skill_index:
            self.skill_index[s] = len(self.skills)
            self.skills.append(s)

    def _utc(self, date, minutes):
        # Go's time.Date normalises the wall clock then picks the zone offset.
        naive = dt.datetime(date.year, date.month, date.day) + dt.timedelta(minutes=minutes)
        return naive.replace(tzinfo=self.tz).astimezone(dt.timezone.utc)

    def _real(self, day, minutes):
        """Real minutes from the origin of wall-clock minute `minutes` of day `day`."""
        t = self._utc(self.date0 + dt.timedelta(days=day), minutes)
        return int((t - self.origin).total_seconds() // 60)

    def clock(self, real):
        t = (self.origin + dt.timedelta(minutes=real)).astimezone(self.tz)
        return "%02d:%02d" % (t.hour, t.minute)

    def icost(self, s, k, minutes):
        """Price of `minutes` of agent time in real interval k for skill s."""
        if not self.has[s][k]:
            return 0.0
        d = minutes / self.I - self.req[s][k]
        return -d * self.under[s][k] if d < 0 else d * self.over[s][k]

    def shift_cost(self, day, t, count):
        c = self.shift_demand.get((day, t))
        if c is None:
            return 0.0
        d = count - c[0]
        return -d * c[1] if d < 0 else d * c[2]

    def spans_cover(self, spans):
        """Minutes per real interval of a list of [a, b) real-minute spans."""
        out = {}
        lim = self.n * self.I
        for a, b in spans:
            t = max(a, 0)
            while t < b and t < lim:
                k = t // self.I
                nxt = min(b, (k + 1) * self.I)
                out[k] = out.get(k, 0) + nxt - t
                t = nxt
        return out


class Agent:
    """One agent's rules and the per-day options she may work."""

    def __init__(self, m, i):
        a = m.agents[i]
        self.i, self.id, self.a = i, a["id"], a
        allowed = set(a.get("shifts") or [])
        maxs = a.get("max_shifts") or {}
        self.templates = [t for t, s in enumerate(m.shifts)
                          if (not allowed or s["id"] in allowed) and maxs.get(s["id"], 1) != 0]
        self.max_shifts = {m.shift_index[k]: v for k, v in maxs.items()}
        skills = a.get("skills") or []
        if len(skills) == 1:
            self.skill_opts = [skills[0]]
        else:
            names = skills or [m.skills[s] for s in m.demand_skills if s != 0]
            self.skill_opts = list(dict.fromkeys(list(names) + [""]))
        self.days_off = set(a.get("days_off") or [])
        g = a.get
        self.min_min, self.max_min = g("min_minutes"), g("max_minutes")
        self.min_cons, self.max_cons = g("min_consecutive_shifts"), g("max_consecutive_shifts")
        self.min_off, self.max_wk, self.min_rest = g("min_consecutive_days_off"), g("max_weekends"), g("min_rest_minutes")
        self.requests = {}
        for r in a.get("requests") or []:
            self.requests.setdefault(r["day"], []).append(r)
        paids = [m.paid[t] for t in self.templates] or [1]
        # bounds on the number of working days from the contract minutes
        self.min_count = 0 if not self.min_min else math.ceil(self.min_min / max(max(paids), 1))
        self.max_count = m.days if self.max_min is None else (
            m.days if min(paids) == 0 else self.max_min // min(paids))


class Option:
    __slots__ = ("cost", "day", "t", "clock", "skill", "breaks", "start", "end", "cover", "sidx")

    def __init__(self, **kw):
        for k, v in kw.items():
            setattr(self, k, v)


class Solver:
    def __init__(self, m, seed):
        self.m = m
        self.rng = random.Random(seed)
        self.agents = [Agent(m, i) for i in range(len(m.agents))]
        self.cover = [[0] * m.n for _ in m.skills]  # minutes per skill and interval
        self.count = {}  # (day, template) -> assignments
        self.plan = [[] for _ in self.agents]  # per agent: list of Option
        # the shape of every (template, day, start): work spans without breaks,
        # and each break's candidate offsets with the minutes it takes off
        self.shapes = {}
        for t, s in enumerate(m.shifts):
            for d in range(m.days):
                for c in range(m.start_min[t], m.latest_start[t] + 1, m.I):
                    st = m._real(d, c)
                    if st % m.I:
                        continue
                    en = st + s["duration_minutes"]
                    base = m.spans_cover([(st, en)])
                    brks = []
                    for b in s.get("breaks") or []:
                        first = -(-b["earliest_offset_minutes"] // m.I) * m.I
                        cands = []
                        for o in range(first, b["latest_offset_minutes"] + 1, m.I):
                            if (st + o) % m.I == 0:
                                cands.append((o, b["duration_minutes"], m.spans_cover([(st + o, st + o + b["duration_minutes"])])))
                        brks.append(cands)
                    # aligned: whole intervals only, so a day's option is
                    # priced from prefix sums of whole-interval deltas
                    aligned = (st % m.I == 0 and en % m.I == 0 and all(
                        dur % m.I == 0 for cands in brks for _, dur, _ in cands))
                    self.shapes.setdefault((t, d), []).append((c, st, en, base, brks, aligned))

    # ---- coverage -------------------------------------------------------
    def apply(self, ag, opts, sign):
        for o in opts:
            for s in o.sidx:
                cs = self.cover[s]
                for k, v in self.opt_cover(o).items():
                    cs[k] += sign * v
            key = (o.day, o.t)
            self.count[key] = self.count.get(key, 0) + sign

    def targets(self, skill):
        sk = self.m.skill_index.get(skill, 0)
        out = [0] if any(self.m.has[0]) else []
        if sk != 0 and self.m.demand_skills.count(sk):
            out.append(sk)
        return out

    # ---- per-day options --------------------------------------------------
    def request_cost(self, ag, day, t):
        """Request penalties of working template t on day (t None = off)."""
        c = 0.0
        for r in ag.requests.get(day, ()):
            works = t is not None and (not r.get("shift") or self.m.shift_index[r["shift"]] == t)
            if works != r["on"]:
                c += r["weight"]
        return c

    def opt_cover(self, o):
        """Minutes per real interval the option works (its breaks taken off)."""
        if o.cover is None:
            m = self.m
            cur = m.spans_cover([(o.start, o.end)])
            for off, b in zip(o.breaks, m.shifts[o.t].get("breaks") or []):
                for k, v in m.spans_cover([(o.start + off, o.start + off + b["duration_minutes"])]).items():
                    cur[k] -= v
            o.cover = {k: v for k, v in cur.items() if v}
        return o.cover

    def prefix(self):
        """Per demand skill, prefix sums over intervals of what one more
        whole interval of work costs against the current coverage."""
        m = self.m
        out = {}
        lim = m.n
        for s in m.demand_skills:
            cs, p, acc = self.cover[s], [0.0] * (lim + 1), 0.0
            for k in range(lim):
                acc += m.icost(s, k, cs[k] + m.I) - m.icost(s, k, cs[k])
                p[k + 1] = acc
            out[s] = p
        return out

    def place_aligned(self, st, en, brks, skill, pre):
        """place() for a shape on whole intervals: the same greedy choice,
        from prefix sums; returns (cost delta, breaks, None, targets)."""
        m = self.m
        I, lim = m.I, m.n
        sidx = self.targets(skill)
        ps = [pre[s] for s in sidx]
        k0, k1 = max(st, 0) // I, min(en // I, lim)
        cost = 0.0
        for p in ps:
            if k1 > k0:
                cost += p[k1] - p[k0]
        taken, chosen = [], []
        for cands in brks:
            best = None
            for o, dur, _ in cands:
                if taken and any(o < to + tdur and to < o + dur for to, tdur in taken):
                    continue
                b0, b1 = max(st + o, 0) // I, min((st + o + dur) // I, lim)
                g = 0.0
                if b1 > b0:
                    for p in ps:
                        g -= p[b1] - p[b0]
                if best is None or g < best[0]:
                    best = (g, o, dur)
            if best is None:
                return None
            cost += best[0]
            taken.append((best[1], best[2]))
            chosen.append(best[1])
        return cost, chosen, None, sidx

    def place(self, d, t, c, st, en, base, brks, skill):
        """Greedy break placement for one shift start and skill against the
        current coverage; returns (cost delta, breaks, cover, targets)."""
        m = self.m
        sidx = self.targets(skill)
        cur = dict(base)
        taken = []
        chosen = []
        for cands in brks:
            best = None
            for o, dur, rem in cands:
                if any(o < to + tdur and to < o + dur for to, tdur in taken):
                    continue
                g = 0.0
                for s in sidx:
                    cs = self.cover[s]
                    for k, v in rem.items():
                        g += m.icost(s, k, cs[k] + cur[k] - v) - m.icost(s, k, cs[k] + cur[k])
                if best is None or g < best[0]:
                    best = (g, o, dur, rem)
            if best is None:
                return None
            _, o, dur, rem = best
            taken.append((o, dur))
            chosen.append(o)
            for k, v in rem.items():
                cur[k] -= v
        cost = 0.0
        for s in sidx:
            cs = self.cover[s]
            for k, v in cur.items():
                if v:
                    cost += m.icost(s, k, cs[k] + v) - m.icost(s, k, cs[k])
        cur = {k: v for k, v in cur.items() if v}
        return cost, chosen, cur, sidx

    def day_options(self, ag, d, pre):
        """The best option per (template, start) on day d, sorted by cost."""
        m = self.m
        out = []
        if d in ag.days_off:
            return out
        for t in ag.templates:
            sd = m.shift_cost(d, t, self.count.get((d, t), 0) + 1) - m.shift_cost(d, t, self.count.get((d, t), 0))
            rq = self.request_cost(ag, d, t)
            for c, st, en, base, brks, aligned in self.shapes.get((t, d), ()):
                best = None
                for skill in ag.skill_opts:
                    if aligned:
                        r = self.place_aligned(st, en, brks, skill, pre)
                    else:
                        r = self.place(d, t, c, st, en, base, brks, skill)
                    if r is not None and (best is None or r[0] < best[0][0]):
                        best = (r, skill)
                if best is None:
                    continue
                (cost, chosen, cur, sidx), skill = best
                out.append(Option(cost=cost + sd + rq, day=d, t=t, clock=c, skill=skill, breaks=chosen,
                                  start=st, end=en, cover=cur, sidx=sidx))
        # ties broken at random, so that moves of equal cost walk the plateau
        self.rng.shuffle(out)
        out.sort(key=lambda o: o.cost)
        return out

    # ---- the best pattern of one agent --------------------------------------
    def rest_ok(self, ag, a, b):
        """May option b be the working day after option a (the agent's previous one)?"""
        gap = b.start - a.end
        if gap < 0 or (ag.min_rest is not None and gap < ag.min_rest):
            return False
        return not (a.day + 1 == b.day and self.m.follows[a.t][b.t])

    def pattern_ok(self, ag, opts):
        for a, b in zip(opts, opts[1:]):
            if not self.rest_ok(ag, a, b):
                return False
        mins = sum(self.m.paid[o.t] for o in opts)
        if ag.min_min is not None and mins < ag.min_min:
            return False
        if ag.max_min is not None and mins > ag.max_min:
            return False
        if ag.max_shifts:
            cnt = {}
            for o in opts:
                cnt[o.t] = cnt.get(o.t, 0) + 1
            if any(cnt.get(t, 0) > v for t, v in ag.max_shifts.items()):
                return False
        return True

    def chain(self, ag, work_days, opts):
        """The cheapest options on the given working days with rest and
        cannot_be_followed_by between them (a shortest path over days)."""
        layers = [opts[d] for d in work_days]
        if any(not l for l in layers):
            return None
        prev = [(o.cost, None) for o in layers[0]]
        back = [prev]
        for li in range(1, len(layers)):
            cur = []
            for o in layers[li]:
                best = (INF, None)
                for pi, p in enumerate(layers[li - 1]):
                    if back[-1][pi][0] + o.cost < best[0] and self.rest_ok(ag, p, o):
                        best = (back[-1][pi][0] + o.cost, pi)
                cur.append(best)
            back.append(cur)
        j = min(range(len(back[-1])), key=lambda x: back[-1][x][0])
        if back[-1][j][0] == INF:
            return None
        path = []
        for li in range(len(layers) - 1, -1, -1):
            path.append(layers[li][j])
            j = back[li][j][1]
        return path[::-1]

    def best_pattern(self, ag, deadline, node_limit=300000):
        """Branch and bound over the day masks that respect the hard rules,
        each working day priced at its best option; returns (cost, options)."""
        m = self.m
        D = m.days
        pre = self.prefix()
        opts = [self.day_options(ag, d, pre) for d in range(D)]
        work = [o[0].cost if o else INF for o in opts]
        off = [self.request_cost(ag, d, None) for d in range(D)]
        suffix = [0.0] * (D + 1)
        for d in range(D - 1, -1, -1):
            suffix[d] = suffix[d + 1] + min(work[d], off[d])
        best = [INF, None]
        nodes = [0]
        mask = [False] * D

        def leaf(cost):
            days = [d for d in range(D) if mask[d]]
            pick = [opts[d][0] for d in days]
            if not self.pattern_ok(ag, pick):
                pick = self.chain(ag, days, opts)
                if pick is None or not self.pattern_ok(ag, pick):
                    return
                cost = sum(o.cost for o in pick) + sum(off[d] for d in range(D) if not mask[d])
            if cost < best[0]:
                best[0], best[1] = cost, pick

        # run: length of the current run; run_start: the day it began
        def rec(d, cost, prev_work, run, run_start, n_work, wk, last_wk):
            if cost + suffix[d] >= best[0]:
                return
            nodes[0] += 1
            if nodes[0] > node_limit or (nodes[0] & 1023 == 0 and time.monotonic() > deadline):
                return
            if d == D:
                leaf(cost)
                return
            choices = []
            # work on d
            if work[d] < INF and n_work + 1 <= ag.max_count:
                ok = True
                if prev_work:
                    ok = ag.max_cons is None or run + 1 <= ag.max_cons
                elif ag.max_cons is not None and ag.max_cons < 1:
                    ok = False
                elif d > 0 and run_start > 0 and ag.min_off is not None and run < ag.min_off:
                    ok = False
                w = m.weekend[d]
                nwk, nlast = wk, last_wk
                if w is not None and w != last_wk:
                    nwk, nlast = wk + 1, w
                if ag.max_wk is not None and nwk > ag.max_wk:
                    ok = False
                if ok:
                    choices.append((work[d], True, nwk, nlast))
            # off on d
            if n_work + (D - d - 1) >= ag.min_count:
                ok = True
                if prev_work and run_start > 0 and ag.min_cons is not None and run < ag.min_cons:
                    ok = False
                if ok:
                    choices.append((off[d], False, wk, last_wk))
            choices.sort(key=lambda c: c[0])
            for c, w_, nwk, nlast in choices:
                mask[d] = w_
                if d == 0 or w_ != prev_work:
                    rec(d + 1, cost + c, w_, 1, d, n_work + w_, nwk, nlast)
                else:
                    rec(d + 1, cost + c, w_, run + 1, run_start, n_work + w_, nwk, nlast)
            mask[d] = False

        # the runs at the horizon's start are exempt from the minimum lengths
        rec(0, 0.0, False, 0, 0, 0, 0, None)
        return best[0], best[1]

    def agent_cost(self, ag, opts):
        """What the agent's options cost against the current coverage (she is
        not in it): the same per-day pricing as best_pattern."""
        m = self.m
        total = 0.0
        worked = {o.day: o for o in opts}
        for d in range(m.days):
            o = worked.get(d)
            if o is None:
                total += self.request_cost(ag, d, None)
                continue
            for s in o.sidx:
                cs = self.cover[s]
                for k, v in self.opt_cover(o).items():
                    total += m.icost(s, k, cs[k] + v) - m.icost(s, k, cs[k])
            cnt = self.count.get((d, o.t), 0)
            total += m.shift_cost(d, o.t, cnt + 1) - m.shift_cost(d, o.t, cnt) + self.request_cost(ag, d, o.t)
        return total

    # ---- the search ---------------------------------------------------------
    def solve(self, time_limit, log=None):
        t0 = time.monotonic()
        deadline = t0 + time_limit
        order = list(range(len(self.agents)))
        self.rng.shuffle(order)
        for i in order:
            ag = self.agents[i]
            # past the limit, a short dive still gives every agent a pattern
            late = time.monotonic() > deadline
            cost, pick = self.best_pattern(ag, INF, 5000 if late else 300000)
            self.plan[i] = pick or []
            self.apply(ag, self.plan[i], +1)
        obj = self.objective()
        moves = accepted = 0
        if log:
            log("construct: objective %.1f in %.1fs" % (obj, time.monotonic() - t0))
        while time.monotonic() < deadline and self.agents:
            ag = self.agents[self.rng.randrange(len(self.agents))]
            old = self.plan[ag.i]
            self.apply(ag, old, -1)
            old_cost = self.agent_cost(ag, old)
            cost, pick = self.best_pattern(ag, deadline)
            moves += 1
            if pick is not None and cost <= old_cost + 1e-9 and time.monotonic() < deadline:
                self.plan[ag.i] = pick
                accepted += cost < old_cost - 1e-9
            self.apply(ag, self.plan[ag.i], +1)
        obj = self.objective()
        if log:
            log("search: %d moves, %d improving, objective %.1f in %.1fs" % (moves, accepted, obj, time.monotonic() - t0))
        return obj

    def objective(self):
        """The roster's objective from scratch, priced as schedule/check.go does."""
        m = self.m
        cover = [[0] * m.n for _ in m.skills]
        count = {}
        for ag, opts in zip(self.agents, self.plan):
            for o in opts:
                for s in o.sidx:
                    for k, v in self.opt_cover(o).items():
                        cover[s][k] += v
                count[(o.day, o.t)] = count.get((o.day, o.t), 0) + 1
        total = 0.0
        for s in range(len(m.skills)):
            for k in range(m.n):
                total += m.icost(s, k, cover[s][k])
        for (d, t) in m.shift_demand:
            total += m.shift_cost(d, t, count.get((d, t), 0))
        for ag, opts in zip(self.agents, self.plan):
            worked = {o.day: o.t for o in opts}
            for d in ag.requests:
                total += self.request_cost(ag, d, worked.get(d))
        return total

    def solution(self, objective):
        m = self.m
        out = []
        for ag, opts in zip(self.agents, self.plan):
            for o in sorted(opts, key=lambda o: o.day):
                sh = m.shifts[o.t]
                a = {"agent": ag.id, "day": o.day, "shift": sh["id"], "start": "%02d:%02d" % (o.clock // 60, o.clock % 60)}
                if o.skill:
                    a["skill"] = o.skill
                if o.breaks:
                    a["breaks"] = [{"start": m.clock(o.start + off), "duration_minutes": b["duration_minutes"]}
                                   for off, b in zip(o.breaks, sh["breaks"])]
                out.append(a)
        return {"objective": round(objective, 6), "feasible": True, "assignments": out}


def run(problem, time_limit, seed, log=None):
    m = Model(problem)
    s = Solver(m, seed)
    obj = s.solve(time_limit, log)
    return s.solution(obj)


def self_test():
    """Solve a small generated instance and compare the script's objective
    with `wfm schedule check`'s."""
    import os
    import shutil
    import subprocess
    import tempfile

    wfm = os.environ.get("WFM") or shutil.which("wfm")
    if not wfm:
        print("self-test: set WFM to a built wfm binary (go build -o /tmp/wfm ./cmd/wfm)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([wfm, "-q", "bench", "rosters", "--seeds", "1", "--sizes", "all", "--time-limit", "1s",
                        "--bound-limit", "none", "--out", tmp], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        probs = sorted(f for f in os.listdir(tmp) if f.endswith(".problem.json"))
        # the smallest generated shape is enough
        probs.sort(key=lambda f: os.path.getsize(os.path.join(tmp, f)))
        bad = 0
        for f in probs[:2]:
            p = os.path.join(tmp, f)
            with open(p) as fh:
                sol = run(json.load(fh), 3, 1)
            sp = os.path.join(tmp, f.replace(".problem.", ".rr."))
            with open(sp, "w") as fh:
                json.dump(sol, fh)
            r = subprocess.run([wfm, "-q", "schedule", "check", "--problem", p, "--solution", sp], capture_output=True, text=True)
            rep = json.loads(r.stdout)
            same = abs(rep["objective"] - sol["objective"]) < 1e-6
            print("%s: feasible %s, rr objective %.3f, checker %.3f %s" % (
                f, rep["feasible"], sol["objective"], rep["objective"], "(same)" if same else "(DIFFERENT)"))
            if not rep["feasible"]:
                print(json.dumps(rep["violations"][:5], indent=1))
            bad += (not rep["feasible"]) or (not same)
        return 1 if bad else 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--problem", help="problem JSON (schedule.Problem)")
    ap.add_argument("--out", help="solution JSON (default stdout)")
    ap.add_argument("--time-limit", type=float, default=60, help="seconds (default 60)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--quiet", action="store_true")
    ap.add_argument("--self-test", action="store_true")
    args = ap.parse_args()
    if args.self_test:
        sys.exit(self_test())
    if not args.problem:
        ap.error("--problem is required")
    log = None if args.quiet else (lambda s: print("rr: " + s, file=sys.stderr))
    try:
        with open(args.problem) as f:
            problem = json.load(f)
        m = Model(problem)
    except (OSError, ValueError) as e:
        sys.exit("rr: %s: %s" % (args.problem, e))
    except (KeyError, TypeError, IndexError) as e:
        sys.exit("rr: %s: not a schedule.Problem (run `wfm schedule check` for the field at fault): %r" % (args.problem, e))
    s = Solver(m, args.seed)
    sol = s.solution(s.solve(args.time_limit, log))
    text = json.dumps(sol)
    if args.out:
        with open(args.out, "w") as f:
            f.write(text)
    else:
        print(text)


if __name__ == "__main__":
    main()
