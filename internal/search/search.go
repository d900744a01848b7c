// Package search is the editors' search of /preview (issue 13): it finds a diploma of the data by
// its label, any of its codes or partner identifiers, a former name, or a métier name through the
// ROME codes of Certif Info, tolerating accents, case and typos, and ranks what it finds.
//
// It is built on bleve (github.com/blevesearch/bleve/v2), an in-memory index made once per data
// snapshot (For), read-only afterwards and safe for concurrent use.
package search

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/char/asciifolding"
	"github.com/blevesearch/bleve/v2/analysis/lang/fr"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/ijwidgets/ijwidgets/internal/data"
	"github.com/ijwidgets/ijwidgets/widget"
	"github.com/ijwidgets/ijwidgets/widget/editor"
)

// The analyzers: fold is lower case without accents or elisions ("l'Accueil" → "accueil"), stop
// words dropped; stem is fold then the French light stemmer ("plombier" → "plombi", "plomberie"
// → "plomb": one edit apart).
const (
	analyzerFold = "ijw_fold"
	analyzerStem = "ijw_stem"
)

// field is one searched text field of a diploma and its weight in the ranking: the label first,
// then the diploma type ("bts"), former names, Certif Info's words and last the words of the
// métiers (ROME) it leads to.
type field struct {
	name   string
	weight float64
}

var fields = []field{{"libelle", 5}, {"type", 3}, {"anciens", 1.5}, {"certif", 2}}

// metiers is the field of the ROME documents: the words of the Certif Info rows naming a code.
var metiers = []field{{"metiers", 1}}

// doc is the indexed form of a diploma.
type doc struct {
	Libelle, Type, Anciens, Certif, Metiers string
	Codes                                   []string // CFD, MEFSTAT11, partner identifiers, ROME codes, upper case
}

// Index is the search of one snapshot. It never changes after Build.
type Index struct {
	snap     *data.Snapshot
	idx      bleve.Index
	rome     bleve.Index // one document per ROME code: the words of its Certif Info rows
	dips     map[string]*data.Diploma
	byCode   map[string]string   // code or identifier (upper case) → CFD
	byDomain map[string][]string // ROME domaine professionnel (3 characters) → CFDs, sorted
	byROME   map[string][]string // ROME code → CFDs, sorted
	fold     analysis.Analyzer
	stem     analysis.Analyzer
	terms    map[string]uint64 // every folded word of the indexes → its document count, for corrections
	onClose  func()            // tests count the indexes closed
}

// Hit is one diploma found.
type Hit struct {
	Diploma data.Diploma
	Score   float64
	// Via says how it was found, for the editor: "code", "identifiant", "intitulé", "ancien
	// intitulé", "Certif Info", "métier (ROME I1604)", "domaine professionnel (ROME)".
	Via  string
	rome float64 // the métier share in Score
}

// Result is one page of what a query found.
type Result struct {
	Total int   // every diploma found, all pages together
	Hits  []Hit // this page, best first
	// ROME is set when nothing of the data bears the words but some métiers do: the ROME codes
	// the words name (best first, at most 5), and Hits are the diplomas of the same domaines
	// professionnels (their first 3 characters).
	ROME []string
	// Understood is the query as searched when a word was corrected ("mecanique auto" for
	// "mecanqiue auto"), "" when none was.
	Understood string
	// Ignored are the words left out: nothing in the data is near them.
	Ignored []string
}

// MaxWords bounds the words of a query that are searched (the others are ignored).
const MaxWords = 8

// Build indexes the diplomas of snap. It takes a few hundred milliseconds on the real data.
func Build(snap *data.Snapshot) (*Index, error) {
	m, err := newMapping()
	if err != nil {
		return nil, err
	}
	ix := &Index{snap: snap, dips: map[string]*data.Diploma{}, byCode: map[string]string{}, byDomain: map[string][]string{}, byROME: map[string][]string{}}
	// scorch without a path keeps its segments in memory (and indexes ten times faster than
	// NewMemOnly's upsidedown store); Close stops its goroutines.
	if ix.idx, err = bleve.NewUsing("", m, scorch.Name, scorch.Name, nil); err != nil {
		return nil, fmt.Errorf("search index: %w", err)
	}
	if ix.rome, err = bleve.NewUsing("", m, scorch.Name, scorch.Name, nil); err != nil {
		ix.idx.Close()
		return nil, fmt.Errorf("search index: %w", err)
	}
	cache := m.AnalyzerNamed
	ix.fold, ix.stem = cache(analyzerFold), cache(analyzerStem)
	if ix.fold == nil || ix.stem == nil {
		return nil, errors.New("search index: analyzers not registered")
	}
	words := snap.ROMEWords()
	batch := ix.idx.NewBatch()
	for _, d := range snap.Diplomas() {
		d := d
		ix.dips[d.CFD] = &d
		anciens := make([]string, len(d.Anciens))
		for i, a := range d.Anciens {
			anciens[i] = withoutType(a)
		}
		dc := doc{Libelle: d.Libelle, Type: d.Type, Anciens: strings.Join(anciens, " · "), Certif: strings.Join(d.Certif, " · ")}
		for _, r := range d.ROME {
			ix.byDomain[r[:3]] = append(ix.byDomain[r[:3]], d.CFD)
			ix.byROME[r] = append(ix.byROME[r], d.CFD)
			// A métier is also named by the diplomas leading to it, now and formerly: BP
			// "Plombier" leads to F1603, which no Certif Info label calls "plombier".
			words[r] = append(words[r], d.Libelle)
			words[r] = append(words[r], d.Anciens...)
		}
		for _, c := range d.Codes {
			dc.Codes = append(dc.Codes, c.Value)
		}
		dc.Codes = append(dc.Codes, d.CFD)
		dc.Codes = append(dc.Codes, d.Identifiants...)
		dc.Codes = append(dc.Codes, d.ROME...)
		for _, c := range dc.Codes {
			if _, taken := ix.byCode[c]; !taken || c == d.CFD {
				ix.byCode[c] = d.CFD
			}
		}
		if err := batch.Index(d.CFD, dc); err != nil {
			return nil, fmt.Errorf("search index %s: %w", d.CFD, err)
		}
	}
	if err := ix.idx.Batch(batch); err != nil {
		return nil, fmt.Errorf("search index: %w", err)
	}
	for _, m := range []map[string][]string{ix.byDomain, ix.byROME} {
		for k, list := range m {
			slices.Sort(list)
			m[k] = slices.Compact(list)
		}
	}
	rb := ix.rome.NewBatch()
	for code, w := range words {
		if err := rb.Index(code, doc{Metiers: strings.Join(w, " · ")}); err != nil {
			return nil, fmt.Errorf("search index %s: %w", code, err)
		}
	}
	if err := ix.rome.Batch(rb); err != nil {
		return nil, fmt.Errorf("search index: %w", err)
	}
	ix.terms = map[string]uint64{}
	for _, f := range fields {
		if err := ix.readTerms(ix.idx, f.name); err != nil {
			return nil, err
		}
	}
	if err := ix.readTerms(ix.rome, metiers[0].name); err != nil {
		return nil, err
	}
	return ix, nil
}

// readTerms adds the words of one field to ix.terms.
func (ix *Index) readTerms(i bleve.Index, field string) error {
	d, err := i.FieldDict(field)
	if err != nil {
		return fmt.Errorf("search terms: %w", err)
	}
	defer d.Close()
	for {
		e, err := d.Next()
		if err != nil {
			return fmt.Errorf("search terms: %w", err)
		}
		if e == nil {
			return nil
		}
		ix.terms[e.Term] += e.Count
	}
}

// correct returns the word of the indexes nearest to w (1 edit for 5 to 7 letters, 2 from 8), the
// most frequent among the nearest; w itself when the indexes have it; "" when none is near.
func (ix *Index) correct(w string) string {
	if _, ok := ix.terms[w]; ok {
		return w
	}
	n := len([]rune(w))
	if n < 5 {
		return ""
	}
	maxD := 1 + btoi(n >= 8)
	best, bestD, bestN := "", maxD+1, uint64(0)
	for t, count := range ix.terms {
		d, over := bsearch.LevenshteinDistanceMax(w, t, maxD)
		if over || d > maxD {
			continue
		}
		if d < bestD || d == bestD && (count > bestN || count == bestN && t < best) {
			best, bestD, bestN = t, d, count
		}
	}
	return best
}

// withoutType drops the diploma type a BCN label ends with ("PLOMBIER (BP)" → "PLOMBIER"): the
// type is searched in its own field, and a diploma with many former names would count it again.
func withoutType(label string) string {
	if i := strings.LastIndex(label, " ("); i > 0 && strings.HasSuffix(label, ")") {
		return label[:i]
	}
	return label
}

func newMapping() (*mapping.IndexMappingImpl, error) {
	m := bleve.NewIndexMapping()
	base := map[string]any{
		"type":          custom.Name,
		"char_filters":  []any{asciifolding.Name},
		"tokenizer":     unicode.Name,
		"token_filters": []any{lowercase.Name, fr.ElisionName, fr.StopName},
	}
	if err := m.AddCustomAnalyzer(analyzerFold, base); err != nil {
		return nil, fmt.Errorf("search analyzer: %w", err)
	}
	stem := map[string]any{"type": custom.Name, "char_filters": base["char_filters"], "tokenizer": unicode.Name,
		"token_filters": []any{lowercase.Name, fr.ElisionName, fr.StopName, fr.LightStemmerName}}
	if err := m.AddCustomAnalyzer(analyzerStem, stem); err != nil {
		return nil, fmt.Errorf("search analyzer: %w", err)
	}
	dm := bleve.NewDocumentStaticMapping()
	for _, f := range append(slices.Clone(fields), metiers...) {
		folded := bleve.NewTextFieldMapping()
		folded.Analyzer, folded.Name, folded.Store, folded.IncludeInAll = analyzerFold, f.name, false, false
		stemmed := bleve.NewTextFieldMapping()
		stemmed.Analyzer, stemmed.Name, stemmed.Store, stemmed.IncludeInAll = analyzerStem, f.name+"_stem", false, false
		stemmed.IncludeTermVectors = false
		dm.AddFieldMappingsAt(strings.ToUpper(f.name[:1])+f.name[1:], folded, stemmed)
	}
	codes := bleve.NewKeywordFieldMapping()
	codes.Analyzer, codes.Name, codes.Store, codes.IncludeInAll = keyword.Name, "codes", false, false
	dm.AddFieldMappingsAt("Codes", codes)
	m.DefaultMapping = dm
	m.DefaultAnalyzer = analyzerFold
	m.StoreDynamic, m.IndexDynamic, m.DocValuesDynamic = false, false, false
	return m, nil
}

// Search runs q and returns the page of size hits from from (0-based). A query that is a whole
// code or identifier (CFD, MEFSTAT11, RNCP:…, ONISEP:FOR.…, CERTIFINFO:…, a ROME code; a partner
// identifier may have blanks: "RNCP 34700") finds its diplomas; one that starts like a code (3 characters or more, a digit) finds the codes that start
// with it; any other finds the diplomas bearing every word (each word exactly, by its start, by its
// stem, or within one or two typos for words of 5 or 8 letters and more), ranked by where the word
// is (label first, then diploma type, former names, Certif Info, métiers). When no diploma bears
// the words but Certif Info's métiers (ROME) do, it returns the diplomas of the same domaines
// professionnels (Result.ROME). A word is first corrected to the nearest word of the data (Result.Understood), or left out
// when none is near (Result.Ignored).
func (ix *Index) Search(q string, from, size int) (Result, error) {
	q = strings.TrimSpace(q)
	if len([]rune(q)) < 2 {
		return Result{}, nil
	}
	if compact := strings.Join(strings.Fields(q), ""); compact != q {
		if _, ok := widget.ParsePartnerID(compact); ok {
			q = compact // "RNCP 34700", "rncp : 34700": the identifier RNCP:34700
		}
	}
	if hits, ok := ix.exact(q); ok {
		return page(Result{Total: len(hits)}, hits, from, size), nil
	}
	if up := strings.ToUpper(q); isCodeLike(up) {
		return ix.run(withField(query.NewPrefixQuery(up), "codes"), "code", from, size)
	}
	tokens, ignored := ix.tokens(q)
	if len(tokens) == 0 {
		return Result{Ignored: ignored}, nil
	}
	understood := make([]string, len(tokens))
	for i, t := range tokens {
		understood[i] = t.fold
	}
	all := make([]query.Query, len(tokens))
	for i, t := range tokens {
		all[i] = wordQuery(t, fields)
	}
	romes, err := ix.metiers(tokens)
	if err != nil {
		return Result{}, err
	}
	res, err := ix.ranked(query.NewConjunctionQuery(all), romes, from, size)
	if err == nil && res.Total == 0 {
		res, err = ix.sameDomain(romes, from, size)
	}
	res.Ignored = ignored
	for _, t := range tokens {
		if t.fold != t.typed {
			res.Understood = strings.Join(understood, " ")
		}
	}
	return res, err
}

// token is one searched word: folded and stemmed.
type token struct{ fold, stem, typed string }

// tokens analyzes q into words, each corrected to the nearest word of the indexes ("mecanqiue" →
// "mecanique"); a word with nothing near is left out and returned in ignored.
func (ix *Index) tokens(q string) (out []token, ignored []string) {
	for _, t := range ix.fold.Analyze([]byte(q)) {
		if len(out) == MaxWords {
			break
		}
		w := string(t.Term)
		if len(w) < 2 {
			continue // "a", "l": noise
		}
		c := ix.correct(w)
		if c == "" {
			ignored = append(ignored, w)
			continue
		}
		tk := token{fold: c, stem: c, typed: w}
		if st := ix.stem.Analyze([]byte(c)); len(st) == 1 {
			tk.stem = string(st[0].Term)
		}
		out = append(out, tk)
	}
	return out, ignored
}

// wordQuery matches one word in any of fs: exactly, by its start, by its stem, within typos.
func wordQuery(t token, fs []field) query.Query {
	var qs []query.Query
	add := func(q interface {
		query.Query
		SetField(string)
		SetBoost(float64)
	}, f string, boost float64) {
		q.SetField(f)
		q.SetBoost(boost)
		qs = append(qs, q)
	}
	n := len([]rune(t.fold))
	for _, f := range fs {
		add(query.NewTermQuery(t.fold), f.name, f.weight)
		add(query.NewTermQuery(t.stem), f.name+"_stem", f.weight*0.8)
		if n >= 3 {
			add(query.NewPrefixQuery(t.fold), f.name, f.weight*0.5)
		}
		if n >= 5 {
			fz := query.NewFuzzyQuery(t.fold)
			fz.SetFuzziness(1 + btoi(n >= 8))
			add(fz, f.name, f.weight*0.4)
			fs := query.NewFuzzyQuery(t.stem)
			fs.SetFuzziness(1)
			add(fs, f.name+"_stem", f.weight*0.3)
		}
	}
	return query.NewDisjunctionQuery(qs)
}

func withField(q *query.PrefixQuery, f string) *query.PrefixQuery {
	q.SetField(f)
	return q
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// run searches the diplomas and makes the page; via names how they were found ("" to read it
// from the matched fields).
func (ix *Index) run(q query.Query, via string, from, size int) (Result, error) {
	// Every match is read (a few hundred at most), then sorted with a stable tie-break: bleve's
	// order among equal scores is not fixed.
	req := bleve.NewSearchRequestOptions(q, len(ix.dips), 0, false)
	req.IncludeLocations = via == ""
	sr, err := ix.idx.Search(req)
	if err != nil {
		return Result{}, fmt.Errorf("search: %w", err)
	}
	hits := make([]Hit, 0, len(sr.Hits))
	for _, h := range sr.Hits {
		d := ix.dips[h.ID]
		if d == nil {
			continue
		}
		v := via
		if v == "" {
			v = viaOf(h.Locations)
		}
		hits = append(hits, Hit{Diploma: *d, Score: h.Score, Via: v})
	}
	sortHits(hits)
	return page(Result{Total: len(hits)}, hits, from, size), nil
}

// romeShare is how much leading to the best métier of the words counts, against bearing the words
// best: a diploma bearing them in its label comes before one that only leads to their métier.
const romeShare = 0.8

// ranked finds the diplomas bearing the words (q) or leading to the métiers they name (romes) and
// ranks them on one scale: the text score over the best text score, plus romeShare times the
// métier's score over the best métier's.
func (ix *Index) ranked(q query.Query, romes []romeScore, from, size int) (Result, error) {
	req := bleve.NewSearchRequestOptions(q, len(ix.dips), 0, false)
	req.IncludeLocations = true
	sr, err := ix.idx.Search(req)
	if err != nil {
		return Result{}, fmt.Errorf("search: %w", err)
	}
	found := map[string]*Hit{}
	best := 0.0
	for _, h := range sr.Hits {
		best = max(best, h.Score)
	}
	for _, h := range sr.Hits {
		if d := ix.dips[h.ID]; d != nil {
			found[h.ID] = &Hit{Diploma: *d, Score: h.Score / best, Via: viaOf(h.Locations)}
		}
	}
	for _, r := range romes {
		share := romeShare * r.score / romes[0].score
		for _, cfd := range ix.byROME[r.code] {
			h := found[cfd]
			if h == nil {
				h = &Hit{Diploma: *ix.dips[cfd], Via: "métier (ROME " + r.code + ")"}
				found[cfd] = h
			} else if h.Via != "" && !strings.HasPrefix(h.Via, "métier") && h.rome > 0 {
				continue
			}
			if share > h.rome {
				h.Score += share - h.rome // the best of its métiers, not their sum
				h.rome = share
			}
		}
	}
	hits := make([]Hit, 0, len(found))
	for _, h := range found {
		hits = append(hits, *h)
	}
	sortHits(hits)
	return page(Result{}, hits, from, size), nil
}

// viaOf names the best field a hit matched in.
func viaOf(locs bsearch.FieldTermLocationMap) string {
	names := map[string]string{"libelle": "intitulé", "type": "intitulé", "anciens": "ancien intitulé", "certif": "Certif Info"}
	for _, f := range fields {
		if len(locs[f.name]) > 0 || len(locs[f.name+"_stem"]) > 0 {
			return names[f.name]
		}
	}
	return "métier (ROME)"
}

func sortHits(hits []Hit) {
	slices.SortStableFunc(hits, func(a, b Hit) int {
		return cmp.Or(cmp.Compare(b.Score, a.Score), strings.Compare(a.Diploma.Libelle, b.Diploma.Libelle), strings.Compare(a.Diploma.CFD, b.Diploma.CFD))
	})
}

func page(r Result, hits []Hit, from, size int) Result {
	r.Total = len(hits)
	from = min(max(from, 0), len(hits))
	r.Hits = hits[from:min(from+max(size, 0), len(hits))]
	return r
}

// exact finds the diplomas of a whole code or identifier.
func (ix *Index) exact(q string) ([]Hit, bool) {
	key := strings.ToUpper(q)
	if !strings.ContainsAny(key, "0123456789") {
		return nil, false // words: "PLOMBIER" has the shape of a CFD
	}
	id, err := widget.ParseIdentifier(key)
	if err == nil {
		if id.IsPartner() {
			var hits []Hit
			for _, c := range ix.snap.Identify(id.Partner).Candidats {
				if d := ix.dips[c.CFD]; d != nil {
					hits = append(hits, Hit{Diploma: *d, Score: 1, Via: "identifiant"})
				}
			}
			return hits, true
		}
		key = id.Code.Value
	}
	cfd, ok := ix.byCode[key]
	if !ok {
		return nil, err == nil && !isCodeLike(key) // a well-formed code the data lacks: nothing
	}
	via := "code"
	if len(key) == 5 && key[0] >= 'A' && key[0] <= 'Z' {
		via = "métier (ROME)"
		var hits []Hit
		for _, c := range ix.byDomain[key[:3]] {
			if d := ix.dips[c]; d != nil && slices.Contains(d.ROME, key) {
				hits = append(hits, Hit{Diploma: *d, Score: 1, Via: via})
			}
		}
		return hits, true
	}
	return []Hit{{Diploma: *ix.dips[cfd], Score: 1, Via: via}}, true
}

// isCodeLike reports whether q looks like the start of a code: 3 characters or more of upper-case
// letters and digits, with a digit.
func isCodeLike(q string) bool {
	if len(q) < 3 || !strings.ContainsAny(q, "0123456789") {
		return false
	}
	for _, r := range q {
		if !(r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' || r == ':' || r == '.') {
			return false
		}
	}
	return true
}

// maxROME is the most métiers (ROME codes) a query's words lead to.
const maxROME = 5

// romeScore is a ROME code whose Certif Info words bear the query's words, and how well.
type romeScore struct {
	code  string
	score float64
}

// metiers finds the ROME codes whose Certif Info words bear every word of the query: the best
// maxROME, those scoring at least a third of the best.
func (ix *Index) metiers(tokens []token) ([]romeScore, error) {
	all := make([]query.Query, len(tokens))
	for i, t := range tokens {
		all[i] = wordQuery(t, metiers)
	}
	sr, err := ix.rome.Search(bleve.NewSearchRequestOptions(query.NewConjunctionQuery(all), maxROME, 0, false))
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	var out []romeScore
	for _, h := range sr.Hits {
		if h.Score < sr.Hits[0].Score/3 {
			break
		}
		out = append(out, romeScore{h.ID, h.Score})
	}
	return out, nil
}

// sameDomain lists the diplomas of the domaines professionnels (first 3 characters) of romes:
// when no diploma of the data leads to the métiers the words name, those of their neighbours.
func (ix *Index) sameDomain(romes []romeScore, from, size int) (Result, error) {
	var res Result
	var hits []Hit
	seen := map[string]bool{}
	for _, r := range romes {
		res.ROME = append(res.ROME, r.code)
		for _, cfd := range ix.byDomain[r.code[:3]] {
			if !seen[cfd] {
				seen[cfd] = true
				hits = append(hits, Hit{Diploma: *ix.dips[cfd], Score: r.score, Via: "domaine professionnel (ROME)"})
			}
		}
	}
	if len(hits) == 0 {
		return Result{}, nil
	}
	sortHits(hits)
	return page(Result{ROME: res.ROME}, hits, from, size), nil
}

// Cache keeps the search indexes of the snapshots (issue 13; reloads: the /preview search
// defects): at most two open at any time, whatever the reload rate — the one served and the one
// before it, or, while the next one builds, the one served and the one building.
//
// Install (called when a snapshot is swapped in) builds the snapshot's index in the background,
// one build at a time and once per snapshot (a later Install while one builds is built next,
// those in between skipped). Acquire never waits for a build while an index is served: a search
// of a snapshot whose index is not built yet uses the latest built one. An index is reference
// counted: it closes when the cache has retired it and its last search has released it, so a
// search never runs on a closed index. Safe for concurrent use; the zero Cache is ready.
type Cache struct {
	// Builder makes an index: Build when nil (tests inject slow or counting ones). Set it
	// before the first use.
	Builder func(*data.Snapshot) (*Index, error)
	// Failed, when set, hears of each build that failed (the server logs it); the snapshot's
	// next Acquire or Wait tries again. Set it before the first use.
	Failed func(error)

	mu       sync.Mutex
	cur      *entry         // the newest built index; nil before the first
	prev     *entry         // the one before, for searches of its snapshot; nil when retired
	wanted   *data.Snapshot // the snapshot to build next; nil when none waits
	building *data.Snapshot // the snapshot whose index is being built; nil when none is
	failed   *data.Snapshot // the snapshot whose latest build failed, and why
	err      error
	built    chan struct{} // closed (and replaced) whenever a build ends
}

// entry is one index and its references: the cache's own (until retired) and one per search.
type entry struct {
	snap   *data.Snapshot
	ix     *Index
	refs   int           // guarded by Cache.mu
	closed chan struct{} // closed once ix is closed
}

// Install asks for the index of snap, the snapshot just swapped in: it is built in the
// background unless it is built, being built or already asked for. It returns at once.
func (c *Cache) Install(snap *data.Snapshot) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.want(snap)
}

// want records snap as the next build and starts the builder if none runs. c.mu is held.
func (c *Cache) want(snap *data.Snapshot) {
	if c.cur != nil && c.cur.snap == snap || c.prev != nil && c.prev.snap == snap || c.building == snap || c.wanted == snap {
		return
	}
	c.wanted = snap
	if c.built == nil {
		c.built = make(chan struct{})
	}
	if c.building == nil {
		c.building, c.wanted = snap, nil
		go c.builder(snap)
	}
}

// builder builds snap, then whatever was asked for meanwhile, one at a time. Before each build
// it retires the index before the one served and waits until it is closed (its searches last
// milliseconds), so that no more than two indexes are ever open.
func (c *Cache) builder(snap *data.Snapshot) {
	for snap != nil {
		c.mu.Lock()
		var wait chan struct{}
		if old := c.prev; old != nil {
			c.prev = nil
			c.releaseLocked(old)
			wait = old.closed
		}
		c.mu.Unlock()
		if wait != nil {
			<-wait
		}
		build := c.Builder
		if build == nil {
			build = Build
		}
		ix, err := build(snap)
		if err != nil && c.Failed != nil {
			c.Failed(err)
		}

		c.mu.Lock()
		if err != nil {
			c.failed, c.err = snap, err
		} else {
			if c.failed == snap {
				c.failed, c.err = nil, nil
			}
			c.prev, c.cur = c.cur, &entry{snap: snap, ix: ix, refs: 1, closed: make(chan struct{})}
		}
		close(c.built)
		c.built = make(chan struct{})
		snap, c.wanted = c.wanted, nil
		c.building = snap
		c.mu.Unlock()
	}
}

// releaseLocked drops one reference of e, closing its index with the last. c.mu is held.
func (c *Cache) releaseLocked(e *entry) {
	if e.refs--; e.refs == 0 {
		e.ix.Close()
		close(e.closed)
	}
}

// Acquire returns the index to search snap with, and the release to call when the search is
// done (the index stays open until then). It is snap's index when built; otherwise the latest
// built one, at once (snap's is built meanwhile). Only when no index is built at all does it wait
// for the build (the first one), until ctx ends: ctx.Err(), or the build's error.
func (c *Cache) Acquire(ctx context.Context, snap *data.Snapshot) (*Index, func(), error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for waited := false; ; {
		e := c.cur
		if c.prev != nil && c.prev.snap == snap {
			e = c.prev
		}
		if e != nil {
			e.refs++
			var once sync.Once
			return e.ix, func() {
				once.Do(func() {
					c.mu.Lock()
					defer c.mu.Unlock()
					c.releaseLocked(e)
				})
			}, nil
		}
		if waited && c.failed == snap {
			return nil, nil, c.err // the next search tries again
		}
		c.want(snap) // none built nor asked for yet (no Install): build it now
		waited = true
		if err := c.awaitBuild(ctx); err != nil {
			return nil, nil, err
		}
	}
}

// awaitBuild releases c.mu (held) until the current build ends or ctx ends, then takes it again;
// it returns ctx.Err() when ctx ended first.
func (c *Cache) awaitBuild(ctx context.Context) error {
	built := c.built
	c.mu.Unlock()
	defer c.mu.Lock()
	select {
	case <-built:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Wait blocks until snap's index is built (Install or Acquire asked for it) or its build failed,
// or ctx ends; it returns the build's error or ctx.Err().
func (c *Cache) Wait(ctx context.Context, snap *data.Snapshot) error {
	c.mu.Lock()
	for {
		switch {
		case c.cur != nil && c.cur.snap == snap, c.prev != nil && c.prev.snap == snap:
			c.mu.Unlock()
			return nil
		case c.failed == snap && c.building != snap && c.wanted != snap:
			err := c.err
			c.mu.Unlock()
			return err
		}
		c.want(snap)
		if err := c.awaitBuild(ctx); err != nil {
			c.mu.Unlock()
			return err
		}
	}
}

// Status says where snap's index stands: "ready" (built), "building" (being built or next to
// be), "failed" (its latest build failed; the next Acquire or Wait tries again) or "not_built"
// (never asked for).
func (c *Cache) Status(snap *data.Snapshot) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	switch {
	case c.cur != nil && c.cur.snap == snap, c.prev != nil && c.prev.snap == snap:
		return "ready"
	case c.building == snap, c.wanted == snap:
		return "building"
	case c.failed == snap:
		return "failed"
	}
	return "not_built"
}

// Close releases the index's resources (scorch's goroutines). Searching it afterwards fails.
func (ix *Index) Close() error {
	if ix.onClose != nil {
		ix.onClose()
	}
	return errors.Join(ix.idx.Close(), ix.rome.Close())
}

// Editor returns r for the configurator's page (widget/editor).
func (r Result) Editor() editor.Results {
	out := editor.Results{Total: r.Total, ROME: r.ROME, Understood: r.Understood, Ignored: r.Ignored}
	for _, h := range r.Hits {
		eh := editor.Hit{CFD: h.Diploma.CFD, Label: h.Diploma.Libelle, Type: h.Diploma.Type, Via: h.Via}
		for _, c := range h.Diploma.Codes {
			eh.Codes = append(eh.Codes, editor.HitCode{Code: c.String(), Voie: c.Voie()})
		}
		out.Hits = append(out.Hits, eh)
	}
	return out
}
