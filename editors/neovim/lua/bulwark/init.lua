-- Bulwark for Neovim 0.7+: starts `bulwark lsp` for the files the server
-- serves (matched by name, since Neovim has no filetype for compose files or
-- Kubernetes manifests) and adds :BulwarkRestart and :BulwarkExplain.
--
--   require("bulwark").setup({
--     cmd = { "bulwark", "lsp" },        -- or { "/path/to/bulwark", "lsp" }
--     settings = {                       -- the keys of .bulwark.yaml
--       rules = { ["image-tag-latest"] = "error" },
--       ["trusted-registries"] = { "registry.example.com" },
--     },
--     on_attach = function(client, bufnr) end,
--     capabilities = nil,                -- e.g. from cmp_nvim_lsp
--   })
--
-- On 0.8+ it uses vim.lsp.start, which reuses one client per root folder;
-- 0.7 has no vim.lsp.start, so the plugin keeps that map itself.

local files = require("bulwark.files")

local M = {}

local defaults = {
  cmd = { "bulwark", "lsp" },
  settings = {},
  root_markers = { ".bulwark.yaml", ".bulwark.yml", ".git" },
  on_attach = nil,
  capabilities = nil,
  autostart = true,
}

M.config = vim.deepcopy(defaults)

-- Client ids by root folder, for Neovim 0.7.
local clients_by_root = {}

--- The language id Bulwark reads a file name as, or nil when the server does
--- not handle that name.
function M.language_id(name)
  if not name or name == "" then
    return nil
  end
  local base = vim.fn.fnamemodify(name, ":t"):lower()
  for _, pattern in ipairs(files.patterns) do
    if base:match(pattern[1]) then
      return pattern[2]
    end
  end
  return nil
end

local function exists(path)
  return vim.loop.fs_stat(path) ~= nil
end

--- The nearest folder above `path` holding one of the root markers, else the
--- file's own folder.
function M.root_dir(path)
  local dir = vim.fn.fnamemodify(path, ":p:h")
  local current = dir
  while current and current ~= "" do
    for _, marker in ipairs(M.config.root_markers) do
      if exists(current .. "/" .. marker) then
        return current
      end
    end
    local parent = vim.fn.fnamemodify(current, ":h")
    if parent == current then
      break
    end
    current = parent
  end
  return dir
end

-- JSON needs `{}` for an empty table that stands for an object: Lua cannot
-- tell an empty object from an empty list, and the server rejects `rules: []`.
local function as_object(value)
  if type(value) ~= "table" or next(value) == nil then
    return vim.empty_dict()
  end
  return value
end

--- The configuration sent as initializationOptions and as the `bulwark`
--- section of workspace/configuration.
function M.server_settings()
  local settings = vim.deepcopy(M.config.settings or {})
  settings.rules = as_object(settings.rules)
  return settings
end

local function client_config(root)
  local settings = M.server_settings()
  return {
    name = "bulwark",
    cmd = M.config.cmd,
    root_dir = root,
    workspace_folders = { { uri = vim.uri_from_fname(root), name = root } },
    init_options = settings,
    settings = { bulwark = settings },
    capabilities = M.config.capabilities,
    on_attach = M.config.on_attach,
    get_language_id = function(bufnr, filetype)
      return M.language_id(vim.api.nvim_buf_get_name(bufnr)) or filetype
    end,
  }
end

-- `client.is_stopped` is a closure on 0.7 and a method later; passing the
-- client works for both.
local function stopped(client)
  return client.is_stopped(client)
end

local function live_client(id)
  local client = id and vim.lsp.get_client_by_id(id)
  if client and not stopped(client) then
    return client
  end
  return nil
end

--- Attaches Bulwark to `bufnr` if its name is one the server handles.
function M.attach(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  if not vim.api.nvim_buf_is_valid(bufnr) or vim.bo[bufnr].buftype ~= "" then
    return nil
  end
  local name = vim.api.nvim_buf_get_name(bufnr)
  if not M.language_id(name) then
    return nil
  end
  if vim.fn.executable(M.config.cmd[1]) ~= 1 then
    local notify = vim.notify_once or vim.notify
    notify(
      ("bulwark: `%s` is not executable; install it (cargo install --path server) "
        .. "or set cmd in require('bulwark').setup{}"):format(M.config.cmd[1]),
      vim.log.levels.WARN
    )
    return nil
  end
  local root = M.root_dir(name)
  if vim.lsp.start then
    return vim.lsp.start(client_config(root), { bufnr = bufnr })
  end
  local id = clients_by_root[root]
  if not live_client(id) then
    id = vim.lsp.start_client(client_config(root))
    clients_by_root[root] = id
  end
  if id then
    vim.lsp.buf_attach_client(bufnr, id)
  end
  return id
end

--- The Bulwark clients running now.
function M.clients()
  local found = {}
  local all = vim.lsp.get_clients and vim.lsp.get_clients() or vim.lsp.get_active_clients()
  for _, client in pairs(all) do
    if client.name == "bulwark" then
      table.insert(found, client)
    end
  end
  return found
end

--- Stops every Bulwark client and attaches the handled buffers again.
function M.restart()
  local running = M.clients()
  for _, client in ipairs(running) do
    vim.lsp.stop_client(client.id)
  end
  clients_by_root = {}
  vim.wait(5000, function()
    for _, client in ipairs(running) do
      if not stopped(client) then
        return false
      end
    end
    return true
  end, 20)
  for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(bufnr) then
      M.attach(bufnr)
    end
  end
end

--- The rule of the Bulwark diagnostic under the cursor, if any.
local function rule_at_cursor()
  local line = vim.api.nvim_win_get_cursor(0)[1] - 1
  for _, diagnostic in ipairs(vim.diagnostic.get(0, { lnum = line })) do
    if diagnostic.source == "bulwark" then
      local code = diagnostic.code
        or (diagnostic.user_data and diagnostic.user_data.lsp and diagnostic.user_data.lsp.code)
      if type(code) == "string" then
        return code
      end
    end
  end
  return nil
end

--- Shows `bulwark explain <rule>` (the rule under the cursor by default) in
--- a Markdown scratch window.
function M.explain(rule)
  rule = (rule and rule ~= "") and rule or rule_at_cursor()
  if not rule then
    vim.notify("bulwark: no rule given and no Bulwark diagnostic under the cursor", vim.log.levels.WARN)
    return
  end
  local output = vim.fn.systemlist({ M.config.cmd[1], "explain", rule })
  if vim.v.shell_error ~= 0 then
    vim.notify("bulwark explain " .. rule .. ": " .. table.concat(output, "\n"), vim.log.levels.ERROR)
    return
  end
  vim.cmd("botright new")
  local buf = vim.api.nvim_get_current_buf()
  vim.api.nvim_buf_set_lines(buf, 0, -1, false, output)
  vim.bo[buf].buftype = "nofile"
  vim.bo[buf].bufhidden = "wipe"
  vim.bo[buf].modifiable = false
  vim.bo[buf].filetype = "markdown"
  vim.api.nvim_buf_set_name(buf, "bulwark://explain/" .. rule)
end

function M.setup(opts)
  M.config = vim.tbl_deep_extend("force", vim.deepcopy(defaults), opts or {})

  vim.api.nvim_create_user_command("BulwarkRestart", function()
    M.restart()
  end, { desc = "Restart the Bulwark language server" })
  vim.api.nvim_create_user_command("BulwarkExplain", function(args)
    M.explain(args.args)
  end, { nargs = "?", desc = "Explain a Bulwark rule (default: the one under the cursor)" })

  local group = vim.api.nvim_create_augroup("bulwark", { clear = true })
  if M.config.autostart then
    vim.api.nvim_create_autocmd({ "BufReadPost", "BufNewFile", "BufFilePost" }, {
      group = group,
      pattern = "*",
      callback = function(args)
        M.attach(args.buf)
      end,
    })
    -- Buffers opened before setup ran.
    for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
      if vim.api.nvim_buf_is_loaded(bufnr) then
        M.attach(bufnr)
      end
    end
  end
end

return M
