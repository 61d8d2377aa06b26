//! Which claim of the old draft became which claim of the new one.
//!
//! A text diff over the claims (patience, from the `similar` crate) pairs the sentences left as
//! they were. In each stretch the diff could not pair, edited sentences are paired by how many
//! of their words survive; what is still left over is looked for anywhere in the other draft,
//! so a paragraph moved up the story reads as moved, not as cut and added.

use std::collections::{HashMap, HashSet};

use std::time::{Duration, Instant};

use similar::{
    capture_diff_slices, capture_diff_slices_deadline, get_diff_ratio, Algorithm, DiffTag,
};

/// Share of words two sentences must have in common (similar's ratio: twice the words kept
/// over the words of both) to be one sentence edited.
pub const EDITED: f32 = 0.5;

/// The share for a sentence found elsewhere in the other draft: higher, since a pairing across
/// the whole article has many more sentences to pick from by chance.
pub const MOVED: f32 = 0.8;

/// The most time the diff over claims may take (see [`align`]).
const DIFF_DEADLINE: Duration = Duration::from_secs(2);

/// Pairs of sentences compared word by word in one stretch at most. Past it, a stretch is
/// paired only with sentences at about the same place in it (within [`WINDOW`]), so a draft
/// rewritten from top to bottom costs time in proportion to its length, not its square.
const MOST_PAIRS: usize = 40_000;
const WINDOW: usize = 25;

/// One step of the alignment, in the order of the new draft (a claim cut from the old one
/// stands where it was).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// The same claim in both drafts (`old`, `new`: indices into each draft's claims), its text
    /// the same or edited; `moved` when it changed place.
    Kept { old: usize, new: usize, moved: bool },
    /// A claim of the old draft with nothing in the new one.
    Removed(usize),
    /// A claim of the new draft with nothing in the old one.
    Added(usize),
}

/// A sentence as compared: white space folded, so re-wrapping a paragraph changes nothing.
pub fn folded(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A sentence's words for a fuzzy comparison (lower case, no punctuation), each a number
/// shared by both drafts, so comparing two sentences compares numbers, not strings.
struct Words {
    ids: Vec<u32>,
    /// The same, sorted: the words two sentences share, counted in one pass.
    sorted: Vec<u32>,
}

/// Numbers the words of both drafts' sentences.
#[derive(Default)]
struct Lexicon(HashMap<String, u32>);

impl Lexicon {
    fn words(&mut self, text: &str) -> Words {
        let ids: Vec<u32> = text
            .split_whitespace()
            .map(|w| {
                w.trim_matches(|c: char| !c.is_alphanumeric())
                    .to_lowercase()
            })
            .filter(|w| !w.is_empty())
            .map(|w| {
                let next = self.0.len() as u32;
                *self.0.entry(w).or_insert(next)
            })
            .collect();
        let mut sorted = ids.clone();
        sorted.sort_unstable();
        Words { ids, sorted }
    }
}

/// How many words two sorted lists share (each word as often as both have it).
fn shared(a: &[u32], b: &[u32]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// How alike two sentences are, 0 to 1 (twice the words kept in order over the words of
/// both), when it is at least `floor`. The words they share bound it from above, and are
/// counted first: most pairs of a stretch fall short without a diff.
fn likeness(a: &Words, b: &Words, floor: f32) -> Option<f32> {
    let total = a.ids.len() + b.ids.len();
    if total == 0 {
        return Some(1.0);
    }
    if (2 * shared(&a.sorted, &b.sorted)) as f32 / (total as f32) < floor {
        return None;
    }
    let ops = capture_diff_slices(Algorithm::Myers, &a.ids, &b.ids);
    Some(get_diff_ratio(&ops, a.ids.len(), b.ids.len())).filter(|&l| l >= floor)
}

/// Align two drafts' claims (their texts, in order).
pub fn align(old: &[&str], new: &[&str]) -> Vec<Step> {
    let old_folded: Vec<String> = old.iter().map(|t| folded(t)).collect();
    let new_folded: Vec<String> = new.iter().map(|t| folded(t)).collect();
    let mut lexicon = Lexicon::default();
    let old_words: Vec<Words> = old.iter().map(|t| lexicon.words(t)).collect();
    let new_words: Vec<Words> = new.iter().map(|t| lexicon.words(t)).collect();

    // The diff compares each sentence as a number (the same text, the same number).
    let mut numbers: HashMap<&str, u32> = HashMap::new();
    let mut ids: Vec<u32> = Vec::with_capacity(old.len() + new.len());
    for t in old_folded.iter().chain(&new_folded) {
        let next = numbers.len() as u32;
        ids.push(*numbers.entry(t.as_str()).or_insert(next));
    }
    let (old_ids, new_ids) = ids.split_at(old.len());
    // A deadline keeps a draft rewritten from top to bottom from taking the diff's worst case
    // (the square of its length): past it, the diff settles for a coarser answer.
    let deadline = Instant::now() + DIFF_DEADLINE;
    let mut steps = Vec::new();
    for op in capture_diff_slices_deadline(Algorithm::Patience, old_ids, new_ids, Some(deadline)) {
        let (tag, olds, news) = op.as_tag_tuple();
        match tag {
            DiffTag::Equal => steps.extend(olds.zip(news).map(|(o, n)| Step::Kept {
                old: o,
                new: n,
                moved: false,
            })),
            _ => steps.extend(pair_edited(&old_words, &new_words, olds, news)),
        }
    }
    pair_moved(&mut steps, &old_folded, &new_folded, &old_words, &new_words);
    steps
}

/// Pair the edited sentences of one stretch the diff left unpaired, best likeness first; the
/// rest are removed or added. Steps come in the new draft's order, a removed claim after the
/// claim paired before it.
fn pair_edited(
    old_words: &[Words],
    new_words: &[Words],
    olds: std::ops::Range<usize>,
    news: std::ops::Range<usize>,
) -> Vec<Step> {
    let near = olds.len() * news.len() > MOST_PAIRS;
    let mut candidates = Vec::new();
    for o in olds.clone() {
        for n in news.clone() {
            if near && (o - olds.start).abs_diff(n - news.start) > WINDOW {
                continue;
            }
            if let Some(l) = likeness(&old_words[o], &new_words[n], EDITED) {
                candidates.push((l, o, n));
            }
        }
    }
    let mut old_partner = vec![None; olds.len()];
    let mut new_partner = vec![None; news.len()];
    for (o, n) in best_pairs(candidates, olds.clone(), news.clone()) {
        old_partner[o - olds.start] = Some(n);
        new_partner[n - news.start] = Some(o);
    }
    // Each step gets a place among the new claims: a kept or added claim its own, a removed
    // one just after the new claim its nearest earlier old claim is paired with.
    let mut placed: Vec<(usize, u8, Step)> = Vec::new();
    let mut after = news.start;
    for o in olds.clone() {
        match old_partner[o - olds.start] {
            Some(n) => after = n + 1,
            None => placed.push((after, 0, Step::Removed(o))),
        }
    }
    for n in news.clone() {
        let step = match new_partner[n - news.start] {
            Some(o) => Step::Kept {
                old: o,
                new: n,
                moved: false,
            },
            None => Step::Added(n),
        };
        placed.push((n, 1, step));
    }
    placed.sort_by_key(|&(at, order, _)| (at, order));
    placed.into_iter().map(|(_, _, s)| s).collect()
}

/// Greedy pairing: the likeliest pair first, each claim in one pair at most; ties go to the
/// earlier claims, so the result never depends on the order candidates were found in.
fn best_pairs(
    mut candidates: Vec<(f32, usize, usize)>,
    olds: std::ops::Range<usize>,
    news: std::ops::Range<usize>,
) -> Vec<(usize, usize)> {
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut old_taken = vec![false; olds.len()];
    let mut new_taken = vec![false; news.len()];
    let mut pairs = Vec::new();
    for (_, o, n) in candidates {
        let (oi, ni) = (o - olds.start, n - news.start);
        if !old_taken[oi] && !new_taken[ni] {
            old_taken[oi] = true;
            new_taken[ni] = true;
            pairs.push((o, n));
        }
    }
    pairs
}

/// Claims removed in one place and added in another are one claim moved: the same text
/// first, then the likeliest pairs above [`MOVED`]. The moved claim takes the place of the
/// added one.
fn pair_moved(
    steps: &mut Vec<Step>,
    old_folded: &[String],
    new_folded: &[String],
    old_words: &[Words],
    new_words: &[Words],
) {
    let removed: Vec<usize> = steps
        .iter()
        .filter_map(|s| match s {
            Step::Removed(o) => Some(*o),
            _ => None,
        })
        .collect();
    let added: Vec<usize> = steps
        .iter()
        .filter_map(|s| match s {
            Step::Added(n) => Some(*n),
            _ => None,
        })
        .collect();
    if removed.is_empty() || added.is_empty() {
        return;
    }
    // The same text first: each added claim takes the first removed one with its text.
    let mut by_text: HashMap<&str, Vec<usize>> = HashMap::new();
    for &o in removed.iter().rev() {
        by_text.entry(old_folded[o].as_str()).or_default().push(o);
    }
    let mut moved_from: HashMap<usize, usize> = HashMap::new();
    let mut still_added = Vec::new();
    for &n in &added {
        match by_text.get_mut(new_folded[n].as_str()).and_then(Vec::pop) {
            Some(o) => {
                moved_from.insert(n, o);
            }
            None => still_added.push(n),
        }
    }
    let still_removed: Vec<usize> = by_text.into_values().flatten().collect();
    // Then the likeliest of the rest, when there are few enough to compare every pair.
    if still_removed.len() * still_added.len() <= MOST_PAIRS {
        let mut candidates = Vec::new();
        for &o in &still_removed {
            for &n in &still_added {
                if let Some(l) = likeness(&old_words[o], &new_words[n], MOVED) {
                    candidates.push((l, o, n));
                }
            }
        }
        for (o, n) in best_pairs(candidates, 0..old_folded.len(), 0..new_folded.len()) {
            moved_from.insert(n, o);
        }
    }
    if moved_from.is_empty() {
        return;
    }
    let moved_old: HashSet<usize> = moved_from.values().copied().collect();
    steps.retain(|s| !matches!(s, Step::Removed(o) if moved_old.contains(o)));
    for s in steps.iter_mut() {
        if let Step::Added(n) = *s {
            if let Some(&o) = moved_from.get(&n) {
                *s = Step::Kept {
                    old: o,
                    new: n,
                    moved: true,
                };
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kept(old: usize, new: usize) -> Step {
        Step::Kept {
            old,
            new,
            moved: false,
        }
    }

    #[test]
    fn the_same_claims_are_all_kept_in_place() {
        let d = ["A b c.", "D e f."];
        assert_eq!(align(&d, &d), [kept(0, 0), kept(1, 1)]);
    }

    #[test]
    fn re_wrapping_a_sentence_changes_nothing() {
        assert_eq!(align(&["A  b\nc."], &["A b c."]), [kept(0, 0)]);
    }

    #[test]
    fn an_edited_sentence_is_paired_with_its_old_self() {
        let old = [
            "The bridge will close in May.",
            "Jane Doe, the mayor, said the repairs would cost $4 million.",
            "The work starts on Monday.",
        ];
        let new = [
            "The bridge will close in May.",
            "A person familiar with the matter said the repairs would cost $4 million.",
            "The work starts on Monday.",
        ];
        assert_eq!(align(&old, &new), [kept(0, 0), kept(1, 1), kept(2, 2)]);
    }

    #[test]
    fn unlike_sentences_are_removed_and_added() {
        let old = ["Same.", "The council met on Tuesday to vote.", "End."];
        let new = ["Same.", "Critics say prices will rise.", "End."];
        assert_eq!(
            align(&old, &new),
            [kept(0, 0), Step::Removed(1), Step::Added(1), kept(2, 2)]
        );
    }

    #[test]
    fn a_moved_sentence_is_recognised() {
        let old = [
            "The bridge will close in May.",
            "The work starts on Monday.",
            "Jane Doe, the mayor, said the repairs were overdue.",
        ];
        let new = [
            "Jane Doe, the mayor, said the repairs were overdue.",
            "The bridge will close in May.",
            "The work starts on Monday.",
        ];
        assert_eq!(
            align(&old, &new),
            [
                Step::Kept {
                    old: 2,
                    new: 0,
                    moved: true
                },
                kept(0, 1),
                kept(1, 2),
            ]
        );
    }

    #[test]
    fn a_removed_claim_stands_where_it_was() {
        let old = ["One.", "Two is here.", "Three.", "Four is gone now."];
        let new = ["One.", "Three."];
        assert_eq!(
            align(&old, &new),
            [kept(0, 0), Step::Removed(1), kept(2, 1), Step::Removed(3)]
        );
    }

    #[test]
    fn every_claim_appears_once_whatever_the_drafts() {
        let pieces = [
            "A b c.",
            "A b d.",
            "X y z w.",
            "Q.",
            "Jane Doe said so.",
            "Jane Doe said no.",
        ];
        for (k, (old, new)) in crate::mixes(&pieces, 200, 9, 11)
            .into_iter()
            .zip(crate::mixes(&pieces, 200, 9, 29))
            .enumerate()
        {
            let steps = align(&old, &new);
            let mut olds: Vec<usize> = Vec::new();
            let mut news: Vec<usize> = Vec::new();
            for s in &steps {
                match *s {
                    Step::Kept { old, new, .. } => {
                        olds.push(old);
                        news.push(new);
                    }
                    Step::Removed(o) => olds.push(o),
                    Step::Added(n) => news.push(n),
                }
            }
            // Every new claim once, in order; every old claim once.
            assert_eq!(news, (0..new.len()).collect::<Vec<_>>(), "mix {k}");
            olds.sort();
            assert_eq!(olds, (0..old.len()).collect::<Vec<_>>(), "mix {k}");
        }
    }
}
