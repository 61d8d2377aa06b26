//! Suppression comments applied to an article's findings, and SUP001 for the comments that
//! suppress nothing or name no check.
//!
//! The directives are indexed once per check id they cover (sorted lines, binary searches), so
//! an article with thousands of suppression comments costs `O((findings + directives) log
//! directives)` rather than a scan of every directive and every claim for every finding.

use rustc_hash::FxHashMap;

use super::{effective, UNUSED_SUPPRESSION};
use crate::input::{Directive, DirectiveKind};
use crate::report::{Claim, Finding};
use crate::rules::RulePack;

/// Drop the findings that suppression comments cover, and report each comment that covered
/// nothing or names a check that does not exist (SUP001).
pub fn suppress(
    findings: Vec<Finding>,
    claims: &[Claim],
    directives: &[Directive],
    pack: &RulePack,
) -> Vec<Finding> {
    if directives.is_empty() {
        return findings;
    }
    let reach = next_line_targets(claims, directives);
    let mut groups: FxHashMap<String, Covering> = FxHashMap::default();
    let mut kept: Vec<Finding> = findings
        .into_iter()
        .filter(|f| {
            let group = groups
                .entry(f.id.clone())
                .or_insert_with(|| Covering::new(&f.id, directives, &reach));
            !group.suppresses(f)
        })
        .collect();
    let mut used = vec![false; directives.len()];
    for group in groups.values() {
        group.mark_used(&mut used);
    }
    if let Some(severity) = effective(pack, &UNUSED_SUPPRESSION) {
        for (d, used) in directives.iter().zip(used) {
            let message = match unknown_ids(d) {
                Some(message) => message,
                None if !used && d.kind != DirectiveKind::Enable && !all_off(d, pack) => {
                    let what = if d.ids.is_empty() {
                        "every check".to_string()
                    } else {
                        d.ids.join(", ")
                    };
                    format!("suppression of {what} matches no finding")
                }
                None => continue,
            };
            kept.push(Finding {
                id: UNUSED_SUPPRESSION.id.to_string(),
                severity,
                message,
                start: d.start,
                end: d.end,
                line: d.line,
                column: 1,
                // A directive is a comment of ASCII words on a line of its own.
                end_line: d.line,
                end_column: u32::try_from((d.end - d.start).max(1)).unwrap_or(u32::MAX),
                claim_index: None,
            });
        }
        kept.sort_by(|a, b| {
            (a.line, a.start, a.id.as_str()).cmp(&(b.line, b.start, b.id.as_str()))
        });
    }
    kept
}

/// A suppression naming only checks that are off (`--ignore`, `enabled = false`) has nothing
/// to match: it is not reported as unused.
fn all_off(d: &Directive, pack: &RulePack) -> bool {
    !d.ids.is_empty()
        && d.ids
            .iter()
            .all(|id| super::find(id).is_some_and(|c| effective(pack, c).is_none()))
}

/// For a comment naming ids that are no check: the message that says so, with the nearest id.
fn unknown_ids(d: &Directive) -> Option<String> {
    let unknown: Vec<&str> = d
        .ids
        .iter()
        .map(String::as_str)
        .filter(|id| super::find(id).is_none())
        .collect();
    let first = unknown.first()?;
    let ids: Vec<&str> = super::REGISTRY.iter().map(|c| c.id).collect();
    let hint = crate::rules::nearest(first, &ids)
        .map(|near| format!(": did you mean `{near}`?"))
        .unwrap_or_default();
    Some(format!(
        "suppression names an unknown check `{}`{hint} (`sourced rules list` lists them)",
        unknown.join("`, `")
    ))
}

/// For each next-line directive, the line it reaches: the line of the first claim after it
/// (`None` for the other kinds, or when no claim follows). Claims come in line order.
fn next_line_targets(claims: &[Claim], directives: &[Directive]) -> Vec<Option<u32>> {
    directives
        .iter()
        .map(|d| {
            if d.kind != DirectiveKind::NextLine {
                return None;
            }
            let k = claims.partition_point(|c| c.line <= d.line);
            claims.get(k).map(|c| c.line)
        })
        .collect()
}

/// The directives that cover one check id, indexed for lookups by line.
struct Covering {
    /// Disables covering the check: (line, index in the article's directives), by line.
    disables: Vec<(u32, usize)>,
    /// Lines of the enables covering the check, sorted.
    enables: Vec<u32>,
    /// Next-line directives covering the check, by the line they reach: their indices and
    /// whether a finding there was suppressed.
    next_line: FxHashMap<u32, (Vec<usize>, bool)>,
    /// Used ranges of `disables`, as differences: +1 where a range starts, −1 past its end.
    used: Vec<i32>,
}

impl Covering {
    fn new(id: &str, directives: &[Directive], reach: &[Option<u32>]) -> Covering {
        let mut c = Covering {
            disables: Vec::new(),
            enables: Vec::new(),
            next_line: FxHashMap::default(),
            used: Vec::new(),
        };
        for (k, d) in directives.iter().enumerate() {
            if !d.covers(id) {
                continue;
            }
            match d.kind {
                DirectiveKind::Disable => c.disables.push((d.line, k)),
                DirectiveKind::Enable => c.enables.push(d.line),
                DirectiveKind::NextLine => {
                    if let Some(line) = reach[k] {
                        c.next_line.entry(line).or_default().0.push(k);
                    }
                }
            }
        }
        c.disables.sort_by_key(|&(line, _)| line);
        c.enables.sort_unstable();
        c.used = vec![0; c.disables.len() + 1];
        c
    }

    /// Does a comment suppress this finding? Records which comments did.
    ///
    /// A disable on line `d` covers a finding on line `l > d` unless an enable stands on a line
    /// strictly between them: so exactly the disables from the last enable before `l` on. An
    /// article-level finding is also covered by a disable on the first line.
    fn suppresses(&mut self, f: &Finding) -> bool {
        let line = f.line.max(1);
        let mut hit = false;
        let after = match self.enables.partition_point(|&e| e < f.line) {
            0 => 0,
            k => {
                let last_enable = self.enables[k - 1];
                self.disables.partition_point(|&(d, _)| d < last_enable)
            }
        };
        let before = self.disables.partition_point(|&(d, _)| d < line);
        hit |= self.mark(after, before);
        if f.claim_index.is_none() {
            let first_line = self.disables.partition_point(|&(d, _)| d <= 1);
            hit |= self.mark(0, first_line);
        }
        if let Some((_, used)) = self.next_line.get_mut(&f.line) {
            *used = true;
            hit = true;
        }
        hit
    }

    /// Mark `disables[from..to]` used; whether the range holds any.
    fn mark(&mut self, from: usize, to: usize) -> bool {
        if from >= to {
            return false;
        }
        self.used[from] += 1;
        self.used[to] -= 1;
        true
    }

    fn mark_used(&self, used: &mut [bool]) {
        let mut depth = 0;
        for (&(_, k), step) in self.disables.iter().zip(&self.used) {
            depth += step;
            if depth > 0 {
                used[k] = true;
            }
        }
        for (ks, hit) in self.next_line.values() {
            if *hit {
                for &k in ks {
                    used[k] = true;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::Severity;
    use crate::kind::Kind;

    /// The scan this module replaced: every directive and every claim for every finding.
    fn reference(
        findings: &[Finding],
        claims: &[Claim],
        ds: &[Directive],
    ) -> (Vec<bool>, Vec<bool>) {
        let mut used = vec![false; ds.len()];
        let kept = findings
            .iter()
            .map(|f| {
                let mut hit = false;
                for (k, d) in ds.iter().enumerate() {
                    if !d.covers(&f.id) {
                        continue;
                    }
                    let applies = match d.kind {
                        DirectiveKind::NextLine => claims
                            .iter()
                            .find(|c| c.line > d.line)
                            .is_some_and(|c| c.line == f.line),
                        DirectiveKind::Disable => {
                            d.line < f.line.max(1)
                                && !ds.iter().any(|e| {
                                    e.kind == DirectiveKind::Enable
                                        && e.covers(&f.id)
                                        && e.line > d.line
                                        && e.line < f.line
                                })
                                || f.claim_index.is_none() && d.line <= 1
                        }
                        DirectiveKind::Enable => false,
                    };
                    if applies {
                        used[k] = true;
                        hit = true;
                    }
                }
                !hit
            })
            .collect();
        (kept, used)
    }

    fn claim(line: u32) -> Claim<'static> {
        Claim {
            start: 0,
            end: 0,
            line,
            column: 1,
            text: "x".into(),
            kind: Kind::Unattributed,
            source: None,
            via: None,
            cue: None,
            source_role: None,
            continued: false,
        }
    }

    /// The index gives what the scan gave: the same findings kept, the same comments used, on
    /// random mixes of claims, findings and the three kinds of comment.
    #[test]
    fn the_index_agrees_with_a_scan_of_every_directive() {
        let mut seed = 17u64;
        let mut next = |n: u64| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) % n
        };
        let ids = ["ANON001", "VAG001", "ART003"];
        for _ in 0..400 {
            let mut lines: Vec<u32> = (0..next(8)).map(|_| 1 + next(12) as u32).collect();
            lines.sort_unstable();
            let claims: Vec<Claim> = lines.iter().map(|&l| claim(l)).collect();
            let mut ds: Vec<Directive> = (0..next(8))
                .map(|_| Directive {
                    kind: [
                        DirectiveKind::NextLine,
                        DirectiveKind::Disable,
                        DirectiveKind::Enable,
                    ][next(3) as usize],
                    ids: (0..next(3))
                        .map(|_| ids[next(3) as usize].to_string())
                        .collect(),
                    start: 0,
                    end: 0,
                    line: 1 + next(12) as u32,
                })
                .collect();
            ds.sort_by_key(|d| d.line);
            let findings: Vec<Finding> = (0..next(8))
                .map(|_| {
                    let on_claim = (!claims.is_empty() && next(4) > 0)
                        .then(|| next(claims.len() as u64) as usize);
                    Finding {
                        id: ids[next(3) as usize].to_string(),
                        severity: Severity::Warning,
                        message: String::new(),
                        start: 0,
                        end: 0,
                        line: on_claim.map_or(1, |k| claims[k].line),
                        column: 1,
                        end_line: on_claim.map_or(1, |k| claims[k].line),
                        end_column: 1,
                        claim_index: on_claim,
                    }
                })
                .collect();
            let (want_kept, want_used) = reference(&findings, &claims, &ds);
            let reach = next_line_targets(&claims, &ds);
            let mut groups: FxHashMap<String, Covering> = FxHashMap::default();
            let kept: Vec<bool> = findings
                .iter()
                .map(|f| {
                    !groups
                        .entry(f.id.clone())
                        .or_insert_with(|| Covering::new(&f.id, &ds, &reach))
                        .suppresses(f)
                })
                .collect();
            let mut used = vec![false; ds.len()];
            for g in groups.values() {
                g.mark_used(&mut used);
            }
            assert_eq!(kept, want_kept, "{ds:?} {lines:?}");
            assert_eq!(used, want_used, "{ds:?} {lines:?}");
        }
    }

    /// A comment naming no check says so, with the nearest id, instead of "matches no finding".
    #[test]
    fn an_unknown_id_is_reported_as_unknown() {
        let d = Directive {
            kind: DirectiveKind::NextLine,
            ids: vec!["ANON01".into()],
            start: 0,
            end: 0,
            line: 1,
        };
        let msg = unknown_ids(&d).unwrap();
        assert!(msg.contains("unknown check `ANON01`"), "{msg}");
        assert!(msg.contains("did you mean `ANON001`?"), "{msg}");
        let known = Directive {
            ids: vec!["ANON001".into()],
            ..d
        };
        assert_eq!(unknown_ids(&known), None);
    }
}
