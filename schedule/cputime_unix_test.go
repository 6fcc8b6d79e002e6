//go:build unix

package schedule_test

import (
	"syscall"
	"time"
)

// cpuTime is the CPU time the process has used (user and system). On a
// loaded machine it moves less than the wall clock with what else runs.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
