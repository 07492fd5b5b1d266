package app

import (
	"context"
	"crypto/tls"
	"fmt"
	"time"

	"github.com/crmadmin/crmadmin/internal/dropbox"
)

// StartSMTP starts the dropbox's SMTP listener when CRM_SMTP_LISTEN is set (serve and worker
// processes alike: any process can accept, the queue spreads the ingestion). Messages are
// accepted whether or not this process runs jobs.
func (a *App) StartSMTP() error {
	c := a.Cfg
	if c.SMTPListen == "" {
		return nil
	}
	var tlsCfg *tls.Config
	if c.SMTPTLSCert != "" {
		cert, err := tls.LoadX509KeyPair(c.SMTPTLSCert, c.SMTPTLSKey)
		if err != nil {
			return fmt.Errorf("CRM_SMTP_TLS_CERT/CRM_SMTP_TLS_KEY: %w", err)
		}
		tlsCfg = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
	}
	l := &dropbox.Listener{Service: a.Dropbox, MaxBytes: c.SMTPMaxBytes, TLS: tlsCfg, Log: a.Log,
		PerIP:    dropbox.Rate{N: c.SMTPRatePerIP.N, Per: c.SMTPRatePerIP.Per},
		PerToken: dropbox.Rate{N: c.SMTPRatePerToken.N, Per: c.SMTPRatePerToken.Per},
		MaxConns: c.SMTPMaxConns, MaxConnsPerIP: c.SMTPMaxConnsPerIP, Timeout: c.SMTPTimeout}
	if err := l.Listen(c.SMTPListen); err != nil {
		return err
	}
	a.SMTP = l
	return nil
}

// StopSMTP stops the listener, letting sessions under way finish within the shutdown grace.
func (a *App) StopSMTP() {
	if a.SMTP == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), max(a.Cfg.ShutdownGrace, time.Second))
	defer cancel()
	if err := a.SMTP.Close(ctx); err != nil {
		a.Log.Warn("closing the SMTP listener", "err", err)
	}
	a.SMTP = nil
}
