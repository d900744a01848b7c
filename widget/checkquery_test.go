package widget

import (
	"net/url"
	"testing"
)

func TestCheckQuery(t *testing.T) {
	for _, tc := range []struct{ raw, param string }{
		{"", ""},
		{"codes=32032002%2C23830022703&regions=11", ""},
		{"millesime=2021_2022;x", "millesime"},
		{"a=1&codes=%zz", "codes"},
		{"%zz=1", "requete"},
		{"Codes=1;2", "requete"},
		{"codes;=1", "requete"},
	} {
		got := CheckQuery(tc.raw)
		switch {
		case tc.param == "" && got != nil:
			t.Errorf("%q: %v, want nil", tc.raw, got)
		case tc.param != "" && (got == nil || got.Param != tc.param || got.Code != "parametre_invalide"):
			t.Errorf("%q: %v, want param %s", tc.raw, got, tc.param)
		}
	}
}

// FuzzCheckQuery: CheckQuery accepts exactly what url.ParseQuery reads whole, and its error
// names a plain parameter or "requete".
func FuzzCheckQuery(f *testing.F) {
	for _, s := range []string{"", "a=1", "a=1;b", "a=%zz", "a=%2C&b=c", "%", "=;"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		_, err := url.ParseQuery(raw)
		got := CheckQuery(raw)
		if (err == nil) != (got == nil) {
			t.Fatalf("%q: ParseQuery %v, CheckQuery %v", raw, err, got)
		}
		if got != nil && got.Param != "requete" && !plainName(got.Param) {
			t.Fatalf("%q: param %q", raw, got.Param)
		}
	})
}
