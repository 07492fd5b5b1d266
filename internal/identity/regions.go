package identity

// RegionDefaults is the time zone and currency an org gets from its region (PL-3) when
// sign-up does not say otherwise.
var RegionDefaults = map[string]struct{ TimeZone, Currency string }{
	"US": {"America/New_York", "USD"},
	"EU": {"Europe/Paris", "EUR"},
	"IN": {"Asia/Kolkata", "INR"},
	"AU": {"Australia/Sydney", "AUD"},
	"JP": {"Asia/Tokyo", "JPY"},
	"CA": {"America/Toronto", "CAD"},
	"UK": {"Europe/London", "GBP"},
	"CN": {"Asia/Shanghai", "CNY"},
}
