package backup

import (
	"fmt"
	"time"

	"github.com/crmadmin/crmadmin/internal/apperr"
	"github.com/crmadmin/crmadmin/internal/kind/backupkind"
)

// ---------------------------------------------------------------------------------------------
// BK-9 Quota

// MonthKey is the quota month of instant t in the org's zone, "2026-11" (nil loc: UTC).
func MonthKey(t time.Time, loc *time.Location) string {
	if loc == nil {
		loc = time.UTC
	}
	return t.In(loc).Format("2006-01")
}

// Cover is what pays for one run (BK-9).
type Cover = backupkind.Cover

const (
	CoverFree        = backupkind.CoverFree        // a free backup left this month
	CoverWeeklyAddon = backupkind.CoverWeeklyAddon // the recurring weekly add-on (WEEKLY schedules only)
	CoverUnit        = backupkind.CoverUnit        // one prepaid backup unit
	CoverNone        = backupkind.CoverNone        // nothing: the run becomes NEEDS_PURCHASE (BK-10)
)

// FreeLeft is how many free backups are left this month (never negative).
func FreeLeft(freePerMonth, used int) int { return max(0, freePerMonth-used) }

// ChooseCover picks what covers one run, in the SPEC order: a free backup left this month →
// the weekly add-on (when active, and only for WEEKLY schedules) → a prepaid unit → NONE.
// IMMEDIATE runs use the same quota (BK-7) but never the weekly add-on.
func ChooseCover(freePerMonth, usedFreeThisMonth int, repeat RepeatType, weeklyAddonActive bool, unitsLeft int) Cover {
	switch {
	case FreeLeft(freePerMonth, usedFreeThisMonth) > 0:
		return CoverFree
	case weeklyAddonActive && repeat == Weekly:
		return CoverWeeklyAddon
	case unitsLeft > 0:
		return CoverUnit
	}
	return CoverNone
}

// NeedsPurchaseError is the NEEDS_PURCHASE error for a run (or an IMMEDIATE request) that
// nothing covers (BK-10).
func NeedsPurchaseError() *apperr.Error {
	return apperr.New(apperr.NeedsPurchase,
		"no free backup is left this month and no backup unit is available: buy backup units (or the weekly backup add-on) to run this backup")
}

// ---------------------------------------------------------------------------------------------
// BK-10 Cost preview

// MonthCost is one calendar month (org's zone) of a cost preview.
//
// Owned units do NOT reduce Cost: Cost is what the schedule's runs beyond the free backups and
// the add-on are worth this month (the SPEC's "4 − 2 free = 2 × $10 = $20"), whatever the org
// already holds. FromOwned/ToBuy/AmountDue then say how much of it the units the org already
// owns would cover (consumed oldest run first, across the months of the preview) and what is
// left to buy.
type MonthCost struct {
	Month       string      // "2026-11"
	Runs        []time.Time // run instants, UTC, oldest first
	Dates       []Date      // the same runs as local dates in the org's zone
	Free        int         // runs covered by free backups
	AddOn       int         // runs covered by the weekly add-on
	UnitsNeeded int         // runs beyond free and add-on: one backup unit each
	Cost        int64       // UnitsNeeded × unit price, minor units
	FromOwned   int         // of UnitsNeeded, covered by units already owned
	ToBuy       int         // UnitsNeeded − FromOwned
	AmountDue   int64       // ToBuy × unit price, minor units
}

// MaxPreviewMonths bounds CostPreview.
const MaxPreviewMonths = 36

// CostPreview shows, month by month from the month of `from` (org's zone), what schedule s
// will cost (BK-10), assuming no free backup of the first month is used yet. Only runs at or
// after `from` count. IMMEDIATE previews its single run at `from`. An invalid schedule or
// months ≤ 0 gives nil; months is capped at MaxPreviewMonths.
func CostPreview(s Schedule, from time.Time, months int, freePerMonth int, weeklyAddonActive bool, unitsOwned int, unitPrice int64) []MonthCost {
	return CostPreviewUsed(s, from, months, freePerMonth, 0, weeklyAddonActive, unitsOwned, unitPrice)
}

// CostPreviewUsed is CostPreview when usedFreeThisMonth free backups of from's month are
// already used (by earlier runs or IMMEDIATE backups).
func CostPreviewUsed(s Schedule, from time.Time, months int, freePerMonth, usedFreeThisMonth int, weeklyAddonActive bool, unitsOwned int, unitPrice int64) []MonthCost {
	if months <= 0 || ValidateSchedule(s) != nil {
		return nil
	}
	months = min(months, MaxPreviewMonths)
	loc := s.Location
	first := DateOf(from, loc)
	owned := max(0, unitsOwned)
	out := make([]MonthCost, 0, months)
	for i := range months {
		m := DateOf(time.Date(first.Year, first.Month+time.Month(i), 1, 0, 0, 0, 0, time.UTC), time.UTC)
		next := m.AddDays(daysIn(m.Year, m.Month)) // 1st of the following month
		lo, hi := m.At(0, loc), next.At(0, loc)
		if lo.Before(from) {
			lo = from
		}
		var runs []time.Time
		if s.Repeat == Immediate {
			if i == 0 {
				runs = []time.Time{from.UTC()}
			}
		} else {
			runs = RunsBetween(s, lo, hi)
		}
		used := 0
		if i == 0 {
			used = usedFreeThisMonth
		}
		mc := MonthCost{Month: fmt.Sprintf("%04d-%02d", m.Year, int(m.Month)), Runs: runs}
		for _, r := range runs {
			mc.Dates = append(mc.Dates, DateOf(r, loc))
		}
		mc.Free = min(len(runs), FreeLeft(freePerMonth, used))
		rest := len(runs) - mc.Free
		if weeklyAddonActive && s.Repeat == Weekly {
			mc.AddOn, rest = rest, 0
		}
		mc.UnitsNeeded = rest
		mc.Cost = int64(rest) * unitPrice
		mc.FromOwned = min(rest, owned)
		owned -= mc.FromOwned
		mc.ToBuy = rest - mc.FromOwned
		mc.AmountDue = int64(mc.ToBuy) * unitPrice
		out = append(out, mc)
	}
	return out
}

// ---------------------------------------------------------------------------------------------
// BK-7, BK-9 What "Back up now" uses

// NowEffect is what a one-off backup now would use, and how the active schedule's next run
// would be covered without it (NextBefore) and after it (NextAfter). Warn says the backup
// leaves that next run to a backup unit or to nothing (NEEDS_PURCHASE): the confirmation must
// say so (issue 17 item 7). NextBefore and NextAfter are "" when there is no next run.
type NowEffect struct {
	Cover      Cover
	NextBefore Cover
	NextAfter  Cover
	Warn       bool
}

// BackupNowEffect works out NowEffect. usedFree is this month's free backups used; the next
// run (if hasNext) repeats as nextRepeat and falls in this quota month when nextSameMonth (a
// new month brings new free backups).
func BackupNowEffect(freePerMonth, usedFree int, weeklyAddon bool, unitsLeft int, hasNext bool, nextRepeat RepeatType, nextSameMonth bool) NowEffect {
	e := NowEffect{Cover: ChooseCover(freePerMonth, usedFree, Immediate, weeklyAddon, unitsLeft)}
	if !hasNext {
		return e
	}
	nextUsed := 0
	if nextSameMonth {
		nextUsed = usedFree
	}
	e.NextBefore = ChooseCover(freePerMonth, nextUsed, nextRepeat, weeklyAddon, unitsLeft)
	switch e.Cover {
	case CoverFree:
		if nextSameMonth {
			nextUsed++
		}
	case CoverUnit:
		unitsLeft--
	}
	e.NextAfter = ChooseCover(freePerMonth, nextUsed, nextRepeat, weeklyAddon, unitsLeft)
	e.Warn = e.NextAfter != e.NextBefore && (e.NextAfter == CoverUnit || e.NextAfter == CoverNone)
	return e
}
