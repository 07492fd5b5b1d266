package billing

import (
	"fmt"
	"strings"

	"github.com/crmadmin/crmadmin/internal/apperr"
	"github.com/crmadmin/crmadmin/internal/i18n"
)

// ---------------------------------------------------------------------------------------
// Licenses and limits (SB-7, SB-8)

// CheckLicenseReduction refuses a change that leaves fewer licenses of a kind than the users
// holding them — active and deactivated alike (SB-7) — with LICENSE_LIMIT saying how many
// users of which kind to delete first (Details "usersToDelete": {"REGULAR": n, "TEAM": m}).
func CheckLicenseReduction(regularHeld, teamHeld int, ch Change) error {
	regular := max(regularHeld-ch.Regular, 0)
	team := max(teamHeld-ch.Team, 0)
	if regular == 0 && team == 0 {
		return nil
	}
	var parts []string
	if regular > 0 {
		parts = append(parts, plural(regular, "regular user"))
	}
	if team > 0 {
		parts = append(parts, plural(team, "team user"))
	}
	return apperr.New(apperr.LicenseLimit,
		"licenses cannot go below the users holding them (deactivated users hold one too): delete %s first",
		strings.Join(parts, " and ")).
		With("usersToDelete", map[string]int{string(Regular): regular, string(Team): team})
}

// CanActivate refuses activating or adding a user of kind when no license of that kind is
// free (SB-7): usersHolding counts the other users of that kind holding one, active or
// deactivated (a deactivated user keeps its license).
func CanActivate(kind LicenseKind, licensesOwned, usersHolding int) error {
	if usersHolding < licensesOwned {
		return nil
	}
	name := strings.ToLower(string(kind))
	return apperr.New(apperr.LicenseLimit,
		"no free %s user license: all %d are held by users (deactivated users keep theirs); buy more %s licenses or delete a %s user",
		i18n.Phrase(name), licensesOwned, i18n.Phrase(name), i18n.Phrase(name)).
		With("licenseKind", string(kind)).With("limit", licensesOwned).With("held", usersHolding)
}

// CheckRecordLimit refuses creating a record when the org is at or over plan's record limit
// (SB-8) with RECORD_LIMIT; reading, editing and deleting are never checked. A limit of 0
// means no limit.
func CheckRecordLimit(plan *Plan, currentRecords int) error {
	if plan == nil {
		return apperr.New(apperr.Internal, "billing: no plan to check the record limit against")
	}
	if plan.RecordLimit == 0 || currentRecords < plan.RecordLimit {
		return nil
	}
	return apperr.New(apperr.RecordLimit,
		"the %s plan allows %d records and the org has %d: new records cannot be created, existing ones can still be read, edited and deleted; upgrade or delete records",
		plan.Name, plan.RecordLimit, currentRecords).
		With("limit", plan.RecordLimit).With("records", currentRecords)
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
