#!/usr/bin/env bash
# Capture `sourced server` in Neovim (Debian's neovim, in tmux) to docs/neovim-diagnostics.txt:
# the diagnostics of samples/draft.md, the hover on a claim, and the code actions on it.
# Needs: apt-get install neovim tmux.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
export PATH="$PWD/target/release:$PATH"
session="sourced-capture-$$"
out=docs/neovim-diagnostics.txt
screen() { tmux capture-pane -t "$session" -p; }
tmux new-session -d -s "$session" -x 110 -y 32 "nvim -u docs/neovim-init.lua samples/draft.md"
trap 'tmux kill-session -t "$session" 2> /dev/null || true' EXIT
sleep 3
{
  echo "# nvim -u docs/neovim-init.lua samples/draft.md   (Neovim $(nvim --version | head -1 | cut -d' ' -f2), tmux 110x32)"
  echo
  echo "## The diagnostics: a W sign and the message at the end of each claim's line"
  echo
  screen
  tmux send-keys -t "$session" 17G K
  sleep 1.5
  echo
  echo "## K (hover) on the vague claim at line 17"
  echo
  screen
  tmux send-keys -t "$session" l h '\a'
  sleep 1.5
  echo
  echo "## \\a (code actions) on the same line"
  echo
  screen | tail -5
} > "$out"
tmux send-keys -t "$session" Escape ':qa!' Enter
echo "wrote $out"
