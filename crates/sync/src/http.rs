//! One remote's HTTP side: the request budget, timeouts, and sorting every failure into what
//! the engine does next.
//!
//! | what happened                                  | kind                | ambiguous |
//! |------------------------------------------------|---------------------|-----------|
//! | could not connect                              | transient (backoff) | no        |
//! | timeout, connection dropped, unreadable answer | transient (backoff) | yes       |
//! | 5xx                                            | transient (backoff) | yes       |
//! | 429                                            | transient (pause for Retry-After) | no |
//! | other 4xx                                      | permanent (stops that order) | no |
//!
//! "Ambiguous" means the remote may have applied the request; the engine then looks the
//! change up before sending it again.
//!
//! A 2xx with an empty body (204 No Content) is `Value::Null`. A refusal's message is the
//! body's `error_message` (CycleSoftware) or `error.code: error.message (field: reason)`
//! (the MES); the whole JSON body rides along in `Failure::Permanent::body` for connectors
//! that act on the code. Auth is Basic or Bearer (`with_bearer`).
//!
//! Every answer is untrusted input, so this is also the one place that guards against a
//! hostile or broken remote, for every connector alike:
//! - timing headers go through [`crate::remote_time`] (a day at most, nonsense ignored);
//! - credentials stay on the configured host: a full URL from the remote (`next_url`) is only
//!   followed on the base URL's scheme, host and port, and a redirect only on the same origin;
//! - at most [`MAX_PAGES_PER_RUN`] list pages are read per run (counted by [`crate::paging::Pages`]);
//! - an answer larger than [`MAX_ANSWER_BYTES`] (after decompression) is not read;
//! - no secret leaves in a message: every failure's text and body are scrubbed of the
//!   credentials (also in their URL-encoded form) before anyone sees them, and transport
//!   errors are described without their URL (which may carry a query-parameter token);
//! - a plain `http://` base URL is refused unless it points at this computer or the shop's
//!   own network ([`check_base_url`]).

use std::sync::Arc;
use std::time::Duration;

use reqwest::{Method, StatusCode};
use serde_json::Value;

use crate::budget::Budget;
use crate::clock::Clock;
use crate::remote_time;

/// The largest answer read from a remote, after decompression (16 MiB). A page of a hundred
/// orders is well under 1 MiB; more is a broken or hostile remote.
pub const MAX_ANSWER_BYTES: usize = 16 * 1024 * 1024;

/// The most list pages one connector reads in one run. A remote that keeps handing out "next
/// pages" is read again at the next pull, never without end.
pub const MAX_PAGES_PER_RUN: u32 = 500;

/// What stands in for a secret in a message.
const HIDDEN: &str = "[hidden]";

/// Why a request did not give an answer to use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    Transient {
        message: String,
        ambiguous: bool,
        retry_after: Option<Duration>,
    },
    Permanent {
        status: u16,
        message: String,
        /// The remote's JSON error body, for connectors that read codes and details.
        body: Option<Value>,
    },
    /// The day's request budget is spent until this unix second.
    BudgetSpent { until: i64 },
}

impl Failure {
    pub fn message(&self) -> String {
        match self {
            Self::Transient { message, .. } => message.clone(),
            Self::Permanent {
                status, message, ..
            } => format!("refused ({status}): {message}"),
            Self::BudgetSpent { until } => {
                format!("the remote's daily request limit is spent until unix time {until}")
            }
        }
    }
}

/// Counters for progress and the benchmark.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    pub requests: u64,
    pub rate_limited: u64,
    pub transient: u64,
}

/// Credentials used instead of the main ones by [`Remote::call_alternate`]: a Bearer token
/// and extra headers (`X-API-KEY`).
#[derive(Clone)]
pub struct Alternate {
    pub bearer: String,
    pub headers: Vec<(&'static str, String)>,
}

pub struct Remote {
    client: reqwest::Client,
    base: String,
    basic: Option<(String, String)>,
    bearer: Option<String>,
    /// A token sent as a query parameter on every request (`access_token=...`).
    query_token: Option<(&'static str, String)>,
    /// A second set of credentials for some endpoints (Scan2Evolve's downstream sync).
    alternate: Option<Alternate>,
    pub budget: Budget,
    pub stats: Stats,
    /// List pages read since [`Remote::start_run`].
    pages: u32,
    clock: Arc<dyn Clock>,
}

impl Remote {
    pub fn new(
        base: &str,
        timeout: Duration,
        budget: Budget,
        clock: Arc<dyn Clock>,
    ) -> Result<Self, Failure> {
        let refused = |message: String| Failure::Permanent {
            status: 0,
            message,
            body: None,
        };
        check_base_url(base).map_err(refused)?;
        let client = reqwest::Client::builder()
            .timeout(timeout)
            .connect_timeout(timeout.min(Duration::from_secs(5)))
            .gzip(true)
            .redirect(same_origin_redirects())
            .build()
            .map_err(|err| refused(format!("HTTP client: {}", err.without_url())))?;
        Ok(Self {
            client,
            base: base.trim_end_matches('/').to_owned(),
            basic: None,
            bearer: None,
            query_token: None,
            alternate: None,
            budget,
            stats: Stats::default(),
            pages: 0,
            clock,
        })
    }

    /// Starts counting list pages afresh (the engine calls it at the start of every run).
    fn now_unix(&self) -> i64 {
        self.clock.now().timestamp()
    }

    /// Waits on the engine's clock (a test's clock passes it at once).
    pub async fn wait(&self, how_long: Duration) {
        self.clock.sleep(how_long).await;
    }

    pub fn start_run(&mut self) {
        self.pages = 0;
    }

    /// Sends HTTP Basic credentials.
    #[must_use]
    pub fn with_basic(mut self, user: String, password: String) -> Self {
        self.basic = Some((user, password));
        self
    }

    /// Sends `Authorization: Bearer TOKEN` instead of Basic credentials.
    #[must_use]
    pub fn with_bearer(mut self, token: String) -> Self {
        self.bearer = Some(token);
        self
    }

    /// Sends `name=TOKEN` as a query parameter on every request (Field Nation's
    /// `access_token`).
    #[must_use]
    pub fn with_query_token(mut self, name: &'static str, token: String) -> Self {
        self.query_token = Some((name, token));
        self
    }

    /// Keeps a second set of credentials for [`Remote::call_alternate`].
    #[must_use]
    pub fn with_alternate(mut self, alternate: Alternate) -> Self {
        self.alternate = Some(alternate);
        self
    }

    /// The absolute URL for a path, or the URL itself when the remote gave a full one
    /// (`pagination.next_url`) on the configured scheme, host and port. A full URL elsewhere
    /// is refused: the credentials would go along to a host the shop never named.
    fn url(&self, path: &str) -> Result<String, Failure> {
        if !(path.starts_with("http://") || path.starts_with("https://")) {
            return Ok(format!("{}{}", self.base, path));
        }
        let given = reqwest::Url::parse(path).ok();
        let base = reqwest::Url::parse(&self.base).ok();
        match (given, base) {
            (Some(given), Some(base)) if same_origin(&given, &base) => Ok(path.to_owned()),
            (given, _) => Err(Failure::Permanent {
                status: 0,
                message: format!(
                    "the remote sent a link to another host ({}); not followed, the credentials \
                     stay with {}",
                    given
                        .as_ref()
                        .and_then(reqwest::Url::host_str)
                        .unwrap_or("an unreadable address"),
                    self.base
                ),
                body: None,
            }),
        }
    }

    pub async fn get(&mut self, path: &str) -> Result<Value, Failure> {
        self.call(Method::GET, path, None).await
    }

    /// Counts one more list page against [`MAX_PAGES_PER_RUN`]; an error once the cap is
    /// reached. Every list is read through [`crate::paging::Pages`], which counts here.
    pub(crate) fn next_page(&mut self) -> Result<(), Failure> {
        if self.pages >= MAX_PAGES_PER_RUN {
            return Err(Failure::Permanent {
                status: 0,
                message: format!(
                    "the remote's list goes on past {MAX_PAGES_PER_RUN} pages; the rest is read \
                     at the next pull"
                ),
                body: None,
            });
        }
        self.pages += 1;
        Ok(())
    }

    /// Sends one request within the budget and returns the JSON body of a 2xx answer.
    pub async fn call(
        &mut self,
        method: Method,
        path: &str,
        body: Option<&Value>,
    ) -> Result<Value, Failure> {
        self.send(method, path, body, false).await
    }

    /// [`Remote::call`] with the alternate credentials (an error when none were given).
    pub async fn call_alternate(
        &mut self,
        method: Method,
        path: &str,
        body: Option<&Value>,
    ) -> Result<Value, Failure> {
        self.send(method, path, body, true).await
    }

    /// Sends the request and hands back its outcome with every secret scrubbed out.
    async fn send(
        &mut self,
        method: Method,
        path: &str,
        body: Option<&Value>,
        alternate: bool,
    ) -> Result<Value, Failure> {
        let outcome = self.send_unscrubbed(method, path, body, alternate).await;
        outcome.map_err(|failure| scrub_failure(failure, &self.secrets()))
    }

    /// Every credential this remote sends, to be kept out of messages.
    fn secrets(&self) -> Vec<&str> {
        let mut all: Vec<&str> = Vec::new();
        if let Some((_, password)) = &self.basic {
            all.push(password);
        }
        all.extend(self.bearer.as_deref());
        all.extend(self.query_token.as_ref().map(|(_, token)| token.as_str()));
        if let Some(alt) = &self.alternate {
            all.push(&alt.bearer);
            all.extend(alt.headers.iter().map(|(_, value)| value.as_str()));
        }
        all
    }

    async fn send_unscrubbed(
        &mut self,
        method: Method,
        path: &str,
        body: Option<&Value>,
        alternate: bool,
    ) -> Result<Value, Failure> {
        let url = self.url(path)?;
        if let Some(until) = self.budget.spent_until(self.now_unix()) {
            return Err(Failure::BudgetSpent { until });
        }
        self.budget.slot().await;
        self.stats.requests += 1;
        let mut request = self
            .client
            .request(method, url)
            .header("Accept", "application/json");
        if let Some((name, token)) = &self.query_token {
            request = request.query(&[(name, token)]);
        }
        if alternate {
            let Some(alt) = &self.alternate else {
                return Err(Failure::Permanent {
                    status: 0,
                    message: "no credentials for this endpoint".to_owned(),
                    body: None,
                });
            };
            request = request.bearer_auth(&alt.bearer);
            for (name, value) in &alt.headers {
                request = request.header(*name, value);
            }
        } else {
            if let Some((user, password)) = &self.basic {
                request = request.basic_auth(user, Some(password));
            }
            if let Some(token) = &self.bearer {
                request = request.bearer_auth(token);
            }
        }
        if let Some(body) = body {
            request = request.json(body);
        }
        let response = match request.send().await {
            Ok(response) => response,
            Err(err) => {
                self.stats.transient += 1;
                return Err(transport(&err));
            }
        };
        let now = self.now_unix();
        self.budget.observe(response.headers(), now);
        let status = response.status();
        let retry_after = retry_after(response.headers(), now);
        let text = match read_capped(response).await {
            Ok(text) => text,
            Err(failure) => {
                self.stats.transient += 1;
                return Err(failure);
            }
        };
        self.classify(status, retry_after, &text)
    }

    fn classify(
        &mut self,
        status: StatusCode,
        retry_after: Option<Duration>,
        text: &str,
    ) -> Result<Value, Failure> {
        let body: Option<Value> = serde_json::from_str(text).ok();
        if status.is_success() && text.trim().is_empty() {
            // 204 No Content (a DELETE): success without a body.
            return Ok(Value::Null);
        }
        if status.is_success() {
            return body.ok_or_else(|| Failure::Transient {
                message: "the remote's answer was not JSON".to_owned(),
                ambiguous: true,
                retry_after: None,
            });
        }
        let message = body
            .as_ref()
            .and_then(|b| {
                b.get("error_message")
                    .and_then(Value::as_str)
                    .map(str::to_owned)
                    .or_else(|| structured_error(b))
                    .or_else(|| plain_message(b))
            })
            .unwrap_or_else(|| text.chars().take(200).collect());
        if status == StatusCode::TOO_MANY_REQUESTS {
            self.stats.rate_limited += 1;
            return Err(Failure::Transient {
                message: format!("rate limited (429): {message}"),
                ambiguous: false,
                retry_after,
            });
        }
        if status.is_server_error() {
            self.stats.transient += 1;
            return Err(Failure::Transient {
                message: format!("remote error ({}): {message}", status.as_u16()),
                ambiguous: true,
                retry_after: None,
            });
        }
        Err(Failure::Permanent {
            status: status.as_u16(),
            message,
            body,
        })
    }
}

/// `{"error": {"code", "message", "details"}}` (the MES's error shape) as one line:
/// `CODE: message (field: reason)`.
fn structured_error(body: &Value) -> Option<String> {
    let error = body.get("error")?;
    let code = error.get("code").and_then(Value::as_str)?;
    let message = error.get("message").and_then(Value::as_str).unwrap_or("");
    let mut line = format!("{code}: {message}");
    let details: Vec<&Value> = match error.get("details") {
        Some(Value::Array(list)) => list.iter().collect(),
        Some(one @ Value::Object(_)) => vec![one],
        _ => Vec::new(),
    };
    let parts: Vec<String> = details
        .iter()
        .map(|d| {
            format!(
                "{}: {}",
                d.get("field").and_then(Value::as_str).unwrap_or("?"),
                d.get("reason").and_then(Value::as_str).unwrap_or("?")
            )
        })
        .collect();
    if !parts.is_empty() {
        line.push_str(&format!(" ({})", parts.join("; ")));
    }
    Some(line)
}

/// `{"message": "..."}`, `{"error": "..."}` or `{"errors": ["...", ...]}` as one line.
fn plain_message(body: &Value) -> Option<String> {
    let text = |v: &Value| v.as_str().map(str::to_owned);
    body.get("message")
        .and_then(text)
        .or_else(|| body.get("error").and_then(text))
        .or_else(|| {
            let list = body.get("errors")?.as_array()?;
            let parts: Vec<String> = list
                .iter()
                .filter_map(|e| {
                    text(e).or_else(|| e.get("message").and_then(Value::as_str).map(str::to_owned))
                })
                .collect();
            (!parts.is_empty()).then(|| parts.join("; "))
        })
}

/// How long a 429 asks us to wait: `Retry-After`, else an `X-RateLimit-Reset` (seconds from
/// now when it is at most a day, else a unix time), both through [`remote_time`]. `None`
/// (absent or nonsense) lets the engine's own backoff decide.
fn retry_after(headers: &reqwest::header::HeaderMap, now_unix: i64) -> Option<Duration> {
    let text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    if let Some(value) = text("retry-after") {
        return remote_time::retry_after(value, now_unix);
    }
    let reset = text("x-ratelimit-reset")?;
    let delta = remote_time::retry_after(reset, now_unix)?;
    if delta < remote_time::MAX_WAIT {
        return Some(delta);
    }
    let at = remote_time::reset_at(reset, now_unix)?;
    Some(remote_time::wait_until_unix(at, now_unix))
}

/// The answer's body as text, refused past [`MAX_ANSWER_BYTES`] (counted after
/// decompression, as the chunks arrive, so a compressed bomb is cut off early too).
async fn read_capped(mut response: reqwest::Response) -> Result<String, Failure> {
    let oversize = || Failure::Transient {
        message: format!(
            "the remote's answer is larger than {} MiB; it was not read",
            MAX_ANSWER_BYTES / (1024 * 1024)
        ),
        ambiguous: true,
        retry_after: None,
    };
    let announced = response.content_length().unwrap_or(0);
    if usize::try_from(announced).unwrap_or(usize::MAX) > MAX_ANSWER_BYTES
        && response.headers().get("content-encoding").is_none()
    {
        return Err(oversize());
    }
    let mut body: Vec<u8> = Vec::new();
    loop {
        match response.chunk().await {
            Ok(Some(chunk)) => {
                if body.len() + chunk.len() > MAX_ANSWER_BYTES {
                    return Err(oversize());
                }
                body.extend_from_slice(&chunk);
            }
            Ok(None) => break,
            Err(err) => return Err(transport(&err)),
        }
    }
    Ok(String::from_utf8_lossy(&body).into_owned())
}

/// A redirect is followed only on the same scheme, host and port (at most five times), so
/// Basic credentials, tokens and `X-API-KEY` never travel to another host; any other
/// redirect comes back as the 3xx itself, which is refused with its own message.
fn same_origin_redirects() -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(|attempt| {
        let first = attempt.previous().first().cloned();
        let same = first.is_some_and(|from| same_origin(attempt.url(), &from));
        if same && attempt.previous().len() <= 5 {
            attempt.follow()
        } else {
            attempt.stop()
        }
    })
}

/// Whether two URLs (as text) share scheme, host and port; unreadable ones never do.
pub fn same_origin_urls(a: &str, b: &str) -> bool {
    match (reqwest::Url::parse(a.trim()), reqwest::Url::parse(b.trim())) {
        (Ok(a), Ok(b)) => same_origin(&a, &b),
        _ => false,
    }
}

fn same_origin(a: &reqwest::Url, b: &reqwest::Url) -> bool {
    a.scheme() == b.scheme()
        && a.host_str().map(str::to_ascii_lowercase) == b.host_str().map(str::to_ascii_lowercase)
        && a.port_or_known_default() == b.port_or_known_default()
}

/// Refuses a base URL that is not `https://`, except plain `http://` to this computer or the
/// shop's own network (a loopback or private-range address, `localhost`, a `.local` name),
/// where a small server without a certificate is normal. On the open internet, plain HTTP
/// would show the credentials to everyone on the way.
pub fn check_base_url(text: &str) -> Result<(), String> {
    let url = reqwest::Url::parse(text.trim())
        .map_err(|_| format!("'{text}' is not an http:// or https:// address"))?;
    let host = url.host();
    match (url.scheme(), host) {
        (_, None) => Err(format!("'{text}' has no host")),
        ("https", Some(_)) => Ok(()),
        ("http", Some(host)) if on_local_network(&host) => Ok(()),
        ("http", Some(_)) => Err(format!(
            "'{text}' is plain http:// on the internet; use https:// (plain http:// is only \
             allowed to this computer or an address on the shop's own network)"
        )),
        _ => Err(format!("'{text}' is not an http:// or https:// address")),
    }
}

fn on_local_network(host: &url::Host<&str>) -> bool {
    match host {
        url::Host::Ipv4(ip) => ip.is_loopback() || ip.is_private() || ip.is_link_local(),
        url::Host::Ipv6(ip) => {
            ip.is_loopback() || ip.is_unique_local() || ip.is_unicast_link_local()
        }
        url::Host::Domain(name) => {
            let name = name.trim_end_matches('.').to_ascii_lowercase();
            name == "localhost" || name.ends_with(".localhost") || name.ends_with(".local")
        }
    }
}

/// A failure with every secret replaced by `[hidden]`, in its message and its JSON body.
fn scrub_failure(failure: Failure, secrets: &[&str]) -> Failure {
    match failure {
        Failure::Transient {
            message,
            ambiguous,
            retry_after,
        } => Failure::Transient {
            message: scrub(&message, secrets),
            ambiguous,
            retry_after,
        },
        Failure::Permanent {
            status,
            message,
            body,
        } => Failure::Permanent {
            status,
            message: scrub(&message, secrets),
            body: body.map(|b| scrub_json(b, secrets)),
        },
        spent @ Failure::BudgetSpent { .. } => spent,
    }
}

/// `value` form-URL-encoded, as every connector puts an id or a setting into a path or a
/// query (so a `/`, `?` or `&` in it can never change which record is asked for).
pub(crate) fn url_encoded(value: &str) -> String {
    url::form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

/// `text` with each secret (as it is, and as it looks URL-encoded in a query or path)
/// replaced. Secrets shorter than three characters are not real credentials and would
/// garble every message, so they are left alone.
pub fn scrub(text: &str, secrets: &[&str]) -> String {
    let mut out = text.to_owned();
    for secret in secrets.iter().filter(|s| s.chars().count() >= 3) {
        let encoded = url_encoded(secret);
        let path_encoded = encoded.replace('+', "%20");
        for form in [(*secret).to_owned(), encoded, path_encoded] {
            if !form.is_empty() {
                out = out.replace(&form, HIDDEN);
            }
        }
    }
    out
}

fn scrub_json(value: Value, secrets: &[&str]) -> Value {
    match value {
        Value::String(text) => Value::String(scrub(&text, secrets)),
        Value::Array(list) => {
            Value::Array(list.into_iter().map(|v| scrub_json(v, secrets)).collect())
        }
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| (scrub(&k, secrets), scrub_json(v, secrets)))
                .collect(),
        ),
        other => other,
    }
}

/// A transport failure in plain words. Never with the request's URL: it may carry a token
/// (`access_token=...`), and the person needs the kind of failure, not the address.
fn transport(err: &reqwest::Error) -> Failure {
    let ambiguous = !err.is_connect();
    let message = if err.is_timeout() {
        "no answer in time (timeout)".to_owned()
    } else if err.is_connect() {
        "cannot reach the remote (connection refused or offline)".to_owned()
    } else if err.is_body() || err.is_decode() {
        "the connection broke while the answer was read".to_owned()
    } else {
        "the connection broke before an answer came (the remote hung up)".to_owned()
    };
    Failure::Transient {
        message,
        ambiguous,
        retry_after: None,
    }
}
