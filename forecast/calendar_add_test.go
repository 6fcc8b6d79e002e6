package forecast

import "testing"

func TestCalendarAddFilesEntriesByKind(t *testing.T) {
	var c Calendar
	for _, e := range []struct {
		kind string
		mult float64
	}{{Holiday, 0}, {Campaign, 1.3}, {Billing, 0}, {Outage, 0.1}, {AnomalyKind, 0}} {
		if err := c.Add("2026-03-02", "sales", e.kind, "x", e.mult); err != nil {
			t.Fatalf("%s: %v", e.kind, err)
		}
	}
	if len(c.Events) != 4 || len(c.Anomalies) != 1 {
		t.Fatalf("events %d, anomalies %d: want 4 and 1", len(c.Events), len(c.Anomalies))
	}
	if c.Events[1] != (Event{Date: "2026-03-02", Queue: "sales", Kind: Campaign, Name: "x", Multiplier: 1.3}) {
		t.Errorf("campaign filed as %+v", c.Events[1])
	}
	if c.Anomalies[0] != (Anomaly{Date: "2026-03-02", Queue: "sales"}) {
		t.Errorf("anomaly filed as %+v", c.Anomalies[0])
	}
	if err := c.Add("2026-03-02", "sales", "party", "", 0); err == nil {
		t.Error("an unknown kind must be refused")
	}
	if err := c.Validate(); err != nil {
		t.Errorf("filed entries do not validate: %v", err)
	}
}
