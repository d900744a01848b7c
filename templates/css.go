package templates

import (
	"fmt"
	"strings"

	"github.com/ijwidgets/ijwidgets/static"
	"github.com/ijwidgets/ijwidgets/themes"
)

// ThemeCSS returns the theme's custom properties followed by the base widget stylesheet. Every
// value comes from a validated theme (themes.Theme.Validate), never from a request.
func ThemeCSS(t themes.Theme) string {
	p := t.Light
	var b strings.Builder
	fmt.Fprintf(&b, ":root{color-scheme:light;--ijw-font:%s;--ijw-radius:%dpx;--ijw-text:%s;--ijw-muted:%s;--ijw-bg:%s;--ijw-surface:%s;--ijw-border:%s;--ijw-accent:%s;--ijw-focus:%s;"+
		"--ijw-emploi-mark:%s;--ijw-emploi-text:%s;--ijw-formation-mark:%s;--ijw-formation-text:%s;--ijw-autres-mark:%s;--ijw-autres-text:%s}\n",
		t.FontStack, t.RadiusPx, p.Text, p.TextMuted, p.Background, p.Surface, p.Border, p.Accent, p.Focus,
		p.Emploi.Mark, p.Emploi.Text, p.Formation.Mark, p.Formation.Text, p.Autres.Mark, p.Autres.Text)
	b.WriteString(static.WidgetCSS)
	return b.String()
}
