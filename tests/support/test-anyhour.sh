#!/usr/bin/env bash
# npm run test:anyhour — the time-sensitive test files twice: in the time zone furthest ahead of
# UTC (TZ=Pacific/Kiritimati, UTC+14), and with the system time faked by libfaketime (Debian
# package `faketime`) to 23:59:30 UTC of today, so the run crosses midnight UTC while it goes.
# Both must give what a run at noon in UTC gives. Extra arguments go to jest (e.g. a file).
set -euo pipefail
cd "$(dirname "$0")/../.."

FILES=(
  tests/shared/clock.test.ts
  tests/shared/moved-clock.test.ts
  tests/shared/time.test.ts
  tests/atp/availability.test.ts
  tests/atp/check.test.ts
  tests/orders/reconfirm.test.ts
  tests/quotes/accept.test.ts
  tests/auth/auth.test.ts
)
[ "$#" -gt 0 ] && FILES=("$@")

command -v faketime >/dev/null || { echo "FAIL: faketime is missing (apt-get install -y faketime)"; exit 1; }

printf '\n=== TZ=Pacific/Kiritimati\n'
TZ=Pacific/Kiritimati npx jest --maxWorkers=1 "${FILES[@]}"

# DONT_RESET: child processes (a test's server or sync) go on from the parent's faked time instead
# of starting at 23:59:30 again. The monotonic clock stays real, so timers and timeouts do too.
printf '\n=== faked time: %s 23:59:30 UTC\n' "$(date -u +%F)"
TZ=UTC FAKETIME_DONT_RESET=1 FAKETIME_DONT_FAKE_MONOTONIC=1 \
  faketime -f "@$(date -u +%F) 23:59:30" npx jest --maxWorkers=1 "${FILES[@]}"
