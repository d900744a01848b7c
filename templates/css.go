package templates

import (
	"fmt"
	"strings"

	"github.com/ijwidgets/ijwidgets/static"
	"github.com/ijwidgets/ijwidgets/themes"
)

// cssVars writes a palette and the theme's shapes as the custom properties the stylesheet uses.
func cssVars(b *strings.Builder, t themes.Theme, p themes.Palette) {
	fmt.Fprintf(b, "--ijw-font:%s;--ijw-radius:%dpx;--ijw-text:%s;--ijw-muted:%s;--ijw-bg:%s;--ijw-surface:%s;--ijw-border:%s;--ijw-accent:%s;--ijw-focus:%s;"+
		"--ijw-emploi-mark:%s;--ijw-emploi-text:%s;--ijw-emploi-icon:%s;--ijw-formation-mark:%s;--ijw-formation-text:%s;--ijw-formation-icon:%s;"+
		"--ijw-autres-mark:%s;--ijw-autres-text:%s;--ijw-autres-icon:%s",
		t.FontStack, t.RadiusPx, p.Text, p.TextMuted, p.Background, p.Surface, p.Border, p.Accent, p.Focus,
		p.Emploi.Mark, p.Emploi.Text, p.Emploi.Icon, p.Formation.Mark, p.Formation.Text, p.Formation.Icon,
		p.Autres.Mark, p.Autres.Text, p.Autres.Icon)
	for i, s := range t.SpacingPx {
		fmt.Fprintf(b, ";--ijw-s%d:%dpx", i+1, s)
	}
}

// ThemeCSS returns ThemeVarsCSS followed by the base widget stylesheet, for the pages that
// inline their style (index, errors, gallery, preview).
func ThemeCSS(t themes.Theme, scheme string) string {
	return ThemeVarsCSS(t, scheme) + static.WidgetCSS
}

// ThemeVarsCSS returns the theme's custom properties for a scheme ("light", "dark", or "auto":
// light, and dark under prefers-color-scheme): the widget's theme stylesheet, served as a static
// file beside static/widget.css. Every value comes from a validated theme
// (themes.Theme.Validate), never from a request.
func ThemeVarsCSS(t themes.Theme, scheme string) string {
	var b strings.Builder
	switch scheme {
	case "dark":
		b.WriteString(":root{color-scheme:dark;")
		cssVars(&b, t, t.Dark)
		b.WriteString("}\n")
	case "auto":
		b.WriteString(":root{color-scheme:light dark;")
		cssVars(&b, t, t.Light)
		b.WriteString("}\n@media (prefers-color-scheme:dark){:root{")
		cssVars(&b, t, t.Dark)
		b.WriteString("}}\n")
	default:
		b.WriteString(":root{color-scheme:light;")
		cssVars(&b, t, t.Light)
		b.WriteString("}\n")
	}
	return b.String()
}

// colorScheme is the <meta name="color-scheme"> value of a scheme.
// Schemes are the values of ?scheme= for the HTML widget, each with its theme stylesheet.
var Schemes = []string{"light", "dark", "auto"}

func colorScheme(scheme string) string {
	switch scheme {
	case "dark":
		return "dark"
	case "auto":
		return "light dark"
	}
	return "light"
}
