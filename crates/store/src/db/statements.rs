//! Counting the statements a piece of work sends to the database.
//!
//! Why: a screen that reads one query per row (an N+1) is correct and fast on ten rows and
//! slow on a full page, so no functional test notices it. Every store query runs through
//! [`crate::db::query`], which notes each statement here; a test wraps a use case in
//! [`count_statements`] and asserts the count does not grow with the page size.
//!
//! The count is kept per task (a tokio task-local), so tests running side by side in one
//! process do not see each other's statements. Work spawned onto another task is not counted.

use std::cell::Cell;
use std::future::Future;

tokio::task_local! {
    static STATEMENTS: Cell<u32>;
}

/// Runs `work` and returns its output with the number of statements it sent to the database.
pub async fn count_statements<F: Future>(work: F) -> (F::Output, u32) {
    STATEMENTS
        .scope(Cell::new(0), async {
            let output = work.await;
            (output, STATEMENTS.with(Cell::get))
        })
        .await
}

/// Notes one statement, when the running task is being counted.
pub(crate) fn note_statement() {
    let _ = STATEMENTS.try_with(|count| count.set(count.get().saturating_add(1)));
}
