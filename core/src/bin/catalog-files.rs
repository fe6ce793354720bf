//! Writes the shipped catalog as files into a folder (`connect_core::catalog_files`): `index.json`
//! for the picker and `providers/<name>.json` for each provider. scripts/postbuild.mjs runs it on
//! every build and names the folder after the files' hash.
//!
//!   cargo run -p connect-core --bin catalog-files -- DIR

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(dir) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: catalog-files DIR");
        return ExitCode::from(2);
    };
    for (path, text) in connect_core::catalog_files::files() {
        let file = dir.join(format!("{path}.json"));
        let written = file
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(&file, text));
        if let Err(error) = written {
            eprintln!("error: {}: {error}", file.display());
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}
