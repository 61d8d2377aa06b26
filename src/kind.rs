//! The seven kinds of attribution, named as in `../shared/eval/GUIDE.md`.

use serde::{Deserialize, Serialize};

/// How a claim is attributed: who the reader is asked to believe.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A person identified by name (or a pronoun or role noun pointing back to one).
    Named,
    /// An identified organization, office or document speaking on the record.
    Organization,
    /// A person or group deliberately not identified.
    Anonymous,
    /// A party declined, refused or failed to comment.
    NoComment,
    /// Another news outlet's reporting.
    Relayed,
    /// An unspecified group or a generic authority that cannot be checked.
    Vague,
    /// Nothing: the writer's own assertion.
    Unattributed,
}

impl Kind {
    /// Every kind, in the order reports list them.
    pub const ALL: [Kind; 7] = [
        Kind::Named,
        Kind::Organization,
        Kind::Anonymous,
        Kind::NoComment,
        Kind::Relayed,
        Kind::Vague,
        Kind::Unattributed,
    ];

    /// The kind's name in JSON and in the guide.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Named => "named",
            Kind::Organization => "organization",
            Kind::Anonymous => "anonymous",
            Kind::NoComment => "no_comment",
            Kind::Relayed => "relayed",
            Kind::Vague => "vague",
            Kind::Unattributed => "unattributed",
        }
    }
}

impl std::fmt::Display for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
