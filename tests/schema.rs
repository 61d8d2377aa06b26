//! The JSON report against its JSON Schema (`schema/report.schema.json`): every sample's
//! report, an empty article's, and every line of `--format jsonl`.

use std::process::Command;

fn schema() -> serde_json::Value {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/schema/report.schema.json"
    ))
    .unwrap();
    serde_json::from_str(&text).unwrap()
}

fn report(format: &str, paths: &[String]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_sourced"))
        .args(["check", "--isolated", "--exit-zero", "--format", format])
        .args(paths)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn errors(validator: &jsonschema::Validator, value: &serde_json::Value) -> Vec<String> {
    validator
        .iter_errors(value)
        .map(|e| format!("{e} at {}", e.instance_path))
        .collect()
}

#[test]
fn every_samples_report_validates_against_the_schema() {
    let validator = jsonschema::validator_for(&schema()).unwrap();
    let mut samples: Vec<String> = std::fs::read_dir("samples")
        .unwrap()
        .map(|e| e.unwrap().path().to_string_lossy().into_owned())
        .collect();
    samples.sort();
    assert!(samples.len() >= 10);
    let empty = std::env::temp_dir().join(format!("sourced-schema-{}.txt", std::process::id()));
    std::fs::write(&empty, "").unwrap();
    let mut inputs: Vec<Vec<String>> = samples.iter().map(|s| vec![s.clone()]).collect();
    inputs.push(vec![empty.to_string_lossy().into_owned()]);
    inputs.push(samples.clone());
    for paths in &inputs {
        let value: serde_json::Value = serde_json::from_str(&report("json", paths)).unwrap();
        let errors = errors(&validator, &value);
        assert!(errors.is_empty(), "{paths:?}: {errors:#?}");
    }
    // The schema is strict: a field it does not know fails, so it keeps up with the report.
    let mut value: serde_json::Value =
        serde_json::from_str(&report("json", &samples[..1])).unwrap();
    value["documents"][0]["claims"][0]["extra"] = serde_json::json!(1);
    assert!(!validator.is_valid(&value));
    // Each line of jsonl is a document.
    let mut document = schema();
    document["$ref"] = serde_json::json!("#/$defs/document");
    for key in ["type", "required", "additionalProperties", "properties"] {
        document.as_object_mut().unwrap().remove(key);
    }
    let validator = jsonschema::validator_for(&document).unwrap();
    for line in report("jsonl", &samples).lines() {
        let value: serde_json::Value = serde_json::from_str(line).unwrap();
        let errors = errors(&validator, &value);
        assert!(errors.is_empty(), "{errors:#?}");
    }
}
