//! The article's own outlet: its citations of itself ("according to a list USA TODAY
//! assembled") are `organization`, never `relayed`, and it is never a claim's `via`.
//!
//! The names come from the command line, the config, or the article itself (front matter, HTML
//! meta, a copyright line); the input stage finds them, this module only matches them.

/// The outlet's names, each as words in lower case without a leading "the".
#[derive(Debug, Clone, Default)]
pub struct OwnOutlet {
    names: Vec<Vec<String>>,
}

fn words(name: &str) -> Vec<String> {
    let lower = name.to_lowercase();
    let mut words: Vec<String> = lower
        .split(|c: char| c.is_whitespace() || c == '.' || c == ',')
        .map(|w| w.trim_end_matches("'s").trim_end_matches("’s").to_string())
        .filter(|w| !w.is_empty())
        .collect();
    if words.first().is_some_and(|w| w == "the") {
        words.remove(0);
    }
    words
}

impl OwnOutlet {
    pub fn new<S: AsRef<str>>(names: &[S]) -> Self {
        OwnOutlet {
            names: names
                .iter()
                .map(|n| words(n.as_ref()))
                .filter(|w| !w.is_empty())
                .collect(),
        }
    }

    pub fn is_known(&self) -> bool {
        !self.names.is_empty()
    }

    /// Whether an outlet the article names is its own: the same words, one name the start or
    /// the end of the other ("BBC" and "BBC News", "The Post" and "The Washington Post"), or
    /// the initials of the other ("NYT").
    pub fn is(&self, name: &str) -> bool {
        if !self.is_known() {
            return false;
        }
        let n = words(name);
        !n.is_empty()
            && self.names.iter().any(|o| {
                let (short, long) = if n.len() <= o.len() { (&n, o) } else { (o, &n) };
                long.starts_with(short)
                    || long.ends_with(short)
                    || short.len() == 1 && initials(long) == short[0]
            })
    }
}

fn initials(words: &[String]) -> String {
    words.iter().filter_map(|w| w.chars().next()).collect()
}

#[cfg(test)]
mod tests {
    use super::OwnOutlet;

    #[test]
    fn matches_short_and_long_forms() {
        let own = OwnOutlet::new(&["The Washington Post"]);
        assert!(own.is("the Post"));
        assert!(own.is("Washington Post"));
        assert!(own.is("The Washington Post's"));
        assert!(!own.is("New York Post"));
        assert!(!own.is("Financial Times"));
        let own = OwnOutlet::new(&["The New York Times"]);
        assert!(own.is("NYT"));
        assert!(own.is("the Times"));
        let own = OwnOutlet::new(&["BBC"]);
        assert!(own.is("BBC News"));
        assert!(own.is("BBC Radio 4"));
        assert!(!own.is("CNN"));
        assert!(!OwnOutlet::default().is("BBC"));
    }
}
