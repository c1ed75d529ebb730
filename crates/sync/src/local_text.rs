//! Text made from Jobcard's own rows for a remote, where connectors say the same thing: the
//! repair object by its brand and model, and a finished order's closing notes. The
//! counterpart of `remote_text.rs`, which reads a remote's text.

use jobcard_store::{ClosingRow, RepairObjectRow};

/// The repair object's brand and model, each trimmed, blank ones left out; `None` when it has
/// neither (each remote then names it by its kind in its own way).
pub(crate) fn brand_and_model(object: &RepairObjectRow) -> Option<String> {
    let name = [object.brand.as_deref(), object.model.as_deref()]
        .into_iter()
        .flatten()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    (!name.is_empty()).then_some(name)
}

/// A finished order's closing notes, one to a line: the resolution (after `label`, the
/// remote's word for it, empty for none), the root cause and the closing notes; the
/// description when none of them is filled in.
pub(crate) fn closing_notes(closing: &ClosingRow, label: &str, description: &str) -> String {
    fn clean(s: &Option<String>) -> Option<&str> {
        s.as_deref().map(str::trim).filter(|s| !s.is_empty())
    }
    let parts: Vec<String> = [
        clean(&closing.resolution).map(|r| format!("{label}{r}")),
        clean(&closing.root_cause).map(|r| format!("Root cause: {r}")),
        clean(&closing.closing_notes).map(str::to_owned),
    ]
    .into_iter()
    .flatten()
    .collect();
    if parts.is_empty() {
        description.to_owned()
    } else {
        parts.join("\n")
    }
}
