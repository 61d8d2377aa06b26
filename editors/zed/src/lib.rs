//! Zed's way to start `sourced server`: the `sourced` on the PATH of the project's worktree.

use zed_extension_api::{self as zed, LanguageServerId, Result};

struct Sourced;

impl zed::Extension for Sourced {
    fn new() -> Self {
        Sourced
    }

    fn language_server_command(
        &mut self,
        _id: &LanguageServerId,
        worktree: &zed::Worktree,
    ) -> Result<zed::Command> {
        let command = worktree.which("sourced").ok_or_else(|| {
            "sourced is not on the PATH: install it (`cargo install --path .` in its repository)"
                .to_string()
        })?;
        Ok(zed::Command {
            command,
            args: vec!["server".to_string()],
            env: Vec::new(),
        })
    }
}

zed::register_extension!(Sourced);
