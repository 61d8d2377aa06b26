//! Stage 4: turn the claims' kinds into the article's reliability score.
//!
//! The score is a weighted mean of per-kind weights from the rule pack, scaled to 0–100:
//!
//! ```text
//! score = 100 × Σ w(kind_i) × m_i / Σ m_i      over claims whose kind has a weight
//! m_i   = lede_multiplier for the first `lede_claims` claims, 1 otherwise
//! ```
//!
//! `no_comment` claims carry no weight and are left out: a refusal to comment records the
//! reporter's attempt, not a source. An article with no weighed claim scores 0; an article with
//! no claim at all (an empty file) has no score: there is nothing to judge, so it neither
//! passes nor fails `--min-score`.
//!
//! Policy findings then take points off: per finding the pack's penalty for its severity, at
//! most `cap_per_check` per check; the result is clamped to 0–100.

use crate::checks;
use crate::kind::Kind;
use crate::report::Finding;
use crate::rules::RulePack;

/// The article score from its claims' kinds, in order, and its findings, rounded to a whole
/// number; `None` when the article has no claim.
pub fn score(kinds: &[Kind], findings: &[Finding], pack: &RulePack) -> Option<u32> {
    if kinds.is_empty() {
        return None;
    }
    let base = base_score(kinds, pack);
    Some(
        (base - checks::penalty(findings, pack))
            .round()
            .clamp(0.0, 100.0) as u32,
    )
}

/// The weighted mean of the claims' weights, 0–100, before penalties.
pub fn base_score(kinds: &[Kind], pack: &RulePack) -> f64 {
    let mut sum = 0.0;
    let mut total = 0.0;
    for (i, &k) in kinds.iter().enumerate() {
        let Some(w) = pack.weights.of(k) else {
            continue;
        };
        let m = if i < pack.scoring.lede_claims {
            pack.scoring.lede_multiplier
        } else {
            1.0
        };
        sum += w * m;
        total += m;
    }
    if total == 0.0 {
        return 0.0;
    }
    100.0 * sum / total
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_named_scores_the_named_weight() {
        let p = RulePack::builtin();
        let s = score(&[Kind::Named; 5], &[], &p);
        assert_eq!(s, Some((p.weights.named * 100.0).round() as u32));
    }

    #[test]
    fn no_comment_is_left_out_and_the_lede_weighs_more() {
        let p = RulePack::builtin();
        let with = score(&[Kind::Named, Kind::NoComment, Kind::Named], &[], &p);
        let without = score(&[Kind::Named, Kind::Named], &[], &p);
        assert_eq!(with, without);
        let vague_lede = score(
            &[Kind::Vague, Kind::Named, Kind::Named, Kind::Named],
            &[],
            &p,
        );
        let vague_tail = score(
            &[Kind::Named, Kind::Named, Kind::Named, Kind::Vague],
            &[],
            &p,
        );
        assert!(vague_lede < vague_tail);
    }

    #[test]
    fn an_empty_article_has_no_score_and_no_weighed_claim_scores_zero() {
        assert_eq!(score(&[], &[], &RulePack::builtin()), None);
        assert_eq!(
            score(&[Kind::NoComment], &[], &RulePack::builtin()),
            Some(0)
        );
    }
}
