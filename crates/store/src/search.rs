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

/// Ids of customers whose orders match `expression` (see [`match_expression`]) in the number,
/// customer, phone, e-mail or object columns, most recent order first, each once. This is the
/// intake type-ahead's fast path: the full-text index finds a customer by any of those, order
/// numbers included, without scanning the customer table.
pub async fn customers_by_orders<'c>(
    db: impl sqlx::sqlite::SqliteExecutor<'c>,
    expression: &str,
    limit: u32,
) -> Result<Vec<String>> {
    let scoped = format!("{{number customer phone email object}} : ({expression})");
    let ids: Vec<(String,)> = sqlx::query_as(
        "SELECT o.customer_id FROM order_search s JOIN orders o ON o.pk = s.rowid
         WHERE order_search MATCH ? AND o.deleted_at IS NULL
         ORDER BY s.rowid DESC LIMIT ?",
    )
    .bind(scoped)
    .bind(i64::from(limit) * 20)
    .fetch_all(db)
    .await?;
    let mut unique: Vec<String> = Vec::new();
    for (id,) in ids {
        if !unique.contains(&id) {
            unique.push(id);
            if unique.len() == limit as usize {
                break;
            }
        }
    }
    Ok(unique)
}

/// Turns what a person typed into an FTS5 query: every word must match as a prefix. Words
/// are quoted, so no typed character is FTS syntax. An e-mail address searches the e-mail
/// column by its local part (the domain is shared by thousands and would make the query slow),
/// and words of one or two characters are dropped when longer ones are typed ("WO", "de").
/// `None` when nothing searchable is left.
pub fn match_expression(text: &str) -> Option<String> {
    let mut terms = Vec::new();
    for word in text.split_whitespace() {
        if let Some((local, _domain)) = word.split_once('@') {
            terms.extend(words(local).map(|w| (w.chars().count(), format!("email : \"{w}\"*"))));
        } else {
            terms.extend(words(word).map(|w| (w.chars().count(), format!("\"{w}\"*"))));
        }
    }
    let longest = terms.iter().map(|(len, _)| *len).max()?;
    let kept: Vec<String> = terms
        .into_iter()
        .filter(|(len, _)| *len >= 3 || longest < 3)
        .map(|(_, t)| t)
        .collect();
    Some(kept.join(" "))
}

/// The alphanumeric runs of `text`.
fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

#[cfg(test)]
mod tests {
    use super::match_expression;

    fn expr(text: &str) -> Option<String> {
        match_expression(text)
    }

    #[test]
    fn words_become_quoted_prefixes() {
        assert_eq!(
            expr("Anna de Vries").as_deref(),
            Some("\"Anna\"* \"Vries\"*")
        );
        assert_eq!(expr("de").as_deref(), Some("\"de\"*"));
        assert_eq!(
            expr("WO-2026-00001").as_deref(),
            Some("\"2026\"* \"00001\"*")
        );
    }

    #[test]
    fn an_email_address_searches_its_local_part_in_the_email_column() {
        assert_eq!(
            expr("anna@example.nl").as_deref(),
            Some("email : \"anna\"*")
        );
        assert_eq!(
            expr("anna.de.vries@example.nl").as_deref(),
            Some("email : \"anna\"* email : \"vries\"*")
        );
    }

    #[test]
    fn typed_syntax_is_never_fts_syntax() {
        assert_eq!(expr("  \"*) OR ( ").as_deref(), Some("\"OR\"*"));
        assert_eq!(expr(" \"*)( - "), None);
        assert_eq!(expr("a\"b"), Some("\"a\"* \"b\"*".to_owned()));
    }
}
