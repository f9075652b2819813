-- The headless Neovim test: opens a Dockerfile, a Kubernetes Deployment and
-- a compose file from $BULWARK_TEST_DIR, checks Bulwark's diagnostics (codes
-- and ranges), a hover, a code action applied through vim.ui.select, and
-- that an edit updates the diagnostics. Every wait polls with a timeout.
-- Exits 0 when every check passed, 1 otherwise.

local dir = assert(os.getenv("BULWARK_TEST_DIR"), "BULWARK_TEST_DIR is not set")
local TIMEOUT = tonumber(os.getenv("BULWARK_TEST_TIMEOUT_MS") or "") or 15000

local passed, failed = 0, 0

local function say(line)
  io.stdout:write(line .. "\n")
end

local function check(name, fn)
  local ok, err = xpcall(fn, debug.traceback)
  if ok then
    passed = passed + 1
    say("ok - " .. name)
    return
  end
  failed = failed + 1
  say("not ok - " .. name)
  for line in tostring(err):gmatch("[^\n]+") do
    say("#   " .. line)
  end
end

local function wait_for(what, fn)
  local value
  local ok = vim.wait(TIMEOUT, function()
    value = fn()
    return value ~= nil and value ~= false
  end, 20)
  if not ok then
    error("timed out after " .. TIMEOUT .. " ms waiting for " .. what, 2)
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

-- The text a single-line diagnostic covers.
local function covered(bufnr, d)
  eq(d.lnum, d.end_lnum, "a single-line range")
  local line = vim.api.nvim_buf_get_lines(bufnr, d.lnum, d.lnum + 1, false)[1]
  return line:sub(d.col + 1, d.end_col)
end

-- The hover at a diagnostic's start, as one string.
local function hover_at(bufnr, d)
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    position = { line = d.lnum, character = d.col },
  }
  local responses = vim.lsp.buf_request_sync(bufnr, "textDocument/hover", params, TIMEOUT)
  local text = ""
  for _, response in pairs(responses or {}) do
    local contents = response.result and response.result.contents
    if type(contents) == "table" and contents.value then
      text = text .. contents.value
    elseif contents then
      text = text .. vim.inspect(contents)
    end
  end
  return text
end

local function contains(haystack, needle, what)
  if not haystack:find(needle, 1, true) then
    error(("%s: %s not in %s"):format(what, vim.inspect(needle), vim.inspect(haystack)), 2)
  end
end

-- Puts the cursor on the diagnostic, runs vim.lsp.buf.code_action() with
-- vim.ui.select stubbed to pick the first action whose title contains
-- `title`, and waits until `done()` holds. Errors with the offered titles.
local function apply_action(bufnr, d, title, what, done)
  vim.api.nvim_set_current_buf(bufnr)
  vim.api.nvim_win_set_cursor(0, { d.lnum + 1, d.col })
  local offered = {}
  local original_select = vim.ui.select
  vim.ui.select = function(items, _, on_choice)
    for i, item in ipairs(items) do
      local action = item.action or item[2]
      table.insert(offered, action.title)
      if action.title:find(title, 1, true) then
        on_choice(item, i)
        return
      end
    end
    on_choice(nil, nil)
  end
  vim.lsp.buf.code_action()
  local ok, err = pcall(wait_for, what, done)
  vim.ui.select = original_select
  if not ok then
    error(err .. "; offered " .. vim.inspect(offered), 2)
  end
end

local function buffer_text(bufnr)
  return table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), "\n")
end

local function gone(bufnr, code)
  local ok, err = pcall(wait_for, code .. " to go away", function()
    return find(bufnr, code) == nil
  end)
  if not ok then
    error(err .. "; have " .. describe(vim.diagnostic.get(bufnr)), 2)
  end
end

local dockerfile, deployment, compose

check("Dockerfile: diagnostics with codes and ranges", function()
  dockerfile = open("Dockerfile")
  local unused = check_unused_suppression(dockerfile)
  eq("# bulwark-ignore: sudo-in-run", covered(dockerfile, unused), "unused-suppression covers the comment")
  local latest = wait_diagnostic(dockerfile, "image-tag-latest")
  eq(1, latest.lnum, "image-tag-latest line")
  eq("latest", covered(dockerfile, latest), "image-tag-latest covers the tag")
  eq(vim.diagnostic.severity.WARN, latest.severity, "image-tag-latest severity")
  eq("bulwark", latest.source, "source")
  local add = wait_diagnostic(dockerfile, "add-instead-of-copy")
  eq(2, add.lnum, "add-instead-of-copy line")
  eq(0, add.col, "add-instead-of-copy column")
  eq("ADD", covered(dockerfile, add), "add-instead-of-copy covers the keyword")
end)

check("Dockerfile: the settings given to setup() reach the server", function()
  -- minimal_init.lua raises unused-suppression from its default (hint) and
  -- turns missing-healthcheck off (it would be reported on the FROM line).
  local d = wait_diagnostic(dockerfile, "unused-suppression")
  eq(vim.diagnostic.severity.WARN, d.severity, "unused-suppression severity from the settings")
  -- The diagnostics above came in one publication, so this is not a race.
  eq(nil, find(dockerfile, "missing-healthcheck"), "missing-healthcheck, turned off in the settings")
  assert(find(dockerfile, "root-user"), "root-user, left on, should be reported: " .. describe(vim.diagnostic.get(dockerfile)))
end)

check("Dockerfile: hover shows the finding and its rule's page", function()
  local latest = assert(find(dockerfile, "image-tag-latest"), "no image-tag-latest diagnostic")
  local text = hover_at(dockerfile, latest)
  contains(text, latest.message, "the finding's message in the hover")
  contains(text, "# image-tag-latest", "the rule's page in the hover")
  contains(text, "## Why is this risky?", "the rule's page in the hover")
  local unused = assert(find(dockerfile, "unused-suppression"), "no unused-suppression diagnostic")
  contains(hover_at(dockerfile, unused), "# unused-suppression", "the hover on the suppression")
end)

check("Dockerfile: code actions picked through vim.ui.select fix the buffer", function()
  local unused = assert(find(dockerfile, "unused-suppression"), "no unused-suppression diagnostic")
  apply_action(dockerfile, unused, "Remove", "the suppression line to be removed", function()
    return vim.api.nvim_buf_get_lines(dockerfile, 0, 1, false)[1] == "FROM alpine:latest"
  end)
  gone(dockerfile, "unused-suppression")
  local add = wait_for("add-instead-of-copy on line 2", function()
    local found = find(dockerfile, "add-instead-of-copy")
    return found and found.lnum == 1 and found
  end)
  apply_action(dockerfile, add, "COPY", "ADD to become COPY", function()
    return vim.api.nvim_buf_get_lines(dockerfile, 1, 2, false)[1] == "COPY app.py /app/"
  end)
  eq(
    table.concat({ "FROM alpine:latest", "COPY app.py /app/", 'CMD ["python3", "/app/app.py"]' }, "\n"),
    buffer_text(dockerfile),
    "buffer after the fixes"
  )
  gone(dockerfile, "add-instead-of-copy")
end)

check("Dockerfile: editing updates the diagnostics", function()
  -- A new suppression above COPY covers nothing: reported on its new line.
  vim.api.nvim_buf_set_lines(dockerfile, 1, 1, false, { "# bulwark-ignore: sudo-in-run" })
  local d = wait_for("unused-suppression on line 2", function()
    local found = find(dockerfile, "unused-suppression")
    return found and found.lnum == 1 and found
  end)
  eq(0, d.col, "unused-suppression column")
  vim.api.nvim_buf_set_lines(dockerfile, 1, 2, false, {})
  gone(dockerfile, "unused-suppression")
  -- Pinning the tag clears its finding; the FROM line's others stay.
  vim.api.nvim_buf_set_lines(dockerfile, 0, 1, false, { "FROM alpine:3.20" })
  gone(dockerfile, "image-tag-latest")
  local root = wait_diagnostic(dockerfile, "root-user")
  eq(0, root.lnum, "root-user line after the edits")
  -- ADD typed back is reported again, on its line.
  vim.api.nvim_buf_set_lines(dockerfile, 1, 2, false, { "ADD app.py /app/" })
  local add = wait_diagnostic(dockerfile, "add-instead-of-copy")
  eq(1, add.lnum, "add-instead-of-copy line after the edits")
end)

-- A privileged finding covers the `privileged: true` pair.
local function check_privileged(bufnr)
  local d = wait_diagnostic(bufnr, "privileged")
  local line, col = line_of(bufnr, "privileged: true")
  eq(line, d.lnum, "privileged line")
  eq(col, d.col, "privileged column")
  eq("privileged: true", covered(bufnr, d), "privileged covers the pair")
  eq(vim.diagnostic.severity.ERROR, d.severity, "privileged severity")
  return d
end

check("Kubernetes Deployment: diagnostics, hover and the privileged fix", function()
  deployment = open("deploy.yaml")
  check_unused_suppression(deployment)
  local d = check_privileged(deployment)
  local text = hover_at(deployment, d)
  contains(text, "# privileged", "the rule's page in the hover")
  apply_action(deployment, d, "privileged: false", "privileged: true to become false", function()
    return buffer_text(deployment):find("privileged: false", 1, true)
  end)
  eq(nil, buffer_text(deployment):find("privileged: true", 1, true), "privileged: true is gone")
  gone(deployment, "privileged")
end)

check("compose file: diagnostics, hover and the privileged fix", function()
  compose = open("compose.yaml")
  check_unused_suppression(compose)
  local d = check_privileged(compose)
  contains(hover_at(compose, d), "# privileged", "the rule's page in the hover")
  apply_action(compose, d, "Remove `privileged: true`", "the privileged key to be removed", function()
    return not buffer_text(compose):find("privileged", 1, true)
  end)
  eq(
    table.concat({ "services:", "  web:", "    image: nginx:1.25", "    # bulwark-ignore: host-path-mount" }, "\n"),
    buffer_text(compose),
    "compose file after the fix"
  )
  gone(compose, "privileged")
end)

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

say(("%d passed, %d failed"):format(passed, failed))
if failed > 0 then
  say("# LSP log: " .. vim.lsp.get_log_path())
  vim.cmd("cquit 1")
else
  vim.cmd("qall!")
end
