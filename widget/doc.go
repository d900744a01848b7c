// Package widget is the rendering model of ijwidgets: it turns a validated request and a data
// source into a View (the figures, their state, the words around them) that the HTML, SVG and JSON
// renderers show without computing anything themselves.
//
// It holds the indicator rules of SPEC §4 (exact integer shares, masking of small cohorts, national
// sums), the millésime rules of SPEC §5, the pictogram apportionment of SPEC §6 and the parsing of
// every route and query parameter of SPEC §8. It is pure Go with no HTTP and imports nothing of ours.
package widget
