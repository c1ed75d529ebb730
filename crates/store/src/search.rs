//! The full-text index over orders: number, customer name, phone, e-mail, object and
//! description, keyed by `orders.pk`, so a match walks newest-first.
//!
//! SQLite keeps it in FTS5 (`order_search`, tokenizer `unicode61 remove_diacritics 2`);
//! PostgreSQL in tsvector columns with GIN indexes (migration 0001 of `migrations/postgres`).
//! What a person typed becomes [`SearchTerms`] once, and each backend renders them: FTS5
//! quoted prefixes, or a tsquery of the same words. On PostgreSQL the words are cut and
//! folded here (letters and digits, lower case, accents taken off, as unicode61 does), and
//! stored and queried as lexemes as they are, so no server dictionary or extension decides
//! what matches.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use crate::db::query::{Backend, Conn, Exec, query, query_as};
use crate::{CustomerRow, OrderRow, RepairObjectRow, Result};

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
pub async fn upsert(conn: &mut Conn, pk: i64, doc: &SearchDoc) -> Result<()> {
    match conn.backend() {
        Backend::Sqlite => {
            query("DELETE FROM order_search WHERE rowid = $1")
                .bind(pk)
                .execute(&mut *conn)
                .await?;
            query(
                "INSERT INTO order_search (rowid, number, customer, phone, email, object, description)
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
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
        }
        Backend::Postgres => {
            let [all, people, email] = pg_vectors(doc);
            query(
                "INSERT INTO order_search (order_pk, all_words, people_words, email_words)
                 VALUES ($1, $2::tsvector, $3::tsvector, $4::tsvector)
                 ON CONFLICT (order_pk) DO UPDATE SET all_words = excluded.all_words,
                    people_words = excluded.people_words, email_words = excluded.email_words",
            )
            .bind(pk)
            .bind(all)
            .bind(people)
            .bind(email)
            .execute(conn)
            .await?;
        }
    }
    Ok(())
}

/// Empties the index, before it is written again from the tables
/// (`jobcard_app::search_entry`, when what an order's entry holds has changed).
pub async fn clear(conn: &mut Conn) -> Result<()> {
    let sql = match conn.backend() {
        // A contentless FTS5 table is emptied by its own command.
        Backend::Sqlite => "INSERT INTO order_search (order_search) VALUES ('delete-all')",
        Backend::Postgres => "DELETE FROM order_search",
    };
    query(sql).execute(conn).await?;
    Ok(())
}

/// A page of orders in key order after `after_pk`, with their customers and objects: what the
/// app needs to write their index rows (after a move to PostgreSQL, or when what an entry
/// holds has changed).
pub async fn index_page(
    conn: &mut Conn,
    after_pk: i64,
    limit: i64,
) -> Result<(Vec<OrderRow>, Vec<CustomerRow>, Vec<RepairObjectRow>)> {
    let orders: Vec<OrderRow> = query_as("SELECT * FROM orders WHERE pk > $1 ORDER BY pk LIMIT $2")
        .bind(after_pk)
        .bind(limit)
        .fetch_all(&mut *conn)
        .await?;
    let Some(last) = orders.last().map(|o| o.pk) else {
        return Ok((Vec::new(), Vec::new(), Vec::new()));
    };
    let customers = query_as(
        "SELECT * FROM customers WHERE id IN
            (SELECT customer_id FROM orders WHERE pk > $1 AND pk <= $2)",
    )
    .bind(after_pk)
    .bind(last)
    .fetch_all(&mut *conn)
    .await?;
    let objects = query_as(
        "SELECT * FROM repair_objects WHERE id IN
            (SELECT repair_object_id FROM orders WHERE pk > $1 AND pk <= $2)",
    )
    .bind(after_pk)
    .bind(last)
    .fetch_all(&mut *conn)
    .await?;
    Ok((orders, customers, objects))
}

/// Writes the index rows of orders that have none yet, many at once: one statement on
/// PostgreSQL (the copy of a whole shop, `copy.rs`), a row at a time on SQLite.
pub async fn insert_many(conn: &mut Conn, docs: &[(i64, SearchDoc)]) -> Result<()> {
    if conn.backend() == Backend::Sqlite || docs.is_empty() {
        for (pk, doc) in docs {
            upsert(conn, *pk, doc).await?;
        }
        return Ok(());
    }
    let mut sql = String::from(
        "INSERT INTO order_search (order_pk, all_words, people_words, email_words) VALUES ",
    );
    for i in 0..docs.len() {
        let n = i * 4;
        let sep = if i == 0 { "" } else { ", " };
        sql.push_str(&format!(
            "{sep}(${}, ${}::tsvector, ${}::tsvector, ${}::tsvector)",
            n + 1,
            n + 2,
            n + 3,
            n + 4
        ));
    }
    let mut insert = query(sqlx::AssertSqlSafe(sql));
    for (pk, doc) in docs {
        let [all, people, email] = pg_vectors(doc);
        insert = insert.bind(*pk).bind(all).bind(people).bind(email);
    }
    insert.execute(conn).await?;
    Ok(())
}

/// An order's PostgreSQL index texts: all its words, those without the description, and the
/// e-mail's.
fn pg_vectors(doc: &SearchDoc) -> [String; 3] {
    let people = [
        &doc.number,
        &doc.customer,
        &doc.phone,
        &doc.email,
        &doc.object,
    ];
    let people_text = people.map(String::as_str).join(" ");
    let all_text = format!("{people_text} {}", doc.description);
    [
        tsvector(&all_text),
        tsvector(&people_text),
        tsvector(&doc.email),
    ]
}

/// Ids of customers whose orders match `terms` in the number, customer, phone, e-mail or
/// object, most recent order first, each once. This is the intake type-ahead's fast path: the
/// full-text index finds a customer by any of those, order numbers included, without scanning
/// the customer table.
pub async fn customers_by_orders<'c>(
    db: impl Exec<'c>,
    terms: &SearchTerms,
    limit: u32,
) -> Result<Vec<String>> {
    let mut target = db.target();
    let page = i64::from(limit) * 20;
    let rare = match target.backend() {
        Backend::Postgres => {
            rare_matches_on_postgres(target.reborrow(), terms, "people_words").await?
        }
        Backend::Sqlite => None,
    };
    let read = match target.backend() {
        Backend::Sqlite => query_as(
            "SELECT o.customer_id FROM order_search s JOIN orders o ON o.pk = s.rowid
             WHERE order_search MATCH $1 AND o.deleted_at IS NULL
             ORDER BY s.rowid DESC LIMIT $2",
        )
        .bind(format!(
            "{{number customer phone email object}} : ({})",
            terms.fts5()
        ))
        .bind(page),
        Backend::Postgres => {
            // A rare search's few matches were read from the GIN index already (see
            // `rare_matches_on_postgres`); a common one reads the orders newest first.
            let read = match rare {
                Some(keys) => query_as(
                    "SELECT o.customer_id FROM orders o
                     WHERE o.pk = ANY($1::bigint[]) AND o.deleted_at IS NULL
                     ORDER BY o.pk DESC LIMIT $2",
                )
                .bind(keys),
                None => {
                    let (matches, values) = pg_matches(terms, "people_words");
                    let sql = format!(
                        "SELECT o.customer_id FROM order_search s JOIN orders o ON o.pk = s.order_pk
                         WHERE {matches} AND o.deleted_at IS NULL
                         ORDER BY s.order_pk DESC LIMIT ${}",
                        values.len() + 1
                    );
                    let mut read = query_as(sqlx::AssertSqlSafe(sql));
                    for value in values {
                        read = read.bind(value);
                    }
                    read
                }
            };
            read.bind(page)
        }
    };
    let ids: Vec<(String,)> = read.planned_per_call().fetch_all(target).await?;
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

/// How many matches a PostgreSQL search may have and still count as rare.
const RARE_MATCHES: usize = 2000;

/// The orders (`pk`s) matching `terms` in `words_column` on PostgreSQL when the search names
/// an identifier (see [`SearchTerms::names_an_identifier`]) and has fewer than
/// [`RARE_MATCHES`] matches, read through the GIN index (a millisecond); `None` otherwise.
///
/// The planner cannot tell a rare search from a common one: past about 100,000 orders its
/// statistics keep only the commonest words, and it guesses that any other prefix matches
/// 0.5 % of the rows, so for a phone number among a million orders it read the whole list in
/// key order for a page of matches that were not there (seconds), and even a join with the
/// matches went down the list. Given the few keys themselves, it looks them up. A common word
/// keeps the list's own order and stops after a page; asking the index first would cost it
/// tens of milliseconds (a bitmap of every match), so only a search that names an identifier
/// asks.
pub(crate) async fn rare_matches_on_postgres<'c>(
    db: impl Exec<'c>,
    terms: &SearchTerms,
    words_column: &str,
) -> Result<Option<String>> {
    let (matches, values) = pg_matches(terms, words_column);
    if values.is_empty() || !terms.names_an_identifier() {
        return Ok(None);
    }
    let sql = format!(
        "SELECT s.order_pk FROM order_search s WHERE {matches} LIMIT ${}",
        values.len() + 1
    );
    let mut read = query_as::<(i64,)>(sqlx::AssertSqlSafe(sql));
    for value in values {
        read = read.bind(value);
    }
    let found = read
        .bind(RARE_MATCHES as i64)
        .planned_per_call()
        .fetch_all(db)
        .await?;
    if found.len() >= RARE_MATCHES {
        return Ok(None);
    }
    // A PostgreSQL array literal, bound as text and cast with `::bigint[]`.
    let keys: Vec<String> = found.iter().map(|(pk,)| pk.to_string()).collect();
    Ok(Some(format!("{{{}}}", keys.join(","))))
}

/// The PostgreSQL match of `terms` on `order_search s` (the words in `words_column`, an e-mail
/// in `email_words`) and its values as `$1`, `$2`: only the conditions there are, so that a
/// generic plan can still use the GIN index.
fn pg_matches(terms: &SearchTerms, words_column: &str) -> (String, Vec<String>) {
    let (words, email) = terms.tsqueries();
    let mut conditions = Vec::new();
    let mut values = Vec::new();
    for (column, value) in [(words_column, words), ("email_words", email)] {
        if let Some(value) = value {
            values.push(value);
            conditions.push(format!("s.{column} @@ ${}::tsquery", values.len()));
        }
    }
    (conditions.join(" AND "), values)
}

/// What a person typed, as the words every match must have (each as a prefix).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchTerms {
    terms: Vec<Term>,
}

/// The mark on a phone's digit tail in the index (`tel77773030`). Only a search for digits
/// looks for marked words, so a word of an order number (`01234`) never matches the middle of
/// someone's phone, while `77773030` finds `+31 6 7777 3030`.
const PHONE_TAIL: &str = "tel";
/// The shortest tail indexed and looked for: six digits, more than an order number's five.
const PHONE_TAIL_DIGITS: usize = 6;

/// A phone's index words for a search by a run of its digits from the middle (the last eight
/// a customer reads out, without the 06): its digits from the second on, down to its last
/// six, each marked with [`PHONE_TAIL`]. The search matches the start of a word, so with these
/// any run of six digits or more is found wherever it stands.
pub fn phone_tails(digits: &str) -> Vec<String> {
    digits
        .char_indices()
        .skip(1)
        .map(|(at, _)| digits.get(at..).unwrap_or_default())
        .filter(|tail| tail.chars().count() >= PHONE_TAIL_DIGITS)
        .map(|tail| format!("{PHONE_TAIL}{tail}"))
        .collect()
}

/// The marked word a typed word may also match: six digits or more could be a run from a phone.
fn phone_tail_of(word: &str) -> Option<String> {
    let digits = word.len() >= PHONE_TAIL_DIGITS && word.bytes().all(|b| b.is_ascii_digit());
    digits.then(|| format!("{PHONE_TAIL}{word}"))
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Term {
    word: String,
    /// Found in the e-mail column only.
    email: bool,
}

/// Turns what a person typed into search terms: every word must match as a prefix. An e-mail
/// address searches the e-mail column by its local part (the domain is shared by thousands
/// and would make the query slow), and words of one or two characters are dropped when longer
/// ones are typed ("WO", "de"). `None` when nothing searchable is left.
pub fn terms(text: &str) -> Option<SearchTerms> {
    let mut found = Vec::new();
    for word in text.split_whitespace() {
        let (part, email) = match word.split_once('@') {
            Some((local, _domain)) => (local, true),
            None => (word, false),
        };
        found.extend(words(part).map(|w| Term {
            word: w.to_owned(),
            email,
        }));
    }
    let length = |t: &Term| t.word.chars().count();
    let longest = found.iter().map(length).max()?;
    found.retain(|t| length(t) >= 3 || longest < 3);
    Some(SearchTerms { terms: found })
}

impl SearchTerms {
    /// Whether a word looks like a phone, frame, order or customer number: five characters
    /// or more, four of them digits. Such a word matches a handful of orders among a million;
    /// a name, a brand or a job word can match a tenth of them.
    pub fn names_an_identifier(&self) -> bool {
        self.terms.iter().any(|t| {
            let digits = t.word.chars().filter(char::is_ascii_digit).count();
            t.word.chars().count() >= 5 && digits >= 4
        })
    }

    /// The FTS5 query: words quoted, so no typed character is FTS syntax, and every word must
    /// match.
    pub(crate) fn fts5(&self) -> String {
        self.terms
            .iter()
            .map(|t| {
                let word = &t.word;
                match (t.email, phone_tail_of(word)) {
                    (true, _) => format!("email : \"{word}\"*"),
                    (false, Some(tail)) => format!("(\"{word}\"* OR \"{tail}\"*)"),
                    (false, None) => format!("\"{word}\"*"),
                }
            })
            .collect::<Vec<_>>()
            // Said, not implied: FTS5 joins phrases by a space, but not a group in brackets.
            .join(" AND ")
    }

    /// The tsqueries for PostgreSQL: the words for every column, and those for the e-mail
    /// column only; `None` where there are none. Words are folded like the stored lexemes and
    /// are letters and digits only, so nothing typed is tsquery syntax.
    pub(crate) fn tsqueries(&self) -> (Option<String>, Option<String>) {
        let render = |email: bool| {
            let parts: Vec<String> = self
                .terms
                .iter()
                .filter(|t| t.email == email)
                .map(|t| match (t.email, phone_tail_of(&t.word)) {
                    (false, Some(tail)) => format!("('{}':* | '{tail}':*)", fold(&t.word)),
                    _ => format!("'{}':*", fold(&t.word)),
                })
                .collect();
            (!parts.is_empty()).then(|| parts.join(" & "))
        };
        (render(false), render(true))
    }
}

/// A word as the index keeps it: lower case, accents off (what unicode61 with
/// `remove_diacritics 2` does), and cut to its first [`LONGEST_WORD`] characters, below
/// PostgreSQL's limit for one lexeme (a pasted serial of 3,000 characters must not stop a
/// save); a query word is cut alike, so its prefix still matches.
fn fold(word: &str) -> String {
    word.nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .take(LONGEST_WORD)
        .collect()
}

/// See [`fold`].
const LONGEST_WORD: usize = 200;

/// The tsvector text of `text`: its folded words, each once, quoted as lexemes.
fn tsvector(text: &str) -> String {
    let mut lexemes: Vec<String> = words(text).map(fold).filter(|w| !w.is_empty()).collect();
    lexemes.sort();
    lexemes.dedup();
    lexemes
        .iter()
        .map(|w| format!("'{w}'"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The alphanumeric runs of `text`.
fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

#[cfg(test)]
#[allow(clippy::expect_used)]
mod tests {
    use super::{fold, terms, tsvector};

    fn expr(text: &str) -> Option<String> {
        terms(text).map(|t| t.fts5())
    }

    #[test]
    fn numbers_count_as_identifiers_and_words_do_not() {
        let named = |text: &str| terms(text).is_some_and(|t| t.names_an_identifier());
        for identifier in [
            "0612345678",
            "FR00031337",
            "WO-2024-01234",
            "jan4242@example.nl",
        ] {
            assert!(named(identifier), "{identifier}");
        }
        for word in [
            "Gazelle",
            "anna jansen",
            "2024",
            "WO-2024",
            "chain",
            "06-12",
        ] {
            assert!(!named(word), "{word}");
        }
    }

    #[test]
    fn postgres_gets_the_same_words_folded() {
        let t = terms("Łukasz Şule Nguyễn nguyen@example.vn").expect("terms");
        assert_eq!(
            t.tsqueries(),
            (
                Some("'łukasz':* & 'sule':* & 'nguyen':*".to_owned()),
                Some("'nguyen':*".to_owned())
            )
        );
        assert_eq!(fold("ÉCOLE"), "ecole");
        assert_eq!(
            tsvector("WO-2026-00001 2026 o'Brien"),
            "'00001' '2026' 'brien' 'o' 'wo'"
        );
    }

    #[test]
    fn words_become_quoted_prefixes() {
        assert_eq!(
            expr("Anna de Vries").as_deref(),
            Some("\"Anna\"* AND \"Vries\"*")
        );
        assert_eq!(expr("de").as_deref(), Some("\"de\"*"));
        assert_eq!(
            expr("WO-2026-00001").as_deref(),
            Some("\"2026\"* AND \"00001\"*")
        );
    }

    #[test]
    fn six_digits_or_more_also_look_for_a_phone_tail() {
        assert_eq!(
            expr("77773030 Henk").as_deref(),
            Some("(\"77773030\"* OR \"tel77773030\"*) AND \"Henk\"*")
        );
        assert_eq!(
            terms("773030").expect("terms").tsqueries().0.as_deref(),
            Some("('773030':* | 'tel773030':*)")
        );
        // An order number's five digits, a frame number and an e-mail do not.
        assert_eq!(expr("01234").as_deref(), Some("\"01234\"*"));
        assert_eq!(expr("FR123456").as_deref(), Some("\"FR123456\"*"));
        assert_eq!(expr("123456@x.nl").as_deref(), Some("email : \"123456\"*"));
        assert_eq!(
            super::phone_tails("0677773030"),
            ["tel677773030", "tel77773030", "tel7773030", "tel773030"]
        );
        assert!(super::phone_tails("012345").is_empty());
    }

    #[test]
    fn an_email_address_searches_its_local_part_in_the_email_column() {
        assert_eq!(
            expr("anna@example.nl").as_deref(),
            Some("email : \"anna\"*")
        );
        assert_eq!(
            expr("anna.de.vries@example.nl").as_deref(),
            Some("email : \"anna\"* AND email : \"vries\"*")
        );
    }

    #[test]
    fn typed_syntax_is_never_fts_syntax() {
        assert_eq!(expr("  \"*) OR ( ").as_deref(), Some("\"OR\"*"));
        assert_eq!(expr(" \"*)( - "), None);
        assert_eq!(expr("a\"b"), Some("\"a\"* AND \"b\"*".to_owned()));
    }
}
