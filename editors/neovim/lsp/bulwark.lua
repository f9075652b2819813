-- Bulwark for Neovim 0.11+ `vim.lsp.config` (and nvim-lspconfig's `lsp/`
-- folder): put this plugin on 'runtimepath', then `vim.lsp.enable("bulwark")`.
--
-- Neovim starts the server for these filetypes; the server itself decides by
-- file name which buffers it reviews, so a YAML file that is neither compose,
-- Kubernetes nor Helm values simply gets no diagnostics.
return {
  cmd = { "bulwark", "lsp" },
  -- BEGIN GENERATED (cargo run -p xtask -- generate)
  filetypes = { "dockerfile", "yaml", "yaml.helm-values", "yaml.docker-compose", "gitignore" },
  -- END GENERATED
  root_markers = { ".bulwark.yaml", ".bulwark.yml", ".git" },
  -- Editor settings under `bulwark` take the keys of .bulwark.yaml.
  settings = { bulwark = vim.empty_dict and vim.empty_dict() or {} },
}
