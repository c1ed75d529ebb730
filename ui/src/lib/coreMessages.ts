// Reads the refusals the Rust core can produce straight from its source, for the test that
// every one of them has Dutch text (errors.test.ts). Node only: it is never bundled.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

/** One refusal in the source: its code, and its English message template (`{}` holes). */
export type CoreMessage = { file: string; code: string; template: string | null };

const CALLS: Record<string, string | null> = {
  "AppError::invalid": "invalid_input",
  "AppError::not_found": "not_found",
  "AppError::storage": "storage",
  "DomainError::invalid": "invalid_input",
  "AppError::new": null, // the code is the first argument
  "ErrorDetail::new": null,
  row_error: "invalid_input",
};

function rustFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return rustFiles(path);
    return name.endsWith(".rs") ? [path] : [];
  });
}

/** The source without its unit tests, which build refusals only to look at them. */
function withoutTests(text: string): string {
  const at = text.search(/#\[cfg\(test\)\]\s*mod tests/);
  return at < 0 ? text : text.slice(0, at);
}

/** The top-level arguments of the call whose `(` is at `open`. */
function args(text: string, open: number): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = open + 1;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      // Skip a string literal, escapes included.
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === "\\") i++;
    } else if (c === "(" || c === "[" || c === "{") depth++;
    else if (c === ")" || c === "]" || c === "}") {
      depth--;
      if (depth === 0) {
        out.push(text.slice(start, i).trim());
        return out.filter((a) => a !== "");
      }
    } else if (c === "," && depth === 1) {
      out.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  return out;
}

/** The template of a message argument: a literal, or a `format!` string; null otherwise. */
function template(arg: string | undefined): string | null {
  if (!arg) return null;
  const m = /^(?:format!\(\s*)?"((?:[^"\\]|\\.)*)"/.exec(arg);
  return m ? m[1].replace(/\\"/g, '"').replace(/\\n/g, "\n") : null;
}

/** A code argument: `ErrorCode::NotFound` as the JSON spells it (`not_found`), or a string
 *  literal (an `ErrorDetail`'s finding code). */
function literal(arg: string | undefined): string | null {
  const variant = /^(?:[a-z_]+::)*ErrorCode::([A-Za-z]+)$/.exec(arg ?? "");
  if (variant) return variant[1].replace(/(?<!^)([A-Z])/g, "_$1").toLowerCase();
  const m = /^"([a-z_]+)"$/.exec(arg ?? "");
  return m ? m[1] : null;
}

/** Every refusal built in the Rust files under `dirs`. */
export function coreMessages(dirs: string[]): CoreMessage[] {
  const found: CoreMessage[] = [];
  for (const file of dirs.flatMap(rustFiles)) {
    const text = withoutTests(readFileSync(file, "utf8"));
    for (const m of text.matchAll(/\b(AppError::invalid|AppError::not_found|AppError::storage|DomainError::invalid|AppError::new|ErrorDetail::new|row_error)\s*\(/g)) {
      if (text.slice(m.index - 3, m.index) === "fn ") continue;
      const a = args(text, m.index + m[0].length - 1);
      const code = CALLS[m[1]] ?? literal(a[0]);
      if (code === null) continue; // a code passed through from elsewhere
      // A CSV import's row error is (line, column, message); a storage error is (message).
      const message = m[1] === "row_error" ? a[2] : m[1] === "AppError::storage" ? a[0] : a[1];
      found.push({ file, code, template: template(message) });
    }
  }
  return found;
}
