//! Connections survive a restart with the same database file; the binary prints its address once
//! and logs one line per request, without secrets.

use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, Stdio};

use dev_api::{Config, Database};
use serde_json::Value;

use crate::common::{Api, aircall, freshdesk, schemas};

const SECRET: &str = "ak_live_persist_0123456789";

#[tokio::test]
async fn in_process_restart_keeps_connections() {
    let folder = tempfile::tempdir().unwrap();
    let config = Config {
        db: Database::File(folder.path().join("missing/folder/dev.sqlite")),
        ..Config::for_tests()
    };
    let api = Api::with(config.clone()).await;
    api.generate(&aircall("c1", SECRET)).await.connection(201);
    api.generate(&freshdesk("c2", "correct-horse-ter2"))
        .await
        .connection(201);
    let before = api.list("").await;
    api.stop().await;

    let api = Api::with(config).await;
    assert_eq!(api.list("").await, before);
    // The identity index survived too.
    api.generate(&aircall("c1", SECRET)).await.problem(409);
    api.stop().await;
}

struct Running {
    child: Child,
    origin: String,
    stderr: std::thread::JoinHandle<String>,
}

fn spawn(args: &[&str]) -> Running {
    let mut child = Command::new(env!("CARGO_BIN_EXE_dev-api"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    let mut stderr = child.stderr.take().unwrap();
    // Drain the log as it comes, so the server never blocks on a full pipe.
    let stderr = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stderr.read_to_string(&mut text);
        text
    });
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let origin = line
        .trim_end()
        .strip_prefix("dev-api listening on ")
        .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
        .to_owned();
    let port: u16 = origin.strip_prefix("http://127.0.0.1:").unwrap().parse().unwrap();
    assert!(port > 0);
    Running { child, origin, stderr }
}

impl Running {
    /// SIGTERM, then the log.
    fn stop(mut self) -> String {
        let status = Command::new("kill").arg(self.child.id().to_string()).status().unwrap();
        assert!(status.success());
        let exit = self.child.wait().unwrap();
        assert!(exit.success(), "{exit:?}");
        self.stderr.join().unwrap()
    }
}

async fn list(client: &reqwest::Client, origin: &str) -> Value {
    let listed: Value = client
        .get(format!("{origin}/v1/projects/p/connections"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    testkit::assert_valid(&schemas().connections, &listed, "Connection[]");
    listed
}

#[tokio::test]
async fn the_binary_restarts_with_its_data() {
    let folder = tempfile::tempdir().unwrap();
    let db = folder.path().join("dev.sqlite");
    let db = db.to_str().unwrap();
    let client = reqwest::Client::new();

    let first = spawn(&["--port", "0", "--db", db]);
    let created = client
        .post(format!("{}/v1/projects/p/connections:generate", first.origin))
        .json(&aircall("c1", SECRET))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    let created: Value = created.json().await.unwrap();
    let before = list(&client, &first.origin).await;
    assert_eq!(before.as_array().unwrap().len(), 1);
    let log = first.stop();
    assert!(log.contains("POST /v1/projects/p/connections:generate 201 "), "{log}");
    assert!(log.contains("GET /v1/projects/p/connections 200 "), "{log}");
    assert!(!log.contains(SECRET) && !log.contains("last4"), "{log}");

    let second = spawn(&["--port", "0", "--db", db]);
    assert_eq!(list(&client, &second.origin).await, before);
    assert_eq!(before[0]["id"], created["id"]);
    second.stop();
}

#[test]
fn flags_are_checked() {
    let output = Command::new(env!("CARGO_BIN_EXE_dev-api"))
        .arg("--nope")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("--nope"));
    let output = Command::new(env!("CARGO_BIN_EXE_dev-api"))
        .arg("--help")
        .output()
        .unwrap();
    assert!(output.status.success());
    assert!(String::from_utf8_lossy(&output.stdout).contains("--allow-origin"));
}
