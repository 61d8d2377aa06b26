//! The article's cast: every source met so far, so that "he added", "the outlet explained" and
//! "according to the source" resolve to the last fitting one.

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
fn surname(name: &str) -> Option<String> {
    name.split_whitespace()
        .rev()
        .map(|w| w.trim_end_matches(','))
        .find(|w| !matches!(*w, "jr." | "jr" | "sr." | "sr" | "ii" | "iii" | "iv"))
        .map(str::to_string)
}

/// The claim index of a `last_seen` / `first_seen` position.
pub fn claim_of(seen: usize) -> usize {
    seen >> 12
}

/// A position for `last_seen`: claim index and token position.
pub fn seen_at(claim: usize, token: usize) -> usize {
    (claim << 12) + token.min(4095)
}

#[derive(Debug, Default)]
pub struct Cast {
    members: Vec<Member>,
}

impl Cast {
    /// Record a source or a mention; returns its index. A person met again by surname merges.
    pub fn meet(&mut self, mut m: Member) -> usize {
        if let Some(i) = self.find_same(&m) {
            let e = &mut self.members[i];
            e.last_seen = m.last_seen;
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
            }
            return i;
        }
        self.members.push(m);
        self.members.len() - 1
    }

    fn find_same(&self, m: &Member) -> Option<usize> {
        let key = m.name.to_lowercase();
        self.members.iter().rposition(|e| {
            if e.role != m.role {
                return false;
            }
            let ek = e.name.to_lowercase();
            if ek == key {
                return true;
            }
            if m.role == Role::Person {
                let last_e = surname(&ek);
                return last_e.is_some() && last_e == surname(&key);
            }
            false
        })
    }

    pub fn get(&self, i: usize) -> &Member {
        &self.members[i]
    }

    /// Mark member `i` as mentioned at `seen`.
    pub fn touch(&mut self, i: usize, seen: usize) {
        let m = &mut self.members[i];
        m.last_seen = m.last_seen.max(seen);
    }

    pub fn set_gender(&mut self, i: usize, g: Gender) {
        if self.members[i].gender.is_none() {
            self.members[i].gender = Some(g);
        }
    }

    /// A person whose surname (last word) or full name is `name`.
    pub fn person_by_name(&self, name: &str) -> Option<usize> {
        let key = name.to_lowercase();
        self.members.iter().rposition(|e| {
            e.role == Role::Person
                && (e.name.to_lowercase() == key
                    || surname(&e.name.to_lowercase()).as_deref() == Some(key.as_str()))
        })
    }

    /// An organization or outlet called `name`, or whose name ends with it as a whole word
    /// ("Department" finds "U.S. State Department"; "Trump" does not find "Trump University").
    pub fn body_by_name(&self, name: &str) -> Option<usize> {
        let key = name.to_lowercase();
        let key = key.trim_start_matches("the ");
        self.members.iter().rposition(|e| {
            let n = e.name.to_lowercase();
            let n = n.trim_start_matches("the ");
            matches!(e.role, Role::Organization | Role::Outlet)
                && (n == key || n.ends_with(&format!(" {key}")) || key.ends_with(&format!(" {n}")))
        })
    }

    /// The last person who fits `he`/`she`: a speaker first, else anyone mentioned recently.
    pub fn resolve_person(&self, gender: Option<Gender>, now: usize) -> Option<usize> {
        let fits = |e: &Member| {
            e.role == Role::Person
                && !e.plural
                && (gender.is_none() || e.gender.is_none() || e.gender == gender)
        };
        let speaker = self
            .members
            .iter()
            .enumerate()
            .filter(|(_, e)| fits(e) && e.spoke && now.saturating_sub(claim_of(e.last_seen)) <= 12)
            .max_by_key(|(_, e)| e.last_seen)
            .map(|(i, _)| i);
        let mentioned = self
            .members
            .iter()
            .enumerate()
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
            self.members
                .iter()
                .enumerate()
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
        self.members
            .iter()
            .enumerate()
            .filter(|(_, e)| e.spoke && roles.contains(&e.role))
            .max_by_key(|(_, e)| e.last_seen)
            .map(|(i, _)| i)
    }
}
