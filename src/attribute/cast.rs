//! The article's cast: every source met so far, so that "he added", "the outlet explained" and
//! "according to the source" resolve to the last fitting one.
//!
//! Lookups by name go through hash indexes and resolution looks only at the most recently seen
//! members, so the cost per claim does not grow with the length of the article.

use std::borrow::Cow;

/// What a source is, before the claim's kind is decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Person,
    Organization,
    Outlet,
    Anonymous,
    Vague,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gender {
    Male,
    Female,
}

#[derive(Debug, Clone)]
pub struct Member {
    /// The name as the article first gives it in full ("Andrei Lankov", "a high-level source").
    pub name: String,
    pub role: Role,
    pub gender: Option<Gender>,
    /// Role nouns from titles and appositives ("professor", "spokesman").
    pub titles: Vec<String>,
    /// The outlet it was reported through, if any.
    pub via: Option<String>,
    /// Where it last spoke or was mentioned: claim index × 4096 + token position, so that
    /// of two people named in one claim the later one is the nearer.
    pub last_seen: usize,
    /// Index of the claim where it was first met.
    pub first_seen: usize,
    /// It has spoken (been the source of a claim), not only been mentioned.
    pub spoke: bool,
    pub plural: bool,
}

/// The last word of a lower-case name, without "Jr.", "Sr." or a numeral.
fn surname(name: &str) -> Option<&str> {
    name.split_whitespace()
        .rev()
        .map(|w| w.trim_end_matches(','))
        .find(|w| !matches!(*w, "jr." | "jr" | "sr." | "sr" | "ii" | "iii" | "iv"))
}

/// Members under lower-case keys (names, surnames, name endings), oldest first. The keys are
/// written one after another in one string and the members under a key kept inline (nearly
/// always one): a worker's cast is emptied, not dropped, between articles, so once its tables
/// have grown, indexing a name met for the first time allocates nothing.
#[derive(Debug, Default)]
struct NameIndex {
    keys: String,
    table: hashbrown::HashTable<Entry>,
}

#[derive(Debug)]
struct Entry {
    /// Where the key is in [`NameIndex::keys`].
    key: std::ops::Range<usize>,
    first: usize,
    /// Any later members, oldest first.
    more: Vec<usize>,
}

impl NameIndex {
    fn hash(key: &str) -> u64 {
        use std::hash::BuildHasher;
        rustc_hash::FxBuildHasher.hash_one(key)
    }

    /// Add member `i` under `key`, unless it is already the last one there (indexes are built
    /// in order; a stray duplicate from a renamed member is harmless).
    fn add(&mut self, key: &str, i: usize) {
        let hash = Self::hash(key);
        let keys = &self.keys;
        match self.table.find_mut(hash, |e| keys[e.key.clone()] == *key) {
            Some(e) => {
                if *e.more.last().unwrap_or(&e.first) != i {
                    e.more.push(i);
                }
            }
            None => {
                let start = self.keys.len();
                self.keys.push_str(key);
                let entry = Entry {
                    key: start..self.keys.len(),
                    first: i,
                    more: Vec::new(),
                };
                let keys = &self.keys;
                self.table
                    .insert_unique(hash, entry, |e| Self::hash(&keys[e.key.clone()]));
            }
        }
    }

    /// The members under `key`, most recent first.
    fn newest_first(&self, key: &str) -> impl Iterator<Item = usize> + '_ {
        self.table
            .find(Self::hash(key), |e| self.keys[e.key.clone()] == *key)
            .into_iter()
            .flat_map(|e| e.more.iter().rev().copied().chain([e.first]))
    }

    fn clear(&mut self) {
        self.keys.clear();
        self.table.clear();
    }
}

/// The claim index of a `last_seen` / `first_seen` position.
pub fn claim_of(seen: usize) -> usize {
    seen >> 12
}

/// The token position a claim's source is seen at: after every mention in the claim.
pub const SALIENT: usize = 4095;

/// A position for `last_seen`: claim index and token position.
pub fn seen_at(claim: usize, token: usize) -> usize {
    (claim << 12) + token.min(4095)
}

/// How many of the most recently seen members pronoun and role-noun resolution considers: the
/// cast of a long article grows without bound, the antecedent of "he" does not.
const RECENT: usize = 64;

#[derive(Debug, Default)]
pub struct Cast {
    members: Vec<Member>,
    /// Lower-case full name (without a leading "the") → members, oldest first.
    by_name: NameIndex,
    /// Lower-case surname → persons.
    by_surname: NameIndex,
    /// Every word-final part of an organization's or outlet's name ("state department",
    /// "department") → members.
    by_suffix: NameIndex,
    /// The most recently seen members, most recent last.
    recent: Vec<usize>,
    /// Members the article showed to be bodies after meeting them as persons.
    retyped: Vec<usize>,
    /// Bodies the article names as a document's issuer ("a survey by X", "the X poll"), with
    /// the claim that names them.
    issuers: Vec<(usize, String)>,
}

/// A lower-case name without a leading "the ": the key every index of the cast is under.
fn strip_the(lower: &str) -> &str {
    lower.strip_prefix("the ").unwrap_or(lower)
}

/// A name's key (see [`strip_the`]) as an owned string.
fn key_of(name: &str) -> String {
    let mut k = name.to_lowercase();
    let cut = k.len() - strip_the(&k).len();
    k.drain(..cut);
    k
}

/// The key of a one-word name from the token that spells it: its lower-case form, unless the
/// word has a typographic apostrophe (which the token's form straightens and a key keeps).
pub fn key_of_token<'t>(t: &'t super::tokens::Token) -> Cow<'t, str> {
    if t.text.contains('\u{2019}') {
        Cow::Owned(key_of(t.base()))
    } else {
        Cow::Borrowed(t.lower.as_ref())
    }
}

impl Cast {
    /// Forget every member but keep the memory, so the next article's cast starts warm.
    pub fn clear(&mut self) {
        // Destructured, so that a field added later cannot be forgotten here.
        let Cast {
            members,
            by_name,
            by_surname,
            by_suffix,
            recent,
            retyped,
            issuers,
        } = self;
        members.clear();
        by_name.clear();
        by_surname.clear();
        by_suffix.clear();
        recent.clear();
        retyped.clear();
        issuers.clear();
    }

    /// Record a source or a mention; returns its index. A person met again by surname merges.
    pub fn meet(&mut self, mut m: Member) -> usize {
        // The key on the stack (a short name): meeting a source allocates no key.
        let lower = crate::segment::Lower::unicode(&m.name);
        let key = strip_the(&lower);
        if let Some(i) = self.find_same(&m, key) {
            let e = &mut self.members[i];
            e.last_seen = e.last_seen.max(m.last_seen);
            e.spoke |= m.spoke;
            if e.gender.is_none() {
                e.gender = m.gender;
            }
            for t in m.titles.drain(..) {
                if !e.titles.contains(&t) {
                    e.titles.push(t);
                }
            }
            if e.via.is_none() {
                e.via = m.via;
            }
            // Prefer the fuller name.
            if m.name.split_whitespace().count() > e.name.split_whitespace().count()
                && e.role == Role::Person
            {
                e.name = m.name;
                self.index(i, key);
            }
            self.seen(i);
            return i;
        }
        // The article calls a bare name a body ("electronics firm Hitachi" after the headline's
        // "Hitachi unveils ..."): it was one all along.
        if m.role == Role::Organization {
            let bare = self
                .by_name
                .newest_first(key)
                .find(|&i| self.is_bare_person(i));
            if let Some(i) = bare {
                self.retype_as_body(i);
                let e = &mut self.members[i];
                e.last_seen = e.last_seen.max(m.last_seen);
                self.seen(i);
                return i;
            }
        }
        self.members.push(m);
        let i = self.members.len() - 1;
        self.index(i, key);
        self.seen(i);
        i
    }

    /// Index member `i` under `key`, the [`key_of`] its name.
    fn index(&mut self, i: usize, key: &str) {
        self.by_name.add(key, i);
        match self.members[i].role {
            Role::Person => {
                if let Some(s) = surname(key) {
                    self.by_surname.add(s, i);
                }
            }
            Role::Organization | Role::Outlet => self.index_suffixes(i, key),
            _ => {}
        }
    }

    /// Index body `i` under every word-final part of `key`.
    fn index_suffixes(&mut self, i: usize, key: &str) {
        let mut rest = key;
        loop {
            self.by_suffix.add(rest, i);
            match rest.split_once(' ') {
                Some((_, tail)) if !tail.is_empty() => rest = tail,
                _ => break,
            }
        }
    }

    /// Move member `i` to the end of the recency list.
    fn seen(&mut self, i: usize) {
        if let Some(p) = self.recent.iter().position(|&x| x == i) {
            self.recent.remove(p);
        }
        self.recent.push(i);
        if self.recent.len() > RECENT {
            self.recent.remove(0);
        }
    }

    /// The member `m` is another mention of, given the [`key_of`] its name.
    fn find_same(&self, m: &Member, key: &str) -> Option<usize> {
        let same_role = |index: &NameIndex, key: &str| {
            index
                .newest_first(key)
                .find(|&i| self.members[i].role == m.role)
        };
        let exact = same_role(&self.by_name, key);
        if m.role == Role::Person {
            let by_surname = surname(key).and_then(|s| same_role(&self.by_surname, s));
            return exact.max(by_surname);
        }
        exact
    }

    pub fn get(&self, i: usize) -> &Member {
        &self.members[i]
    }

    /// Mark member `i` as mentioned at `seen`.
    pub fn touch(&mut self, i: usize, seen: usize) {
        let m = &mut self.members[i];
        m.last_seen = m.last_seen.max(seen);
        self.seen(i);
    }

    /// Whether member `i` is a person known by a bare name only: one word, no title, no first
    /// name, no gender — what an unknown company or country looks like too ("Hartwell said").
    pub fn is_bare_person(&self, i: usize) -> bool {
        let m = &self.members[i];
        m.role == Role::Person
            && m.gender.is_none()
            && m.titles.is_empty()
            && !m.plural
            && !m.name.contains(' ')
    }

    /// The article has shown that bare-named member `i` is a body, not a person ("Hartwell's
    /// shares", "Hartwell said it would"): it is one from now on, and
    /// [`Cast::retyped_bodies`] names it so that the claims already given to it follow.
    pub fn retype_as_body(&mut self, i: usize) {
        if !self.is_bare_person(i) {
            return;
        }
        self.members[i].role = Role::Organization;
        let lower = crate::segment::Lower::unicode(&self.members[i].name);
        let key = strip_the(&lower).to_string();
        self.index_suffixes(i, &key);
        self.retyped.push(i);
    }

    /// The names of members retyped from person to body, in the article so far.
    pub fn retyped_bodies(&self) -> impl Iterator<Item = &str> {
        self.retyped.iter().map(|&i| self.members[i].name.as_str())
    }

    /// `name` issued a document named in claim `claim`.
    pub fn note_issuer(&mut self, claim: usize, name: String) {
        if !self.issuers.iter().any(|(_, n)| *n == name) {
            self.issuers.push((claim, name));
        }
    }

    /// The issuer named nearest claim `claim`, if the article names any.
    pub fn issuer_near(&self, claim: usize) -> Option<&str> {
        self.issuers
            .iter()
            .min_by_key(|(c, _)| c.abs_diff(claim))
            .map(|(_, n)| n.as_str())
    }

    /// A description of member `i` the article gives ("a professor at Kookmin University").
    pub fn add_title(&mut self, i: usize, title: String) {
        let titles = &mut self.members[i].titles;
        if titles.len() < 8 && !titles.contains(&title) {
            titles.push(title);
        }
    }

    pub fn set_gender(&mut self, i: usize, g: Gender) {
        if self.members[i].gender.is_none() {
            self.members[i].gender = Some(g);
        }
    }

    /// A person whose surname (last word) or full name is `name`.
    pub fn person_by_name(&self, name: &str) -> Option<usize> {
        self.person_by_key(strip_the(&crate::segment::Lower::unicode(name)))
    }

    /// A person whose name or surname has this key (see [`key_of`]).
    pub fn person_by_key(&self, key: &str) -> Option<usize> {
        let person = |index: &NameIndex| {
            index
                .newest_first(key)
                .find(|&i| self.members[i].role == Role::Person)
        };
        person(&self.by_name).max(person(&self.by_surname))
    }

    /// An organization or outlet called `name`, or whose name ends with it as a whole word
    /// ("Department" finds "U.S. State Department"; "Trump" does not find "Trump University"),
    /// or whose name `name` ends with ("the Sejong Institute's" finds "Sejong Institute").
    pub fn body_by_name(&self, name: &str) -> Option<usize> {
        let lower = crate::segment::Lower::unicode(name);
        let key = strip_the(&lower);
        let body = |index: &NameIndex, key: &str| {
            index
                .newest_first(key)
                .find(|&i| matches!(self.members[i].role, Role::Organization | Role::Outlet))
        };
        let mut best = body(&self.by_suffix, key);
        let mut rest = key;
        while let Some((_, tail)) = rest.split_once(' ') {
            best = best.max(body(&self.by_name, tail));
            rest = tail;
        }
        best
    }

    /// The recently seen members, most recent last.
    fn recent(&self) -> impl Iterator<Item = (usize, &Member)> {
        self.recent.iter().map(|&i| (i, &self.members[i]))
    }

    /// The last person who fits `he`/`she`: a speaker first, else anyone mentioned recently.
    pub fn resolve_person(&self, gender: Option<Gender>, now: usize) -> Option<usize> {
        let fits = |e: &Member| {
            e.role == Role::Person
                && !e.plural
                && (gender.is_none() || e.gender.is_none() || e.gender == gender)
        };
        let speaker = self
            .recent()
            .filter(|(_, e)| fits(e) && e.spoke && now.saturating_sub(claim_of(e.last_seen)) <= 12)
            .max_by_key(|(_, e)| e.last_seen)
            .map(|(i, _)| i);
        let mentioned = self
            .recent()
            .filter(|(_, e)| fits(e) && now.saturating_sub(claim_of(e.last_seen)) <= 3)
            .max_by_key(|(_, e)| e.last_seen)
            .map(|(i, _)| i);
        match (speaker, mentioned) {
            (Some(s), Some(m)) => {
                // A person named after the last speaker spoke, in the last two claims, is nearer.
                let (ms, ss) = (&self.members[m], &self.members[s]);
                let recent = now.saturating_sub(claim_of(ms.last_seen)) <= 3;
                // Someone first named in a claim after the speaker's last one, not inside the
                // speaker's own claim ("Ward said ... Chairman Kim ..." keeps Ward).
                let new_face = ms.gender.is_none()
                    && claim_of(ms.first_seen) + 1 >= now
                    && claim_of(ms.last_seen) > claim_of(ss.last_seen);
                let speaker_misfits = ss.gender.is_some() && ss.gender != gender;
                if ms.last_seen > ss.last_seen
                    && recent
                    && (ms.gender.is_some() && ms.gender == gender || speaker_misfits || new_face)
                {
                    Some(m)
                } else {
                    Some(s)
                }
            }
            (s, m) => s.or(m),
        }
    }

    /// The last member of one of `roles` that spoke, optionally with a title.
    pub fn resolve_role(
        &self,
        roles: &[Role],
        title: Option<&str>,
        plural: Option<bool>,
    ) -> Option<usize> {
        let pick = |need_title: bool| {
            self.recent()
                .filter(|(_, e)| roles.contains(&e.role))
                .filter(|(_, e)| plural.is_none_or(|p| p == e.plural))
                .filter(|(_, e)| {
                    // "the president" is not the vice president.
                    !need_title
                        || title.is_some_and(|t| {
                            e.titles.iter().any(|x| x == t) && !e.titles.iter().any(|x| x == "vice")
                        })
                })
                .max_by_key(|(_, e)| (e.spoke, e.last_seen))
                .map(|(i, _)| i)
        };
        if title.is_some() {
            if let Some(i) = pick(true) {
                return Some(i);
            }
        }
        pick(false)
    }

    /// The last speaker of any kind (for "they said", "it said").
    pub fn last_speaker(&self, roles: &[Role]) -> Option<usize> {
        self.recent()
            .filter(|(_, e)| e.spoke && roles.contains(&e.role))
            .max_by_key(|(_, e)| e.last_seen)
            .map(|(i, _)| i)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The name index answers as a map of keys to lists of members (oldest first, no member
    /// twice in a row) would, across growth of its table and after being emptied.
    #[test]
    fn name_index_answers_as_a_map_of_lists() {
        let mut index = NameIndex::default();
        for round in 0..2 {
            let mut want: std::collections::HashMap<String, Vec<usize>> = Default::default();
            // Enough keys to make the table grow several times; some met again and again.
            for i in 0..3000 {
                let key = format!("name {}", (i * 7919 + round) % 1000);
                for member in [i, i, i / 3] {
                    index.add(&key, member);
                    let list = want.entry(key.clone()).or_default();
                    if list.last() != Some(&member) {
                        list.push(member);
                    }
                }
            }
            for (key, list) in &want {
                let got: Vec<usize> = index.newest_first(key).collect();
                let newest_first: Vec<usize> = list.iter().rev().copied().collect();
                assert_eq!(got, newest_first, "{key}");
            }
            assert_eq!(index.newest_first("no such name").count(), 0);
            assert_eq!(index.newest_first("").count(), 0);
            index.clear();
            assert_eq!(index.newest_first("name 1").count(), 0);
        }
    }
}
