set -euo pipefail; log() { echo "log: $*"; }
n=0; flaky() { n=$((n+1)); [ $n -ge 2 ]; }; retry flaky && echo "ok after $n"; retry false || echo "gave up"
