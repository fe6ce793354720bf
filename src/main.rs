//! Mounts the app on the page's body.

fn main() {
    leptos::mount::mount_to_body(connect_form::App);
}
