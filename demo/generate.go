package demo

import (
	"math/rand/v2"
	"time"
	_ "time/tzdata" // the demo's zones must load on any machine

	"wfm/batch"
)

// ContactDays is how many days before the end keep their contact records
// and agent states (the history goes further back).
const ContactDays = 14

// Generate makes the demo center: its entities, and weeks*7 days of
// history ending the day before start (start's calendar date is what
// counts; with a Monday the history is whole weeks), with the contact
// records and agent states of the last ContactDays days. The same seed and
// start give the same center, and a calendar day gives the same rows
// whatever window it falls in.
func Generate(seed int64, start time.Time, weeks int) Center {
	end := time.Date(start.Year(), start.Month(), start.Day(), 0, 0, 0, 0, time.UTC)
	weeks = max(weeks, 0)
	first := end.AddDate(0, 0, -7*weeks)
	c := Center{
		Seed: seed, First: first, End: end,
		ContactsFrom: end.AddDate(0, 0, -ContactDays),
		Sites:        sites(), Skills: skills, Queues: queues(),
		History: batch.History{Interval: interval * time.Second},
	}
	if c.ContactsFrom.Before(first) {
		c.ContactsFrom = first
	}
	rng := rand.New(rand.NewPCG(uint64(seed), 0x64656d6f)) // "demo"
	c.Users, c.Teams, c.Agents = staff(rng, end)
	for _, a := range c.Agents {
		if a.Strained {
			c.Strained = append(c.Strained, a.Code)
		}
	}
	for day := first; day.Before(end); day = day.AddDate(0, 0, 1) {
		if isHoliday(day) {
			c.Holidays = append(c.Holidays, day)
		}
		if isCampaign(day) {
			c.Campaigns = append(c.Campaigns, day)
		}
		records := !day.Before(c.ContactsFrom)
		for _, s := range c.Sites {
			var qs []Queue
			for _, q := range c.Queues {
				if q.Site == s.Name {
					qs = append(qs, q)
				}
			}
			c.simulateSite(s, qs, day, records)
		}
	}
	return c
}
