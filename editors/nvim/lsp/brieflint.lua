-- brieflint language server configuration for Neovim 0.11+ (vim.lsp.config / vim.lsp.enable).
--
-- Put this plugin on 'runtimepath' (lazy.nvim, packadd, or `set rtp+=/path/to/editors/nvim`), then:
--   vim.lsp.enable('brieflint')
-- Override anything with vim.lsp.config('brieflint', { settings = { brieflint = { ... } } }).
--
-- The binary is `brieflint` on PATH unless $BRIEFLINT_PATH or vim.g.brieflint_path names another.
local function binary()
  local p = vim.g.brieflint_path
  if type(p) == 'string' and p ~= '' then return p end
  p = vim.env.BRIEFLINT_PATH
  if p and p ~= '' then return p end
  return 'brieflint'
end

return {
  cmd = { binary(), 'lsp' },
  filetypes = { 'markdown' },
  root_markers = { 'brieflint.toml', '.git' },
  -- Sent as initializationOptions and, after start, as workspace/didChangeConfiguration.
  -- Keys: rules = { BL104 = 'off', ['obsolete-discovery-standard'] = 'warning' }, court = 'N.D. Ill.',
  --       boilerplate = { extraPhrases = { ... } }, debounceMs = 0.
  settings = { brieflint = vim.empty_dict() },
  -- Neovim itself sends `settings` on workspace/didChangeConfiguration after initialize.
  before_init = function(params, config)
    params.initializationOptions = config.settings or {}
  end,
}
