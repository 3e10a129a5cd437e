-- :checkhealth brieflint
local M = {}

local h = vim.health
local start = h.start or h.report_start
local ok = h.ok or h.report_ok
local warn = h.warn or h.report_warn
local err = h.error or h.report_error
local info = h.info or h.report_info

local function effective_config()
  -- The resolved vim.lsp.config (0.11+) wins; then setup{} options; then the defaults.
  if vim.lsp.config then
    local okc, cfg = pcall(function() return vim.lsp.config.brieflint end)
    if okc and cfg then return cfg, 'vim.lsp.config.brieflint' end
  end
  local bl = require('brieflint')
  if bl.options then return bl.options, "require('brieflint').setup{}" end
  return nil, nil
end

function M.check()
  start('brieflint')
  if vim.fn.has('nvim-0.11') == 1 then
    ok('Neovim ' .. tostring(vim.version()) .. ' (vim.lsp.config / vim.lsp.enable available)')
  elseif vim.fn.has('nvim-0.8') == 1 then
    warn('Neovim ' .. tostring(vim.version()) .. ": use require('brieflint').setup{} (lsp/brieflint.lua needs 0.11+)")
  else
    err('Neovim 0.8 or newer is required')
  end

  local cfg, source = effective_config()
  local cmd = (cfg and cfg.cmd) or { require('brieflint').binary(), 'lsp' }
  local bin = type(cmd) == 'table' and cmd[1] or nil
  if not bin then
    warn('cmd is a function; cannot check the binary')
  else
    local path = vim.fn.exepath(bin)
    if path == '' then
      err('brieflint binary not found: ' .. bin, {
        'Install it with `cargo install --path server` from the brieflint repository',
        'or set vim.g.brieflint_path / $BRIEFLINT_PATH, or cmd in the config, to the binary',
      })
    else
      ok('binary: ' .. path)
      local res = vim.fn.system({ path, '--version' })
      if vim.v.shell_error == 0 then
        ok('version: ' .. vim.trim(res))
      else
        err('`' .. path .. ' --version` failed: ' .. vim.trim(res))
      end
    end
    info('command: ' .. table.concat(cmd, ' '))
  end

  if cfg then
    info('config from ' .. source)
    info('filetypes: ' .. table.concat(cfg.filetypes or {}, ', '))
    if cfg.root_markers then info('root markers: ' .. table.concat(vim.iter and vim.iter(cfg.root_markers):flatten():totable() or cfg.root_markers, ', ')) end
    info('settings: ' .. vim.json.encode(cfg.settings or {}))
  else
    warn("brieflint is not configured: call vim.lsp.enable('brieflint') or require('brieflint').setup{}")
  end

  local clients = (vim.lsp.get_clients or vim.lsp.get_active_clients)({ name = 'brieflint' })
  if #clients == 0 then
    info('no brieflint client running (open a Markdown file)')
  else
    for _, c in ipairs(clients) do
      local sv = c.server_info and (c.server_info.name .. ' ' .. (c.server_info.version or '')) or '?'
      ok(('client %d running (%s), root %s'):format(c.id, sv, c.root_dir or c.config.root_dir or '-'))
    end
  end
  local toml = vim.fs.find('brieflint.toml', { path = vim.fn.getcwd(), upward = true })[1]
  info('brieflint.toml: ' .. (toml or 'none found upward from ' .. vim.fn.getcwd()))
end

return M
