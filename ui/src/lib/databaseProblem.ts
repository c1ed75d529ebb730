// The words for why a shop database could not be reached (issue 14): the core sorts each
// failure into a problem code (wrong_password, host_not_found, tls_required, …), said here in
// the window's language; an unsorted one keeps the core's English reason.
import { dictionaries, type Key } from "./i18n";
import { t } from "./ui.svelte";

export function problemText(problem: string | null | undefined, reason: string | null | undefined): string {
  const key = `dbp_${problem ?? ""}`;
  return key in dictionaries.en ? t(key as Key) : (reason ?? "");
}
