package demo

import (
	"fmt"
	"math/rand/v2"
	"time"

	"wfm/civil"
	"wfm/store"
)

// The demo's sites, skills and queues. Shanghai answers billing and VIP
// calls; London answers technical calls and chats (and keeps British
// summer time, so its days are not all 24 hours long).
const (
	Shanghai = "Shanghai"
	London   = "London"

	QueueBilling = "voice-billing"
	QueueTech    = "voice-tech"
	QueueVIP     = "voice-vip"
	QueueChat    = "chat"
)

var skills = []string{"billing", "tech", "vip", "chat"}

// Password is every demo user's password. One password means one argon2
// hash to compute (about a second on a busy machine), not one per user.
const Password = "wfm-demo-2026"

func sites() []Site {
	week := []int{1, 2, 3, 4, 5}
	weekend := []int{0, 6}
	return []Site{
		{Name: Shanghai, Timezone: "Asia/Shanghai", OpenHours: []store.OpenDays{
			{Weekdays: week, Open: "08:00", Close: "21:00"}, {Weekdays: weekend, Open: "09:00", Close: "18:00"}}},
		{Name: London, Timezone: "Europe/London", OpenHours: []store.OpenDays{
			{Weekdays: week, Open: "08:00", Close: "22:00"}, {Weekdays: weekend, Open: "09:00", Close: "21:00"}}},
	}
}

func ptr[T any](v T) *T { return &v }

func queues() []Queue {
	return []Queue{
		{
			Queue: store.Queue{Code: QueueVIP, Name: "VIP voice", Channel: "voice", Tier: "vip",
				SLTarget: 0.9, SLThresholdSeconds: 15, ASATargetSeconds: ptr(10), MaxOccupancy: ptr(0.8),
				Concurrency: 1, PatienceSeconds: ptr(90), Shrinkage: 0.3, ShortAbandonSeconds: 5,
				// VIP callers are promised more: fewer lost, time to do it right.
				AbandonTarget: ptr(0.03), AHTTargetSeconds: ptr(360)},
			Site: Shanghai, Skill: "vip", DailyVolume: 260,
			TalkSeconds: 290, HoldShare: 0.25, HoldSeconds: 40, ACWSeconds: 45,
			Weekday: Hours{8 * 60, 21 * 60}, Weekend: Hours{9 * 60, 18 * 60}, EveningWeight: 0.2,
		},
		{
			Queue: store.Queue{Code: QueueBilling, Name: "Billing voice", Channel: "voice",
				SLTarget: 0.8, SLThresholdSeconds: 20, ASATargetSeconds: ptr(30), MaxOccupancy: ptr(0.85),
				Concurrency: 1, PatienceSeconds: ptr(120), Shrinkage: 0.3, ShortAbandonSeconds: 5},
			Site: Shanghai, Skill: "billing", DailyVolume: 1100,
			TalkSeconds: 215, HoldShare: 0.3, HoldSeconds: 45, ACWSeconds: 35,
			Weekday: Hours{8 * 60, 21 * 60}, Weekend: Hours{9 * 60, 18 * 60}, EveningWeight: 0.25,
		},
		{
			Queue: store.Queue{Code: QueueChat, Name: "Chat", Channel: "chat",
				SLTarget: 0.8, SLThresholdSeconds: 60, MaxOccupancy: ptr(0.85),
				Concurrency: 3, PatienceSeconds: ptr(300), Shrinkage: 0.3, ShortAbandonSeconds: 10},
			Site: London, Skill: "chat", DailyVolume: 650,
			TalkSeconds: 540, HoldShare: 0, ACWSeconds: 0,
			Weekday: Hours{8 * 60, 22 * 60}, Weekend: Hours{9 * 60, 21 * 60}, EveningWeight: 0.8,
		},
		{
			Queue: store.Queue{Code: QueueTech, Name: "Technical support voice", Channel: "voice",
				SLTarget: 0.8, SLThresholdSeconds: 20, ASATargetSeconds: ptr(30), MaxOccupancy: ptr(0.85),
				Concurrency: 1, PatienceSeconds: ptr(150), Shrinkage: 0.3, ShortAbandonSeconds: 5,
				// Technical calls take longer (diagnosis, holds to test).
				AHTTargetSeconds: ptr(420)},
			Site: London, Skill: "tech", DailyVolume: 600,
			TalkSeconds: 300, HoldShare: 0.45, HoldSeconds: 60, ACWSeconds: 55,
			Weekday: Hours{8 * 60, 20 * 60}, Weekend: Hours{9 * 60, 18 * 60}, EveningWeight: 0.15,
		},
	}
}

// teamPlan is how the teams are made: name, site, supervisor, the queue
// its agents work on and the skills they have besides the queue's.
type teamPlan struct {
	name, site, queue string
	supervisor        User
	extraSkill        string // a second skill some of the team have
}

func teamPlans() []teamPlan {
	sup := func(username, name, site string) User {
		locale := "en"
		if site == Shanghai {
			locale = "zh-CN"
		}
		return User{Username: username, DisplayName: name, Password: Password, Role: store.RoleSupervisor, Locale: locale}
	}
	return []teamPlan{
		{"Billing A", Shanghai, QueueBilling, sup("wang.fang", "Wang Fang 王芳", Shanghai), "vip"},
		{"Billing B", Shanghai, QueueBilling, sup("li.na", "Li Na 李娜", Shanghai), "chat"},
		{"Billing C", Shanghai, QueueBilling, sup("zhang.wei", "Zhang Wei 张伟", Shanghai), "vip"},
		{"VIP Desk", Shanghai, QueueVIP, sup("chen.jing", "Chen Jing 陈静", Shanghai), "billing"},
		{"Tech A", London, QueueTech, sup("emma.clark", "Emma Clark", London), "chat"},
		{"Tech B", London, QueueTech, sup("oliver.hughes", "Oliver Hughes", London), "billing"},
		{"Tech C", London, QueueTech, sup("james.patel", "James Patel", London), "chat"},
		{"Chat", London, QueueChat, sup("sophie.turner", "Sophie Turner", London), "tech"},
	}
}

var (
	familyNames = []string{"Liu", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu", "Sun", "Ma", "Zhu", "Hu", "Guo", "He", "Gao", "Lin", "Luo"}
	givenNames  = []string{"Yang", "Min", "Jie", "Lei", "Xin", "Ting", "Hao", "Yan", "Qiang", "Jun", "Mei", "Hua", "Ying", "Bo", "Lan", "Tao"}
	firstNames  = []string{"Amelia", "Harry", "Olivia", "Jack", "Isla", "George", "Ava", "Noah", "Mia", "Leo", "Grace", "Oscar", "Ella", "Arthur", "Lily", "Freddie"}
	lastNames   = []string{"Smith", "Jones", "Taylor", "Brown", "Wilson", "Evans", "Walker", "Wright", "Green", "Hall", "Wood", "Khan", "Lewis", "Hill", "Baker", "Ward"}
)

// Agents per team, and which of them (index in the team) are strained or
// log in to see their own data.
const teamSize = 10

var (
	strainedSeats = map[string]int{"Billing A": 2, "Billing C": 5, "VIP Desk": 1, "Tech B": 3}
	agentLogins   = map[string]int{"Billing A": 2, "Tech A": 4, "Chat": 1}
)

// staff builds the users, teams and agents.
func staff(rng *rand.Rand, end time.Time) ([]User, []Team, []Agent) {
	users := []User{
		{Username: "admin", DisplayName: "Demo Admin", Password: Password, Role: store.RoleAdmin, Locale: "en", About: "everything, including users and jobs"},
		{Username: "manager", DisplayName: "Zhou Min 周敏", Password: Password, Role: store.RoleManager, Locale: "zh-CN", About: "both sites, all KPIs"},
	}
	var teams []Team
	var agents []Agent
	usedNames := map[string]bool{}
	offPatterns := [][]time.Weekday{
		{time.Saturday, time.Sunday}, {time.Saturday, time.Sunday}, {time.Sunday, time.Monday},
		{time.Friday, time.Saturday}, {time.Saturday, time.Sunday}, {time.Tuesday, time.Wednesday},
		{time.Wednesday, time.Thursday}, {time.Thursday, time.Friday}, {time.Saturday, time.Sunday}, {time.Sunday, time.Monday},
	}
	for ti, tp := range teamPlans() {
		tp.supervisor.About = "team " + tp.name + " (" + tp.site + ")"
		users = append(users, tp.supervisor)
		teams = append(teams, Team{Name: tp.name, Site: tp.site, Supervisor: tp.supervisor.Username})
		queueSkill := map[string]string{QueueBilling: "billing", QueueTech: "tech", QueueVIP: "vip", QueueChat: "chat"}[tp.queue]
		for i := 0; i < teamSize; i++ {
			n := ti*teamSize + i + 1
			var name string
			for name == "" || usedNames[name] {
				if tp.site == Shanghai {
					name = familyNames[rng.IntN(len(familyNames))] + " " + givenNames[rng.IntN(len(givenNames))]
				} else {
					name = firstNames[rng.IntN(len(firstNames))] + " " + lastNames[rng.IntN(len(lastNames))]
				}
			}
			usedNames[name] = true
			a := Agent{
				Code:     fmt.Sprintf("A%03d", n),
				Name:     name,
				Team:     tp.name,
				HireDate: civil.Of(end.AddDate(0, 0, -60-rng.IntN(7*365)), nil),
				Queue:    tp.queue,
				PartTime: i == 7 || i == 9,
				DaysOff:  offPatterns[(i+ti)%len(offPatterns)],
			}
			prof := 1 + rng.IntN(5)
			a.Speed = 1.25 - 0.08*float64(prof) // 1.17 for novices, 0.85 for experts
			a.Skills = []SkillLevel{{Skill: queueSkill, Proficiency: prof}}
			if tp.queue == QueueVIP {
				a.Skills = append(a.Skills, SkillLevel{Skill: "billing", Proficiency: 3 + rng.IntN(3)})
			} else if i%2 == 0 {
				a.Skills = append(a.Skills, SkillLevel{Skill: tp.extraSkill, Proficiency: 1 + rng.IntN(4)})
			}
			if a.PartTime {
				a.DaysOff = append(a.DaysOff, (a.DaysOff[1]+3)%7)
				a.Contract = store.Contract{Kind: "part-time", WeeklyMinutesMin: 960, WeeklyMinutesMax: 1500,
					MaxConsecutiveDays: 5, MinConsecutiveDaysOff: 1, MinRestMinutes: 660, MaxWeekendsPer4Weeks: 4}
			} else {
				a.Contract = store.Contract{Kind: "full-time", WeeklyMinutesMin: 2400, WeeklyMinutesMax: 2640,
					MaxConsecutiveDays: 6, MinConsecutiveDaysOff: 2, MinRestMinutes: 660, MaxWeekendsPer4Weeks: 3}
			}
			if seat, ok := strainedSeats[tp.name]; ok && seat == i {
				a.Strained = true
				a.PartTime = false
				a.DaysOff = []time.Weekday{time.Sunday}
				a.Contract = store.Contract{Kind: "full-time", WeeklyMinutesMin: 2400, WeeklyMinutesMax: 2640,
					MaxConsecutiveDays: 6, MinConsecutiveDaysOff: 2, MinRestMinutes: 660, MaxWeekendsPer4Weeks: 3}
			}
			if seat, ok := agentLogins[tp.name]; ok && seat == i {
				username := loginName(a.Name)
				a.User = username
				locale := "en"
				if tp.site == Shanghai {
					locale = "zh-CN"
				}
				about := "agent " + a.Code + ", team " + tp.name
				if a.Strained {
					about += " (strained)"
				}
				users = append(users, User{Username: username, DisplayName: a.Name, Password: Password,
					Role: store.RoleAgent, Locale: locale, About: about})
			}
			agents = append(agents, a)
		}
	}
	return users, teams, agents
}

// loginName is the name in lower case with a dot for the space (agent
// names are unique, and unlike the supervisors').
func loginName(name string) string {
	b := []byte{}
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case c >= 'A' && c <= 'Z':
			b = append(b, c+'a'-'A')
		case c == ' ':
			b = append(b, '.')
		default:
			b = append(b, c)
		}
	}
	return string(b)
}
