//! Validates a JSON document on standard input against one type of the reference schema, for the
//! browser tests: `schema-check GenerateConnectionRequest < body.json`. Prints each error and exits
//! with 1 when the document is not valid.

use std::io::Read;

fn main() {
    let Some(definition) = std::env::args().nth(1) else {
        eprintln!("usage: schema-check DEFINITION < document.json");
        std::process::exit(2);
    };
    let mut text = String::new();
    std::io::stdin().read_to_string(&mut text).expect("standard input");
    let document: serde_json::Value = match serde_json::from_str(&text) {
        Ok(document) => document,
        Err(error) => {
            eprintln!("not JSON: {error}");
            std::process::exit(1);
        }
    };
    let validator = testkit::validator(&definition);
    let errors: Vec<String> = validator
        .iter_errors(&document)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect();
    for error in &errors {
        eprintln!("{error}");
    }
    std::process::exit(i32::from(!errors.is_empty()));
}
