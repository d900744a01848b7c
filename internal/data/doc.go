// Package data loads the InserJeunes regional extract and the nomenclatures around it (BCN
// certifications, MEFSTAT11 → CFD, diploma levels, INSEE regions) into an immutable Snapshot that
// implements widget.Source, and says what it kept and rejected in a Report (SPEC §3, §10).
//
// Input files (SPEC §3, ../shared/data/README.md) are found by exact name in a directory or an
// fs.FS. Every file may carry a UTF-8 byte-order mark, be written in Latin-1 instead of UTF-8, and
// use LF or CRLF line endings. CSV files use ';' and no quoting: a '"' is an ordinary character (a
// BCN comment starts with one, which a quoting CSV reader would run to the end of the file).
// Codes are strings; an empty cell or "nd" is a missing count (widget.N{}), never 0.
//
// A missing or unreadable file, or a header without a needed column, fails the load with an error
// naming the file. A bad row never does: it is rejected, reported with its file, line and reason,
// and the rest is kept. Two rows with the same key never overwrite each other: identical ones are
// kept once, differing ones are both dropped, so the result never depends on row order.
//
// Optional files (OptionalFiles) add establishment rows (the CFA and lycée files: published
// shares per UAI), per-formation rows (the open-data exports per UAI × certification) and
// InserSup rows (per SISE code), read through Snapshot.Etablissement, Snapshot.Formation and
// Snapshot.InserSup. Their columns are found by name folded to lower case without accents, so
// an export's field names and its French labels both work; their region names are mapped to
// INSEE regions by the same folding. An absent optional file is no error.
package data
