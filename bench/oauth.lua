-- wrk script for bench/oauth: POSTs a form to the URL given, with HTTP Basic credentials,
-- each request spending the next value of a file (authorization codes and refresh tokens are
-- single use). Threads take alternate lines of the file; a thread that runs out of values
-- starts again from its first, and the server's refusals show as non-2xx answers.
-- wrk -s bench/oauth.lua URL -- FILE THREADS FORM BASIC, where FORM holds one "%s" for the
-- value (e.g. "grant_type=refresh_token&refresh_token=%s") and BASIC is base64(id:secret).
local next_id = 0

function setup(thread)
	thread:set("tid", next_id)
	next_id = next_id + 1
end

function init(args)
	local file, threads, form, basic = args[1], tonumber(args[2]), args[3], args[4]
	values = {}
	local i = 0
	for line in io.lines(file) do
		if i % threads == tid then
			values[#values + 1] = line
		end
		i = i + 1
	end
	if #values == 0 then
		error("no values for thread " .. tid .. " in " .. file)
	end
	head, tail = form:match("^(.-)%%s(.*)$")
	at = 0
	wrk.method = "POST"
	wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
	wrk.headers["Authorization"] = "Basic " .. basic
end

function request()
	at = at % #values + 1
	return wrk.format(nil, nil, nil, head .. values[at] .. tail)
end
