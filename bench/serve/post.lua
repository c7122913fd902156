-- One small JSON document per request, as a typical JSON API call.
wrk.method = "POST"
wrk.body = '{"name":"world","values":[1,2,3],"nested":{"ok":true}}'
wrk.headers["Content-Type"] = "application/json"
