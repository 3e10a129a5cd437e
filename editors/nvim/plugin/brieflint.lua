-- brieflint's user commands, defined when the plugin is on 'runtimepath' (the server itself is
-- configured by require('brieflint').setup{} or vim.lsp.enable('brieflint')).
--
-- :BrieflintReview [FILE]  "Review responses (.docx/.pdf)": the other side's responses shown
--                          read-only as Markdown in a split, with brieflint's findings on them.
-- :BrieflintLetter [FILE...]  "Draft deficiency letter": the meet-and-confer letter about the responses
--                          (the files, else the current buffer's, or the original of a review) in a
--                          new Markdown buffer beside them.
if vim.g.loaded_brieflint_commands then return end
vim.g.loaded_brieflint_commands = true

vim.api.nvim_create_user_command('BrieflintReview', function(args) require('brieflint').review(args.args) end,
  { nargs = '?', complete = 'file', desc = 'brieflint: Review responses (.docx/.pdf)' })
vim.api.nvim_create_user_command('BrieflintLetter', function(args) require('brieflint').letter(args.fargs) end,
  { nargs = '*', complete = 'file', desc = 'brieflint: Draft deficiency letter' })
