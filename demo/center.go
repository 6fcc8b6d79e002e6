// Package demo makes a realistic contact center to show the product with:
// two sites in different time zones, voice, chat and VIP queues, about 80
// agents in teams with supervisors, 16 weeks of interval history, and the
// contact records and agent states of the last two weeks. Generate is pure
// and deterministic for a seed; Load writes the center through the store.
package demo

import (
	"time"

	"wfm/batch"
	"wfm/civil"
	"wfm/store"
)

// Center is a whole demo center, ready to load.
type Center struct {
	Seed int64
	// First is the first day of the history and End the day after its last
	// (the day the demo was made), both as civil dates (midnight UTC).
	First, End time.Time
	// ContactsFrom is the first day with contact records and agent states.
	ContactsFrom time.Time

	Sites  []Site
	Skills []string
	Queues []Queue
	Users  []User
	Teams  []Team
	Agents []Agent

	// Holidays and Campaigns are the special days of the history (civil
	// dates, midnight UTC): public holidays with little traffic, and
	// marketing campaigns nobody told the planners about.
	Holidays, Campaigns []time.Time
	// Strained are the codes of agents who work too much: long shifts,
	// missed breaks, high occupancy and more angry customers.
	Strained []string

	// Rostered are the shifts the contact days were simulated from, as
	// planned: what the roster published back then said (Operate
	// publishes them, so adherence is measured against them).
	Rostered []RosteredShift

	History  batch.History
	Contacts []batch.Contact
	States   []batch.AgentState
}

// Site is a place agents work from.
type Site struct {
	Name      string
	Timezone  string
	OpenHours []store.OpenDays
}

// Queue is a store queue named by its site and skill.
type Queue struct {
	store.Queue
	Site  string
	Skill string
	// Traffic model: mean contacts on a Wednesday, mean talk, hold and
	// after-contact work, and mean patience before hanging up.
	DailyVolume   float64
	TalkSeconds   float64
	HoldShare     float64 // share of contacts put on hold
	HoldSeconds   float64
	ACWSeconds    float64
	Weekday       Hours // open hours Monday to Friday (local minutes of the day)
	Weekend       Hours // Saturday, Sunday and public holidays
	EveningWeight float64
}

// Hours is [Open, Close) in minutes after local midnight.
type Hours struct{ Open, Close int }

// User is someone who logs in to the demo, with her known password.
type User struct {
	Username    string
	DisplayName string
	Password    string
	Role        string
	Locale      string
	About       string // what the login shows, for the printed list
}

// Team is a group of agents at a site led by a supervisor (a username).
type Team struct {
	Name       string
	Site       string
	Supervisor string
}

// Agent is one agent with her skills; User is the username she logs in
// with, when she has one.
type Agent struct {
	Code     string
	Name     string
	Team     string
	User     string
	HireDate civil.Date
	Contract store.Contract
	Skills   []SkillLevel
	// Queue is the queue she works on most days; PartTime and Strained
	// shape her rosters. DaysOff are her usual weekdays off (0 = Sunday).
	Queue    string
	PartTime bool
	Strained bool
	DaysOff  []time.Weekday
	// Speed multiplies her handle times (novices are slower).
	Speed float64
}

// SkillLevel is a skill an agent has, 1 (learning) to 5 (expert).
type SkillLevel struct {
	Skill       string
	Proficiency int
}

// Logins are the demo's users with their passwords, one or more per role.
func (c Center) Logins() []User { return c.Users }

// RosteredShift is one agent's planned shift of a simulated day: start,
// end and breaks in seconds after the site's local midnight.
type RosteredShift struct {
	Site       string
	Agent      string
	Skill      string    // of the queue she was rostered on
	Day        time.Time // civil date, midnight UTC
	Start, End int
	Breaks     []RosteredBreak
}

// RosteredBreak is a planned break; Lunch is an unpaid one.
type RosteredBreak struct {
	Start, Duration int
	Lunch           bool
}
