package graph

import (
	"github.com/crmadmin/crmadmin/graph/model"
	"github.com/crmadmin/crmadmin/internal/dropbox"
)

// dropboxAddress maps the service's answer to the API's type (nil stays nil).
func dropboxAddress(a *dropbox.Address, err error) (*model.DropboxAddress, error) {
	if err != nil || a == nil {
		return nil, err
	}
	return &model.DropboxAddress{Address: a.Address, CreatedAt: a.CreatedAt, RotatedAt: a.RotatedAt}, nil
}
