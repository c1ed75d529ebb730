//! Reading a remote's list page by page: one rule for every connector.
//!
//! The remotes page their lists in three ways: a link to the next page in the answer
//! (CycleSoftware's `pagination.next_url`), numbered pages with a page count or a "has more"
//! flag (Field Nation, the MES), and an offset with a "has more" flag (Scan2Evolve). A
//! connector says which, and where the items are; [`Pages`] does the rest, the same way for
//! all of them, because each of these rules guards against a broken or hostile remote:
//! - every page counts against the run's page cap ([`crate::MAX_PAGES_PER_RUN`]), so a list
//!   that never ends is read on at the next pull, never without end;
//! - an empty page ends the list, whatever the answer says of more pages;
//! - a link is followed only on the configured host (`Remote` refuses any other).
//!
//! [`Pages`] only says which URL to read next. The connector reads it (with its own error
//! words) and hands the answer back, so a loop over a list stays an ordinary `while let`.

use serde_json::Value;

use crate::http::{Failure, Remote};

/// Where an answer says whether the list goes on (a JSON pointer into the page's answer).
#[derive(Debug, Clone, Copy)]
pub enum More {
    /// The next page's URL (a path, or a full URL on the configured host).
    Link(&'static str),
    /// How many pages there are; pages are numbered from 1.
    PageCount(&'static str),
    /// A boolean: true while there are more items.
    Flag(&'static str),
}

/// How a numbered list's URL moves on: by one page, or by the number of items read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Counting {
    Pages,
    Items,
}

/// The URL of a numbered list at a page number or an offset.
type UrlAt = Box<dyn Fn(u64) -> String + Send + Sync>;

/// A remote list being read: which URL comes next, and the items of each answer.
pub struct Pages {
    items_at: &'static str,
    more: More,
    url_at: Option<(UrlAt, Counting)>,
    position: u64,
    next: Option<String>,
}

impl Pages {
    /// A list whose answers link to their next page; `first` is the first page's path.
    pub fn linked(first: String, items_at: &'static str, link_at: &'static str) -> Self {
        Self {
            items_at,
            more: More::Link(link_at),
            url_at: None,
            position: 0,
            next: Some(first),
        }
    }

    /// A list of pages numbered from 1; `url` gives a page's path from its number.
    pub fn numbered(
        items_at: &'static str,
        more: More,
        url: impl Fn(u64) -> String + Send + Sync + 'static,
    ) -> Self {
        Self::counted(items_at, more, Box::new(url), Counting::Pages, 1)
    }

    /// A list read from an offset (starting at 0) that moves on by the items read.
    pub fn offset(
        items_at: &'static str,
        more: More,
        url: impl Fn(u64) -> String + Send + Sync + 'static,
    ) -> Self {
        Self::counted(items_at, more, Box::new(url), Counting::Items, 0)
    }

    fn counted(
        items_at: &'static str,
        more: More,
        url_at: UrlAt,
        counting: Counting,
        first: u64,
    ) -> Self {
        let next = Some(url_at(first));
        Self {
            items_at,
            more,
            url_at: Some((url_at, counting)),
            position: first,
            next,
        }
    }

    /// The path of the next page to read, counted against the run's page cap; `None` when the
    /// list has ended, an error when the cap is reached.
    pub fn next_url(&mut self, remote: &mut Remote) -> Result<Option<String>, Failure> {
        if self.next.is_none() {
            return Ok(None);
        }
        remote.next_page()?;
        Ok(self.next.take())
    }

    /// The items of the page just read, and where the list goes on from it.
    pub fn items(&mut self, mut answer: Value) -> Vec<Value> {
        let items = match answer.pointer_mut(self.items_at).map(Value::take) {
            Some(Value::Array(items)) => items,
            _ => Vec::new(),
        };
        self.next = if items.is_empty() {
            None
        } else {
            self.after(&answer, items.len() as u64)
        };
        items
    }

    fn after(&mut self, answer: &Value, read: u64) -> Option<String> {
        let goes_on = match self.more {
            More::Link(at) => {
                return answer
                    .pointer(at)
                    .and_then(Value::as_str)
                    .map(str::to_owned);
            }
            More::PageCount(at) => answer
                .pointer(at)
                .and_then(Value::as_u64)
                .is_some_and(|pages| self.position < pages),
            More::Flag(at) => answer.pointer(at).and_then(Value::as_bool) == Some(true),
        };
        let (url_at, counting) = self.url_at.as_ref().filter(|_| goes_on)?;
        self.position += match counting {
            Counting::Pages => 1,
            Counting::Items => read,
        };
        Some(url_at(self.position))
    }

    /// Reads the list until an item matches, for the look-up after a lost answer.
    pub async fn find(
        mut self,
        remote: &mut Remote,
        matches: impl Fn(&Value) -> bool,
    ) -> Result<Option<Value>, Failure> {
        while let Some(url) = self.next_url(remote)? {
            let answer = remote.get(&url).await?;
            if let Some(found) = self.items(answer).into_iter().find(|item| matches(item)) {
                return Ok(Some(found));
            }
        }
        Ok(None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn urls(mut pages: Pages, answers: &[Value]) -> Vec<String> {
        let mut seen = Vec::new();
        for answer in answers {
            let Some(url) = pages.next.take() else { break };
            seen.push(url);
            pages.items(answer.clone());
        }
        seen.extend(pages.next.take());
        seen
    }

    #[test]
    fn numbered_pages_stop_at_the_page_count() {
        let pages = Pages::numbered("/results", More::PageCount("/metadata/pages"), |n| {
            format!("/w?page={n}")
        });
        let answer = json!({"results": [1], "metadata": {"pages": 2}});
        assert_eq!(
            urls(pages, &[answer.clone(), answer]),
            ["/w?page=1", "/w?page=2"]
        );
    }

    #[test]
    fn an_empty_page_ends_the_list_whatever_the_remote_says() {
        let pages = Pages::numbered("/data", More::Flag("/more"), |n| format!("/w?page={n}"));
        let empty = json!({"data": [], "more": true});
        assert_eq!(urls(pages, &[empty]), ["/w?page=1"]);
        let linked = Pages::linked("/a".into(), "/data", "/next");
        assert_eq!(urls(linked, &[json!({"data": [], "next": "/b"})]), ["/a"]);
    }

    #[test]
    fn an_offset_moves_on_by_the_items_read_and_links_are_followed() {
        let pages = Pages::offset("/w", More::Flag("/more"), |n| format!("/w?offset={n}"));
        let answers = [
            json!({"w": [1, 2, 3], "more": true}),
            json!({"w": [4], "more": false}),
        ];
        assert_eq!(urls(pages, &answers), ["/w?offset=0", "/w?offset=3"]);
        let linked = Pages::linked("/a".into(), "/data", "/p/next");
        let answers = [
            json!({"data": [1], "p": {"next": "/b"}}),
            json!({"data": [2]}),
        ];
        assert_eq!(urls(linked, &answers), ["/a", "/b"]);
    }

    #[test]
    fn items_that_are_not_a_list_are_none() {
        let mut pages = Pages::linked("/a".into(), "/data", "/next");
        assert!(
            pages
                .items(json!({"data": {"x": 1}, "next": "/b"}))
                .is_empty()
        );
        assert!(pages.next.is_none());
    }
}
