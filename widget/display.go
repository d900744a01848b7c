package widget

import (
	"slices"
	"strconv"
	"strings"
	"sync"
)

// The display decisions of a view (issue 11 item 1): what each surface shows, decided and worded
// once here, so HTML, SVG, JSON, oEmbed and the predecessor's JSON cannot disagree.

// NonPublie is how every surface writes a share or count that is not published (SPEC §4 rule 5:
// missing is never 0).
const NonPublie = "non publié"

// The labels written in more than one place.
const (
	LabelSalaire  = "Salaire net médian à 12 mois" // InserSup median salary (data table; rows in upper case)
	LabelEffectif = "En dernière année (effectif)" // the cohort line of the data table
)

// HorizonLabel names employment at a number of months after the training: "En emploi 12 mois après".
func HorizonLabel(mois int) string {
	switch mois { // the published horizons, written once (issue 11 item 5)
	case 6:
		return "En emploi 6 mois après"
	case 12:
		return "En emploi 12 mois après"
	case 18:
		return "En emploi 18 mois après"
	case 24:
		return "En emploi 24 mois après"
	}
	return "En emploi " + strconv.Itoa(mois) + " mois après"
}

// Row is one line of figures as every surface draws it: the HTML lists and the SVG rows show
// the same label, figure and count (issue 11: "EN EMPLOI 6 MOIS APRÈS" everywhere).
type Row struct {
	Key        string   // "emploi", "formation", "autres" or "salaire": CSS class, icon and colour
	Label      string   // label in the audience's words, sentence case ("En emploi", "Travaillent"): surfaces set upper case in their style
	Phrase     string   // collège: "2 apprentis sur 10 ont un travail" (the row's label then); "" otherwise
	Figure     string   // "20 %", "1 850 €", or NonPublie
	Secondaire string   // collège: the share beside the sentence ("20 %"), "" when the sentence says it
	Published  bool     // Figure is a value (false: NonPublie)
	Count      string   // lycée "216 apprentis", accompagnateur "216 sur 1 064 apprentis", salary range; "" for none
	Later      []string // employment at later horizons, same learners: "En emploi 12 mois après : 23 %"
	Definition string   // the audience's definition of the category
}

// TableRow is one line of a voie's data table. With Dash, the count cell shows a dash and Count
// is its text for screen readers ("non publié", "sans objet").
type TableRow struct {
	Label, Figure, Count string
	Dash                 bool
}

// figure writes a share, or NonPublie.
func figure(n N) string {
	if !n.Valid {
		return NonPublie
	}
	return Percent(n.V)
}

// count writes a count, or NonPublie.
func count(n N) string {
	if !n.Valid {
		return NonPublie
	}
	return FormatInt(n.V)
}

// euros formats a monthly salary: "1 850 €".
func euros(n N) string { return FormatInt(n.V) + "\u00a0€" }

// later lists the employment shares after 6 months (the same learners, later).
func later(b Bloc) []string {
	var out []string
	for _, h := range b.Horizons {
		if h.Mois != 6 {
			out = append(out, HorizonLabel(h.Mois)+" : "+Percent(h.Taux.V))
		}
	}
	return out
}

// rows are the figure lines of a voie for an audience (SPEC §6), nil when it has no figures.
func rows(a Audience, b Bloc) []Row {
	if !b.HasFigures() {
		return nil
	}
	out := make([]Row, 0, 4)
	// The counts of the lines in one string, each a part of it (issue 11 item 5).
	var buf [256]byte
	counts := buf[:0]
	var ends [4]int // where each line's count ends in counts, from the previous end
	for i, c := range b.Categories {
		r := Row{Key: c.Key, Label: c.Label, Figure: figure(c.Taux), Published: c.Taux.Valid, Definition: c.Definition}
		if a == AudienceCollege {
			r.Phrase = c.Phrase
			if b.HasPictos {
				r.Secondaire = r.Figure
			}
		}
		if c.Nombre.Valid && c.Taux.Valid {
			switch a {
			case AudienceLycee:
				counts = appendCompte(counts, c.Nombre.V, b.Filiere)
			case AudienceAccompagnateur:
				counts = append(appendInt(counts, c.Nombre.V), " sur "...)
				counts = appendCompte(counts, b.Counts.NbAnneeTerm.V, b.Filiere)
			}
		}
		if i < len(ends) {
			ends[i] = len(counts)
		} else if len(counts) > ends[len(ends)-1] {
			r.Count = string(counts[ends[len(ends)-1]:]) // beyond ends (there are three categories): its own string
			counts = counts[:ends[len(ends)-1]]
		}
		if i == 0 && (a == AudienceSuperieur || a == AudienceAccompagnateur) {
			r.Later = later(b)
		}
		if i == 0 && a == AudienceSuperieur {
			r.Label = HorizonLabel(6)
		}
		out = append(out, r)
	}
	if all := string(counts); all != "" {
		start := 0
		for i := range min(len(out), len(ends)) {
			out[i].Count, start = all[start:ends[i]], ends[i]
		}
	}
	if q := b.Salaire; a == AudienceSuperieur && q.Mediane.Valid {
		r := Row{Key: "salaire", Label: LabelSalaire, Figure: euros(q.Mediane), Published: true}
		if q.Q1.Valid && q.Q3.Valid {
			r.Count = "La moitié des salaires entre " + euros(q.Q1) + " et " + euros(q.Q3) + " par mois"
		}
		out = append(out, r)
	}
	return out
}

// table is a voie's data table: the shares with their counts, later horizons, the salary and
// the cohort (for a pupil, "Tous les apprentis" rather than the counsellor's LabelEffectif).
func table(a Audience, b Bloc) []TableRow {
	if !b.HasFigures() {
		return nil
	}
	out := make([]TableRow, 0, 8)
	for _, c := range b.Categories {
		r := TableRow{Label: c.Label, Figure: figure(c.Taux), Count: count(c.Nombre)}
		if c.Key == "autres" { // no count is published for the other situations
			r.Count, r.Dash = NonPublie, true
		}
		out = append(out, r)
	}
	for _, h := range b.Horizons {
		if h.Mois != 6 {
			out = append(out, TableRow{Label: HorizonLabel(h.Mois), Figure: Percent(h.Taux.V), Count: count(h.Nombre)})
		}
	}
	if b.Salaire.Mediane.Valid {
		out = append(out, TableRow{Label: LabelSalaire, Figure: euros(b.Salaire.Mediane), Count: "sans objet", Dash: true})
	}
	total := LabelEffectif
	if a == AudienceCollege {
		total = "Tous les " + Apprenants(b.Filiere)
	}
	return append(out, TableRow{Label: total, Figure: Percent(100), Count: count(b.Counts.NbAnneeTerm)})
}

// decorate fills what a voie's surfaces show from its figures: rows, table, spoken labels. A
// voie whose cohort alone is shown has no cohort line apart from its message, which says it.
func decorate(a Audience, b Bloc) Bloc {
	if b.State.CohortOnly() {
		b.Effectif = ""
	}
	b.Rows, b.Table = rows(a, b), table(a, b)
	if !b.HasPictos && !b.HasFigures() {
		return b
	}
	// Both spoken labels in one string, each a part of it (issue 11 item 5: one allocation).
	var buf [512]byte
	out := buf[:0]
	if b.HasPictos {
		out = append(out, "Sur 10 "...)
		out = append(out, Apprenants(b.Filiere)...)
		out = append(out, " : "...)
		out = appendPictoCount(out, b.Pictos, "emploi")
		out = append(out, " en emploi, "...)
		out = appendPictoCount(out, b.Pictos, "formation")
		out = append(out, " en formation, "...)
		out = appendPictoCount(out, b.Pictos, "autres")
		out = append(out, " dans une autre situation."...)
	}
	pictos := len(out)
	if b.HasFigures() {
		out = append(out, figure(b.Taux.EnEmploi6Mois)...)
		out = append(out, " en emploi, "...)
		out = append(out, figure(b.Taux.EnFormation)...)
		out = append(out, " en formation, "...)
		out = append(out, figure(b.Taux.Autres6Mois)...)
		out = append(out, " dans une autre situation"...)
	}
	labels := string(out)
	if b.HasPictos {
		b.PictosLabel = labels[:pictos]
	}
	b.SharesLabel = labels[pictos:]
	return b
}

// appendPictoCount appends pictoCount(p, key) to dst.
func appendPictoCount(dst []byte, p Pictogrammes, key string) []byte {
	dst = appendInt(dst, p.Whole(key))
	if p.Shared(key) {
		dst = append(dst, " et demi"...)
	}
	return dst
}

// decide sets the display decisions of a built view: message only, the rule note, the footer,
// captions, title and alt.
func (v *View) decide() {
	v.MessageOnly = v.State.Unknown() || (len(v.Blocs) == 1 && !v.State.Found())
	found := slices.ContainsFunc(v.Blocs, func(b Bloc) bool { return b.State.Found() })
	if v.Audience != AudienceAccompagnateur || !found || v.MessageOnly {
		v.Texts.Regle = ""
	}
	if !v.Demo {
		v.Texts.DatePublication = v.datePublication()
	}
	v.Texts.DateLine = dateLine(v.Texts.DatePublication)
	if v.HasFigures() {
		who := Apprenants(v.Blocs[0].Filiere)
		if v.Request.Filieres || len(v.Blocs) > 1 && v.Famille == nil {
			who = "jeunes"
		}
		v.Texts.Chapeau = chapeau(v.Audience, who)
	}
	v.Texts.ColSituation, v.Texts.ColPart, v.Texts.ColNombre = "Situation", "Part", "Effectif"
	if v.Audience == AudienceCollege {
		v.Texts.ColNombre = "Nombre"
	}
	v.Texts.Donnees = v.donnees()
	if len(v.Texts.Donnees) > 0 {
		v.Texts.DonneesIntro = "Télécharger les données :"
	}
	// The title, the footer sentence and the captions in one string, each a part of it (issue
	// 11 item 5).
	var buf [1024]byte
	out := append(buf[:0], v.Texts.Titre...)
	out = append(out, ' ')
	out = append(out, v.Texts.Formation...)
	out = append(out, ", "...)
	out = append(out, v.Texts.Lieu...)
	title := len(out)
	out = v.appendSourceLine(out)
	source := len(out)
	var captions [4][2]int // where each block's caption is in out (the first four blocks)
	for i, b := range v.Blocs {
		if len(v.Blocs) > 1 && b.Heading == "" {
			v.Blocs[i].Heading = VoieLabel(b.Filiere)
		}
		if !b.HasFigures() {
			continue
		}
		start := len(out)
		out = append(out, "Situation 6 mois après la formation : "...)
		out = append(out, v.Texts.Formation...)
		out = append(out, ", "...)
		out = append(out, v.Texts.Lieu...)
		switch {
		case b.Specialite != nil:
			out = append(out, ", "...)
			out = append(out, b.Heading...)
		case len(v.Blocs) > 1:
			out = append(out, ", "...)
			out = append(out, strings.ToLower(VoieLabel(b.Filiere))...)
		}
		if v.Texts.Promotions != "" {
			out = append(out, ", "...)
			out = append(out, v.Texts.Promotions...)
		}
		if i < len(captions) {
			captions[i] = [2]int{start, len(out)}
		} else {
			v.Blocs[i].Caption = string(out[start:]) // beyond captions: its own string
			out = out[:start]
		}
	}
	texts := string(out)
	v.Texts.Title = strings.TrimSpace(texts[:title])
	v.Texts.SourceLine = texts[title:source]
	v.Texts.Alt = v.Texts.Resume
	if v.Texts.Alt == "" {
		v.Texts.Alt = v.Texts.Title
	}
	for i, c := range captions[:min(len(v.Blocs), len(captions))] {
		if c[1] > c[0] {
			v.Blocs[i].Caption = texts[c[0]:c[1]]
		}
	}
}

// appendSourceLine appends the footer sentence to dst: "Source : InserJeunes (DEPP, DARES),
// promotions 2022 et 2023." The millésime is written once, in the reader's spelling (issue 13:
// Promotions), for every audience. decide writes it with the title, in one allocation.
func (v *View) appendSourceLine(dst []byte) []byte {
	dst = append(dst, "Source : "...)
	dst = append(dst, v.Texts.Source...)
	if p := v.Texts.Promotions; p != "" {
		if v.Audience == AudienceCollege { // short sentences for a pupil
			dst = append(dst, ". "...)
			dst = appendUpperFirst(dst, p)
		} else {
			dst = append(dst, ", "...)
			dst = append(dst, p...)
		}
	}
	return append(dst, '.')
}

// Surface is what the answer to a request shows.
type Surface string

// The surfaces of a widget answer.
const (
	SurfaceHTML     Surface = "html"
	SurfaceSVG      Surface = "svg"
	SurfaceEmptySVG Surface = "svg_vide" // onerror=empty: an empty image
	SurfaceJSON     Surface = "json"
	// SurfaceCSV is the widget's figures as CSV (issue 14 item 2, issue 13: the "données" link).
	SurfaceCSV Surface = "csv"
)

// Surface is what the answer to v's request shows: its format, except an .svg without data,
// which onerror turns into the widget saying so (image), an empty image (empty) or the JSON
// answer (status) (SPEC §8).
func (v View) Surface() Surface {
	switch v.Request.Format {
	case FormatJSON:
		return SurfaceJSON
	case FormatCSV:
		return SurfaceCSV
	case FormatSVG:
		switch {
		case v.State.Found() || v.State == StatePlusieurs || v.Request.OnError == "image":
			return SurfaceSVG
		case v.Request.OnError == "empty":
			return SurfaceEmptySVG
		}
		return SurfaceJSON
	}
	return SurfaceHTML
}

// Outcome is what a widget answer found for its key, for its HTTP status.
type Outcome string

// The outcomes of a widget answer.
const (
	OutcomeFound   Outcome = "found"   // figures or a cohort (State.Found)
	OutcomeNoData  Outcome = "no_data" // a known key without data for the millésime
	OutcomeUnknown Outcome = "unknown" // an unknown code or establishment (State.Unknown)
)

// Outcome classifies the widget's summary state.
func (v View) Outcome() Outcome {
	switch {
	case v.State.Found():
		return OutcomeFound
	case v.State == StatePlusieurs:
		return OutcomeCandidats
	case v.State.Unknown():
		return OutcomeUnknown
	}
	return OutcomeNoData
}

// dateLine is the footer's sentence of a publication date: "Données publiées le 22 janvier
// 2025." ("" for none). The dates are the configuration's few: each is written once (issue 11
// item 5), in a bounded memo.
func dateLine(iso string) string {
	if iso == "" {
		return ""
	}
	dateLines.RLock()
	l, ok := dateLines.m[iso]
	dateLines.RUnlock()
	if ok {
		return l
	}
	if d := DateLecteur(iso); d != "" {
		l = "Données publiées le " + d + "."
	}
	dateLines.Lock()
	if len(dateLines.m) < 64 {
		dateLines.m[iso] = l
	}
	dateLines.Unlock()
	return l
}

var dateLines = struct {
	sync.RWMutex
	m map[string]string
}{m: map[string]string{}}
