package server

import (
	"net/url"

	"github.com/labstack/echo/v4"
)

// unescapeParams makes every route parameter its path segment unescaped, in one place for all
// routes (issue 14 defect 8: "RNCP%3A34700" or "40025216%2C23830025216", as a partner's
// encodeURIComponent(code) writes them, were a 400 while ":" and "," answered). Echo routes on
// r.URL.RawPath when it is set (the request's escaping differs from Go's default, as "%3A" does)
// and its parameters are then the raw segments; otherwise they come from the decoded r.URL.Path
// and are left alone, so nothing is decoded twice ("%253A" stays "%3A"). A segment that does not
// unescape stays raw: the parameter's own check refuses it with a 400.
func unescapeParams(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if c.Request().URL.RawPath == "" {
			return next(c)
		}
		vals := c.ParamValues()
		for i, v := range vals {
			if u, err := url.PathUnescape(v); err == nil {
				vals[i] = u
			}
		}
		c.SetParamValues(vals...)
		return next(c)
	}
}
