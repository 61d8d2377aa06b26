//! The run's totals: the one-line summary after a run over several files, and `--statistics`
//! (findings counted by check). Each worker tallies its documents; the writer adds them up in
//! input order, so the totals are the same whatever the thread count.

use super::{DocumentReport, Severity};
use crate::checks::REGISTRY;

/// What the run's summary counts of one document.
pub struct Tally {
    path: String,
    claims: usize,
    score: Option<u32>,
    /// Its findings by severity: error, warning, info.
    severities: [usize; 3],
    /// Its findings by check, in the order of the registry.
    by_check: Vec<usize>,
}

impl Tally {
    pub fn of(doc: &DocumentReport) -> Tally {
        let mut t = Tally {
            path: doc.path.clone(),
            claims: doc.claims.len(),
            score: doc.score,
            severities: [0; 3],
            by_check: vec![0; REGISTRY.len()],
        };
        for f in &doc.findings {
            t.severities[severity_index(f.severity)] += 1;
            if let Some(k) = REGISTRY.iter().position(|c| c.id == f.id) {
                t.by_check[k] += 1;
            }
        }
        t
    }
}

fn severity_index(s: Severity) -> usize {
    match s {
        Severity::Error => 0,
        Severity::Warning => 1,
        Severity::Info => 2,
    }
}

/// The run's totals, for the summary line and `--statistics`.
#[derive(Default)]
pub struct RunStats {
    checked: usize,
    unreadable: usize,
    claims: usize,
    /// Findings by severity: error, warning, info.
    severities: [usize; 3],
    /// Findings by check, in the order of the registry.
    by_check: Vec<usize>,
    /// The lowest score and whose it is (the first article to reach it).
    lowest: Option<(u32, String)>,
}

impl RunStats {
    /// Count a document's tally; `None` for an input that could not be checked (`failed`) or
    /// was not tallied.
    pub fn add(&mut self, tally: Option<Tally>, failed: bool) {
        let Some(t) = tally else {
            self.unreadable += usize::from(failed);
            return;
        };
        self.checked += 1;
        self.claims += t.claims;
        for (all, n) in self.severities.iter_mut().zip(t.severities) {
            *all += n;
        }
        self.by_check.resize(REGISTRY.len(), 0);
        for (all, n) in self.by_check.iter_mut().zip(t.by_check) {
            *all += n;
        }
        if let Some(s) = t.score {
            if self.lowest.as_ref().is_none_or(|(low, _)| s < *low) {
                self.lowest = Some((s, t.path));
            }
        }
    }

    /// One line: files, claims, findings by severity, the lowest score.
    pub fn summary(&self) -> String {
        let plural =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        let mut line = format!("sourced: {} checked", plural(self.checked, "file", "files"));
        if self.unreadable > 0 {
            line += &format!(" ({} could not be read)", self.unreadable);
        }
        let [e, w, i] = self.severities;
        line += &format!(
            ", {}; {}, {}, {} info",
            plural(self.claims, "claim", "claims"),
            plural(e, "error", "errors"),
            plural(w, "warning", "warnings"),
            i
        );
        if let Some((score, path)) = &self.lowest {
            line += &format!("; lowest score {score}/100 ({path})");
        }
        line
    }

    /// `--statistics`: findings counted by check, the most frequent first.
    pub fn statistics(&self) -> String {
        let mut rows: Vec<(usize, &str, &str)> = REGISTRY
            .iter()
            .zip(&self.by_check)
            .filter(|&(_, &n)| n > 0)
            .map(|(c, &n)| (n, c.id, c.name))
            .collect();
        rows.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
        let mut out = String::new();
        for (n, id, name) in rows {
            out += &format!("{n:>6}  {id:<8} {name}\n");
        }
        if out.is_empty() {
            out += "no findings\n";
        }
        out
    }
}
