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

use std::time::Duration;

use reqwest::{Method, StatusCode};
use serde_json::Value;

use crate::budget::Budget;

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
    now_unix: Box<dyn Fn() -> i64 + Send + Sync>,
}

impl Remote {
    pub fn new(
        base: &str,
        basic: Option<(String, String)>,
        timeout: Duration,
        budget: Budget,
        now_unix: Box<dyn Fn() -> i64 + Send + Sync>,
    ) -> Result<Self, Failure> {
        let client = reqwest::Client::builder()
            .timeout(timeout)
            .connect_timeout(timeout.min(Duration::from_secs(5)))
            .gzip(true)
            .build()
            .map_err(|err| Failure::Permanent {
                status: 0,
                message: format!("HTTP client: {err}"),
                body: None,
            })?;
        Ok(Self {
            client,
            base: base.trim_end_matches('/').to_owned(),
            basic,
            bearer: None,
            query_token: None,
            alternate: None,
            budget,
            stats: Stats::default(),
            now_unix,
        })
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
    /// (`pagination.next_url`).
    fn url(&self, path: &str) -> String {
        if path.starts_with("http://") || path.starts_with("https://") {
            path.to_owned()
        } else {
            format!("{}{}", self.base, path)
        }
    }

    pub async fn get(&mut self, path: &str) -> Result<Value, Failure> {
        self.call(Method::GET, path, None).await
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

    async fn send(
        &mut self,
        method: Method,
        path: &str,
        body: Option<&Value>,
        alternate: bool,
    ) -> Result<Value, Failure> {
        if let Some(until) = self.budget.spent_until((self.now_unix)()) {
            return Err(Failure::BudgetSpent { until });
        }
        self.budget.slot().await;
        self.stats.requests += 1;
        let mut request = self
            .client
            .request(method, self.url(path))
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
        self.budget.observe(response.headers());
        let status = response.status();
        let retry_after = response
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok())
            .map(Duration::from_secs);
        let text = match response.text().await {
            Ok(text) => text,
            Err(err) => {
                self.stats.transient += 1;
                return Err(transport(&err));
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
                retry_after: Some(retry_after.unwrap_or(Duration::from_secs(60))),
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

fn transport(err: &reqwest::Error) -> Failure {
    let ambiguous = !err.is_connect();
    let message = if err.is_timeout() {
        "no answer in time (timeout)".to_owned()
    } else if err.is_connect() {
        "cannot reach the remote (connection refused or offline)".to_owned()
    } else {
        format!("the connection broke: {err}")
    };
    Failure::Transient {
        message,
        ambiguous,
        retry_after: None,
    }
}
