//! Many requests at once: distinct end users all connect; duplicates make exactly one connection.

use std::collections::HashSet;
use std::sync::Arc;

use crate::common::{Api, aircall};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_hundred_distinct_consumers() {
    let api = Arc::new(Api::start().await);
    let calls = (0..200).map(|n| {
        let api = Arc::clone(&api);
        tokio::spawn(async move { api.generate(&aircall(&format!("c{n}"), "ak_live_0123456789")).await })
    });
    let mut ids = HashSet::new();
    for call in calls.collect::<Vec<_>>() {
        let connection = call.await.unwrap().connection(201);
        ids.insert(connection["id"].as_str().unwrap().to_owned());
    }
    assert_eq!(ids.len(), 200);
    let listed = api.list("").await;
    assert_eq!(listed.len(), 200);
    let listed_ids: HashSet<String> = listed.iter().map(|c| c["id"].as_str().unwrap().to_owned()).collect();
    assert_eq!(listed_ids, ids);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn twenty_duplicates_make_one_connection() {
    let api = Arc::new(Api::start().await);
    let calls = (0..20).map(|_| {
        let api = Arc::clone(&api);
        tokio::spawn(async move { api.generate(&aircall("same", "ak_live_0123456789")).await })
    });
    let mut created = Vec::new();
    let mut conflicts = Vec::new();
    for call in calls.collect::<Vec<_>>() {
        let reply = call.await.unwrap();
        match reply.status {
            201 => created.push(reply.connection(201)),
            _ => conflicts.push(reply.problem(409)),
        }
    }
    assert_eq!(created.len(), 1);
    assert_eq!(conflicts.len(), 19);
    let id = &created[0]["id"];
    assert!(conflicts.iter().all(|p| p["context"]["connectionId"] == *id));
    assert_eq!(api.list("?consumerRef=same").await.len(), 1);
}
