# Shell functions the HTTP benchmarks share (sourced by bench/api and bench/oauth).

# A free TCP port on 127.0.0.1.
free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Runs wrk (2 threads, 32 keep-alive connections, SECS seconds) with the arguments given and
# prints "requests/s p50 p99 non-2xx requests" (latencies in ms).
measure() {
	wrk -t2 -c32 -d"${SECS}s" --latency "$@" 2>&1 | awk '
		function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
		/^Requests\/sec:/ { rps = $2 }
		/^ +50%/ { p50 = ms($2) }
		/^ +99%/ { p99 = ms($2) }
		/Non-2xx/ { bad = $NF }
		/ requests in / { n = $1 }
		END { printf "%.0f %.2f %.2f %d %d\n", rps, p50, p99, bad + 0, n + 0 }'
}

# One line naming the machine.
machine() {
	echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2 / 1048576}' /proc/meminfo), $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)"
}

# Fails unless each command named is installed (scripts/deps bench installs them).
need() {
	for t in "$@"; do
		command -v "$t" >/dev/null || [ -x "/usr/sbin/$t" ] ||
			{ echo "$0: needs $t (scripts/deps bench installs it)" >&2; exit 1; }
	done
}
