// Turns a refusal from the core into messages keyed by the field it names, so a form can put
// each message beside its input. A refusal without a field lands under `fallback`.
import { ApiError } from "./api";

export function errorsFrom(reason: unknown, fallback = "form"): Record<string, string> {
  const err = ApiError.from(reason);
  return { [err.field ?? fallback]: err.message };
}
