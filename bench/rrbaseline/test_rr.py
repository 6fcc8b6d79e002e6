"""Tests of rr.py: run with `WFM=/tmp/wfm python3 -m unittest -v` in this folder.

Each test solves an instance with rr.py and asks the product's checker
(`wfm schedule check`) whether the roster is feasible and what it costs: the
script's own objective must be the checker's, which shows the baseline prices
rosters exactly as the product does. Without a wfm binary (WFM or PATH) the
tests are skipped, not passed silently.
"""

import json
import os
import shutil
import subprocess
import tempfile
import unittest

import rr

WFM = os.environ.get("WFM") or shutil.which("wfm")


def check(problem, solution):
    with tempfile.TemporaryDirectory() as tmp:
        p, s = os.path.join(tmp, "p.json"), os.path.join(tmp, "s.json")
        for path, v in ((p, problem), (s, solution)):
            with open(path, "w") as f:
                json.dump(v, f)
        r = subprocess.run([WFM, "-q", "schedule", "check", "--problem", p, "--solution", s],
                           capture_output=True, text=True)
        return json.loads(r.stdout)


def rules_problem():
    """A small problem with the rules the generated instances lack: a time
    zone with a daylight-saving change, a night shift across midnight,
    cannot_be_followed_by, shift demand, demand without skill, an agent
    without skills, max_shifts, min_consecutive_shifts, days off and requests
    on a named shift."""
    brk = [{"duration_minutes": 30, "earliest_offset_minutes": 120, "latest_offset_minutes": 240, "paid": False}]
    shifts = [
        {"id": "e", "start": "06:00", "latest_start": "07:00", "duration_minutes": 480, "breaks": brk,
         "cannot_be_followed_by": ["n"]},
        {"id": "l", "start": "14:00", "latest_start": "15:00", "duration_minutes": 480, "breaks": brk},
        {"id": "n", "start": "22:00", "duration_minutes": 480, "cannot_be_followed_by": ["e"]},
    ]
    agents = []
    for i in range(8):
        a = {"id": "a%d" % i, "max_consecutive_shifts": 4, "min_consecutive_days_off": 2,
             "min_rest_minutes": 600, "max_weekends": 1, "min_minutes": 1800, "max_minutes": 2400}
        if i % 3:
            a["skills"] = ["x"] if i % 2 else ["x", "y"]
        if i == 1:
            a["max_shifts"] = {"n": 1}
            a["days_off"] = [2]
        if i == 2:
            a["min_consecutive_shifts"] = 2
            a["requests"] = [{"day": 3, "shift": "l", "on": True, "weight": 15}, {"day": 5, "on": False, "weight": 7}]
        agents.append(a)
    req = [0] * 24 * 4
    for k in range(24, 88):
        req[k] = 2 if 36 <= k < 72 else 1
    intervals = []
    for d in range(7):
        intervals.append({"day": d, "required": req, "under_weight": 50, "over_weight": 1})
        intervals.append({"skill": "x", "day": d, "required": [v / 2 for v in req], "under_weight": 20, "over_weight": 2})
    return {"start_date": "2026-03-26", "days": 7, "interval_minutes": 15, "timezone": "Europe/Berlin",
            "shifts": shifts, "agents": agents,
            "demand": {"intervals": intervals,
                       "shifts": [{"day": d, "shift": "n", "required": 1, "under_weight": 30, "over_weight": 5} for d in range(7)]}}


@unittest.skipUnless(WFM, "set WFM to a built wfm binary (go build -o /tmp/wfm ./cmd/wfm)")
class TestPricesLikeTheChecker(unittest.TestCase):
    def assert_checked(self, problem, limit):
        sol = rr.run(problem, limit, 7)
        rep = check(problem, sol)
        self.assertTrue(rep["feasible"], rep["violations"][:5])
        self.assertAlmostEqual(sol["objective"], rep["objective"], places=6)
        return sol

    def test_rules_instance(self):
        sol = self.assert_checked(rules_problem(), 2)
        self.assertTrue(any(a["shift"] == "n" for a in sol["assignments"]))

    def test_generated_instance(self):
        with tempfile.TemporaryDirectory() as tmp:
            subprocess.run([WFM, "-q", "bench", "rosters", "--seeds", "1", "--sizes", "issue", "--time-limit", "1s",
                            "--bound-limit", "none", "--workers", "1", "--out", tmp],
                           check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            name = [f for f in os.listdir(tmp) if f.endswith(".problem.json")][0]
            with open(os.path.join(tmp, name)) as f:
                problem = json.load(f)
            self.assert_checked(problem, 3)


class TestPatterns(unittest.TestCase):
    def test_masks_respect_rules(self):
        """Every pattern best_pattern returns keeps the agent's day rules."""
        p = rules_problem()
        m = rr.Model(p)
        s = rr.Solver(m, 1)
        for ag in s.agents:
            cost, pick = s.best_pattern(ag, float("inf"))
            self.assertIsNotNone(pick, ag.id)
            days = [o.day for o in pick]
            self.assertFalse(set(days) & ag.days_off, ag.id)
            run = 0
            for d in range(m.days):
                run = run + 1 if d in days else 0
                self.assertLessEqual(run, ag.max_cons, ag.id)
            mins = sum(m.paid[o.t] for o in pick)
            self.assertTrue(ag.min_min <= mins <= ag.max_min, (ag.id, mins))

    def test_bad_problem_names_field(self):
        with self.assertRaises(KeyError) as e:
            rr.Model({"days": 7, "interval_minutes": 15})
        self.assertIn("start_date", str(e.exception))


if __name__ == "__main__":
    unittest.main()
