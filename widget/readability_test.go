package widget

import (
	"math"
	"strings"
	"testing"
	"unicode"
)

// kandelMoles is the Kandel–Moles readability of a French text (the French adaptation of
// Flesch: 207 − 1.015 × words per sentence − 73.6 × syllables per word; higher is easier, 80–90
// "easy", over 90 "very easy"). Sentences end at . ! ? or at the end of an item (each text is
// one item); a word is a run of letters, digits or apostrophe-free letters; syllables are the
// groups of vowels of a word, a final mute e (-e, -es) dropped when the word has another
// group, a number counting one.
func kandelMoles(items []string) float64 {
	words, sentences, syllables := 0, 0, 0
	for _, it := range items {
		it = strings.TrimSpace(it)
		if it == "" {
			continue
		}
		n := strings.Count(it, ".") + strings.Count(it, "!") + strings.Count(it, "?")
		if last := it[len(it)-1]; last != '.' && last != '!' && last != '?' {
			n++ // an item without a full stop is one sentence
		}
		sentences += n
		for _, w := range strings.FieldsFunc(it, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
			words++
			syllables += syllabes(w)
		}
	}
	if words == 0 || sentences == 0 {
		return 0
	}
	return 207 - 1.015*float64(words)/float64(sentences) - 73.6*float64(syllables)/float64(words)
}

// syllabes counts the spoken syllables of a French word, roughly (see kandelMoles).
func syllabes(w string) int {
	w = strings.ToLower(w)
	if unicode.IsDigit([]rune(w)[0]) {
		return 1
	}
	const vowels = "aeiouyàâäéèêëîïôöùûüœæ"
	groups, in := 0, false
	for _, r := range w {
		v := strings.ContainsRune(vowels, r)
		if v && !in {
			groups++
		}
		in = v
	}
	if groups > 1 && (strings.HasSuffix(w, "e") || strings.HasSuffix(w, "es")) && !strings.HasSuffix(w, "ée") && !strings.HasSuffix(w, "ées") {
		groups--
	}
	return max(groups, 1)
}

// collegeProse is every text the collège view shows a reader, one item per text.
func collegeProse(v View) []string {
	items := []string{v.Texts.Titre, v.Texts.Lieu + " · " + v.Texts.Promotions, v.Texts.Chapeau, v.Message, v.Texts.SourceLine, v.Texts.DateLine, v.Texts.DonneesIntro,
		v.Texts.ColSituation, v.Texts.ColPart, v.Texts.ColNombre}
	if len(v.Suites) > 0 { // the HTML says the short message, then the links
		items[3] = v.MessageCourt
		items = append(items, v.SuitesIntro)
	}
	for _, l := range v.Suites {
		items = append(items, l.Libelle)
	}
	if !v.MessageOnly {
		for _, b := range v.Blocs {
			items = append(items, b.Message, b.Effectif)
			for _, r := range b.Rows {
				if r.Phrase != "" {
					items = append(items, r.Phrase)
				} else {
					items = append(items, r.Label+" : "+r.Figure)
				}
				items = append(items, r.Definition)
			}
			for _, r := range b.Table {
				items = append(items, r.Label)
			}
		}
	}
	return items
}

// collegeViews are the collège views of the test source in every state: figures, another
// millésime, a small group, a partial one, no data.
func collegeViews(t *testing.T) []View {
	var out []View
	for _, c := range []struct {
		scope           Scope
		region, code, m string
	}{
		{ScopeRegion, "11", "32032002", "2022_2023"},
		{ScopeRegion, "11", "32032002", "2021_2022"},
		{ScopeRegion, "11", "23220022349", "2019_2020"},
		{ScopeRegion, "01", "32032002", "2022_2023"},
		{ScopeRegion, "11", "32032002", "2020_2021"},
	} {
		q := queryOf{"audience": {"college"}, "millesime": {c.m}}
		req, err := ParseRequest(c.scope, c.region, c.code, q, Options{Themes: []string{"dsfr"}})
		if err != nil {
			t.Fatal(err)
		}
		v, err := Build(req, src)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, v)
	}
	return out
}

// Issue 13: the collège view in a pupil's words. Its Kandel–Moles readability, measured by
// kandelMoles over the prose of collegeViews, was 87.8 before the issue (with 35 texts using a
// word of the jargon list; the issue's own measure, over other texts, said 86.9) and 90.8
// after; it must not fall below that.
func TestCollegeReadability(t *testing.T) {
	var items []string
	for _, v := range collegeViews(t) {
		items = append(items, collegeProse(v)...)
	}
	got := math.Round(kandelMoles(items)*10) / 10
	t.Logf("Kandel–Moles of the collège prose: %.1f", got)
	if got < minCollegeReadability {
		t.Errorf("Kandel–Moles of the collège prose = %.1f, want at least %.1f", got, minCollegeReadability)
	}
	// Jargon a pupil does not know stays out (the counsellor keeps the exact terms).
	for _, it := range items {
		for _, w := range []string{"promotion", "effectif", "salarié", "dernière année", "DEPP", "DARES", "millésime"} {
			if strings.Contains(strings.ToLower(it), strings.ToLower(w)) {
				t.Errorf("collège text %q says %q", it, w)
			}
		}
	}
}

// minCollegeReadability is the readability the collège rewrite of issue 13 reached: 90.8, then
// 90.5 once the no-data view stopped linking France's empty figures (one short sentence fewer in
// the sample, no wording changed).
const minCollegeReadability = 90.5

func TestSyllabes(t *testing.T) {
	for w, want := range map[string]int{"apprentis": 3, "formation": 3, "travail": 2, "chose": 1, "études": 2, "diplôme": 2, "année": 2, "2": 1, "continuent": 3} {
		if got := syllabes(w); got != want {
			t.Errorf("syllabes(%q) = %d, want %d", w, got, want)
		}
	}
}
