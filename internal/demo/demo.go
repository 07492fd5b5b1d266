// Package demo loads a demo organisation ("crmadmin demo") so that a newcomer sees real-looking
// data at once: users, accounts, contacts, leads, deals, tasks, events with participants,
// support cases, notes, emails and attachments, in Japanese, French and English.
//
// The data is deterministic for a seed and a reference time (Options.Seed, Options.Now); only
// the admin password (when not given) comes from crypto/rand. The whole load runs in one
// transaction: it either creates the complete org or nothing, so a failed load can be re-run
// with the same admin email.
package demo

import (
	"bytes"
	"context"
	crand "crypto/rand"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/crmadmin/crmadmin/ent"
	"github.com/crmadmin/crmadmin/ent/deal"
	"github.com/crmadmin/crmadmin/ent/email"
	"github.com/crmadmin/crmadmin/ent/lead"
	"github.com/crmadmin/crmadmin/ent/organization"
	"github.com/crmadmin/crmadmin/ent/supportcase"
	"github.com/crmadmin/crmadmin/ent/task"
	"github.com/crmadmin/crmadmin/ent/user"
	"github.com/crmadmin/crmadmin/internal/audit"
	"github.com/crmadmin/crmadmin/internal/auth"
	"github.com/crmadmin/crmadmin/internal/store"
)

// Defaults for Options.
const (
	DefaultContacts = 1500
	DefaultEmail    = "admin@demo.crmadmin.test"
	OrgName         = "Démo Sakura Trading 株式会社"

	batchSize       = 500
	passwordLen     = 16
	passwordSymbols = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789" // no 0/O, 1/l/I
)

// Options says how much data to load and for whom. The zero value loads the default size.
type Options struct {
	// Contacts is the number of contacts (default 1500); the other modules scale from it:
	// accounts contacts/5, leads /2, deals /3, tasks ×1, events /2 (1–4 participants each),
	// cases /6, notes /2, emails /3, attachments /10 (150 at the default size).
	Contacts int
	// Seed makes the data deterministic: the same seed and Now give the same records.
	Seed int64
	// Email is the super admin's email (default admin@demo.crmadmin.test). It must not exist yet.
	Email string
	// Password is the super admin's password (default: a random 16-character password).
	Password string
	// Blobs receives the attachments' bytes. Required.
	Blobs BlobWriter
	// Now is the reference time: records spread over the year before it and the 3 months after
	// it (default time.Now().UTC()).
	Now time.Time
}

// BlobWriter stores attachment bytes under key.
type BlobWriter interface {
	WriteBlob(ctx context.Context, key string, data []byte, contentType string) error
}

// Result tells the caller what was created and how to sign in.
type Result struct {
	OrgID    int
	OrgName  string
	Email    string
	Password string
	// Counts is the number of rows created per module: users, accounts, contacts, leads, deals,
	// tasks, events, event_participants, cases, notes, emails, attachments.
	Counts map[string]int
	// AlreadyLoaded: the org was there before this call (FindLoaded); Counts is empty, and
	// Password is set only when it was just reset.
	AlreadyLoaded bool
}

// ErrEmailTaken is returned (wrapped) when a user with the admin email already exists.
var ErrEmailTaken = errors.New("a user with this email already exists")

// Load creates the demo org and its data in one transaction.
func Load(ctx context.Context, client *ent.Client, opt Options) (*Result, error) {
	if opt.Contacts < 0 {
		return nil, fmt.Errorf("demo: Contacts must not be negative (got %d)", opt.Contacts)
	}
	if opt.Contacts == 0 {
		opt.Contacts = DefaultContacts
	}
	if opt.Blobs == nil {
		return nil, errors.New("demo: Options.Blobs is required (attachments need somewhere to go)")
	}
	if opt.Now.IsZero() {
		opt.Now = time.Now()
	}
	opt.Now = opt.Now.UTC()
	opt.Email = Email(opt.Email)
	at := strings.LastIndexByte(opt.Email, '@')
	if at <= 0 || at == len(opt.Email)-1 {
		return nil, fmt.Errorf("demo: %q is not a valid email address", opt.Email)
	}
	if opt.Password == "" {
		pw, err := randomPassword(passwordLen)
		if err != nil {
			return nil, fmt.Errorf("demo: generating a password: %w", err)
		}
		opt.Password = pw
	} else if err := auth.ValidatePassword(opt.Password); err != nil {
		return nil, fmt.Errorf("demo: password %w", err)
	}

	allCtx := store.AllOrgs(ctx)
	taken, err := client.User.Query().Where(store.FoldEqual(user.FieldEmail, opt.Email)).Exist(allCtx)
	if err != nil {
		return nil, fmt.Errorf("demo: checking the admin email: %w", err)
	}
	if taken {
		return nil, emailTaken(opt.Email)
	}
	hash, err := auth.HashPassword(ctx, opt.Password)
	if err != nil {
		return nil, fmt.Errorf("demo: hashing the password: %w", err)
	}

	tx, err := client.Tx(ctx)
	if err != nil {
		return nil, fmt.Errorf("demo: starting a transaction: %w", err)
	}
	g := &gen{
		r:      rand.New(rand.NewPCG(uint64(opt.Seed), 0x9e3779b97f4a7c15)),
		opt:    opt,
		tx:     tx,
		now:    opt.Now,
		from:   opt.Now.AddDate(-1, 0, 0),
		until:  opt.Now.AddDate(0, 3, 0),
		emails: map[string]bool{},
		counts: map[string]int{},
		zones:  map[string]*time.Location{},
	}
	org, err := g.run(ctx, allCtx, hash)
	if err != nil {
		_ = tx.Rollback()
		if errors.Is(err, ErrEmailTaken) {
			return nil, err
		}
		return nil, fmt.Errorf("demo: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("demo: committing: %w", err)
	}
	return &Result{OrgID: org.ID, OrgName: org.Name, Email: opt.Email, Password: opt.Password, Counts: g.counts}, nil
}

func emailTaken(addr string) error {
	return fmt.Errorf("demo: %w: %s (was the demo already loaded? choose another admin email)", ErrEmailTaken, addr)
}

func randomPassword(n int) (string, error) {
	b := make([]byte, n)
	if _, err := crand.Read(b); err != nil {
		return "", err
	}
	for i := range b {
		b[i] = passwordSymbols[int(b[i])%len(passwordSymbols)]
	}
	return string(b), nil
}

// gen holds the generator's state: the random source and what was created so far.
type gen struct {
	r           *rand.Rand
	opt         Options
	tx          *ent.Tx
	now         time.Time
	from, until time.Time
	emails      map[string]bool // emails handed out, to keep them unique
	counts      map[string]int
	zones       map[string]*time.Location

	orgID    int
	users    []userRec
	accounts []accountRec
	contacts []contactRec
	leads    []leadRec
	deals    []dealRec
	tasks    []int
	events   []int
	cases    []caseRec
}

type userRec struct {
	id          int
	name, email string
	loc         locale
}

type person struct {
	loc          locale
	first, last  string // as stored (Japanese: first = given name, last = family name)
	full         string // as displayed (Japanese: family name first)
	greet        string // how emails address them
	female       bool
	latinGiven   string
	latinFamily  string
	emailPattern int
}

type accountRec struct {
	id       int
	name     string
	domain   string
	loc      locale
	city     *city
	contacts []int // indexes into gen.contacts
	deals    []int // indexes into gen.deals
}

type contactRec struct {
	id      int
	p       person
	email   string
	account int // index into gen.accounts, -1 for none
	cases   []int
}

type leadRec struct {
	id    int
	p     person
	email string
}

type dealRec struct {
	id      int
	account int
	contact int // index into gen.contacts, -1 for none
}

type caseRec struct {
	id      int
	contact int
}

func (g *gen) run(ctx, allCtx context.Context, hash string) (*ent.Organization, error) {
	org, err := g.tx.Organization.Create().
		SetName(OrgName).
		SetRegion(organization.RegionJP).
		SetTimeZone("Asia/Tokyo").
		SetCurrency("JPY").
		SetCreatedAt(g.now).
		SetUpdatedAt(g.now).
		Save(allCtx)
	if err != nil {
		return nil, fmt.Errorf("creating the organization: %w", err)
	}
	g.orgID = org.ID
	sctx := auth.SystemContext(ctx, org.ID)
	steps := []struct {
		name string
		fn   func(context.Context) error
	}{
		{"users", func(ctx context.Context) error { return g.createUsers(ctx, hash) }},
		{"accounts", g.createAccounts},
		{"contacts", g.createContacts},
		{"leads", g.createLeads},
		{"deals", g.createDeals},
		{"tasks", g.createTasks},
		{"events", g.createEvents},
		{"cases", g.createCases},
		{"notes", g.createNotes},
		{"emails", g.createEmails},
		{"attachments", g.createAttachments},
	}
	for _, s := range steps {
		if err := s.fn(sctx); err != nil {
			return nil, fmt.Errorf("creating %s: %w", s.name, err)
		}
	}
	details := make(map[string]any, len(g.counts))
	for k, v := range g.counts {
		details[k] = v
	}
	err = audit.Record(sctx, g.tx.Client(), audit.Entry{
		Action:     "demo.loaded",
		TargetType: "Organization",
		TargetID:   org.ID,
		Summary:    fmt.Sprintf("Demo data loaded: %d contacts, %d accounts, %d deals", g.counts["contacts"], g.counts["accounts"], g.counts["deals"]),
		Details:    details,
	})
	if err != nil {
		return nil, fmt.Errorf("writing the audit log: %w", err)
	}
	return org, nil
}

// saveBatches saves builders in batches of batchSize and returns the created IDs in order.
func saveBatches[B any, N any](ctx context.Context, builders []B, save func(context.Context, []B) ([]N, error), id func(N) int) ([]int, error) {
	ids := make([]int, 0, len(builders))
	for start := 0; start < len(builders); start += batchSize {
		end := min(start+batchSize, len(builders))
		nodes, err := save(ctx, builders[start:end])
		if err != nil {
			return nil, err
		}
		for _, n := range nodes {
			ids = append(ids, id(n))
		}
	}
	return ids, nil
}

// ---- random helpers ----

func pick[T any](r *rand.Rand, s []T) T { return s[r.IntN(len(s))] }

func (g *gen) chance(p float64) bool { return g.r.Float64() < p }

// weighted returns an index into weights, chosen proportionally.
func (g *gen) weighted(weights ...int) int {
	total := 0
	for _, w := range weights {
		total += w
	}
	n := g.r.IntN(total)
	for i, w := range weights {
		if n < w {
			return i
		}
		n -= w
	}
	return len(weights) - 1
}

// between returns a random time in [a, b).
func (g *gen) between(a, b time.Time) time.Time {
	d := b.Sub(a)
	if d <= 0 {
		return a
	}
	return a.Add(time.Duration(g.r.Int64N(int64(d)))).Truncate(time.Second)
}

// past returns a random time in the year before now.
func (g *gen) past() time.Time { return g.between(g.from, g.now) }

func (g *gen) digits(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('0' + g.r.IntN(10))
	}
	return string(b)
}

// subscriber is like digits but does not start with 0 (a 0 there would be a trunk prefix).
func (g *gen) subscriber(n int) string { return string(rune('1'+g.r.IntN(9))) + g.digits(n-1) }

func (g *gen) loc() locale { return locale(g.weighted(50, 30, 20)) }

// owner picks a record owner; the deactivated user still owns some older records.
func (g *gen) owner() int {
	return g.users[g.weighted(10, 15, 15, 20, 15, 15, 10)].id
}

func (g *gen) zone(name string) *time.Location {
	if l, ok := g.zones[name]; ok {
		return l
	}
	l, err := time.LoadLocation(name)
	if err != nil { // no tzdata on this host: a fixed offset is good enough for demo meetings
		off := map[string]int{"Asia/Tokyo": 9, "Europe/Paris": 1, "Europe/London": 0, "America/New_York": -5, "America/Los_Angeles": -8}[name]
		l = time.FixedZone(name, off*3600)
	}
	g.zones[name] = l
	return l
}

// ---- people, companies, phones ----

var foldAccents = strings.NewReplacer(
	"à", "a", "â", "a", "ä", "a", "ç", "c", "é", "e", "è", "e", "ê", "e", "ë", "e",
	"î", "i", "ï", "i", "ô", "o", "ö", "o", "ù", "u", "û", "u", "ü", "u", "ÿ", "y",
	"œ", "oe", "æ", "ae", "'", "", "’", "", " ", "",
)

// latin turns a Latin-script name into an email local part: "D'Aubigné" → "daubigne".
func latin(s string) string { return foldAccents.Replace(strings.ToLower(s)) }

func (g *gen) person(l locale) person {
	p := person{loc: l, emailPattern: g.weighted(50, 20, 15, 15)}
	switch l {
	case ja:
		f, gv := pick(g.r, jaFamily), pick(g.r, jaGiven)
		p.first, p.last, p.female = gv.Native, f.Native, gv.Female
		p.full = f.Native + " " + gv.Native
		p.greet = f.Native
		p.latinGiven, p.latinFamily = gv.Latin, f.Latin
	case fr:
		f, gv := pick(g.r, frFamily), pick(g.r, frGiven)
		p.first, p.last, p.female = gv.Native, f.Native, gv.Female
		p.full = gv.Native + " " + f.Native
		p.greet = gv.Native
		p.latinGiven, p.latinFamily = latin(gv.Native), latin(f.Native)
	default:
		f, gv := pick(g.r, enFamily), pick(g.r, enGiven)
		p.first, p.last, p.female = gv.Native, f.Native, gv.Female
		p.full = gv.Native + " " + f.Native
		p.greet = gv.Native
		p.latinGiven, p.latinFamily = latin(gv.Native), latin(f.Native)
	}
	return p
}

// email derives a unique address at domain from the romanised name ("ken.sato@…", "k.sato@…").
func (g *gen) email(p person, domain string) string {
	var local string
	switch p.emailPattern {
	case 0:
		local = p.latinGiven + "." + p.latinFamily
	case 1:
		local = p.latinGiven[:1] + "." + p.latinFamily
	case 2:
		local = p.latinFamily + "." + p.latinGiven
	default:
		local = p.latinGiven + p.latinFamily
	}
	addr := local + "@" + domain
	for n := 2; g.emails[addr]; n++ {
		addr = fmt.Sprintf("%s%d@%s", local, n, domain)
	}
	g.emails[addr] = true
	return addr
}

func (g *gen) cityFor(l locale) *city {
	for {
		c := &cities[g.r.IntN(len(cities))]
		if c.Locale == l {
			return c
		}
	}
}

// company returns a company name, its email domain and its industry.
func (g *gen) company(l locale) (name, domain, industry string) {
	switch l {
	case ja:
		s, t := pick(g.r, jaCompanyStems), pick(g.r, jaTrades)
		switch g.weighted(60, 30, 10) {
		case 0:
			name = "株式会社" + s.Native + t.Native
		case 1:
			name = s.Native + t.Native + "株式会社"
		default:
			name = "合同会社" + s.Native + t.Native
		}
		return name, s.Latin + "-" + t.Latin + ".example", t.Industry
	case fr:
		if g.chance(0.1) {
			f := pick(g.r, frFixedCompanies)
			return f.Native, f.Latin + ".example", f.Industry
		}
		t, f := pick(g.r, frTrades), pick(g.r, frFamily)
		name = fmt.Sprintf(pick(g.r, frLegal), t.Native+" "+f.Native)
		return name, t.Latin + "-" + strings.ReplaceAll(latin(f.Native), "-", "") + ".example", t.Industry
	default:
		s, t := pick(g.r, enStems), pick(g.r, enTrades)
		name = fmt.Sprintf(pick(g.r, enLegal), s.Native+" "+t.Native)
		return name, s.Latin + t.Latin + ".example", t.Industry
	}
}

// phone returns a number in the local format of c; intl uses the international form ("+33 4 72…").
func (g *gen) phone(c *city, mobile bool) string {
	intl := g.chance(0.25)
	var local string
	switch c.Locale {
	case ja:
		switch {
		case mobile:
			local = pick(g.r, []string{"090", "080", "070"}) + "-" + g.subscriber(4) + "-" + g.digits(4)
		case len(c.Area) == 2:
			local = c.Area + "-" + g.subscriber(4) + "-" + g.digits(4)
		default:
			local = c.Area + "-" + g.subscriber(3) + "-" + g.digits(4)
		}
		if intl {
			return c.Intl + " " + local[1:]
		}
		return local
	case fr:
		if mobile {
			local = pick(g.r, []string{"06", "07"}) + " " + g.digits(2) + " " + g.digits(2) + " " + g.digits(2) + " " + g.digits(2)
		} else {
			local = c.Area + " " + g.digits(2) + " " + g.digits(2) + " " + g.digits(2)
		}
		if intl {
			return c.Intl + " " + local[1:]
		}
		return local
	default:
		if c.Intl == "+1" {
			local = c.Area + "-555-01" + g.digits(2)
			if intl {
				return "+1 " + local
			}
			if g.chance(0.5) {
				return "(" + c.Area + ") 555-01" + g.digits(2)
			}
			return local
		}
		if mobile {
			local = "07700 900" + g.digits(3)
		} else {
			local = c.Area + " 0" + g.digits(3)
		}
		if intl {
			return c.Intl + " " + local[1:]
		}
		return local
	}
}

func (g *gen) description(l locale, p float64) string {
	if !g.chance(p) {
		return ""
	}
	if g.chance(0.05) {
		return pick(g.r, formulaLike)
	}
	return pick(g.r, descriptions[l])
}

func (g *gen) contactTitle(p person) string {
	switch p.loc {
	case ja:
		return pick(g.r, jaTitles)
	case fr:
		t := pick(g.r, frTitles)
		if p.female {
			return t[1]
		}
		return t[0]
	default:
		return pick(g.r, enTitles)
	}
}

func (g *gen) department(l locale) string {
	switch l {
	case ja:
		return pick(g.r, jaDepartments)
	case fr:
		return pick(g.r, frDepartments)
	default:
		return pick(g.r, enDepartments)
	}
}

// ---- modules ----

func (g *gen) createUsers(ctx context.Context, hash string) error {
	local, domain, _ := strings.Cut(g.opt.Email, "@")
	builders := make([]*ent.UserCreate, len(demoUsers))
	g.users = make([]userRec, len(demoUsers))
	for i, u := range demoUsers {
		addr := g.opt.Email
		if i > 0 {
			// Sub-addresses of the admin's mailbox: unique as long as the admin email is, so
			// several demo orgs can live in one database.
			addr = local + "+" + u.Latin + "@" + domain
		}
		b := g.tx.User.Create().
			SetEmail(addr).
			SetName(u.Name).
			SetRole(user.Role(u.Role)).
			SetLicenseKind(user.LicenseKind(u.License)).
			SetStatus(user.Status(u.Status)).
			SetLocale(u.Locale).
			SetCreatedAt(g.now).
			SetUpdatedAt(g.now)
		if i == 0 {
			b.SetPasswordHash(hash)
		} else if u.Status == "ACTIVE" {
			b.SetLastSignInAt(g.between(g.now.AddDate(0, 0, -14), g.now))
		}
		builders[i] = b
		g.users[i] = userRec{name: u.Name, email: addr, loc: map[string]locale{"ja": ja, "fr": fr, "en": en}[u.Locale]}
	}
	ids, err := saveBatches(ctx, builders, func(ctx context.Context, b []*ent.UserCreate) ([]*ent.User, error) {
		return g.tx.User.CreateBulk(b...).Save(ctx)
	}, func(u *ent.User) int { return u.ID })
	if ent.IsConstraintError(err) { // user emails are unique across orgs; lost a race with another load
		return fmt.Errorf("%w: %w", emailTaken(g.opt.Email), err)
	}
	if err != nil {
		return err
	}
	for i, id := range ids {
		g.users[i].id = id
	}
	g.counts["users"] = len(ids)
	return nil
}

func (g *gen) createAccounts(ctx context.Context) error {
	n := max(1, g.opt.Contacts/5)
	seen := map[string]bool{}
	builders := make([]*ent.AccountCreate, n)
	g.accounts = make([]accountRec, n)
	for i := range n {
		l := g.loc()
		name, domain, industry := g.company(l)
		for try := 0; seen[name] && try < 20; try++ {
			name, domain, industry = g.company(l)
		}
		if seen[name] { // small tables, big org: number the branches
			base, bdomain := name, domain
			for k := 2; seen[name]; k++ {
				name, domain = fmt.Sprintf("%s (%d)", base, k), fmt.Sprintf("b%d.%s", k, bdomain)
			}
		}
		seen[name] = true
		c := g.cityFor(l)
		created := g.past()
		website := "https://www." + domain
		switch g.weighted(80, 10, 10) {
		case 1:
			website = "www." + domain
		case 2:
			website = ""
		}
		builders[i] = g.tx.Account.Create().
			SetName(name).
			SetWebsite(website).
			SetPhone(g.phone(c, false)).
			SetIndustry(industry).
			SetBillingStreet(pick(g.r, c.Streets)).
			SetBillingCity(c.City).
			SetBillingState(c.State).
			SetBillingZip(pick(g.r, c.Zips)).
			SetBillingCountry(c.Country).
			SetDescription(g.description(l, 0.4)).
			SetOwnerID(g.owner()).
			SetCreatedAt(created).
			SetUpdatedAt(g.between(created, g.now))
		g.accounts[i] = accountRec{name: name, domain: domain, loc: l, city: c}
	}
	ids, err := saveBatches(ctx, builders, func(ctx context.Context, b []*ent.AccountCreate) ([]*ent.Account, error) {
		return g.tx.Account.CreateBulk(b...).Save(ctx)
	}, func(a *ent.Account) int { return a.ID })
	if err != nil {
		return err
	}
	for i, id := range ids {
		g.accounts[i].id = id
	}
	g.counts["accounts"] = len(ids)
	return nil
}

func (g *gen) createContacts(ctx context.Context) error {
	n := g.opt.Contacts
	builders := make([]*ent.ContactCreate, n)
	g.contacts = make([]contactRec, n)
	for i := range n {
		acc := -1
		l := g.loc()
		var c *city
		domain := pick(g.r, []string{"mail.example", "freemail.example", "post.example"})
		if g.chance(0.9) {
			acc = g.r.IntN(len(g.accounts))
			a := &g.accounts[acc]
			l, c, domain = a.loc, a.city, a.domain
			a.contacts = append(a.contacts, i)
		}
		if c == nil || g.chance(0.1) {
			c = g.cityFor(l)
		}
		p := g.person(l)
		addr := ""
		if g.chance(0.95) {
			addr = g.email(p, domain)
		}
		created := g.past()
		b := g.tx.Contact.Create().
			SetFirstName(p.first).
			SetLastName(p.last).
			SetEmail(addr).
			SetTitle(g.contactTitle(p)).
			SetDepartment(g.department(l)).
			SetPhone(g.phone(c, false)).
			SetMobile(g.phone(c, true)).
			SetMailingStreet(pick(g.r, c.Streets)).
			SetMailingCity(c.City).
			SetMailingState(c.State).
			SetMailingZip(pick(g.r, c.Zips)).
			SetMailingCountry(c.Country).
			SetDescription(g.description(l, 0.3)).
			SetOwnerID(g.owner()).
			SetCreatedAt(created).
			SetUpdatedAt(g.between(created, g.now))
		if acc >= 0 {
			b.SetAccountID(g.accounts[acc].id)
		}
		if fax := map[locale]float64{ja: 0.4, fr: 0.1, en: 0.02}[l]; g.chance(fax) {
			b.SetFax(g.phone(c, false))
		}
		if g.chance(0.05) {
			b.SetHomePhone(g.phone(c, false))
		}
		if g.chance(0.05) {
			b.SetOtherPhone(g.phone(c, false))
		}
		if g.chance(0.05) {
			ap := g.person(l)
			b.SetAssistant(ap.full).SetAsstPhone(g.phone(c, false))
		}
		if acc >= 0 && g.chance(0.1) && len(g.accounts[acc].contacts) > 1 {
			boss := g.contacts[g.accounts[acc].contacts[0]].p
			b.SetReportsTo(boss.full)
		}
		if g.chance(0.1) {
			oc := g.cityFor(l)
			b.SetOtherStreet(pick(g.r, oc.Streets)).SetOtherCity(oc.City).SetOtherState(oc.State).
				SetOtherZip(pick(g.r, oc.Zips)).SetOtherCountry(oc.Country)
		}
		if g.chance(0.2) {
			dob := time.Date(g.now.Year()-25-g.r.IntN(40), time.Month(1+g.r.IntN(12)), 1+g.r.IntN(28), 0, 0, 0, 0, time.UTC)
			b.SetDateOfBirth(dob)
		}
		builders[i] = b
		g.contacts[i] = contactRec{p: p, email: addr, account: acc}
	}
	ids, err := saveBatches(ctx, builders, func(ctx context.Context, b []*ent.ContactCreate) ([]*ent.Contact, error) {
		return g.tx.Contact.CreateBulk(b...).Save(ctx)
	}, func(c *ent.Contact) int { return c.ID })
	if err != nil {
		return err
	}
	for i, id := range ids {
		g.contacts[i].id = id
	}
	g.counts["contacts"] = len(ids)
	return nil
}

func (g *gen) createLeads(ctx context.Context) error {
	n := max(1, g.opt.Contacts/2)
	builders := make([]*ent.LeadCreate, n)
	g.leads = make([]leadRec, n)
	statuses := []lead.Status{lead.StatusNEW, lead.StatusCONTACTED, lead.StatusQUALIFIED, lead.StatusLOST, lead.StatusCONVERTED}
	for i := range n {
		l := g.loc()
		p := g.person(l)
		c := g.cityFor(l)
		companyName, domain, _ := g.company(l)
		if g.chance(0.3) {
			domain = pick(g.r, []string{"mail.example", "freemail.example", "post.example"})
		}
		addr := ""
		if g.chance(0.9) {
			addr = g.email(p, domain)
		}
		created := g.past()
		b := g.tx.Lead.Create().
			SetFirstName(p.first).
			SetLastName(p.last).
			SetEmail(addr).
			SetCompany(companyName).
			SetTitle(g.contactTitle(p)).
			SetPhone(g.phone(c, false)).
			SetLeadSource(pick(g.r, leadSources[l])).
			SetStatus(statuses[g.weighted(30, 25, 20, 15, 10)]).
			SetDescription(g.description(l, 0.5)).
			SetOwnerID(g.owner()).
			SetCreatedAt(created).
			SetUpdatedAt(g.between(created, g.now))
		if g.chance(0.5) {
			b.SetMobile(g.phone(c, true))
		}
		builders[i] = b
		g.leads[i] = leadRec{p: p, email: addr}
	}
	ids, err := saveBatches(ctx, builders, func(ctx context.Context, b []*ent.LeadCreate) ([]*ent.Lead, error) {
		return g.tx.Lead.CreateBulk(b...).Save(ctx)
	}, func(l *ent.Lead) int { return l.ID })
	if err != nil {
		return err
	}
	for i, id := range ids {
		g.leads[i].id = id
	}
	g.counts["leads"] = len(ids)
	return nil
}

// amount returns a deal amount in minor units of currency (JPY has none; EUR/GBP/USD cents).
func (g *gen) amount(currency string) int64 {
	if currency == "JPY" {
		return int64(30+g.r.IntN(3000)) * 10_000 // ¥300,000 – ¥30,290,000
	}
	major := int64(1+g.r.IntN(400)) * 500 // 500 – 200,000
	cents := int64(0)
	if g.chance(0.2) {
		cents = int64(g.r.IntN(100))
	}
	return major*100 + cents
}

func (g *gen) createDeals(ctx context.Context) error {
	n := max(1, g.opt.Contacts/3)
	builders := make([]*ent.DealCreate, n)
	g.deals = make([]dealRec, n)
	stages := []deal.Stage{deal.StageQUALIFICATION, deal.StageNEEDS_ANALYSIS, deal.StagePROPOSAL, deal.StageNEGOTIATION, deal.StageCLOSED_WON, deal.StageCLOSED_LOST}
	for i := range n {
		acc := g.r.IntN(len(g.accounts))
		a := &g.accounts[acc]
		a.deals = append(a.deals, i)
		var product string
		switch a.loc {
		case ja:
			product = pick(g.r, productsJA)
		case fr:
			product = pick(g.r, productsFR)
		default:
			product = pick(g.r, productsEN)
		}
		short := []rune(a.name)
		if len(short) > 60 {
			short = short[:60]
		}
		stage := stages[g.weighted(20, 15, 15, 10, 25, 15)]
		created := g.past()
		var closing time.Time
		if stage == deal.StageCLOSED_WON || stage == deal.StageCLOSED_LOST {
			closing = g.between(created, g.now)
		} else {
			closing = g.between(g.now.AddDate(0, 0, -14), g.until) // some are already overdue
		}
		closing = time.Date(closing.Year(), closing.Month(), closing.Day(), 0, 0, 0, 0, time.UTC)
		b := g.tx.Deal.Create().
			SetName(string(short) + " – " + product).
			SetAmount(g.amount(a.city.Currency)).
			SetCurrency(a.city.Currency).
			SetStage(stage).
			SetClosingDate(closing).
			SetDescription(g.description(a.loc, 0.4)).
			SetAccountID(a.id).
			SetOwnerID(g.owner()).
			SetCreatedAt(created).
			SetUpdatedAt(g.between(created, g.now))
		con := -1
		if len(a.contacts) > 0 && g.chance(0.85) {
			con = pick(g.r, a.contacts)
			b.SetContactID(g.contacts[con].id)
		}
		builders[i] = b
		g.deals[i] = dealRec{account: acc, contact: con}
	}
	ids, err := saveBatches(ctx, builders, func(ctx context.Context, b []*ent.DealCreate) ([]*ent.Deal, error) {
		return g.tx.Deal.CreateBulk(b...).Save(ctx)
	}, func(d *ent.Deal) int { return d.ID })
	if err != nil {
		return err
	}
	for i, id := range ids {
		g.deals[i].id = id
	}
	g.counts["deals"] = len(ids)
	return nil
}

func (g *gen) createTasks(ctx context.Context) error {
	n := g.opt.Contacts
	builders := make([]*ent.TaskCreate, n)
	priorities := []task.Priority{task.PriorityHIGHEST, task.PriorityHIGH, task.PriorityNORMAL, task.PriorityLOW, task.PriorityLOWEST}
	open := []task.Status{task.StatusNOT_STARTED, task.StatusIN_PROGRESS, task.StatusWAITING, task.StatusDEFERRED}
	for i := range n {
		con, dl := -1, -1
		if g.chance(0.3) {
			dl = g.r.IntN(len(g.deals))
			con = g.deals[dl].contact
		} else if g.chance(0.85) {
			con = g.r.IntN(len(g.contacts))
		}
		l := g.loc()
		name := ""
		if con >= 0 {
			l, name = g.contacts[con].p.loc, g.contacts[con].p.full
		}
		subject := pick(g.r, taskSubjects[l])
		if strings.Contains(subject, "%s") {
			if name == "" {
				name = g.person(l).full
			}
			subject = fmt.Sprintf(subject, name)
		}
		if g.chance(0.01) {
			subject = pick(g.r, formulaLike)
		}
		due := g.between(g.from, g.until)
		status := pick(g.r, open)
		if due.Before(g.now) && g.chance(0.75) {
			status = task.StatusCOMPLETED
		}
		created := g.between(g.from, minTime(due, g.now))
		b := g.tx.Task.Create().
			SetSubject(subject).
			SetDueDate(time.Date(due.Year(), due.Month(), due.Day(), 0, 0, 0, 0, time.UTC)).
			SetPriority(priorities[g.weighted(5, 20, 50, 20, 5)]).
			SetStatus(status).
			SetDescription(g.description(l, 0.2)).
			SetOwnerID(g.owner()).
			SetCreatedAt(created).
			SetUpdatedAt(g.between(created, g.now))
		if con >= 0 {
			b.SetContactID(g.contacts[con].id)
		}
		if dl >= 0 {
			b.SetDealID(g.deals[dl].id)
		}
		builders[i] = b
	}
	ids, err := saveBatches(ctx, builders, func(ctx context.Context, b []*ent.TaskCreate) ([]*ent.Task, error) {
		return g.tx.Task.CreateBulk(b...).Save(ctx)
	}, func(t *ent.Task) int { return t.ID })
	if err != nil {
		return err
	}
	g.tasks = ids
	g.counts["tasks"] = len(ids)
	return nil
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// participant is an attendee before it is matched to a contact, lead or user by email.
type participant struct{ email, name string }

func (g *gen) createEvents(ctx context.Context) error {
	n := max(1, g.opt.Contacts/2)
	builders := make([]*ent.EventCreate, n)
	attendees := make([][]participant, n)
	for i := range n {
		acc := g.r.IntN(len(g.accounts))
		a := g.accounts[acc]
		l := a.loc
		tz := g.zone(a.city.TZ)
		// A weekday, 9:00–17:30 local time, on the half hour.
		day := g.between(g.from, g.until).In(tz)
		for day.Weekday() == time.Saturday || day.Weekday() == time.Sunday {
			day = day.AddDate(0, 0, 1)
		}
		start := time.Date(day.Year(), day.Month(), day.Day(), 9+g.r.IntN(9), 30*g.r.IntN(2), 0, 0, tz).UTC()
		end := start.Add(time.Duration(30*(1+g.r.IntN(4))) * time.Minute)
		ownerIdx := g.weighted(10, 15, 15, 20, 15, 15, 10)
		created := g.between(g.from, minTime(start, g.now))
		builders[i] = g.tx.Event.Create().
			SetSubject(pick(g.r, eventSubjects[l])).
			SetStartAt(start).
			SetEndAt(end).
			SetVenue(pick(g.r, venues[l])).
			SetDescription(g.description(l, 0.3)).
			SetOwnerID(g.users[ownerIdx].id).
			SetCreatedAt(created).
			SetUpdatedAt(g.between(created, g.now))

		seen := map[string]bool{}
		k := 1 + g.r.IntN(4)
		for try := 0; len(attendees[i]) < k && try < 10; try++ {
			var p participant
			switch g.weighted(60, 15, 10, 15) {
			case 0: // a contact of the account, sometimes typed with capitals
				if len(a.contacts) == 0 {
					continue
				}
				c := g.contacts[pick(g.r, a.contacts)]
				if c.email == "" {
					continue
				}
				p = participant{email: c.email, name: c.p.full}
				if g.chance(0.1) {
					p.email = strings.ToUpper(p.email[:1]) + p.email[1:]
				}
			case 1: // the owner
				u := g.users[ownerIdx]
				p = participant{email: u.email, name: u.name}
			case 2: // a lead
				ld := g.leads[g.r.IntN(len(g.leads))]
				if ld.email == "" {
					continue
				}
				p = participant{email: ld.email, name: ld.p.full}
			default: // someone who is not in the CRM
				p = participant{email: pick(g.r, []string{"reception", "accueil", "info", "interpreter", "assistant"}) + "@" + a.domain}
			}
			if key := strings.ToLower(p.email); !seen[key] {
				seen[key] = true
				attendees[i] = append(attendees[i], p)
			}
		}
		if len(attendees[i]) == 0 {
			u := g.users[ownerIdx]
			attendees[i] = append(attendees[i], participant{email: u.email, name: u.name})
		}
	}
	ids, err := saveBatches(ctx, builders, func(ctx context.Context, b []*ent.EventCreate) ([]*ent.Event, error) {
		return g.tx.Event.CreateBulk(b...).Save(ctx)
	}, func(e *ent.Event) int { return e.ID })
	if err != nil {
		return err
	}
	g.events = ids
	g.counts["events"] = len(ids)

	// Participants link by email (case-insensitive) to a contact, else a lead, else a user;
	// otherwise they stay a bare email.
	byEmail := map[string]func(*ent.EventParticipantCreate){}
	for i := len(g.users) - 1; i >= 0; i-- {
		id := g.users[i].id
		byEmail[strings.ToLower(g.users[i].email)] = func(b *ent.EventParticipantCreate) { b.SetUserID(id) }
	}
	for i := len(g.leads) - 1; i >= 0; i-- {
		if e := g.leads[i].email; e != "" {
			id := g.leads[i].id
			byEmail[strings.ToLower(e)] = func(b *ent.EventParticipantCreate) { b.SetLeadID(id) }
		}
	}
	for i := len(g.contacts) - 1; i >= 0; i-- {
		if e := g.contacts[i].email; e != "" {
			id := g.contacts[i].id
			byEmail[strings.ToLower(e)] = func(b *ent.EventParticipantCreate) { b.SetContactID(id) }
		}
	}
	var pbs []*ent.EventParticipantCreate
	for i, list := range attendees {
		for _, p := range list {
			b := g.tx.EventParticipant.Create().SetEventID(ids[i]).SetEmail(p.email)
			if p.name != "" {
				b.SetName(p.name)
			}
			if link, ok := byEmail[strings.ToLower(p.email)]; ok {
				link(b)
			}
			pbs = append(pbs, b)
		}
	}
	pids, err := saveBatches(ctx, pbs, func(ctx context.Context, b []*ent.EventParticipantCreate) ([]*ent.EventParticipant, error) {
		return g.tx.EventParticipant.CreateBulk(b...).Save(ctx)
	}, func(e *ent.EventParticipant) int { return e.ID })
	if err != nil {
		return fmt.Errorf("participants: %w", err)
	}
	g.counts["event_participants"] = len(pids)
	return nil
}

func (g *gen) createCases(ctx context.Context) error {
	n := max(1, g.opt.Contacts/6)
	builders := make([]*ent.SupportCaseCreate, n)
	g.cases = make([]caseRec, n)
	statuses := []supportcase.Status{supportcase.StatusNEW, supportcase.StatusON_HOLD, supportcase.StatusESCALATED, supportcase.StatusCLOSED}
	priorities := []supportcase.Priority{supportcase.PriorityHIGH, supportcase.PriorityMEDIUM, supportcase.PriorityLOW}
	origins := []supportcase.Origin{supportcase.OriginEMAIL, supportcase.OriginPHONE, supportcase.OriginWEB}
	for i := range n {
		con := g.r.IntN(len(g.contacts))
		c := &g.contacts[con]
		created := g.past()
		b := g.tx.SupportCase.Create().
			SetSubject(pick(g.r, caseSubjects[c.p.loc])).
			SetStatus(statuses[g.weighted(25, 10, 10, 55)]).
			SetPriority(priorities[g.weighted(20, 50, 30)]).
			SetOrigin(origins[g.weighted(50, 30, 20)]).
			SetDescription(g.description(c.p.loc, 0.6)).
			SetOwnerID(g.owner()).
			SetCreatedAt(created).
			SetUpdatedAt(g.between(created, g.now))
		if g.chance(0.9) {
			b.SetContactID(c.id).SetContactName(c.p.full).SetEmail(c.email)
			if c.account >= 0 {
				b.SetAccountID(g.accounts[c.account].id)
			}
			c.cases = append(c.cases, i)
			g.cases[i] = caseRec{contact: con}
		} else { // a web-form case from someone not in the CRM yet
			p := g.person(c.p.loc)
			b.SetContactName(p.full).SetEmail(g.email(p, "freemail.example")).SetOrigin(supportcase.OriginWEB)
			g.cases[i] = caseRec{contact: -1}
		}
		builders[i] = b
	}
	ids, err := saveBatches(ctx, builders, func(ctx context.Context, b []*ent.SupportCaseCreate) ([]*ent.SupportCase, error) {
		return g.tx.SupportCase.CreateBulk(b...).Save(ctx)
	}, func(s *ent.SupportCase) int { return s.ID })
	if err != nil {
		return err
	}
	for i, id := range ids {
		g.cases[i].id = id
	}
	g.counts["cases"] = len(ids)
	return nil
}

func (g *gen) createNotes(ctx context.Context) error {
	n := max(1, g.opt.Contacts/2)
	builders := make([]*ent.NoteCreate, n)
	for i := range n {
		b := g.tx.Note.Create()
		var l locale
		switch g.weighted(35, 20, 15, 20, 10) {
		case 0:
			c := g.contacts[g.r.IntN(len(g.contacts))]
			b.SetContactID(c.id)
			l = c.p.loc
		case 1:
			d := g.deals[g.r.IntN(len(g.deals))]
			b.SetDealID(d.id)
			l = g.accounts[d.account].loc
		case 2:
			a := g.accounts[g.r.IntN(len(g.accounts))]
			b.SetAccountID(a.id)
			l = a.loc
		case 3:
			ld := g.leads[g.r.IntN(len(g.leads))]
			b.SetLeadID(ld.id)
			l = ld.p.loc
		default:
			cs := g.cases[g.r.IntN(len(g.cases))]
			b.SetSupportCaseID(cs.id)
			l = ja
			if cs.contact >= 0 {
				l = g.contacts[cs.contact].p.loc
			}
		}
		title := pick(g.r, noteTitles[l])
		body := pick(g.r, descriptions[l])
		if g.chance(0.03) {
			title = pick(g.r, formulaLike)
		}
		if g.chance(0.03) {
			body = pick(g.r, formulaLike) + "\n" + body
		}
		created := g.past()
		builders[i] = b.SetTitle(title).SetBody(body).SetOwnerID(g.owner()).
			SetCreatedAt(created).SetUpdatedAt(g.between(created, g.now))
	}
	ids, err := saveBatches(ctx, builders, func(ctx context.Context, b []*ent.NoteCreate) ([]*ent.Note, error) {
		return g.tx.Note.CreateBulk(b...).Save(ctx)
	}, func(n *ent.Note) int { return n.ID })
	if err != nil {
		return err
	}
	g.counts["notes"] = len(ids)
	return nil
}

func (g *gen) createEmails(ctx context.Context) error {
	n := max(1, g.opt.Contacts/3)
	builders := make([]*ent.EmailCreate, 0, n)
	for try := 0; len(builders) < n && try < 50*n; try++ { // tries: contacts without email are skipped
		b := g.tx.Email.Create()
		var p person
		var addr string
		if g.chance(0.7) {
			con := g.r.IntN(len(g.contacts))
			c := g.contacts[con]
			if c.email == "" {
				continue
			}
			p, addr = c.p, c.email
			b.AddContactIDs(c.id)
			if c.account >= 0 {
				if ds := g.accounts[c.account].deals; len(ds) > 0 && g.chance(0.4) {
					b.AddDealIDs(g.deals[pick(g.r, ds)].id)
				}
				// A colleague in copy, also linked.
				if cs := g.accounts[c.account].contacts; len(cs) > 1 && g.chance(0.2) {
					cc := g.contacts[pick(g.r, cs)]
					if cc.id != c.id && cc.email != "" {
						b.SetCcAddresses([]string{cc.email}).AddContactIDs(cc.id)
					}
				}
			}
			if len(c.cases) > 0 && g.chance(0.3) {
				b.SetSupportCaseID(g.cases[pick(g.r, c.cases)].id)
			}
		} else {
			ld := g.leads[g.r.IntN(len(g.leads))]
			if ld.email == "" {
				continue
			}
			p, addr = ld.p, ld.email
			b.AddLeadIDs(ld.id)
		}
		u := g.userFor(p.loc)
		subject := pick(g.r, emailSubjects[p.loc])
		if strings.Contains(subject, "%d") {
			subject = fmt.Sprintf(subject, g.now.Year()*10000+g.r.IntN(10000))
		}
		body := fmt.Sprintf(pick(g.r, emailBodies[p.loc]), p.greet) + "\n" + u.name
		if g.chance(0.5) {
			b.SetDirection(email.DirectionOUTGOING).SetFromAddress(u.email).SetFromName(u.name).SetToAddresses([]string{addr})
		} else {
			body = fmt.Sprintf(pick(g.r, emailBodies[p.loc]), g.greetUser(u, p.loc)) + "\n" + p.full
			if !strings.HasPrefix(subject, "Re:") {
				subject = "Re: " + subject
			}
			b.SetDirection(email.DirectionINCOMING).SetFromAddress(addr).SetFromName(p.full).SetToAddresses([]string{u.email})
		}
		sent := g.past()
		builders = append(builders, b.
			SetSubject(subject).
			SetBody(body).
			SetSentAt(sent).
			SetMessageID(fmt.Sprintf("<%016x@demo.crmadmin.test>", g.r.Uint64())).
			SetCreatedAt(sent).
			SetUpdatedAt(sent))
	}
	ids, err := saveBatches(ctx, builders, func(ctx context.Context, b []*ent.EmailCreate) ([]*ent.Email, error) {
		return g.tx.Email.CreateBulk(b...).Save(ctx)
	}, func(e *ent.Email) int { return e.ID })
	if err != nil {
		return err
	}
	g.counts["emails"] = len(ids)
	return nil
}

// userFor picks the user who handles a customer of locale l: usually one who speaks l.
func (g *gen) userFor(l locale) userRec {
	if g.chance(0.75) {
		var same []userRec
		for _, u := range g.users {
			if u.loc == l {
				same = append(same, u)
			}
		}
		if len(same) > 0 {
			return pick(g.r, same)
		}
	}
	return g.users[g.weighted(10, 15, 15, 20, 15, 15, 10)]
}

// greetUser is how a customer of locale l addresses user u ("田中様", "Élodie").
func (g *gen) greetUser(u userRec, l locale) string {
	if l == ja {
		if u.loc == ja {
			family, _, _ := strings.Cut(u.name, " ")
			return family
		}
		return u.name
	}
	given, _, _ := strings.Cut(u.name, " ")
	if u.loc == ja {
		return u.name
	}
	return given
}

// ---- attachments ----

func (g *gen) createAttachments(ctx context.Context) error {
	n := max(1, g.opt.Contacts/10)
	builders := make([]*ent.AttachmentCreate, n)
	for i := range n {
		b := g.tx.Attachment.Create()
		var l locale
		switch g.weighted(30, 25, 15, 10, 10, 5, 5) {
		case 0:
			c := g.contacts[g.r.IntN(len(g.contacts))]
			b.SetContactID(c.id)
			l = c.p.loc
		case 1:
			d := g.deals[g.r.IntN(len(g.deals))]
			b.SetDealID(d.id)
			l = g.accounts[d.account].loc
		case 2:
			cs := g.cases[g.r.IntN(len(g.cases))]
			b.SetSupportCaseID(cs.id)
			l = ja
			if cs.contact >= 0 {
				l = g.contacts[cs.contact].p.loc
			}
		case 3:
			a := g.accounts[g.r.IntN(len(g.accounts))]
			b.SetAccountID(a.id)
			l = a.loc
		case 4:
			ld := g.leads[g.r.IntN(len(g.leads))]
			b.SetLeadID(ld.id)
			l = ld.p.loc
		case 5:
			b.SetTaskID(g.tasks[g.r.IntN(len(g.tasks))])
			l = g.loc()
		default:
			b.SetEventID(g.events[g.r.IntN(len(g.events))])
			l = g.loc()
		}
		created := g.past()
		names := attachmentNames[l]
		var fileName, contentType string
		var data []byte
		switch i % 3 {
		case 0:
			fileName, contentType, data = names.CSV, "text/csv; charset=utf-8", g.csvFile(l)
		case 1:
			fileName, contentType = dated(names.TXT, created), "text/plain; charset=utf-8"
			data = []byte(fmt.Sprintf(meetingNotes[l], formatDate(created, l)))
		default:
			fileName, contentType = dated(names.PNG, created), "image/png"
			var err error
			if data, err = g.pngFile(); err != nil {
				return err
			}
		}
		sum := sha256.Sum256(data)
		var rnd [16]byte
		for j := range rnd {
			rnd[j] = byte(g.r.IntN(256))
		}
		key := fmt.Sprintf("attachments/%d/%s/%s", g.orgID, hex.EncodeToString(rnd[:]), fileName)
		// Bytes first: if the transaction later fails, an orphan blob is harmless, whereas a
		// row pointing at a missing blob is a broken download.
		if err := g.opt.Blobs.WriteBlob(ctx, key, data, contentType); err != nil {
			return fmt.Errorf("writing blob %s: %w", key, err)
		}
		builders[i] = b.
			SetFileName(fileName).
			SetContentType(contentType).
			SetSize(int64(len(data))).
			SetSha256(hex.EncodeToString(sum[:])).
			SetBlobKey(key).
			SetCreatedAt(created).
			SetUpdatedAt(created)
	}
	ids, err := saveBatches(ctx, builders, func(ctx context.Context, b []*ent.AttachmentCreate) ([]*ent.Attachment, error) {
		return g.tx.Attachment.CreateBulk(b...).Save(ctx)
	}, func(a *ent.Attachment) int { return a.ID })
	if err != nil {
		return err
	}
	g.counts["attachments"] = len(ids)
	return nil
}

// dated puts the date before the extension: "議事録.txt" → "議事録_2025-09-12.txt".
func dated(fileName string, t time.Time) string {
	base, ext, _ := strings.Cut(fileName, ".")
	return base + "_" + t.Format("2006-01-02") + "." + ext
}

func formatDate(t time.Time, l locale) string {
	switch l {
	case ja:
		return fmt.Sprintf("%d年%d月%d日 %d:%02d", t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute())
	case fr:
		return fmt.Sprintf("%02d/%02d/%d à %d h %02d", t.Day(), t.Month(), t.Year(), t.Hour(), t.Minute())
	default:
		return t.Format("2 January 2006, 3:04 pm")
	}
}

// csvFile is a small quote line list as customers send them: Japanese with a UTF-8 BOM (so
// Excel opens it), French with ";" and decimal commas, English with "," and quoted commas.
func (g *gen) csvFile(l locale) []byte {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	var header []string
	var items []string
	switch l {
	case ja:
		buf.WriteString("\uFEFF")
		header = []string{"品名", "数量", "単価（円）", "備考"}
		items = []string{"ライセンス（年間）", "導入支援", "研修「基本操作」", "保守, 24時間対応"}
	case fr:
		w.Comma = ';'
		header = []string{"Désignation", "Quantité", "Prix unitaire HT (€)", "Remarque"}
		items = []string{"Licence annuelle", "Mise en service", "Formation « prise en main »", "Support; niveau 2"}
	default:
		header = []string{"Item", "Qty", "Unit price (USD)", "Notes"}
		items = []string{"Annual licence", "Onboarding, remote", "Training \"basics\"", "Support\nincl. weekends"}
	}
	_ = w.Write(header)
	for _, item := range items {
		qty := 1 + g.r.IntN(50)
		var price string
		switch l {
		case ja:
			price = fmt.Sprint((1 + g.r.IntN(200)) * 1000)
		case fr:
			price = fmt.Sprintf("%d,%02d", 10+g.r.IntN(2000), g.r.IntN(100))
		default:
			price = fmt.Sprintf("%d.%02d", 10+g.r.IntN(2000), g.r.IntN(100))
		}
		note := ""
		if g.chance(0.3) {
			note = pick(g.r, formulaLike)
		}
		_ = w.Write([]string{item, fmt.Sprint(qty), price, note})
	}
	w.Flush()
	return buf.Bytes()
}

// pngFile draws a tiny "whiteboard": a light background with a few coloured sticky notes.
func (g *gen) pngFile() ([]byte, error) {
	const size = 48
	img := image.NewNRGBA(image.Rect(0, 0, size, size))
	bg := color.NRGBA{R: 245, G: 245, B: 240, A: 255}
	for y := range size {
		for x := range size {
			img.Set(x, y, bg)
		}
	}
	palette := []color.NRGBA{{255, 235, 59, 255}, {129, 212, 250, 255}, {244, 143, 177, 255}, {165, 214, 167, 255}}
	for range 3 + g.r.IntN(4) {
		c := pick(g.r, palette)
		x0, y0 := g.r.IntN(size-12), g.r.IntN(size-12)
		w, h := 6+g.r.IntN(8), 6+g.r.IntN(8)
		for y := y0; y < min(y0+h, size); y++ {
			for x := x0; x < min(x0+w, size); x++ {
				img.Set(x, y, c)
			}
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("encoding png: %w", err)
	}
	return buf.Bytes(), nil
}
