//! Baselines: accept today's findings so that CI fails only on new ones.
//!
//! A finding is fingerprinted by its check id and the text of its claim (white space folded,
//! lower-cased) — not by its line — so that edits elsewhere in a draft do not resurface it.
//! Article-level findings use their message instead.

use std::collections::HashMap;
use std::path::Path;

use anyhow::{bail, Context, Result};
use serde::{Deserialize, Serialize};

use crate::report::{DocumentReport, Finding};

/// The baseline format this build writes and reads.
pub const VERSION: u32 = 1;

/// Largest baseline read: some 100,000 findings. A larger file is not a baseline
/// (`/dev/zero`, a report named by mistake) and is refused before it fills memory.
pub const MAX_BASELINE_BYTES: u64 = 16 << 20;

#[derive(Debug, Serialize, Deserialize)]
pub struct Baseline {
    pub version: u32,
    pub findings: Vec<Entry>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Hash)]
pub struct Entry {
    pub path: String,
    pub id: String,
    pub fingerprint: String,
}

/// FNV-1a, 64 bits: stable across versions and platforms (unlike `DefaultHasher`).
fn fnv1a(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// The fingerprint of a finding in a document.
pub fn fingerprint(doc: &DocumentReport, f: &Finding) -> String {
    let basis = match f.claim_index.and_then(|i| doc.claims.get(i)) {
        Some(c) => c
            .text
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase(),
        None => f.message.to_lowercase(),
    };
    format!("{:016x}", fnv1a(&format!("{}\u{1f}{basis}", f.id)))
}

impl Baseline {
    /// The baseline entries for one document's findings.
    pub fn entries(doc: &DocumentReport) -> Vec<Entry> {
        doc.findings
            .iter()
            .map(|f| Entry {
                path: doc.path.clone(),
                id: f.id.clone(),
                fingerprint: fingerprint(doc, f),
            })
            .collect()
    }

    pub fn new(findings: Vec<Entry>) -> Baseline {
        Baseline {
            version: VERSION,
            findings,
        }
    }

    /// Read a baseline: a regular file of at most [`MAX_BASELINE_BYTES`], of a version this
    /// build writes.
    pub fn read(path: &Path) -> Result<Baseline> {
        let text = crate::input::files::read_capped(path, "baseline", MAX_BASELINE_BYTES)?;
        let baseline: Baseline = serde_json::from_str(&text).with_context(|| {
            format!(
                "{}: not a sourced baseline (write one with --write-baseline)",
                path.display()
            )
        })?;
        if baseline.version != VERSION {
            bail!(
                "{}: baseline version {} is not one this sourced reads (version {VERSION}): write it again with --write-baseline",
                path.display(),
                baseline.version
            );
        }
        Ok(baseline)
    }

    pub fn write(&self, path: &Path) -> Result<()> {
        let text = serde_json::to_string_pretty(self)?;
        std::fs::write(path, text + "\n")
            .with_context(|| format!("{}: cannot write the baseline", path.display()))
    }

    /// The entries indexed by path, to apply to documents one at a time, from any thread.
    pub fn accepted(&self) -> Accepted {
        let mut by_path: HashMap<String, HashMap<(String, String), usize>> = HashMap::new();
        for e in &self.findings {
            *by_path
                .entry(e.path.clone())
                .or_default()
                .entry((e.id.clone(), e.fingerprint.clone()))
                .or_default() += 1;
        }
        Accepted { by_path }
    }
}

/// A baseline's accepted findings, by path.
pub struct Accepted {
    by_path: HashMap<String, HashMap<(String, String), usize>>,
}

impl Accepted {
    /// Remove from a document the findings the baseline accepts (each entry accepts one
    /// finding, so a second identical finding is new). Returns how many were removed.
    pub fn apply(&self, doc: &mut DocumentReport) -> usize {
        let Some(budget) = self.by_path.get(&doc.path) else {
            return 0;
        };
        let mut budget = budget.clone();
        let prints: Vec<String> = doc.findings.iter().map(|f| fingerprint(doc, f)).collect();
        let before = doc.findings.len();
        let mut keep = Vec::with_capacity(before);
        for (f, fp) in doc.findings.drain(..).zip(prints) {
            match budget.get_mut(&(f.id.clone(), fp)) {
                Some(n) if *n > 0 => *n -= 1,
                _ => keep.push(f),
            }
        }
        doc.findings = keep;
        before - doc.findings.len()
    }
}
