-- Real-editor test: headless Neovim (0.11+) with the brieflint plugin from editors/nvim.
--
-- Usage (tests/editors/run.sh does this):
--   nvim --headless --clean -n -l tests/editors/nvim_test.lua MODE
-- MODE: "enable" loads the config from editors/nvim/lsp/brieflint.lua via vim.lsp.enable('brieflint');
--       "setup" goes through require('brieflint').setup{}.
-- Environment: BRIEFLINT_BIN (binary), BRIEFLINT_REPO (repository root), BRIEFLINT_EXPECTED (JSON report of
-- `brieflint check --format json` for the fixture), BRIEFLINT_WORK (scratch folder),
-- BRIEFLINT_EXPECT_CITATION_HOVER=1 to check the hover on a citation.
-- Prints one line per check; exit status 0 only if every check passed.
local mode = (arg and arg[1]) or 'enable'
local repo = assert(os.getenv('BRIEFLINT_REPO'), 'BRIEFLINT_REPO')
local bin = assert(os.getenv('BRIEFLINT_BIN'), 'BRIEFLINT_BIN')
local work = assert(os.getenv('BRIEFLINT_WORK'), 'BRIEFLINT_WORK')
local expected_path = assert(os.getenv('BRIEFLINT_EXPECTED'), 'BRIEFLINT_EXPECTED')
local expect_citation = os.getenv('BRIEFLINT_EXPECT_CITATION_HOVER') == '1'
local T = tonumber(os.getenv('BRIEFLINT_NVIM_TIMEOUT_MS') or '15000')

local failures, passes = 0, 0
local function out(s) io.stdout:write(s .. '\n') end
local function check(cond, what, detail)
  if cond then
    passes = passes + 1
    out('ok   ' .. what)
  else
    failures = failures + 1
    out('FAIL ' .. what .. (detail and (': ' .. detail) or ''))
  end
  return cond
end
local function finish()
  out(('nvim[%s]: %d passed, %d failed'):format(mode, passes, failures))
  for _, c in ipairs(vim.lsp.get_clients()) do c:stop() end
  vim.wait(3000, function() return #vim.lsp.get_clients() == 0 end, 20)
  os.exit(failures == 0 and 0 or 1)
end
local function fatal(msg) check(false, msg); finish() end

-- Load the plugin exactly as a user would: editors/nvim on 'runtimepath'.
vim.opt.runtimepath:prepend(repo .. '/editors/nvim')
vim.cmd('filetype on')
vim.g.brieflint_path = bin

if mode == 'setup' then
  require('brieflint').setup({ settings = { court = 'N.D. Ill.' } })
else
  vim.lsp.enable('brieflint')
end

-- Work on a copy of the fixture (its folder gets a .git marker so the root is the copy's folder).
local ws = work .. '/nvim-' .. mode
vim.fn.mkdir(ws .. '/.git', 'p')
local src = repo .. '/fixtures/discovery/acme-rfp-responses.md'
local doc = ws .. '/acme-rfp-responses.md'
vim.fn.writefile(vim.fn.readfile(src, 'b'), doc, 'b')

local expected = vim.json.decode(table.concat(vim.fn.readfile(expected_path), '\n'))
check(#expected > 0, ('expected report has %d findings'):format(#expected))

vim.cmd('edit ' .. vim.fn.fnameescape(doc))
local buf = vim.api.nvim_get_current_buf()
check(vim.bo[buf].filetype == 'markdown', 'filetype is markdown', vim.bo[buf].filetype)

local function client()
  return vim.lsp.get_clients({ bufnr = buf, name = 'brieflint' })[1]
end
if not vim.wait(T, function() return client() ~= nil end, 20) then fatal('brieflint client attached') end
local c = client()
check(true, ('client attached: %s %s, root %s, encoding %s'):format(
  c.server_info and c.server_info.name or '?', c.server_info and c.server_info.version or '?',
  c.root_dir or '?', c.offset_encoding))
check(c.root_dir == ws, 'root_dir from root markers', c.root_dir)

local function diags() return vim.diagnostic.get(buf) end
if not vim.wait(T, function() return #diags() >= #expected end, 20) then
  fatal(('diagnostics published (%d of %d)'):format(#diags(), #expected))
end

-- JSON positions are UTF-16; vim.diagnostic columns are bytes.
local lines = vim.api.nvim_buf_get_lines(buf, 0, -1, false)
local function bytecol(line, utf16)
  local text = lines[line + 1] or ''
  local okc, col = pcall(vim.str_byteindex, text, 'utf-16', utf16, false)
  if okc then return col end
  return vim.str_byteindex(text, utf16, true) -- 0.10 signature
end
local function key(code, l, c0, el, ec, msg) return table.concat({ code, l, c0, el, ec, msg }, '|') end

local sev = { error = vim.diagnostic.severity.ERROR, warning = vim.diagnostic.severity.WARN,
  information = vim.diagnostic.severity.INFO, hint = vim.diagnostic.severity.HINT }
local want = {}
for _, f in ipairs(expected) do
  local r = f.range
  want[key(f.code, r.start.line, bytecol(r.start.line, r.start.character), r['end'].line,
    bytecol(r['end'].line, r['end'].character), f.message)] = f
end
local got = {}
for _, d in ipairs(diags()) do
  got[key(tostring(d.code), d.lnum, d.col, d.end_lnum, d.end_col, d.message)] = d
end
check(#diags() == #expected, ('diagnostic count %d == %d'):format(#diags(), #expected))
for k, f in pairs(want) do
  local d = got[k]
  check(d ~= nil and d.severity == sev[f.severity] and d.source == 'brieflint',
    ('%s line %d: %s'):format(f.code, f.range.start.line + 1, f.message:sub(1, 60)),
    d and ('severity/source ' .. tostring(d.severity) .. '/' .. tostring(d.source)) or 'missing')
end
for k, d in pairs(got) do
  if not want[k] then check(false, 'unexpected diagnostic', k) end
end

-- Hover on a diagnostic shows the rule documentation.
local function hover_text(position)
  local params = { textDocument = { uri = vim.uri_from_bufnr(buf) }, position = position }
  local res = vim.lsp.buf_request_sync(buf, 'textDocument/hover', params, T) or {}
  for _, r in pairs(res) do
    if r.result and r.result.contents then
      local contents = r.result.contents
      if type(contents) == 'table' and contents.value then return contents.value end
      if type(contents) == 'string' then return contents end
      return vim.inspect(contents)
    end
  end
  return ''
end
local function lsp_position(line, byte)
  return { line = line, character = vim.lsp.util.character_offset(buf, line, byte, c.offset_encoding) }
end
local bl101
for _, d in ipairs(diags()) do if d.code == 'BL101' and not bl101 then bl101 = d end end
-- Hover on the word "objects" inside the span (a defined term or citation under the cursor would
-- take precedence over the diagnostic).
local span = vim.api.nvim_buf_get_text(buf, bl101.lnum, bl101.col, bl101.end_lnum, bl101.end_col, {})[1]
local h = hover_text(lsp_position(bl101.lnum, bl101.col + (span:find('objects', 1, true) or 3) + 1))
check(h:find('**BL101 boilerplate-objection**', 1, true) and h:find('Full documentation: `brieflint rules BL101`', 1, true)
  and not h:find('## What it flags', 1, true),
  'hover on BL101 shows the rule briefly, with where to read the rest', h:sub(1, 120))

-- Code actions, as a user runs them: cursor on the diagnostic, vim.lsp.buf.code_action, apply.
local function find(code, line)
  for _, d in ipairs(diags()) do if d.code == code and d.lnum == line then return d end end
end
local function apply_action(d, title_pattern)
  vim.api.nvim_win_set_cursor(0, { d.lnum + 1, d.col })
  local before = vim.b[buf].changedtick
  vim.lsp.buf.code_action({
    apply = true,
    context = { only = { 'quickfix' } },
    filter = function(a) return a.title:match(title_pattern) ~= nil end,
  })
  return vim.wait(T, function() return vim.b[buf].changedtick ~= before end, 20)
end
-- The targets come from the report: the last BL106, and the last BL101 on another line.
local L106, L101
for _, f in ipairs(expected) do
  if f.code == 'BL106' then L106 = f.range.start.line end
end
for _, f in ipairs(expected) do
  if f.code == 'BL101' and f.range.start.line ~= L106 then L101 = f.range.start.line end
end
check(L106 ~= nil and L101 ~= nil, 'the fixture has a BL106 and a BL101 on another line')
local n0 = #diags()
local target = find('BL106', L106)
if check(target ~= nil, ('BL106 present on line %d before the fix'):format(L106 + 1)) then
  check(apply_action(target, '^Add a production completion date'), 'code action "Add a production completion date" applied')
  -- BL003 stands on the "[date]" the fix inserted until it is filled.
  local function placeholder_flagged()
    for _, d in ipairs(diags()) do if d.code == 'BL003' and d.lnum >= L106 then return true end end
    return false
  end
  check(vim.wait(T, function() return find('BL106', L106) == nil and #diags() == n0 and placeholder_flagged() end, 20),
    ('BL106 on line %d gone after the fix, BL003 on its placeholder'):format(L106 + 1), ('%d diagnostics'):format(#diags()))
  check(vim.api.nvim_buf_get_lines(buf, L106, L106 + 1, false)[1]:find('Production will be completed no later than', 1, true) ~= nil,
    'the fix text is in the buffer')
end
-- "Disable BLxxx for this line" on that BL101.
target = find('BL101', L101)
if check(target ~= nil, ('BL101 present on line %d before disabling'):format(L101 + 1)) then
  check(apply_action(target, '^Disable BL101 for this line'), 'code action "Disable BL101 for this line" applied')
  check(vim.wait(T, function() return #diags() == n0 - 1 and find('BL101', L101 + 1) == nil and find('BL101', L101) == nil end, 20),
    'BL101 gone after disabling it for the line', ('%d diagnostics'):format(#diags()))
  check(vim.api.nvim_buf_get_lines(buf, L101, L101 + 1, false)[1]:find('brieflint-disable-next-line BL101', 1, true) ~= nil,
    'suppression comment inserted')
end

-- Settings passthrough, applied live: turn BL105 off through the client's settings.
local n1 = #diags()
local n105 = 0
for _, d in ipairs(diags()) do if d.code == 'BL105' then n105 = n105 + 1 end end
c.settings = { brieflint = { rules = { BL105 = 'off' } } }
c:notify('workspace/didChangeConfiguration', { settings = c.settings })
check(vim.wait(T, function()
  for _, d in ipairs(diags()) do if d.code == 'BL105' then return false end end
  return #diags() == n1 - n105
end, 20), ('settings rules.BL105 = off applied live (%d BL105 removed)'):format(n105))

-- Citation hover (enabled once the server resolves citations).
if expect_citation then
  vim.cmd('edit ' .. vim.fn.fnameescape(repo .. '/tests/editors/citation.md'))
  local cbuf = vim.api.nvim_get_current_buf()
  vim.wait(T, function() return #vim.lsp.get_clients({ bufnr = cbuf, name = 'brieflint' }) > 0 end, 20)
  local row, col
  for i, l in ipairs(vim.api.nvim_buf_get_lines(cbuf, 0, -1, false)) do
    local s = l:find('Fed. R. Civ. P. 34(b)(2)(C)', 1, true)
    if s then row, col = i - 1, s - 1 + 4 break end
  end
  buf = cbuf
  local text = hover_text(lsp_position(row, col))
  check(text:find('Fed. R. Civ. P. 34(b)(2)(C)', 1, true) and text:find(
    'An objection must state whether any responsive materials are being withheld on the basis of that objection.', 1, true),
    'hover on Fed. R. Civ. P. 34(b)(2)(C) shows the rule text', text:sub(1, 160))
else
  out('skip citation hover (set BRIEFLINT_EXPECT_CITATION_HOVER=1)')
end

-- :BrieflintReview opens the other side's PDF responses read-only, the findings on the rendering,
-- each naming its page (BL105 is off by now: the settings above).
vim.cmd('runtime! plugin/brieflint.lua')
local before = vim.api.nvim_get_current_buf()
vim.cmd('BrieflintReview ' .. vim.fn.fnameescape(repo .. '/fixtures/ingest/acme.pdf'))
local reviewed = vim.wait(T, function()
  local b = vim.api.nvim_get_current_buf()
  return b ~= before and #vim.diagnostic.get(b) > 0
end, 50)
local rbuf = vim.api.nvim_get_current_buf()
local rdiags = vim.diagnostic.get(rbuf)
check(reviewed and #rdiags == #expected - n105,
  (':BrieflintReview shows the PDF\'s findings (%d of %d)'):format(#rdiags, #expected - n105))
local rtext = table.concat(vim.api.nvim_buf_get_lines(rbuf, 0, -1, false), '\n')
check(rtext:find('RESPONSE TO REQUEST FOR PRODUCTION NO. 2:', 1, true) ~= nil, ':BrieflintReview renders the PDF as Markdown')
check(not vim.bo[rbuf].modifiable and vim.bo[rbuf].readonly, ':BrieflintReview rendering is read-only')
local with_page = 0
for _, d in ipairs(rdiags) do if d.message:find('[page ', 1, true) then with_page = with_page + 1 end end
check(#rdiags > 0 and with_page == #rdiags, ':BrieflintReview diagnostics name their page in the PDF')
-- :BrieflintLetter in the rendering drafts the meet-and-confer letter about the PDF it came from (the
-- server's brieflint.letter.draft), in a new editable Markdown buffer in a split beside it; with a file
-- named, about that file.
local function draft_letter(cmd)
  local wins = #vim.api.nvim_tabpage_list_wins(0)
  local got, letter_buf = false, nil
  require('brieflint').letter(cmd, function(b) got, letter_buf = true, b end)
  vim.wait(T, function() return got end, 50)
  local text = letter_buf and table.concat(vim.api.nvim_buf_get_lines(letter_buf, 0, -1, false), '\n') or ''
  return letter_buf, text, #vim.api.nvim_tabpage_list_wins(0) - wins
end
vim.cmd('runtime! plugin/brieflint.lua')
check(vim.fn.exists(':BrieflintLetter') == 2, ':BrieflintLetter is defined')
local lbuf, ltext, new_wins = draft_letter({})
check(lbuf ~= nil and ltext:find('## Response to Request for Production No. 5 (page ', 1, true) ~= nil,
  ':BrieflintLetter in a review drafts the letter about its PDF, with pages', ltext:sub(1, 200))
check(ltext:find('> "Acme objects to this Request as vague and ambiguous,', 1, true) ~= nil
  and ltext:find('Fed. R. Civ. P. 37(a)(1)', 1, true) ~= nil, ':BrieflintLetter quotes the objections and cites Rule 37(a)(1)')
check(lbuf ~= nil and new_wins == 1 and vim.api.nvim_get_current_buf() == lbuf and vim.bo[lbuf].modifiable
  and vim.bo[lbuf].filetype == 'markdown' and vim.api.nvim_buf_get_name(lbuf) == '',
  ':BrieflintLetter opens an unnamed, editable Markdown buffer in a split')
check(ltext:find('under Fed. R. Civ. P. 37(a)(1), in an effort', 1, true) ~= nil,
  ':BrieflintLetter closes under Rule 37(a)(1) alone when no court is configured')
-- With a court in the editor's settings, the closing names its conferral rule.
local lc = vim.lsp.get_clients({ name = 'brieflint' })[1]
lc.settings = { brieflint = { rules = { BL105 = 'off' }, court = 'N.D. Ill.' } }
lc:notify('workspace/didChangeConfiguration', { settings = lc.settings })
local _, ctext = draft_letter({ repo .. '/fixtures/ingest/acme.pdf' })
check(ctext:find('the court (N.D. Ill.)', 1, true) ~= nil, ':BrieflintLetter closes under the court set in the settings')
lc.settings = { brieflint = { rules = { BL105 = 'off' } } }
lc:notify('workspace/didChangeConfiguration', { settings = lc.settings })
local dbuf, dtext = draft_letter({ repo .. '/fixtures/ingest/acme-numbered.docx' })
check(dbuf ~= nil and dtext:find('## Response to Request for Production No. 5 (paragraph ', 1, true) ~= nil,
  ':BrieflintLetter FILE.docx drafts the letter with paragraphs', dtext:sub(1, 200))
-- Court rule profiles: the statusline count, and the certificate of compliance quick fix.
do
  local letter = ws .. '/letter-28j.md'
  vim.fn.writefile(vim.fn.readfile(repo .. '/fixtures/rules/BL701/fire.md', 'b'), letter, 'b')
  vim.cmd('edit ' .. vim.fn.fnameescape(letter))
  local lbuf = vim.api.nvim_get_current_buf()
  local function has(code, b)
    for _, d in ipairs(vim.diagnostic.get(b)) do if d.code == code then return d end end
  end
  check(vim.wait(T, function() return has('BL701', lbuf) ~= nil end, 20), 'BL701 on a Rule 28(j) letter over 350 words')
  local brieflint = require('brieflint')
  brieflint.statusline()
  check(vim.wait(T, function() return brieflint.statusline() == '362/350 words (12 over)' end, 20),
    'statusline shows the count and the limit', brieflint.statusline())

  local motion = ws .. '/motion.md'
  vim.fn.writefile(vim.fn.readfile(repo .. '/fixtures/rules/BL702/fire.md', 'b'), motion, 'b')
  vim.cmd('edit ' .. vim.fn.fnameescape(motion))
  local mbuf = vim.api.nvim_get_current_buf()
  buf = mbuf
  check(vim.wait(T, function() return has('BL702', mbuf) ~= nil end, 20), 'BL702 on a motion without a certificate')
  check(vim.wait(T, function() return brieflint.statusline() == '300/5,200 words' end, 20),
    'statusline follows the current buffer', brieflint.statusline())
  local d = has('BL702', mbuf)
  if d and apply_action(d, '^Insert a certificate of compliance') then
    check(vim.wait(T, function() return has('BL702', mbuf) == nil end, 20), 'BL702 gone after inserting the certificate')
    local text = table.concat(vim.api.nvim_buf_get_lines(mbuf, 0, -1, false), '\n')
    check(text:find('it contains 300 words.', 1, true) ~= nil, 'the certificate states the count')
  else
    check(false, 'code action "Insert a certificate of compliance" applied')
  end
end

-- :checkhealth brieflint reports the binary, its version and the config.
vim.cmd('checkhealth brieflint')
local health = table.concat(vim.api.nvim_buf_get_lines(0, 0, -1, false), '\n')
check(health:find('brieflint 0.1.0', 1, true) ~= nil, ':checkhealth brieflint reports the version')
check(health:find(bin, 1, true) ~= nil, ':checkhealth brieflint reports the binary path')
check(health:find('settings:', 1, true) ~= nil and health:find('markdown', 1, true) ~= nil,
  ':checkhealth brieflint reports the config')
check(not health:find('ERROR', 1, true), ':checkhealth brieflint has no errors', health)
if os.getenv('BRIEFLINT_NVIM_SHOW_HEALTH') then out(health) end

finish()
