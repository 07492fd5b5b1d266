package e2e

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/crmadmin/crmadmin/internal/apptest"
)

// Issue 13 item 7: with a certificate and key configured the listener offers STARTTLS, and a
// real client (Python's smtplib, verifying the certificate) delivers over it.
func TestDropboxSMTP_STARTTLS_Issue13Item7(t *testing.T) {
	dir := t.TempDir()
	certFile, keyFile := selfSigned(t, dir)
	srv := apptest.Start(t, apptest.Options{NoWorker: true, Env: map[string]string{
		"CRM_SMTP_LISTEN": "127.0.0.1:0", "CRM_SMTP_DROPBOX_DOMAIN": dropboxDomain,
		"CRM_SMTP_TLS_CERT": certFile, "CRM_SMTP_TLS_KEY": keyFile}})
	org := srv.SignUp(t, "TLS Co", "tess@tls.test")
	addr := rotateDropbox(t, org.Admin)
	res := sendSMTPTLS(t, srv, addr, certFile)
	if !res.StartTLSOffered || res.Data != 250 {
		t.Fatalf("STARTTLS delivery: %+v", res)
	}
}

func sendSMTPTLS(t *testing.T, srv *apptest.Server, rcpt, caFile string) dropboxResult {
	t.Helper()
	type tlsMsg struct {
		dropboxMsg
		StartTLS bool   `json:"starttls"`
		CAFile   string `json:"cafile"`
	}
	msg := tlsMsg{dropboxMsg: dropboxMsg{From: "x@client.test", Rcpts: []string{rcpt},
		Data: "From: x@client.test\r\nMessage-ID: <tls@client.test>\r\nSubject: over TLS\r\n\r\nhello\r\n"}, StartTLS: true, CAFile: caFile}
	return sendSMTPAny(t, srv.App.SMTP.Addr(), []any{msg})[0]
}

// selfSigned writes a certificate for 127.0.0.1 and its key (PEM) into dir.
func selfSigned(t *testing.T, dir string) (string, string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "127.0.0.1"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}, BasicConstraintsValid: true, IsCA: true}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kder, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	certFile, keyFile := filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	if err := os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kder}), 0o600); err != nil {
		t.Fatal(err)
	}
	return certFile, keyFile
}
