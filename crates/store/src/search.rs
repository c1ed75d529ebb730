//! The full-text index over orders (FTS5): number, customer name, phone, e-mail, object and
//! description. Rows are keyed by `orders.pk`, so a match walks newest-first by rowid.

use sqlx::SqliteConnection;

use crate::Result;

/// The searchable text of one order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SearchDoc {
    pub number: String,
    pub customer: String,
    pub phone: String,
    pub email: String,
    pub object: String,
    pub description: String,
}

/// Writes (or rewrites) the index row of order `pk`.
pub async fn upsert(conn: &mut SqliteConnection, pk: i64, doc: &SearchDoc) -> Result<()> {
    sqlx::query("DELETE FROM order_search WHERE rowid = ?")
        .bind(pk)
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "INSERT INTO order_search (rowid, number, customer, phone, email, object, description)
         VALUES (?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(pk)
    .bind(&doc.number)
    .bind(&doc.customer)
    .bind(&doc.phone)
    .bind(&doc.email)
    .bind(&doc.object)
    .bind(&doc.description)
    .execute(conn)
    .await?;
    Ok(())
}

/// Turns what a person typed into an FTS5 query: every word must match as a prefix. Words
/// are quoted, so no typed character is FTS syntax. `None` when nothing searchable is left.
pub fn match_expression(text: &str) -> Option<String> {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric() && c != '@' && c != '.')
        .flat_map(|w| w.split(['@', '.']))
        .filter(|w| !w.is_empty())
        .map(|w| format!("\"{}\"*", w.replace('"', "")))
        .collect();
    if words.is_empty() {
        None
    } else {
        Some(words.join(" "))
    }
}

#[cfg(test)]
mod tests {
    use super::match_expression;

    #[test]
    fn words_become_quoted_prefixes() {
        assert_eq!(
            match_expression("Anna de"),
            Some("\"Anna\"* \"de\"*".to_owned())
        );
        assert_eq!(
            match_expression("WO-2026-00001"),
            Some("\"WO\"* \"2026\"* \"00001\"*".to_owned())
        );
        assert_eq!(
            match_expression("anna@example.nl"),
            Some("\"anna\"* \"example\"* \"nl\"*".to_owned())
        );
        // Operators and syntax typed by a person are just words or nothing.
        assert_eq!(match_expression("  \"*) OR ( "), Some("\"OR\"*".to_owned()));
        assert_eq!(match_expression(" \"*)( - "), None);
    }
}
