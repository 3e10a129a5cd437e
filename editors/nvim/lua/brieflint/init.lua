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
--
-- Statusline: require('brieflint').statusline() gives the current buffer's word count under
-- the length limit that governs it ("362/350 words"), or '' when none does; for example
--   vim.o.statusline = "%f %{v:lua.require'brieflint'.statusline()}"
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

--- :BrieflintReview [FILE] (plugin/brieflint.lua) -- "Review responses (.docx/.pdf)": the other side's responses
--- converted by the server, shown read-only as Markdown in a split, with the findings as
--- diagnostics (each message names the page or paragraph of the original).
local review_ns = vim.api.nvim_create_namespace('brieflint-review')

local function brieflint_client()
  local get = vim.lsp.get_clients or vim.lsp.get_active_clients
  return get({ name = 'brieflint' })[1]
end

function M.review(file)
  file = (file and file ~= '') and file or vim.api.nvim_buf_get_name(0)
  file = vim.fn.fnamemodify(file, ':p')
  local client = brieflint_client()
  if not client then
    vim.notify('brieflint: the language server is not running (open a Markdown file first)', vim.log.levels.WARN)
    return
  end
  local params = { uri = vim.uri_from_fname(file) }
  -- client:request on 0.11+ (client.request is deprecated there), client.request before.
  local send = vim.fn.has('nvim-0.11') == 1 and function(...) return client:request(...) end or client.request
  send('brieflint/reviewResponses', params, function(err, result)
    if err or not result then
      vim.notify('brieflint: ' .. ((err and err.message) or 'no answer'), vim.log.levels.WARN)
      return
    end
    local lines = vim.split(result.markdown or '', '\n', { plain = true })
    local buf = vim.api.nvim_create_buf(false, true)
    vim.api.nvim_buf_set_lines(buf, 0, -1, false, lines)
    vim.api.nvim_buf_set_name(buf, 'brieflint-review://' .. vim.fn.fnamemodify(file, ':t') .. '.md')
    vim.bo[buf].filetype = 'markdown'
    vim.bo[buf].modifiable = false
    vim.bo[buf].readonly = true
    vim.bo[buf].bufhidden = 'wipe'
    local items = {}
    for _, d in ipairs(result.diagnostics or {}) do
      local function col(pos)
        local text = lines[pos.line + 1] or ''
        local ok, byte = pcall(vim.str_byteindex, text, pos.character, true)
        return ok and byte or pos.character
      end
      table.insert(items, {
        lnum = d.range.start.line,
        col = col(d.range.start),
        end_lnum = d.range['end'].line,
        end_col = col(d.range['end']),
        severity = d.severity or vim.diagnostic.severity.WARN,
        message = d.message,
        code = d.code,
        source = 'brieflint',
      })
    end
    vim.b[buf].brieflint_source = file
    vim.cmd('vsplit')
    vim.api.nvim_win_set_buf(0, buf)
    vim.diagnostic.set(review_ns, buf, items)
    for _, notice in ipairs(result.notices or {}) do
      vim.notify('brieflint: ' .. notice, vim.log.levels.INFO)
    end
  end)
end

--- :BrieflintLetter [FILE...] (plugin/brieflint.lua) -- "Draft deficiency letter": the server's
--- brieflint.letter.draft command (the letter `brieflint letter` prints) on the responses -- the files
--- given, else the current buffer's file, or the original of a :BrieflintReview rendering -- opened in a
--- new unnamed Markdown buffer in a split beside them, to edit and :write where you choose.
--- `done` (optional) is called with the letter's buffer, or nil when there is none.
function M.letter(files, done)
  local function finish(buf)
    if done then done(buf) end
  end
  if type(files) == 'string' then files = { files } end
  files = vim.tbl_filter(function(f) return f ~= '' end, files or {})
  if #files == 0 then
    files = { vim.b.brieflint_source or vim.api.nvim_buf_get_name(0) }
  end
  if files[1] == '' then
    vim.notify('brieflint: name the responses (:BrieflintLetter FILE...) or open them first', vim.log.levels.WARN)
    return finish(nil)
  end
  local client = brieflint_client()
  if not client then
    vim.notify('brieflint: the language server is not running (open a Markdown file first)', vim.log.levels.WARN)
    return finish(nil)
  end
  local uris = {}
  for _, f in ipairs(files) do table.insert(uris, vim.uri_from_fname(vim.fn.fnamemodify(f, ':p'))) end
  local params = { command = 'brieflint.letter.draft', arguments = { uris } }
  local send = vim.fn.has('nvim-0.11') == 1 and function(...) return client:request(...) end or client.request
  send('workspace/executeCommand', params, function(err, result)
    if err or type(result) ~= 'table' or type(result.markdown) ~= 'string' then
      vim.notify('brieflint: ' .. ((err and err.message) or 'no letter'), vim.log.levels.WARN)
      return finish(nil)
    end
    local buf = vim.api.nvim_create_buf(true, false)
    vim.api.nvim_buf_set_lines(buf, 0, -1, false, vim.split(result.markdown, '\n', { plain = true }))
    vim.bo[buf].filetype = 'markdown'
    vim.cmd('vsplit')
    vim.api.nvim_win_set_buf(0, buf)
    for _, notice in ipairs(result.notices or {}) do
      vim.notify('brieflint: ' .. notice, vim.log.levels.INFO)
    end
    finish(buf)
  end)
end

-- The word count of each buffer, from the server's brieflint/length request, refreshed when
-- its diagnostics change (each analysis publishes them).
local lengths = {}
local watching = false

local function thousands(n)
  local s = tostring(math.floor(math.abs(n)))
  local out = s:reverse():gsub('(%d%d%d)', '%1,'):reverse():gsub('^,', '')
  return (n < 0 and '-' or '') .. out
end

--- The statusline text for a brieflint/length result (nil: no limit applies).
function M.format_length(result)
  if type(result) ~= 'table' then return '' end
  if result.unit == 'words' then
    local text = ('%s/%s words'):format(thousands(result.words), thousands(result.limit))
    if result.remaining < 0 then text = text .. (' (%s over)'):format(thousands(-result.remaining)) end
    return text
  end
  return ('%s words, limit %d %s (estimate)'):format(thousands(result.words), result.limit, result.unit)
end

-- The brieflint client attached to `bufnr` (M.review's brieflint_client takes any).
local function buffer_client(bufnr)
  local get = vim.lsp.get_clients or vim.lsp.get_active_clients
  return get({ bufnr = bufnr, name = 'brieflint' })[1]
end

--- Asks the server for the buffer's count; `done` (optional) runs when it answers.
function M.refresh_length(bufnr, done)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  local client = buffer_client(bufnr)
  if not client then
    lengths[bufnr] = nil
    if done then done() end
    return
  end
  local params = { textDocument = vim.lsp.util.make_text_document_params(bufnr) }
  local handler = function(err, result)
    lengths[bufnr] = (not err and type(result) == 'table') and M.format_length(result) or nil
    if done then done() end
    pcall(vim.cmd, 'redrawstatus')
  end
  if vim.fn.has('nvim-0.11') == 1 then
    client:request('brieflint/length', params, handler, bufnr)
  else
    client.request('brieflint/length', params, handler, bufnr)
  end
end

--- The current buffer's word count under its length limit, for the statusline.
function M.statusline(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  if not watching then
    watching = true
    vim.api.nvim_create_autocmd('DiagnosticChanged', {
      group = vim.api.nvim_create_augroup('brieflint-length', { clear = true }),
      callback = function(args) M.refresh_length(args.buf) end,
    })
    M.refresh_length(bufnr)
  end
  return lengths[bufnr] or ''
end

return M
