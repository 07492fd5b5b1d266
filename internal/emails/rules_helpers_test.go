package emails

import (
	"errors"

	"github.com/crmadmin/crmadmin/internal/apperr"
)

func asAppErr(err error, target **apperr.Error) bool { return errors.As(err, target) }
