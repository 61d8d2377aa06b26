//! The outlet an article declares itself: `outlet:` or `publisher:` in Markdown front matter,
//! else a copyright or credit line (`© The Asia Business Daily. All rights reserved.`). The
//! attribution stage treats the outlet's citations of itself as on the record, not relayed.

use super::InputFormat;

/// The outlet `source` (the decoded file) declares, if any.
pub fn declared(source: &str, format: InputFormat) -> Option<String> {
    let front = match format {
        InputFormat::Markdown => front_matter(source),
        _ => None,
    };
    front.or_else(|| copyright_line(source))
}

/// `outlet: Name` or `publisher: Name` in a `---` front-matter block at the top of the file.
fn front_matter(source: &str) -> Option<String> {
    let mut lines = source.trim_start_matches('\u{feff}').lines();
    if lines.next()?.trim_end() != "---" {
        return None;
    }
    for line in lines.take(200) {
        let line = line.trim_end();
        if line == "---" || line == "..." {
            break;
        }
        for key in ["outlet:", "publisher:"] {
            if let Some(v) = line.strip_prefix(key) {
                let v = v.trim().trim_matches(|c| c == '"' || c == '\'').trim();
                if !v.is_empty() {
                    return Some(v.to_string());
                }
            }
        }
    }
    None
}

/// The holder named by the first line that opens with `©`, `(c)` or `Copyright`: the words
/// after the sign and any year, up to a full stop, a parenthesis, a `|` or "All rights".
fn copyright_line(source: &str) -> Option<String> {
    let finder = memchr::memmem::Finder::new("©");
    let at = finder
        .find(source.as_bytes())
        .or_else(|| memchr::memmem::find(source.as_bytes(), b"Copyright"))?;
    let line_start = source[..at].rfind('\n').map_or(0, |i| i + 1);
    let line = source[line_start..].lines().next()?.trim();
    let rest = ["©", "Copyright", "(c)", "(C)"]
        .iter()
        .fold(line, |l, sign| l.trim_start_matches(sign).trim_start());
    if rest.len() == line.len() {
        return None;
    }
    let rest =
        rest.trim_start_matches(|c: char| c.is_ascii_digit() || c == '-' || c == ' ' || c == '©');
    let end = rest
        .find(['(', '|', '.'])
        .into_iter()
        .chain(rest.find("All rights"))
        .min()
        .unwrap_or(rest.len());
    let name = rest[..end].trim().trim_end_matches(',').trim();
    (!name.is_empty() && name.len() <= 80).then(|| name.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_names_the_outlet() {
        let md = "---\ntitle: Budget\noutlet: \"Valley Courier\"\n---\n# Budget\n";
        assert_eq!(
            declared(md, InputFormat::Markdown).as_deref(),
            Some("Valley Courier")
        );
        let md = "---\npublisher: Harbor Daily\n---\nText.";
        assert_eq!(
            declared(md, InputFormat::Markdown).as_deref(),
            Some("Harbor Daily")
        );
        assert_eq!(declared("No front matter.", InputFormat::Markdown), None);
    }

    #[test]
    fn a_copyright_line_names_the_holder() {
        let t =
            "The minister said so.\n\n© The Harbor Daily(www.example.com). All rights reserved.\n";
        assert_eq!(
            declared(t, InputFormat::Text).as_deref(),
            Some("The Harbor Daily")
        );
        let t = "Text.\nCopyright 2024 Valley Courier. All rights reserved.";
        assert_eq!(
            declared(t, InputFormat::Text).as_deref(),
            Some("Valley Courier")
        );
        assert_eq!(
            declared("Prices rose. Copyright law is old.", InputFormat::Text),
            None
        );
    }
}
