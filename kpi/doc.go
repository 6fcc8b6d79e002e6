// Package kpi computes the contact-center measures of CONTRACTS.md section 5
// (service level, ASA, AHT, abandonment per queue and interval; handled,
// occupancy, adherence, conformance, FCR and CSAT per agent and day), their
// rollups, real-time adherence, quality evaluations, complaint cases,
// customer-emotion risk, scorecards and reviews, and a strain index.
//
// The package is pure: values in, values out. Time zones and "now" come in
// as arguments; nothing reads the clock or the disk.
//
// Every ratio is a Ratio: when its denominator is zero the ratio is absent
// (OK false) and is written empty, never as 0 or NaN.
package kpi
