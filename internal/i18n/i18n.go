// Package i18n words server messages in the reader's language (issue 9 item 12): English,
// Japanese or French. A message is its English fmt format and arguments; the catalogue maps
// the English format to each language's (gettext's convention: the English text is the key,
// so a message without a translation reads in English and nothing is ever blank). Arguments
// of type Phrase are translated too (a decline reason inside a payment message).
//
// The language is the user's saved locale, else the request's Accept-Language, else English
// (API clients that send neither).
package i18n

import (
	"fmt"
	"slices"

	"golang.org/x/text/language"
)

// English is the default locale.
const English = "en"

// Locales are the languages people can choose (users' locale, the SPA, emails).
var Locales = []string{"en", "ja", "fr"}

// Supported reports whether locale is one of Locales.
func Supported(locale string) bool { return slices.Contains(Locales, locale) }

// Phrase is an argument that is itself an English text to translate.
type Phrase string

// Sprintf formats the message format with args in locale (English when the catalogue has no
// translation). Translations may reorder arguments with explicit indexes (%[2]s).
func Sprintf(locale, format string, args ...any) string {
	msgs := catalogue[locale]
	if t, ok := msgs[format]; ok {
		format = t
	}
	out := make([]any, len(args))
	for i, a := range args {
		out[i] = a
		if p, ok := a.(Phrase); ok {
			out[i] = string(p)
			if t, ok := msgs[string(p)]; ok {
				out[i] = t
			}
		}
	}
	return fmt.Sprintf(format, out...)
}

// Translated reports whether the catalogue words format in locale.
func Translated(locale, format string) bool { _, ok := catalogue[locale][format]; return ok }

// ForCode is the general message of an error code in locale ("" when there is none): what a
// person reads when the precise message has no translation.
func ForCode(locale, code string) string { return byCode[locale][code] }

var matcher = language.NewMatcher([]language.Tag{language.English, language.Japanese, language.French})

// Pick chooses the locale of a reader: saved (a user's locale) when supported, else the best
// match of an Accept-Language header, else English.
func Pick(saved, acceptLanguage string) string {
	if Supported(saved) {
		return saved
	}
	if acceptLanguage == "" {
		return English
	}
	tag, _ := language.MatchStrings(matcher, acceptLanguage)
	base, _ := tag.Base()
	if l := base.String(); Supported(l) {
		return l
	}
	return English
}
