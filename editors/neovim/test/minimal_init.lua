-- The init file of the headless test: no user config, the plugin put on
-- 'runtimepath' and set up as a user would.
local plugin = assert(os.getenv("BULWARK_PLUGIN_DIR"), "BULWARK_PLUGIN_DIR is not set")
local bin = assert(os.getenv("BULWARK_BIN"), "BULWARK_BIN is not set")

vim.opt.runtimepath:prepend(plugin)
vim.o.swapfile = false
vim.o.shadafile = "NONE"
vim.lsp.set_log_level(os.getenv("BULWARK_LSP_LOG") and "debug" or "warn")

require("bulwark").setup({
  cmd = { bin, "lsp" },
  settings = {
    -- Settings passed through, seen honoured in the spec (defaults: hint, hint).
    rules = { ["unused-suppression"] = "warning", ["missing-healthcheck"] = "off" },
  },
})
