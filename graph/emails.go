package graph

// Emails to records (SPEC EM, issue 13): the API's message input turned into the shape the
// emails service and the SMTP dropbox share (mailmsg.Message). Rules live in internal/emails.

import (
	"encoding/base64"

	"github.com/crmadmin/crmadmin/graph/model"
	"github.com/crmadmin/crmadmin/internal/apperr"
	"github.com/crmadmin/crmadmin/internal/emails"
	"github.com/crmadmin/crmadmin/internal/kind/emailkind"
	"github.com/crmadmin/crmadmin/internal/kind/mailmsg"
)

// toMessage converts the input, refusing lists over their limits before decoding anything.
func toMessage(in *model.EmailMessageInput) (mailmsg.Message, error) {
	if in == nil {
		return mailmsg.Message{}, apperr.Invalid("message", "message is required")
	}
	if len(in.Attachments) > emails.MaxAttachments {
		return mailmsg.Message{}, apperr.Invalid("attachments", "attachments has %d files; the limit is %d", len(in.Attachments), emails.MaxAttachments)
	}
	m := mailmsg.Message{MessageID: deref(in.MessageID), Direction: mailmsg.Direction(in.Direction),
		From: toAddress(in.From), To: toAddresses(in.To), Cc: toAddresses(in.Cc), Date: in.Date,
		Subject: deref(in.Subject), Text: deref(in.Body), HTML: deref(in.HTMLBody)}
	for i, a := range in.Attachments {
		data, err := base64.StdEncoding.DecodeString(a.ContentBase64)
		if err != nil {
			return m, apperr.Invalid("attachments", "attachments[%d].contentBase64 is not standard base64", i)
		}
		m.Attachments = append(m.Attachments, mailmsg.Attachment{Filename: a.FileName, ContentType: deref(a.ContentType), Data: data})
	}
	return m, nil
}

func toAddress(a *model.EmailAddressInput) mailmsg.Address {
	if a == nil {
		return mailmsg.Address{}
	}
	return mailmsg.Address{Address: a.Address, Name: deref(a.Name)}
}

func toAddresses(list []*model.EmailAddressInput) []mailmsg.Address {
	out := make([]mailmsg.Address, 0, len(list))
	for _, a := range list {
		out = append(out, toAddress(a))
	}
	return out
}

func createMissing(c *emailkind.Create) emailkind.Create {
	if c == nil {
		return ""
	}
	return *c
}
