#!/usr/bin/env bash
# Every vitest project with the services they need, after a fresh production build
# (`npm run test:all`; `npm run check` runs lint and typecheck before it).
set -euo pipefail
exec bash "$(dirname "${BASH_SOURCE[0]}")/test.sh" build vitest
