//! `--format sarif`: SARIF 2.1.0, for code-scanning dashboards. One rule per registered check,
//! with its rationale and its `explain` text as help.

use std::io::Write;

use serde_json::{json, Value};

use super::{Report, Severity};
use crate::checks::REGISTRY;

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A relative path as a URI reference: separators kept, everything unsafe percent-encoded.
fn uri(path: &str) -> String {
    let mut out = String::new();
    for b in path.replace('\\', "/").bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

pub fn to_value(report: &Report) -> Value {
    let rules: Vec<Value> = REGISTRY
        .iter()
        .map(|c| {
            json!({
                "id": c.id,
                "name": c.name,
                "shortDescription": { "text": c.summary },
                "fullDescription": { "text": c.rationale },
                "help": { "text": format!("{}\n\nWhy: {}\n\nFix: {}", c.summary, c.rationale, c.fix) },
                "defaultConfiguration": { "level": level(c.severity) }
            })
        })
        .collect();
    let mut results = Vec::new();
    for doc in &report.documents {
        for f in &doc.findings {
            let index = REGISTRY.iter().position(|c| c.id == f.id);
            // SARIF's end column is the one after the region's last character.
            let mut region = json!({
                "startLine": f.line.max(1),
                "startColumn": f.column.max(1),
                "endLine": f.end_line.max(f.line).max(1),
                "endColumn": f.end_column.saturating_add(1).max(1),
            });
            if f.end > f.start {
                region["byteOffset"] = json!(f.start);
                region["byteLength"] = json!(f.end - f.start);
            }
            let mut result = json!({
                "ruleId": f.id,
                "level": level(f.severity),
                "message": { "text": f.message },
                // Code scanning follows a finding across commits by this: the baseline's
                // fingerprint (check id and claim text, not line).
                "partialFingerprints": { "sourced/v1": crate::baseline::fingerprint(doc, f) },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": uri(&doc.path) },
                        "region": region
                    }
                }]
            });
            if let Some(i) = index {
                result["ruleIndex"] = json!(i);
            }
            results.push(result);
        }
    }
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "sourced",
                    "version": env!("CARGO_PKG_VERSION"),
                    "informationUri": "https://crates.io/crates/sourced",
                    "rules": rules
                }
            },
            "results": results
        }]
    })
}

pub fn render(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &to_value(report))?;
    writeln!(out)
}
