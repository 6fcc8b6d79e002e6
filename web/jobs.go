package web

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"wfm/jobs"
)

// keyOr is the message of key, or fallback when the catalogs lack it.
func keyOr(t Translator, key, fallback string) string {
	if t.Has(key) {
		return t.T(key)
	}
	return fallback
}

// jobTitle is a job's name in the reader's language ("job.NAME"),
// or its name when the catalogs do not know the job.
func jobTitle(name string, t Translator) string { return keyOr(t, "job."+name, name) }

// jobAbout says what a job does ("job.NAME.about"); a job the catalogs do
// not know keeps the English its catalog entry in jobs/ gives.
func jobAbout(name, about string, t Translator) string { return keyOr(t, "job."+name+".about", about) }

// jobRunView is an engine's job as the admin page shows it: its title
// (and part) in the reader's language, how it came, when it started, how
// long it took, its state and its last error.
func jobRunView(r jobs.Run, pg Page) JobRunView {
	v := JobRunView{Job: jobTitle(r.Job, pg.Translator), Name: r.Job, Trigger: keyOr(pg.Translator, "job.trigger."+r.Trigger, r.Trigger),
		Started: noValue, Duration: noValue, Outcome: keyOr(pg.Translator, "job.state."+r.State, r.State), Failed: r.Failed(), Error: r.Error}
	if r.Part != "" {
		v.Job = pg.T("job.part", r.Part, v.Job)
	}
	if r.AttemptedAt != nil {
		v.Started = pg.DateTime(*r.AttemptedAt)
		if r.FinalizedAt != nil {
			v.Duration = pg.Seconds(r.FinalizedAt.Sub(*r.AttemptedAt).Seconds())
		}
	}
	if r.Attempt > 1 || r.Failed() {
		v.Reason = fmt.Sprintf("%d/%d", r.Attempt, r.MaxAttempts)
	}
	return v
}

// cronText says a job's schedule in words: the robfig/cron specs the
// catalog uses ("@every 15m", "30 1 * * *" daily, "0 3 1 * *" monthly).
// Another spec is shown as it is written.
func cronText(spec string, t Translator) string {
	if every, ok := strings.CutPrefix(spec, "@every "); ok {
		if d, err := time.ParseDuration(every); err == nil && d >= time.Minute && d%time.Minute == 0 {
			return t.T("job.every", t.Minutes(int(d/time.Minute)))
		}
		return spec
	}
	f := strings.Fields(spec)
	if len(f) != 5 || f[3] != "*" || f[4] != "*" {
		return spec
	}
	minute, err1 := strconv.Atoi(f[0])
	hour, err2 := strconv.Atoi(f[1])
	if err1 != nil || err2 != nil || minute < 0 || minute > 59 || hour < 0 || hour > 23 {
		return spec
	}
	at := time.Date(2000, 1, 1, hour, minute, 0, 0, time.UTC).Format("15:04")
	if f[2] == "*" {
		return t.T("job.daily", at)
	}
	if day, err := strconv.Atoi(f[2]); err == nil && day >= 1 && day <= 31 {
		return t.T("job.monthly", day, at)
	}
	return spec
}
