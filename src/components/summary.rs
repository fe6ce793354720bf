//! The error summary at the top of a form: what went wrong, each item a link to its field.

use leptos::either::Either;
use leptos::prelude::*;

use crate::Host;

/// One line of the summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SummaryItem {
    /// What to say.
    pub text: String,
    /// The id of the field it concerns, when it concerns one.
    pub target: Option<String>,
}

/// The summary. It takes focus when it appears (the form does that), so a screen reader reads it
/// first; its links move focus to the field.
#[component]
pub fn ErrorSummary(
    /// The heading.
    title: String,
    /// The problems.
    items: Vec<SummaryItem>,
) -> impl IntoView {
    let host = expect_context::<Host>();
    view! {
        <div id="cf-summary" class="cf-summary" tabindex="-1" aria-labelledby="cf-summary-title">
            <h2 id="cf-summary-title">{title}</h2>
            <ul>
                {items
                    .into_iter()
                    .map(|item| match item.target {
                        Some(target) => {
                            let href = format!("#{target}");
                            Either::Left(view! {
                                <li>
                                    <a
                                        href=href
                                        on:click=move |event| {
                                            // Focus the field without touching the page's address,
                                            // which belongs to the embedding page.
                                            event.prevent_default();
                                            host.focus(&target);
                                        }
                                    >
                                        {item.text}
                                    </a>
                                </li>
                            })
                        }
                        None => Either::Right(view! { <li>{item.text}</li> }),
                    })
                    .collect_view()}
            </ul>
        </div>
    }
}
