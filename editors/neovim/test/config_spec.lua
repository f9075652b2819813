-- Checks without a server: `lsp/bulwark.lua` loads the way Neovim 0.11's
-- `vim.lsp.enable` finds it (from 'runtimepath', through a small stub of the
-- 0.11 API when the running Neovim is older), and the plugin's name matching
-- agrees with the server's file names. Exits 0 when every check passed.

local plugin = assert(os.getenv("BULWARK_PLUGIN_DIR"), "BULWARK_PLUGIN_DIR is not set")
vim.opt.runtimepath:prepend(plugin)

local passed, failed = 0, 0
local function check(name, fn)
  local ok, err = xpcall(fn, debug.traceback)
  if ok then
    passed = passed + 1
    io.stdout:write("ok - " .. name .. "\n")
  else
    failed = failed + 1
    io.stdout:write("not ok - " .. name .. "\n#   " .. tostring(err):gsub("\n", "\n#   ") .. "\n")
  end
end

local function eq(expected, actual, what)
  if not vim.deep_equal(expected, actual) then
    error(("%s: expected %s, got %s"):format(what, vim.inspect(expected), vim.inspect(actual)), 2)
  end
end

-- The parts of the 0.11 API the configuration goes through: `vim.lsp.config`
-- (indexable and callable, merging with the `*` defaults) and
-- `vim.lsp.enable`, which resolves `lsp/<name>.lua` on 'runtimepath'.
local function stub_011()
  local configs, enabled = {}, {}
  local config = setmetatable({}, {
    __call = function(_, name, cfg)
      configs[name] = vim.tbl_deep_extend("force", configs[name] or {}, cfg)
    end,
    __index = function(_, name)
      local files = vim.api.nvim_get_runtime_file("lsp/" .. name .. ".lua", true)
      local resolved = vim.deepcopy(configs["*"] or {})
      for _, file in ipairs(files) do
        resolved = vim.tbl_deep_extend("force", resolved, dofile(file))
      end
      return vim.tbl_deep_extend("force", resolved, configs[name] or {})
    end,
  })
  local function enable(name)
    local resolved = config[name]
    assert(resolved.cmd, "lsp/" .. name .. ".lua was not found on 'runtimepath'")
    enabled[name] = resolved
  end
  return config, enable, enabled
end

check("lsp/bulwark.lua is a valid 0.11 configuration found on 'runtimepath'", function()
  local config, enable, enabled
  if vim.fn.has("nvim-0.11") == 1 then
    config, enable = vim.lsp.config, vim.lsp.enable
  else
    config, enable, enabled = stub_011()
  end
  config("*", { root_markers = { ".hg" } })
  config("bulwark", { settings = { bulwark = { rules = { ["root-user"] = "off" } } } })
  enable("bulwark")
  local resolved = enabled and enabled.bulwark or config.bulwark
  eq({ "bulwark", "lsp" }, resolved.cmd, "cmd")
  for _, ft in ipairs({ "dockerfile", "yaml", "yaml.docker-compose", "yaml.helm-values", "gitignore" }) do
    assert(vim.tbl_contains(resolved.filetypes, ft), "filetype " .. ft .. " missing")
  end
  eq({ ".bulwark.yaml", ".bulwark.yml", ".git" }, resolved.root_markers, "root_markers")
  eq("off", resolved.settings.bulwark.rules["root-user"], "user settings merged over the file")
end)

check("the plugin matches the server's file names", function()
  local bulwark = require("bulwark")
  local cases = {
    ["/r/Dockerfile"] = "dockerfile",
    ["/r/DOCKERFILE"] = "dockerfile",
    ["/r/api.Dockerfile"] = "dockerfile",
    ["/r/Containerfile.ci"] = "dockerfile",
    ["/r/.dockerignore"] = "ignore",
    ["/r/Dockerfile.dockerignore"] = "ignore",
    ["/r/compose.yaml"] = "dockercompose",
    ["/r/docker-compose.override.yml"] = "dockercompose",
    ["/r/app.compose.yml"] = "dockercompose",
    ["/r/k8s/deploy.yaml"] = "yaml",
    ["/r/chart/values.yaml"] = "yaml",
  }
  for name, id in pairs(cases) do
    eq(id, bulwark.language_id(name), name)
  end
  for _, name in ipairs({ "/r/README.md", "/r/dockerfiles", "/r/composer.json", "" }) do
    eq(nil, bulwark.language_id(name), name)
  end
end)

check("empty rules are sent as a JSON object", function()
  local bulwark = require("bulwark")
  bulwark.setup({ autostart = false })
  eq('{"rules":{}}', (vim.fn.json_encode(bulwark.server_settings()):gsub("%s", "")), "settings JSON")
end)

io.stdout:write(("%d passed, %d failed\n"):format(passed, failed))
vim.cmd(failed > 0 and "cquit 1" or "qall!")
