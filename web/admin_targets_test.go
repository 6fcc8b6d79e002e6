package web_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
)

// TestAdminEditsQueueTargets: the queue's form shows the abandonment and
// AHT targets beside the service goal, with the channel's defaults in
// the hint; out-of-range targets are refused beside their fields; saved
// ones are stored; emptied ones fall back to the channel's; a stale form
// is a conflict.
func TestAdminEditsQueueTargets(t *testing.T) {
	ts, d := newSite(t)
	ctx := context.Background()
	admin := newVisitor(t, ts.URL)
	admin.login("ada", adminPassword, "")
	path := "/admin/queues/" + id(d.queue.ID)
	page := admin.do("GET", path, nil)
	if page.status != 200 || !strings.Contains(page.body, `name="abandon_target" value=""`) || !strings.Contains(page.body, `name="aht_target_seconds" value=""`) ||
		!strings.Contains(page.body, "语音 5%、在线聊天 10%、电子邮件 5%") || !strings.Contains(page.body, "语音 300、在线聊天 600、电子邮件 600") {
		t.Fatalf("queue form: %d\n%s", page.status, page.body)
	}
	r := admin.do("POST", path, queueForm(t, page.body, map[string]string{"abandon_target": "100", "aht_target_seconds": "0"}))
	if r.status != http.StatusBadRequest || !strings.Contains(r.body, `id="f-abandon-target-error">请输入大于 0 且小于 100 的百分比，或留空。`) ||
		!strings.Contains(r.body, `id="f-aht-target-seconds-error">请输入 1 到 86400 之间的秒数，或留空。`) {
		t.Errorf("out of range: %d\n%s", r.status, r.body)
	}
	r = admin.do("POST", path, queueForm(t, page.body, map[string]string{"abandon_target": "4", "aht_target_seconds": "270"}))
	if r.status != http.StatusSeeOther {
		t.Fatalf("save: %d\n%s", r.status, r.body)
	}
	q, err := d.store.GetQueue(ctx, d.queue.ID)
	if err != nil || q.AbandonTarget == nil || *q.AbandonTarget != 0.04 || q.AHTTargetSeconds == nil || *q.AHTTargetSeconds != 270 {
		t.Fatalf("after save: %+v %v", q, err)
	}
	saved := admin.do("GET", path, nil)
	if !strings.Contains(saved.body, `name="abandon_target" value="4"`) || !strings.Contains(saved.body, `name="aht_target_seconds" value="270"`) {
		t.Errorf("saved form:\n%s", saved.body)
	}
	if r := admin.do("POST", path, queueForm(t, page.body, map[string]string{"abandon_target": "6"})); r.status != http.StatusConflict {
		t.Errorf("stale form: %d", r.status)
	}
	r = admin.do("POST", path, queueForm(t, saved.body, map[string]string{"abandon_target": "", "aht_target_seconds": ""}))
	if r.status != http.StatusSeeOther {
		t.Fatalf("clear: %d\n%s", r.status, r.body)
	}
	if q, _ := d.store.GetQueue(ctx, d.queue.ID); q.AbandonTarget != nil || q.AHTTargetSeconds != nil || q.AHTTarget() != 300 {
		t.Errorf("cleared targets: %v %v", q.AbandonTarget, q.AHTTargetSeconds)
	}
}
