//go:build race

package templates

// raceEnabled: the race detector is on (sync.Pool then drops some of what it is given).
const raceEnabled = true
