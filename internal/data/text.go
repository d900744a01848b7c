package data

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The encodings a FileReport names.
const (
	EncodingUTF8    = "UTF-8"
	EncodingUTF8BOM = "UTF-8 BOM"
	EncodingLatin1  = "Latin-1"
)

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// decode strips a UTF-8 byte-order mark and, when the rest is not valid UTF-8, reads it as
// ISO-8859-1 (every byte is the code point of the same value). It returns the text and the
// encoding found.
func decode(b []byte) (string, string) {
	enc := EncodingUTF8
	if bytes.HasPrefix(b, utf8BOM) {
		b = b[len(utf8BOM):]
		enc = EncodingUTF8BOM
	}
	if utf8.Valid(b) {
		return string(b), enc
	}
	var sb strings.Builder
	sb.Grow(len(b) + len(b)/8)
	for _, c := range b {
		sb.WriteRune(rune(c))
	}
	return sb.String(), EncodingLatin1
}

// ErrMissingColumn is wrapped by the load error of a CSV file whose header lacks a needed column.
var ErrMissingColumn = errors.New("missing column")

// ErrNoValidRow is wrapped by the load error of a file that has no row left after validation.
var ErrNoValidRow = errors.New("no valid row")

// table is a ';'-separated file without quoting, read line by line.
type table struct {
	rest   string // text after the current line
	line   int    // 1-based number of the current line
	ncol   int    // number of header fields
	fields []string
	// short accepts a row with fewer fields than the header, the missing trailing cells empty:
	// the Kit apprentissage drops the empty cells at the end of a row.
	short bool
	// quoted reads a field that starts with '"' as quoted: up to the next '"' followed by ';' or
	// the end of the line, "" standing for one '"' (the Kit and Idéo quote labels holding ';').
	// Quoted fields never span lines in those files; an unterminated quote runs to the line's end.
	quoted bool
}

// nextLine returns the next line without its line ending; ok is false at the end of the text.
func (t *table) nextLine() (string, bool) {
	if t.rest == "" {
		return "", false
	}
	t.line++
	var l string
	if i := strings.IndexByte(t.rest, '\n'); i >= 0 {
		l, t.rest = t.rest[:i], t.rest[i+1:]
	} else {
		l, t.rest = t.rest, ""
	}
	return strings.TrimSuffix(l, "\r"), true
}

// lines returns the number of lines left: a capacity hint for the maps of a load.
func (t *table) lines() int { return strings.Count(t.rest, "\n") + 1 }

// split cuts a line at each ';' into t.fields (reused between lines).
func (t *table) split(l string) []string {
	if t.quoted && strings.IndexByte(l, '"') >= 0 {
		return t.splitQuoted(l)
	}
	f := t.fields[:0]
	for {
		i := strings.IndexByte(l, ';')
		if i < 0 {
			f = append(f, l)
			break
		}
		f = append(f, l[:i])
		l = l[i+1:]
	}
	t.fields = f
	return f
}

// SplitQuoted cuts a ';' line whose fields may be quoted (a field starting with '"' runs to the
// next '"' followed by ';' or the line's end, "" standing for one '"'), the way the loaders read
// the Kit apprentissage and Onisep Idéo files; the label generator reads them with it too.
func SplitQuoted(l string) []string {
	t := table{quoted: true}
	return t.splitQuoted(l)
}

// splitQuoted is split for a line with quoted fields.
func (t *table) splitQuoted(l string) []string {
	f := t.fields[:0]
	for {
		if strings.HasPrefix(l, `"`) {
			var b strings.Builder
			i := 1
			for i < len(l) {
				if l[i] == '"' {
					if i+1 < len(l) && l[i+1] == '"' {
						b.WriteByte('"')
						i += 2
						continue
					}
					if i+1 == len(l) || l[i+1] == ';' {
						break
					}
				}
				b.WriteByte(l[i])
				i++
			}
			f = append(f, b.String())
			if i+1 >= len(l) {
				break
			}
			l = l[i+2:]
			continue
		}
		i := strings.IndexByte(l, ';')
		if i < 0 {
			f = append(f, l)
			break
		}
		f = append(f, l[:i])
		l = l[i+1:]
	}
	t.fields = f
	return f
}

// openTable reads the header line of text and returns the index of every column of need, in the
// order of need. A header name is compared after trimming spaces.
func openTable(text string, need []string) (*table, []int, error) {
	t := &table{rest: text}
	h, err := t.headerLine()
	if err != nil {
		return nil, nil, err
	}
	names := t.split(h)
	t.ncol = len(names)
	pos := make(map[string]int, len(names))
	for i, n := range names {
		n = strings.TrimSpace(n)
		if _, dup := pos[n]; dup && n != "" {
			pos[n] = -1 // ambiguous
			continue
		}
		pos[n] = i
	}
	idx := make([]int, len(need))
	for i, n := range need {
		p, ok := pos[n]
		switch {
		case !ok:
			return nil, nil, fmt.Errorf("%w %q", ErrMissingColumn, n)
		case p < 0:
			return nil, nil, fmt.Errorf("column %q appears twice in the header", n)
		}
		idx[i] = p
	}
	return t, idx, nil
}

// rows calls fn for each non-blank line after the header with its line number and fields; a
// line whose field count differs from the header's is rejected before fn sees it. fn returns the
// reason to reject the row, or "" to accept it.
func (t *table) rows(fr *FileReport, fn func(line int, f []string) string) {
	for {
		l, ok := t.nextLine()
		if !ok {
			return
		}
		if strings.TrimSpace(l) == "" {
			continue
		}
		fr.Read++
		f := t.split(l)
		for t.short && len(f) < t.ncol {
			f = append(f, "")
		}
		t.fields = f
		reason := ""
		if len(f) != t.ncol {
			reason = fmt.Sprintf("wrong field count: %d, header has %d", len(f), t.ncol)
		} else {
			reason = fn(t.line, f)
		}
		if reason != "" {
			fr.reject(t.line, reason)
		}
	}
}

// maxCount bounds a count: far above any real cohort, low enough that national sums and
// 100 × n never overflow.
const maxCount = 1_000_000_000

// parseCount reads a count cell: "" or "nd" is missing; otherwise a non-negative integer, also
// written as an integral decimal like "57.0". The error is a short reason without the column name.
func parseCount(s string) (n int, valid bool, reason string) {
	s = strings.TrimSpace(s)
	if s == "" || strings.EqualFold(s, "nd") {
		return 0, false, ""
	}
	digits := s
	if i := strings.IndexByte(s, '.'); i >= 0 {
		digits = s[:i]
		if strings.Trim(s[i+1:], "0") != "" {
			return 0, false, fmt.Sprintf("not an integer %s", quote(s))
		}
	}
	if strings.HasPrefix(digits, "-") && isDigits(digits[1:]) {
		return 0, false, fmt.Sprintf("negative value %s", quote(s))
	}
	if !isDigits(digits) {
		return 0, false, fmt.Sprintf("not a number %s", quote(s))
	}
	v, err := strconv.Atoi(digits)
	if err != nil || v > maxCount {
		return 0, false, fmt.Sprintf("value too large %s", quote(s))
	}
	return v, true, ""
}

// quote shows a cell value in a reason, cut to 40 bytes.
func quote(s string) string {
	if len(s) > 40 {
		s = s[:40] + "…"
	}
	return strconv.Quote(s)
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

func isAlnumUpper(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c < '0' || c > '9') && (c < 'A' || c > 'Z') {
			return false
		}
	}
	return s != ""
}

// isCFD is the shape widget.ParseCode accepts for a CFD: 8 characters, two digits then digits or
// upper-case letters (32032002, 36X32318).
func isCFD(s string) bool { return len(s) == 8 && isAlnumUpper(s) && isDigits(s[:2]) }

// isMEFSTAT11 is the shape widget.ParseCode accepts for a MEFSTAT11: 11 digits.
func isMEFSTAT11(s string) bool { return len(s) == 11 && isDigits(s) }

// headerLine returns the first non-blank line of the table: its header.
func (t *table) headerLine() (string, error) {
	for {
		l, ok := t.nextLine()
		if !ok {
			return "", errors.New("empty file: no header line")
		}
		if strings.TrimSpace(l) != "" {
			return l, nil
		}
	}
}
