-- `sourced server` in Neovim 0.7 (Debian 12's), as used for docs/neovim-diagnostics.txt:
--   nvim -u docs/neovim-init.lua samples/draft.md
-- Neovim 0.8 and later can use vim.lsp.start, 0.11 and later vim.lsp.config (see README.md).
local client_id
vim.api.nvim_create_autocmd('FileType', {
  pattern = { 'markdown', 'text', 'html' },
  callback = function(args)
    if not client_id then
      client_id = vim.lsp.start_client({
        name = 'sourced',
        cmd = { 'sourced', 'server' },
        root_dir = vim.fn.getcwd(),
      })
    end
    vim.lsp.buf_attach_client(args.buf, client_id)
  end,
})
vim.diagnostic.config({ virtual_text = true, signs = true, underline = true })
vim.keymap.set('n', 'K', vim.lsp.buf.hover)
vim.keymap.set('n', '<leader>a', vim.lsp.buf.code_action)
