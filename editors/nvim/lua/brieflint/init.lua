-- brieflint for Neovim: require('brieflint').setup{...}
--
-- On Neovim 0.11+ this registers the config from lsp/brieflint.lua with vim.lsp.config and
-- enables it; on 0.8-0.10 it starts the server itself for Markdown buffers (vim.lsp.start).
--
-- Options (all optional):
--   cmd          = { '/path/to/brieflint', 'lsp' }   -- default: brieflint on PATH ($BRIEFLINT_PATH wins)
--   filetypes    = { 'markdown' }
--   root_markers = { 'brieflint.toml', '.git' }
--   settings     = { rules = { BL104 = 'off' }, court = 'N.D. Ill.', boilerplate = { extraPhrases = {} } }
--   on_attach    = function(client, bufnr) end
local M = {}

M.defaults = {
  filetypes = { 'markdown' },
  root_markers = { 'brieflint.toml', '.git' },
  settings = {},
}

--- The options in use after setup() (read by :checkhealth brieflint).
M.options = nil

function M.binary()
  local o = M.options or {}
  if o.cmd and o.cmd[1] then return o.cmd[1] end
  if type(vim.g.brieflint_path) == 'string' and vim.g.brieflint_path ~= '' then return vim.g.brieflint_path end
  if vim.env.BRIEFLINT_PATH and vim.env.BRIEFLINT_PATH ~= '' then return vim.env.BRIEFLINT_PATH end
  return 'brieflint'
end

local function settings_table(settings)
  settings = settings or {}
  if settings.brieflint == nil then settings = { brieflint = settings } end
  if next(settings.brieflint) == nil then settings.brieflint = vim.empty_dict() end
  return settings
end

local function find_root(bufnr, markers)
  local name = vim.api.nvim_buf_get_name(bufnr)
  local start = name ~= '' and vim.fs.dirname(name) or vim.fn.getcwd()
  local found = vim.fs.find(markers, { path = start, upward = true })[1]
  return found and vim.fs.dirname(found) or start
end

function M.setup(opts)
  M.options = vim.tbl_deep_extend('force', {}, M.defaults, opts or {})
  local o = M.options
  local cmd = o.cmd or { M.binary(), 'lsp' }
  local settings = settings_table(o.settings)

  if vim.lsp.config and vim.lsp.enable then -- Neovim 0.11+
    local cfg = {
      cmd = cmd,
      filetypes = o.filetypes,
      root_markers = o.root_markers,
      settings = settings,
    }
    if o.on_attach then cfg.on_attach = o.on_attach end
    vim.lsp.config('brieflint', cfg)
    vim.lsp.enable('brieflint')
    return
  end

  -- Neovim 0.8-0.10: start (or reuse) a client per root for each Markdown buffer.
  local group = vim.api.nvim_create_augroup('brieflint', { clear = true })
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = o.filetypes,
    callback = function(args)
      vim.lsp.start({
        name = 'brieflint',
        cmd = cmd,
        root_dir = find_root(args.buf, o.root_markers),
        settings = settings,
        init_options = settings,
        on_attach = o.on_attach,
      }, { bufnr = args.buf })
    end,
  })
end

return M
