-- The headless Neovim test: opens a Dockerfile, a Kubernetes Deployment and
-- a compose file from $BULWARK_TEST_DIR, checks Bulwark's diagnostics (codes
-- and ranges), a hover, a code action applied through vim.ui.select, and
-- that an edit updates the diagnostics. Every wait polls with a timeout.
-- Exits 0 when every check passed, 1 otherwise.

local dir = assert(os.getenv("BULWARK_TEST_DIR"), "BULWARK_TEST_DIR is not set")
local TIMEOUT = tonumber(os.getenv("BULWARK_TEST_TIMEOUT_MS") or "") or 15000

local passed, failed, todo = 0, 0, 0

-- Work other parts of Bulwark still owe. A check marked with one of these
-- runs and is reported, but a failure does not fail the run (like a TODO in
-- TAP); drop the marker when that part is on main.
local PENDING_SETTINGS = "pending: the server does not read editor settings yet"
local PENDING_DOCKERFILE_RULES = "pending: the Dockerfile rules are not on main yet"
local PENDING_COMPOSE_RULES = "pending: the compose rules are not on main yet"

local function say(line)
  io.stdout:write(line .. "\n")
end

-- Waits in a pending check are short: it is expected to fail for now.
local wait_ms = TIMEOUT

local function check(name, fn, pending)
  wait_ms = pending and math.min(TIMEOUT, 3000) or TIMEOUT
  local ok, err = xpcall(fn, debug.traceback)
  local mark = pending and (" # TODO " .. pending) or ""
  if ok then
    passed = passed + 1
    say("ok - " .. name .. mark)
    return
  end
  if pending then
    todo = todo + 1
  else
    failed = failed + 1
  end
  say("not ok - " .. name .. mark)
  for line in tostring(err):gmatch("[^\n]+") do
    say("#   " .. line)
  end
end

local function wait_for(what, fn)
  local value
  local ok = vim.wait(wait_ms, function()
    value = fn()
    return value ~= nil and value ~= false
  end, 20)
  if not ok then
    error("timed out after " .. wait_ms .. " ms waiting for " .. what, 2)
  end
  return value
end

local function bulwark_client(bufnr)
  local clients = vim.lsp.get_clients and vim.lsp.get_clients({ bufnr = bufnr })
    or vim.lsp.buf_get_clients(bufnr)
  for _, client in pairs(clients) do
    if client.name == "bulwark" then
      return client
    end
  end
  return nil
end

local function code_of(d)
  return d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
end

local function describe(diagnostics)
  local parts = {}
  for _, d in ipairs(diagnostics) do
    table.insert(parts, ("%s@%d:%d-%d:%d"):format(tostring(code_of(d)), d.lnum, d.col, d.end_lnum, d.end_col))
  end
  return "{" .. table.concat(parts, ", ") .. "}"
end

local function find(bufnr, code)
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if code_of(d) == code then
      return d
    end
  end
  return nil
end

local function wait_diagnostic(bufnr, code)
  local ok, found = pcall(wait_for, code .. " diagnostic", function()
    return find(bufnr, code)
  end)
  if not ok then
    error(found .. "; have " .. describe(vim.diagnostic.get(bufnr)), 2)
  end
  return found
end

local function line_of(bufnr, needle)
  for i, line in ipairs(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)) do
    local col = line:find(needle, 1, true)
    if col then
      return i - 1, col - 1
    end
  end
  error("no line with " .. needle)
end

local function open(name)
  vim.cmd("edit " .. vim.fn.fnameescape(dir .. "/" .. name))
  local bufnr = vim.api.nvim_get_current_buf()
  wait_for("the bulwark client on " .. name, function()
    local client = bulwark_client(bufnr)
    return client and client.initialized
  end)
  return bufnr
end

local function eq(expected, actual, what)
  if expected ~= actual then
    error(("%s: expected %s, got %s"):format(what, vim.inspect(expected), vim.inspect(actual)), 2)
  end
end

-- An unused suppression: reported by Bulwark's engine on the comment itself.
local function check_unused_suppression(bufnr)
  local d = wait_diagnostic(bufnr, "unused-suppression")
  local line, col = line_of(bufnr, "# bulwark-ignore:")
  eq(line, d.lnum, "unused-suppression line")
  eq(col, d.col, "unused-suppression column")
  eq("bulwark", d.source, "source")
  return d
end

local dockerfile, deployment, compose

check("Dockerfile: diagnostics with codes and ranges", function()
  dockerfile = open("Dockerfile")
  check_unused_suppression(dockerfile)
end)

check("Dockerfile: the rules' findings with codes and ranges", function()
  local latest = wait_diagnostic(dockerfile, "image-tag-latest")
  eq(1, latest.lnum, "image-tag-latest line")
  if latest.col < #"FROM " then
    error("image-tag-latest should start at the image, not at column " .. latest.col)
  end
  local add = wait_diagnostic(dockerfile, "add-instead-of-copy")
  eq(2, add.lnum, "add-instead-of-copy line")
  eq(0, add.col, "add-instead-of-copy column")
end, PENDING_DOCKERFILE_RULES)

check("Dockerfile: the settings given to setup() reach the server", function()
  -- minimal_init.lua raises unused-suppression from its default (hint).
  local d = wait_diagnostic(dockerfile, "unused-suppression")
  eq(vim.diagnostic.severity.WARN, d.severity, "unused-suppression severity from the settings")
end, PENDING_SETTINGS)

check("Dockerfile: hover explains the finding", function()
  local d = assert(find(dockerfile, "unused-suppression"), "no unused-suppression diagnostic")
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(dockerfile) },
    position = { line = d.lnum, character = d.col },
  }
  local responses = vim.lsp.buf_request_sync(dockerfile, "textDocument/hover", params, TIMEOUT)
  local text = ""
  for _, response in pairs(responses or {}) do
    if response.result and response.result.contents then
      text = text .. vim.inspect(response.result.contents)
    end
  end
  if not text:find("unused%-suppression") then
    error("hover does not name the rule: " .. text)
  end
end)

check("Dockerfile: a code action picked through vim.ui.select fixes the buffer", function()
  local d = assert(find(dockerfile, "unused-suppression"), "no unused-suppression diagnostic")
  vim.api.nvim_set_current_buf(dockerfile)
  vim.api.nvim_win_set_cursor(0, { d.lnum + 1, d.col })
  local offered = {}
  local original_select = vim.ui.select
  vim.ui.select = function(items, opts, on_choice)
    for i, item in ipairs(items) do
      local action = item.action or item[2]
      table.insert(offered, action.title)
      if action.title:lower():find("remove") then
        on_choice(item, i)
        return
      end
    end
    on_choice(nil, nil)
  end
  vim.lsp.buf.code_action()
  local ok, err = pcall(wait_for, "the suppression line to be removed", function()
    return vim.api.nvim_buf_get_lines(dockerfile, 0, 1, false)[1] == "FROM alpine:latest"
  end)
  vim.ui.select = original_select
  if not ok then
    error(err .. "; offered " .. vim.inspect(offered))
  end
  eq(
    table.concat({ "FROM alpine:latest", "ADD app.py /app/", 'CMD ["python3", "/app/app.py"]' }, "\n"),
    table.concat(vim.api.nvim_buf_get_lines(dockerfile, 0, -1, false), "\n"),
    "buffer after the fix"
  )
  wait_for("unused-suppression to go away", function()
    return find(dockerfile, "unused-suppression") == nil
  end)
end)

check("Dockerfile: editing updates the diagnostics", function()
  -- A new suppression above ADD covers nothing: reported on its new line.
  vim.api.nvim_buf_set_lines(dockerfile, 1, 1, false, { "# bulwark-ignore: sudo-in-run" })
  local d = wait_for("unused-suppression on line 2", function()
    local found = find(dockerfile, "unused-suppression")
    return found and found.lnum == 1 and found
  end)
  eq(0, d.col, "unused-suppression column")
  vim.api.nvim_buf_set_lines(dockerfile, 1, 2, false, {})
  wait_for("unused-suppression to go away again", function()
    return find(dockerfile, "unused-suppression") == nil
  end)
end)

check("Dockerfile: fixing the tag clears its finding", function()
  local line = line_of(dockerfile, "FROM alpine:latest")
  vim.api.nvim_buf_set_lines(dockerfile, line, line + 1, false, { "FROM alpine:3.20" })
  local ok, err = pcall(wait_for, "image-tag-latest to go away", function()
    return find(dockerfile, "image-tag-latest") == nil
  end)
  if not ok then
    error(err .. "; have " .. describe(vim.diagnostic.get(dockerfile)))
  end
  -- The other finding stays, now one line up.
  local add = wait_diagnostic(dockerfile, "add-instead-of-copy")
  eq(1, add.lnum, "add-instead-of-copy line after the edits")
end, PENDING_DOCKERFILE_RULES)

check("Kubernetes Deployment: diagnostics with codes and ranges", function()
  deployment = open("deploy.yaml")
  check_unused_suppression(deployment)
  local privileged = wait_diagnostic(deployment, "privileged")
  local line, col = line_of(deployment, "privileged: true")
  eq(line, privileged.lnum, "privileged line")
  if privileged.col < col then
    error("privileged starts before the key, at column " .. privileged.col)
  end
end)

check("compose file: diagnostics with codes and ranges", function()
  compose = open("compose.yaml")
  check_unused_suppression(compose)
end)

check("compose file: the rules' findings with codes and ranges", function()
  local privileged = wait_diagnostic(compose, "privileged")
  local line, col = line_of(compose, "privileged: true")
  eq(line, privileged.lnum, "privileged line")
  if privileged.col < col then
    error("privileged starts before the key, at column " .. privileged.col)
  end
end, PENDING_COMPOSE_RULES)

check("one server for the folder", function()
  local ids = {}
  for _, bufnr in ipairs({ dockerfile, deployment, compose }) do
    local client = bufnr and bulwark_client(bufnr)
    if client then
      ids[client.id] = true
    end
  end
  eq(1, vim.tbl_count(ids), "number of bulwark clients")
end)

say(("%d passed, %d failed, %d todo"):format(passed, failed, todo))
if failed > 0 then
  say("# LSP log: " .. vim.lsp.get_log_path())
  vim.cmd("cquit 1")
else
  vim.cmd("qall!")
end
