package widget

import "testing"

// TestPath: the paths written from the route table, for every scope, several codes and a SISE
// code (Code.String), and nothing for a scope without a route.
func TestPath(t *testing.T) {
	tests := []struct {
		name string
		r    Request
		want string
	}{
		{"france", Request{Scope: ScopeCertification, Codes: []Code{{Kind: KindCFD, Value: "32032002"}}}, "/widgets/certifications/32032002"},
		{"region", Request{Scope: ScopeRegion, Region: "11", Codes: []Code{{Kind: KindCFD, Value: "32032002"}}}, "/widgets/regions/11/certifications/32032002"},
		{"several codes", Request{Scope: ScopeRegion, Region: "84", Codes: []Code{{Kind: KindCFD, Value: "40031212"}, {Kind: KindMEFSTAT11, Value: "23830031212"}}}, "/widgets/regions/84/certifications/40031212,23830031212"},
		{"sise", Request{Scope: ScopeCertification, Codes: []Code{{Kind: KindSISE, Value: "2500200"}}}, "/widgets/certifications/SISE:2500200"},
		{"etablissement", Request{Scope: ScopeEtablissement, UAI: "0750001A"}, "/widgets/etablissements/0750001A"},
		{"formation", Request{Scope: ScopeFormation, UAI: "0750001A", Codes: []Code{{Kind: KindCFD, Value: "32032002"}}}, "/widgets/formations/0750001A/32032002"},
		{"no code", Request{Scope: ScopeCertification}, "/widgets/certifications/"},
		{"no route", Request{Scope: "ailleurs"}, ""},
	}
	for _, tt := range tests {
		if got := Path(tt.r); got != tt.want {
			t.Errorf("%s: Path = %q, want %q", tt.name, got, tt.want)
		}
		code := ""
		for i, c := range tt.r.Codes {
			if i > 0 {
				code += ","
			}
			code += c.String()
		}
		if got := PathOf(tt.r.Scope, tt.r.Region, tt.r.UAI, code); got != tt.want {
			t.Errorf("%s: PathOf = %q, want %q", tt.name, got, tt.want)
		}
	}
}
