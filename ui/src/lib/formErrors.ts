// Turns a refusal from the core into messages keyed by the field it names, so a form can put
// each message beside its input. A refusal without a field lands under `fallback`. The
// message is in the UI language (lib/errors.ts).
import { ApiError } from "./api";
import { errorText } from "./errors";

export function errorsFrom(reason: unknown, fallback = "form"): Record<string, string> {
  const err = ApiError.from(reason);
  return { [err.field ?? fallback]: errorText(err) };
}
