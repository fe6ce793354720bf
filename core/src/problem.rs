//! `application/problem+json` answers (RFC 9457, plus the API's `causes`, `remedy`, `retryable`,
//! `retryAfter` and `issues[]`), and which form field each issue concerns.

use serde::{Deserialize, Serialize};

use crate::form::{FieldSpec, FormSpec};
use crate::json::Json;
use crate::open_enum::open_enum;

open_enum! {
    /// Where in the request an issue was found.
    pub enum IssueLocation {
        Body = "body",
        Header = "header",
        Path = "path",
        Query = "query",
    }
}

/// One problem with one part of a request.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Issue {
    /// Where it is.
    #[serde(default, rename = "in", skip_serializing_if = "Option::is_none")]
    pub location: Option<IssueLocation>,
    /// The path of the value, e.g. `basicAuth.username`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// What is wrong, for people.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// A short summary.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
}

/// A problem-details answer.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Problem {
    /// A URI naming the kind of problem.
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// A short summary.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The HTTP status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// What happened, for people.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// This occurrence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance: Option<String>,
    /// Underlying causes, for people.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub causes: Vec<String>,
    /// What to do about it, for people.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remedy: Option<String>,
    /// Whether trying again may work.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retryable: Option<bool>,
    /// When to try again (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after: Option<String>,
    /// The request's id, for support.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// Problems with single values (400/422).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub issues: Vec<Issue>,
}

/// Why a body is not a problem document.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProblemParseError {
    /// Not JSON, or not an object.
    #[error("not a problem+json document: {0}")]
    NotProblemJson(String),
}

impl Problem {
    /// Reads a problem document. Members of unexpected types are left out rather than failing the
    /// whole answer: a problem is shown to a user, and a partial one is better than none.
    pub fn parse(body: &str) -> Result<Problem, ProblemParseError> {
        let json = Json::parse(body).map_err(|e| ProblemParseError::NotProblemJson(e.to_string()))?;
        if json.as_object().is_none() {
            return Err(ProblemParseError::NotProblemJson(format!(
                "{}, not an object",
                json.kind()
            )));
        }
        let issues = json.get("issues").and_then(Json::as_array).unwrap_or_default();
        Ok(Problem {
            kind: json.str_at("type"),
            title: json.str_at("title"),
            status: json
                .get("status")
                .and_then(Json::as_i64)
                .and_then(|s| u16::try_from(s).ok()),
            detail: json.str_at("detail"),
            instance: json.str_at("instance"),
            causes: json.strings_at("causes"),
            remedy: json.str_at("remedy"),
            retryable: json.get("retryable").and_then(Json::as_bool),
            retry_after: json.str_at("retryAfter"),
            request_id: json.str_at("requestId"),
            issues: issues
                .iter()
                .filter(|issue| issue.as_object().is_some())
                .map(|issue| Issue {
                    location: issue.get("in").and_then(Json::as_str).map(IssueLocation::parse),
                    name: issue.str_at("name"),
                    detail: issue.str_at("detail"),
                    title: issue.str_at("title"),
                })
                .collect(),
        })
    }

    /// The issues that name a field of `spec`, with that field, and the rest (which belong in the
    /// summary).
    pub fn issues_by_field<'a>(&'a self, spec: &'a FormSpec) -> (Vec<(&'a FieldSpec, &'a Issue)>, Vec<&'a Issue>) {
        let mut on_fields = Vec::new();
        let mut general = Vec::new();
        for issue in &self.issues {
            let field = issue
                .name
                .as_deref()
                .filter(|_| matches!(issue.location, None | Some(IssueLocation::Body)))
                .and_then(|name| spec.field_for_path(name));
            match field {
                Some(field) => on_fields.push((field, issue)),
                None => general.push(issue),
            }
        }
        (on_fields, general)
    }
}
