//! `--format junit`: JUnit XML, which every CI system can show: one test suite per article,
//! one failing test case per finding at warning or error, a passing case when there are none.

use std::io::Write;

use super::{Report, Severity};

fn xml(s: &str) -> String {
    super::escape_markup(s)
}

pub fn render(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    let failing = |s: Severity| s >= Severity::Warning;
    let tests: usize = report
        .documents
        .iter()
        .map(|d| d.findings.len().max(1))
        .sum();
    let failures: usize = report
        .documents
        .iter()
        .map(|d| d.findings.iter().filter(|f| failing(f.severity)).count())
        .sum();
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<testsuites name="sourced" tests="{tests}" failures="{failures}">"#
    )?;
    for doc in &report.documents {
        let path = xml(&doc.path);
        let n = doc.findings.len().max(1);
        let f = doc.findings.iter().filter(|f| failing(f.severity)).count();
        writeln!(
            out,
            r#"  <testsuite name="{path}" tests="{n}" failures="{f}">"#
        )?;
        writeln!(
            out,
            r#"    <properties><property name="score" value="{}"/><property name="verdict" value="{}"/></properties>"#,
            doc.score.map_or(String::new(), |s| s.to_string()),
            xml(&doc.verdict)
        )?;
        if doc.findings.is_empty() {
            writeln!(out, r#"    <testcase classname="{path}" name="sourcing"/>"#)?;
        }
        for f in &doc.findings {
            let name = xml(&format!("{} {}:{}", f.id, f.line, f.column));
            if failing(f.severity) {
                writeln!(out, r#"    <testcase classname="{path}" name="{name}">"#)?;
                writeln!(
                    out,
                    r#"      <failure type="{}" message="{}">{}:{}:{}: {}[{}] {}</failure>"#,
                    f.id,
                    xml(&f.message),
                    path,
                    f.line,
                    f.column,
                    f.severity,
                    f.id,
                    xml(&f.message)
                )?;
                writeln!(out, "    </testcase>")?;
            } else {
                writeln!(
                    out,
                    r#"    <testcase classname="{path}" name="{name}"><system-out>{}</system-out></testcase>"#,
                    xml(&f.message)
                )?;
            }
        }
        writeln!(out, "  </testsuite>")?;
    }
    writeln!(out, "</testsuites>")
}
