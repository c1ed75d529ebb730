// Turns a refusal from the core ({code, message, field, details}) into words in the UI
// language. The core speaks English and keeps stable codes; here each known English message
// template gets its Dutch (errorCatalogue.ts), the field path gets a name people use
// (`lines[2].quantity` -> "Regel 3, aantal"), and a plan that needs confirmation is worded
// from its details. The English message is shown as it is only in English, or for a code
// this module does not know yet.
import { ApiError, type ErrorCode } from "./api";
import { codeTexts, detailTexts, findingTexts, messageTexts } from "./errorCatalogue";
import { formatDay, formatMoment } from "./dates";
import { statusLabel, type Lang } from "./i18n";
import { ui } from "./ui.svelte";

/** The shape of a refusal as the core sends it. */
export type Refusal = {
  code: ErrorCode;
  message: string;
  field?: string;
  details?: { code: string; message: string; params: Record<string, string | undefined> }[];
};

// Field names by the last part of a path, or by a whole path where the part alone is unclear.
const FIELDS: Record<string, { en: string; nl: string }> = {
  "customer.name": { en: "Customer name", nl: "Naam klant" },
  "customer.phone": { en: "Customer phone", nl: "Telefoon klant" },
  "customer.email": { en: "Customer e-mail", nl: "E-mail klant" },
  "customer.id": { en: "Customer", nl: "Klant" },
  "repair_object.id": { en: "Bike", nl: "Fiets" },
  "repair_object.year": { en: "Year", nl: "Bouwjaar" },
  "repair_object.kind": { en: "Kind of object", nl: "Soort object" },
  customer: { en: "Customer", nl: "Klant" },
  customer_id: { en: "Customer", nl: "Klant" },
  repair_object: { en: "Bike", nl: "Fiets" },
  repair_object_id: { en: "Bike", nl: "Fiets" },
  name: { en: "Name", nl: "Naam" },
  phone: { en: "Phone", nl: "Telefoon" },
  email: { en: "E-mail", nl: "E-mail" },
  address: { en: "Address", nl: "Adres" },
  brand: { en: "Brand", nl: "Merk" },
  model: { en: "Model", nl: "Model" },
  colour: { en: "Colour", nl: "Kleur" },
  year: { en: "Year", nl: "Bouwjaar" },
  frame_number: { en: "Frame number", nl: "Framenummer" },
  licence_plate: { en: "Licence plate", nl: "Kenteken" },
  kind: { en: "Kind", nl: "Soort" },
  lines: { en: "Lines", nl: "Regels" },
  quantity: { en: "quantity", nl: "aantal" },
  unit_price_cents: { en: "price", nl: "prijs" },
  unit_discount_cents: { en: "discount", nl: "korting" },
  discount_bp: { en: "discount %", nl: "korting %" },
  vat: { en: "VAT", nl: "btw" },
  code: { en: "Code", nl: "Code" },
  barcode: { en: "Barcode", nl: "Streepjescode" },
  description: { en: "Description", nl: "Omschrijving" },
  minutes: { en: "Minutes", nl: "Minuten" },
  work_minutes: { en: "Work minutes", nl: "Werkminuten" },
  standard_minutes: { en: "Standard minutes", nl: "Standaardminuten" },
  actual_minutes: { en: "Minutes worked", nl: "Gewerkte minuten" },
  total_cents: { en: "Total", nl: "Totaal" },
  price_cents: { en: "Price", nl: "Prijs" },
  rate_bp: { en: "Rate", nl: "Tarief" },
  valid_from: { en: "Valid from", nl: "Geldig vanaf" },
  promised_date: { en: "Promised date", nl: "Beloofde datum" },
  scheduled_start: { en: "Planned start", nl: "Geplande start" },
  start: { en: "Start", nl: "Start" },
  mechanic: { en: "Mechanic", nl: "Monteur" },
  employee: { en: "Employee", nl: "Medewerker" },
  number: { en: "Order number", nl: "Werkordernummer" },
  status: { en: "Status", nl: "Status" },
  reason: { en: "Reason", nl: "Reden" },
  notes: { en: "Notes", nl: "Notities" },
  title: { en: "Title", nl: "Titel" },
  priority: { en: "Priority", nl: "Prioriteit" },
  own_reference: { en: "Own reference", nl: "Eigen referentie" },
  resolution: { en: "What was done", nl: "Wat is gedaan" },
  root_cause: { en: "Cause", nl: "Oorzaak" },
  pin: { en: "PIN", nl: "Pincode" },
  roles: { en: "Roles", nl: "Rollen" },
  store: { en: "Shop", nl: "Winkel" },
  time_zone: { en: "Time zone", nl: "Tijdzone" },
  vat_number: { en: "VAT number", nl: "Btw-nummer" },
  coc_number: { en: "Chamber of Commerce number", nl: "KvK-nummer" },
  document_footer: { en: "Document footer", nl: "Voettekst documenten" },
  from: { en: "From", nl: "Van" },
  to: { en: "To", nl: "Tot" },
  days: { en: "Days", nl: "Dagen" },
  weekday: { en: "Weekday", nl: "Weekdag" },
  opens: { en: "Opens", nl: "Opent" },
  closes: { en: "Closes", nl: "Sluit" },
  absence: { en: "Absence", nl: "Afwezigheid" },
  file: { en: "File", nl: "Bestand" },
  connector: { en: "Connector", nl: "Koppeling" },
  settings: { en: "Settings", nl: "Instellingen" },
  base_url: { en: "Address (URL)", nl: "Adres (URL)" },
  key: { en: "Setting", nl: "Instelling" },
  line_no: { en: "Line", nl: "Regel" },
  order: { en: "Order", nl: "Werkorder" },
  report: { en: "Report", nl: "Overzicht" },
  form: { en: "Form", nl: "Formulier" },
};

/** A field path as people name it: `lines[2].quantity` -> "Regel 3, aantal". */
export function fieldLabel(field: string, lang: Lang): string {
  const whole = FIELDS[field];
  if (whole) return whole[lang];
  const out: string[] = [];
  for (const part of field.split(".")) {
    const line = /^lines\[(\d+)\]$/.exec(part);
    if (line) {
      out.push(`${lang === "nl" ? "Regel" : "Line"} ${Number(line[1]) + 1}`);
      continue;
    }
    const bare = part.replace(/\[\d+\]$/, "");
    out.push(FIELDS[bare]?.[lang] ?? bare.replace(/_/g, " "));
  }
  // "Klant, naam" reads worse than the whole-path names above, but every part is named.
  return out.map((p, i) => (i === 0 ? capitalise(p) : lowerWord(p))).join(", ");
}

/** "Naam" -> "naam", but "VAT" and "PIN" stay as they are. */
function lowerWord(text: string): string {
  return /^[A-Z][A-Z]/.test(text) ? text : text.charAt(0).toLowerCase() + text.slice(1);
}

type Compiled = { regex: RegExp; dutch: string };

function compile(template: string): RegExp {
  const pieces = template.split(/\{[^{}]*\}/);
  const escaped = pieces.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  return new RegExp(`^${escaped.join("(.+?)")}$`, "s");
}

const compiled: Compiled[] = Object.entries(messageTexts)
  // Templates with fewer holes first, so a literal message never matches a looser template.
  .sort(([a], [b]) => (a.match(/\{/g)?.length ?? 0) - (b.match(/\{/g)?.length ?? 0))
  .map(([english, dutch]) => ({ regex: compile(english), dutch }));

/** A value inside a message in the UI language: dates as the reader expects them. */
function value(text: string, lang: Lang): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return formatDay(text, lang);
  if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2})?$/.test(text)) return formatMoment(text, lang);
  const status = statusLabel(lang, text);
  return status !== text ? status : text;
}

/** The Dutch of one English message, or null when the catalogue does not have it. */
export function dutchMessage(message: string): string | null {
  for (const { regex, dutch } of compiled) {
    const m = regex.exec(message);
    if (m) return dutch.replace(/\{(\d+)\}/g, (_, i: string) => value(m[Number(i)] ?? "", "nl"));
  }
  return null;
}

function detailText(detail: NonNullable<Refusal["details"]>[number], lang: Lang): string {
  const template = detailTexts[detail.code];
  if (lang === "en" || !template) return lang === "en" ? detail.message : (dutchMessage(detail.message) ?? findingTexts[detail.code]?.nl ?? detail.message);
  return template.replace(/\{(\w+)\}/g, (_, key: string) => value(detail.params[key] ?? "", lang));
}

/** The message alone, in the UI language (shown beside the field it is about). */
export function errorMessage(err: Refusal, lang: Lang): string {
  if (err.details && err.details.length > 0) return err.details.map((d) => detailText(d, lang)).join("; ");
  if (lang === "en") return err.message;
  return dutchMessage(err.message) ?? codeTexts[err.code]?.nl ?? err.message;
}

/** A sentence naming the field: "Naam klant: is verplicht". */
export function errorSentence(err: Refusal, lang: Lang): string {
  const message = errorMessage(err, lang);
  return err.field ? `${fieldLabel(err.field, lang)}: ${message}` : capitalise(message);
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Whatever an api call rejected with, as a sentence in `lang`. */
export function describe(reason: unknown, lang: Lang): string {
  return errorSentence(refusal(reason), lang);
}

/** The core's refusal inside a rejected api call, with its details when it has them. */
export function refusal(reason: unknown): Refusal {
  const err = ApiError.from(reason);
  return { code: err.code, message: err.message, field: err.field, details: err.details };
}

/** The message of a rejected api call in the current UI language, for beside its field. */
export function errorText(reason: unknown): string {
  return errorMessage(refusal(reason), ui.lang);
}

/** A rejected api call as a sentence naming its field, in the current UI language. */
export function errorLine(reason: unknown): string {
  return errorSentence(refusal(reason), ui.lang);
}
