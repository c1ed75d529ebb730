// The Dutch words for the core's refusals (used by errors.ts). The core speaks English and
// keeps stable codes; these tables are the only place its refusals are translated.
//
// `codeTexts`: one sentence per error code, for a refusal whose message is not listed below;
// typed by the core's closed list (`ErrorCode`), so a code without a sentence does not compile.
// `findingTexts`: the same for the findings inside a refusal (`ErrorDetail` codes).
// `messageTexts`: the core's English message templates, exactly as written in the Rust source
// (`{…}` marks a value), with their Dutch. In the Dutch, `{1}`, `{2}`… are the values in the
// order they appear in the English. errors.test.ts reads the Rust source and fails when a
// code or a message has no Dutch here.
// `detailTexts`: the findings of a plan that needs confirmation, by detail code, with the
// detail's named values (`{mechanic}`, `{start}`…).

import type { ErrorCode } from "./api";

export const codeTexts: Record<ErrorCode, { en: string; nl: string }> = {
  invalid_input: { en: "is not valid", nl: "is niet geldig" },
  not_found: { en: "was not found", nl: "is niet gevonden" },
  invalid_transition: { en: "this status change is not allowed", nl: "deze statuswijziging is niet toegestaan" },
  overflow: { en: "amount out of range", nl: "bedrag buiten het bereik" },
  conflict: { en: "someone else changed this at the same time; try again", nl: "iemand anders wijzigde dit tegelijk; probeer het opnieuw" },
  storage: { en: "the database could not be read or written", nl: "de database kon niet worden gelezen of geschreven" },
  internal: { en: "something went wrong inside Jobcard", nl: "er ging iets mis in Jobcard" },
  forbidden: { en: "your role does not allow this", nl: "uw rol staat dit niet toe" },
  unauthorized: { en: "wrong name or PIN", nl: "verkeerde naam of pincode" },
  locked: { en: "too many wrong PINs; try again later", nl: "te vaak een verkeerde pincode; probeer het later opnieuw" },
  not_signed_in: { en: "sign in first", nl: "meld u eerst aan" },
  needs_confirmation: { en: "needs your confirmation", nl: "vraagt om uw bevestiging" },
  secrets: { en: "the connector's secrets could not be read or saved", nl: "de geheimen van de koppeling konden niet worden gelezen of opgeslagen" },
  remote: { en: "the other system refused the request", nl: "het andere systeem weigerde het verzoek" },
  not_synced: { en: "some changes are not synced yet", nl: "sommige wijzigingen zijn nog niet gesynchroniseerd" },
  known_customer: { en: "matches a known customer", nl: "hoort bij een bekende klant" },
  database_not_empty: { en: "the shared database is not empty; migrate-to copies a shop only into an empty database", nl: "de gedeelde database is niet leeg; migrate-to kopieert een winkel alleen naar een lege database" },
  copy_refused: { en: "the two databases do not have the same tables; nothing was copied", nl: "de twee databases hebben niet dezelfde tabellen; er is niets gekopieerd" },
  copy_mismatch: { en: "the copy did not add up; nothing was copied", nl: "de kopie klopte niet; er is niets gekopieerd" },
  secret_missing: { en: "this secret is not set yet; fill it in and save", nl: "dit geheim is nog niet ingevuld; vul het in en sla op" },
  secret_refused: { en: "the other system refused this secret; check it and save it again", nl: "het andere systeem weigerde dit geheim; controleer het en sla het opnieuw op" },
  no_pdf_viewer: { en: "no PDF viewer could be opened on this computer", nl: "op deze computer kon geen pdf-viewer worden geopend" },
  known_object: { en: "matches a known bike", nl: "hoort bij een bekende fiets" },
  database_unreachable: { en: "the shop database cannot be reached; nothing was saved, try again", nl: "de winkeldatabase is niet bereikbaar; er is niets opgeslagen, probeer het opnieuw" },
  database_newer: { en: "the database was set up by a newer Jobcard; update Jobcard on this computer", nl: "de database is ingericht door een nieuwere Jobcard; werk Jobcard op deze computer bij" },
  unsupported: { en: "this is not supported", nl: "dit wordt niet ondersteund" },
  order_changed: { en: "someone else changed this order since you opened it; reload it", nl: "iemand anders wijzigde deze werkorder nadat u hem opende; laad hem opnieuw" },
};

export const findingTexts: Record<string, { en: string; nl: string }> = {
  // The findings inside a needs_confirmation refusal (see detailTexts).
  not_working_then: { en: "the shop or the mechanic is not working then", nl: "de winkel of de monteur werkt dan niet" },
  overlaps: { en: "overlaps other work", nl: "overlapt ander werk" },
  over_capacity: { en: "more work than fits in the day", nl: "meer werk dan op de dag past" },
};

export const detailTexts: Record<string, string> = {
  not_working_then: "de winkel of {mechanic} werkt dan niet; het werk begint {start}",
  overlaps: "overlapt {number} van {mechanic}",
  over_capacity: "{mechanic} zou op {day} {minutes} van {capacity} minuten ingepland hebben",
  order_changed: "Werkorder {number} is door {by} gewijzigd om {when}, nadat u hem opende; laad hem opnieuw om de wijziging te zien",
};

export const messageTexts: Record<string, string> = {
  // Domain: texts, amounts, lines, numbers, VAT.
  "is required": "is verplicht",
  // A stored value no longer reads as its type (views.rs).
  "the database holds an unreadable value: {err}": "de database bevat een onleesbare waarde: {1}",
  // Backups of a shared database.
  "a shared database's backup is restored from the command line once Jobcard is closed at every seat: jobcard backup restore FILE":
    "de back-up van een gedeelde database zet u terug vanaf de opdrachtregel, als Jobcard op elke werkplek is gesloten: jobcard backup restore BESTAND",
  "is not a backup of a shared database (jobcard-....pgdump); a .sqlite backup is brought into PostgreSQL with jobcard migrate-to":
    "is geen back-up van een gedeelde database (jobcard-....pgdump); een .sqlite-back-up brengt u naar PostgreSQL met jobcard migrate-to",
  "can only be scheduled with a planned start; plan the order first": "kan alleen ingepland worden met een geplande start; plan de werkorder eerst",
  "your timer runs on another order; pause it first": "uw klok loopt op een andere werkorder; pauzeer hem eerst",
  "Order {number} was changed by {by} at {when} since you opened it; reload it to see the change": "Werkorder {1} is door {2} gewijzigd om {3}, nadat u hem opende; laad hem opnieuw om de wijziging te zien",
  "must be at most {max} characters": "mag hoogstens {1} tekens lang zijn",
  "must not contain control characters": "mag geen stuurtekens bevatten",
  "is not a valid e-mail address": "is geen geldig e-mailadres",
  "is not a valid phone number": "is geen geldig telefoonnummer",
  "unknown {} '{s}'; expected one of {all}": "onbekende {1} '{2}'; kies uit {3}",
  "unknown status '{s}'; expected one of {all}": "onbekende status '{1}'; kies uit {2}",
  "must not be zero": "mag niet nul zijn",
  "unknown line kind '{s}'; expected article, repair_code, labour or text": "onbekende regelsoort '{1}'; kies artikel, reparatiecode, arbeid of tekst",
  "unknown line status '{s}'; expected open or done": "onbekende regelstatus '{1}'; kies open of klaar",
  "must be between -{MAX_QUANTITY} and {MAX_QUANTITY}": "moet tussen -{1} en {2} liggen",
  "must not be negative (a return is a negative quantity)": "mag niet negatief zijn (een retour is een negatief aantal)",
  "is too large": "is te groot",
  "must not be negative": "mag niet negatief zijn",
  "must not exceed the unit price": "mag niet hoger zijn dan de stukprijs",
  "must be between 0 and 10000 basis points": "moet tussen 0 en 10000 basispunten liggen",
  "rate must be between 0 and 10000 basis points": "het tarief moet tussen 0 en 10000 basispunten liggen",
  "must be between 0 and 10000 minutes per unit": "moet tussen 0 en 10000 minuten per stuk liggen",
  "'{s}' is not an order number like WO-2026-00001": "'{1}' is geen ordernummer zoals WO-2026-00001",
  "unknown VAT code '{s}'; expected zero, low or high": "onbekende btw-code '{1}'; kies nul, laag of hoog",
  "the {} rate ends before it starts": "het {1}-tarief eindigt voordat het begint",
  "two {} rates overlap around {}": "twee {1}-tarieven overlappen rond {2}",
  "no {code} VAT rate in force on {date}": "geen {1} btw-tarief geldig op {2}",
  "'{}' is not an amount in euros": "'{1}' is geen bedrag in euro",
  "'{}' is ambiguous: write {} or {} with two decimals": "'{1}' is dubbelzinnig: schrijf {2} of {3} met twee decimalen",
  "amount out of range": "bedrag buiten het bereik",
  "cannot change status from {} to {}; allowed: {}": "status kan niet van {1} naar {2}; toegestaan: {3}",
  // Signing in and roles.
  "not allowed for role {mine}: {}": "niet toegestaan voor de rol {1}: {2}",
  "must be 4 to 8 digits": "moet uit 4 tot 8 cijfers bestaan",
  "cannot hash the PIN: {err}": "de pincode kon niet worden versleuteld: {1}",
  "wrong name or PIN": "verkeerde naam of pincode",
  "too many wrong PINs; try again after {}": "te vaak een verkeerde pincode; probeer het opnieuw na {1}",
  "{} has no PIN yet; a manager sets it in the settings": "{1} heeft nog geen pincode; een manager stelt die in bij de instellingen",
  "no employee with id '{employee_id}'": "geen medewerker met id '{1}'",
  "this workshop already has employees with a PIN; sign in as a manager": "deze werkplaats heeft al medewerkers met een pincode; meld u aan als manager",
  "sign in first": "meld u eerst aan",
  "the session lock is poisoned": "de sessie is beschadigd; start Jobcard opnieuw",
  // Backups and demo data.
  "{}: {err}": "{1}: {2}",
  "no backup named '{file}'": "geen back-up met de naam '{1}'",
  "demo_shop.json: {e}": "demo_shop.json: {1}",
  // Orders, intake, lines.
  "order {number} is {status}; reopen it before changing it": "werkorder {1} is {2}; heropen hem voordat u hem wijzigt",
  "is not one of {}'s bikes": "is geen fiets van {1}",
  "no store is set up in this database": "er is nog geen winkel ingesteld in deze database",
  "no store named '{choice}'": "geen winkel met de naam '{1}'",
  "order numbers exhausted": "de ordernummers zijn op",
  "no such employee": "deze medewerker bestaat niet",
  "{} is not an active mechanic": "{1} is geen actieve monteur",
  "malformed JSON: {err}": "onleesbare gegevens: {1}",
  "work minutes out of range": "werkminuten buiten het bereik",
  "no employee named '{name}'": "geen medewerker met de naam '{1}'",
  "unknown sort '{other}'; expected date_desc, date_asc, number_desc, number_asc, status or promised": "onbekende sortering '{1}'",
  "must be between 1 and {MAX_PAGE}": "moet tussen 1 en {1} liggen",
  "is required when an order waits (which part, or what the customer must decide)": "is verplicht als een werkorder wacht (welk onderdeel, of wat de klant moet beslissen)",
  "no order {number}": "geen werkorder {1}",
  "no customer with id '{id}'": "geen klant met id '{1}'",
  "no repair object with id '{id}'": "geen fiets of object met id '{1}'",
  "{year} is not a plausible year": "{1} is geen geloofwaardig bouwjaar",
  "belongs to another bike already ({})": "hoort al bij een andere fiets ({1})",
  "bad date '{text}' in the database": "onleesbare datum '{1}' in de database",
  "unknown repair code '{code}'": "onbekende reparatiecode '{1}'",
  "no article with barcode '{barcode}'": "geen artikel met streepjescode '{1}'",
  "unknown line kind '{kind}'; expected article, repair_code, labour or text": "onbekende regelsoort '{1}'; kies artikel, reparatiecode, arbeid of tekst",
  "is required for a line without a code or barcode": "is verplicht voor een regel zonder code of streepjescode",
  "is required: this line has no catalogue price": "is verplicht: deze regel heeft geen catalogusprijs",
  "is required for a priced line (zero, low or high)": "is verplicht voor een regel met een prijs (nul, laag of hoog)",
  "is required for a priced line": "is verplicht voor een regel met een prijs",
  "a text line has no price; use kind article or labour": "een tekstregel heeft geen prijs; kies artikel of arbeid",
  "unknown document '{s}'; expected job-card or summary": "onbekend document '{1}'; kies werkbon of overzicht",
  "unknown language '{other}'; expected nl or en": "onbekende taal '{1}'; kies nl of en",
  "drafts are kept per signed-in employee; sign in first": "concepten worden per aangemelde medewerker bewaard; meld u eerst aan",
  "the draft is {} KiB; at most {} KiB is kept": "het concept is {1} KiB; er wordt hoogstens {2} KiB bewaard",
  "is not a JSON object": "is geen JSON-object",
  // Planning and the calendar.
  "must be between 1 and 14": "moet tussen 1 en 14 liggen",
  "must be between 1 and 10000": "moet tussen 1 en 10000 liggen",
  "no active mechanic named '{name}'": "geen actieve monteur met de naam '{1}'",
  "no active employee named '{name}'": "geen actieve medewerker met de naam '{1}'",
  "'{text}' is neither a time like 2026-11-23T09:30 (the shop's time) nor a date like 2026-11-23":
    "'{1}' is geen tijd zoals 23-11-2026 09:30 (de tijd van de winkel) en geen datum zoals 23-11-2026",
  "'{text}' is neither a date-time like 2026-11-24T10:00:00+01:00 nor a date":
    "'{1}' is geen datum met tijd zoals 24-11-2026 10:00 en geen datum",
  "{} does not exist in {tz}: the clocks go forward then; pick a time after the change":
    "{1} bestaat niet in {2}: dan gaat de klok vooruit; kies een tijd na de omschakeling",
  "{} has no room for {} minutes in the next {HORIZON_DAYS} days": "{1} heeft de komende {3} dagen geen ruimte voor {2} minuten",
  "the shop or {} is not working then; the work starts at {}": "de winkel of {1} werkt dan niet; het werk begint om {2}",
  "overlaps {number} of {}": "overlapt {1} van {2}",
  "{} would have {total} of {capacity} minutes booked on {day}": "{1} zou op {4} {2} van {3} minuten ingepland hebben",
  // The mechanics' work.
  "work is tracked per employee; sign in (or pass --as NAME with JOBCARD_PIN)": "werk wordt per medewerker bijgehouden; meld u aan",
  "your timer does not run on {}": "uw klok loopt niet op {1}",
  "your timer already runs on {o}": "uw klok loopt al op {1}",
  "{} has no line {line_no}": "{1} heeft geen regel {2}",
  "{} waits for the customer's approval{why}; start it only when they agreed":
    "{1} wacht op akkoord van de klant{2}; begin pas als de klant akkoord is",
  // Reports.
  "'{text}' is not a date like 2026-11-23": "'{1}' is geen datum zoals 23-11-2026",
  "must not be before from": "mag niet vóór de begindatum liggen",
  "a report covers at most five years": "een overzicht beslaat hoogstens vijf jaar",
  // Settings: articles and their CSV import, repair codes, hours, labels, staff, stores, VAT.
  'has characters that are not UTF-8; save the file as "CSV UTF-8"': 'bevat tekens die geen UTF-8 zijn; sla het bestand op als "CSV UTF-8"',
  "'{value}' is not a whole number of cents": "'{1}' is geen heel aantal centen",
  "unknown VAT '{value}'; expected one of {known}": "onbekende btw '{1}'; kies uit {2}",
  "'{value}' is not yes or no": "'{1}' is geen ja of nee",
  "the file has no articles below its header": "het bestand heeft geen artikelen onder de kopregel",
  "'{}' is also on line {first}": "'{1}' staat ook op regel {2}",
  "the file has more than {MAX_ROWS} rows; split it": "het bestand heeft meer dan {1} regels; splits het",
  "unreadable header: {err}": "onleesbare kopregel: {1}",
  "the header has no column {}; expected barcode, description, price, vat": "de kopregel heeft geen kolom {1}; verwacht barcode, description, price, vat",
  "unreadable row: {err}": "onleesbare regel: {1}",
  "must be at most 40 characters": "mag hoogstens 40 tekens lang zijn",
  "'{bad}' is not allowed in {what}; use letters, digits, - . _ /": "'{1}' mag niet in {2}; gebruik letters, cijfers, - . _ /",
  "must be between 0.00 and 1,000,000.00": "moet tussen 0,00 en 1.000.000,00 liggen",
  "must be between 0 and 10000 minutes": "moet tussen 0 en 10000 minuten liggen",
  "'{text}' is not a time like 08:30": "'{1}' is geen tijd zoals 08:30",
  "must be 0 (Monday) to 6 (Sunday)": "moet 0 (maandag) tot 6 (zondag) zijn",
  "must be after the opening time": "moet na de openingstijd liggen",
  "overlaps another span of the same day": "overlapt een andere periode op dezelfde dag",
  "no employee named '{employee}'": "geen medewerker met de naam '{1}'",
  "must be on or after the first day": "moet op of na de eerste dag liggen",
  "no employee named '{}'": "geen medewerker met de naam '{1}'",
  "no absence {id}": "geen afwezigheid {1}",
  "bad status labels setting: {err}": "onleesbare instelling voor statusnamen: {1}",
  "must be at most 3 lines": "mag hoogstens 3 regels hebben",
  "needs at least one of counter, mechanic, manager": "heeft minstens één rol nodig: balie, monteur of manager",
  "a backup is already being taken; wait until it is done": "er wordt al een back-up gemaakt; wacht tot die klaar is",
  "an employee named '{}' already exists": "er bestaat al een medewerker met de naam '{1}'",
  "no employee with id '{id}'": "geen medewerker met id '{1}'",
  "{} is the last active manager; make someone else manager first": "{1} is de laatste actieve manager; maak eerst iemand anders manager",
  "a store named '{}' already exists": "er bestaat al een winkel met de naam '{1}'",
  "no store with id '{id}'": "geen winkel met id '{1}'",
  "unknown time zone '{text}'; use a name such as Europe/Amsterdam": "onbekende tijdzone '{1}'; gebruik een naam zoals Europe/Amsterdam",
  "must be between 0 % and 100 %": "moet tussen 0 % en 100 % liggen",
  "the zero code is always 0 %": "de nulcode is altijd 0 %",
  "must be after {latest}, when the {} rate in force began": "moet na {1} liggen, toen het geldende {2}-tarief begon",
  // Sync connectors.
  "no connector named '{name}'": "geen koppeling met de naam '{1}'",
  "'{text}' is not KEY=VALUE": "'{1}' is geen SLEUTEL=WAARDE",
  "1 to 40 characters without spaces": "1 tot 40 tekens zonder spaties",
  "a connector named '{name}' exists": "er bestaat al een koppeling met de naam '{1}'",
  "{} secrets are {}": "geheimen van {1}: {2}",
  "{number} is not queued for '{name}'": "{1} staat niet in de wachtrij van '{2}'",
  "'{remote_id}' is not a record '{}' refused": "'{1}' is geen record dat '{2}' weigerde",
  "there is no TrustPager connector; add one in Settings -> Sync": "er is geen TrustPager-koppeling; voeg er een toe bij Instellingen -> Synchronisatie",
  "name the TrustPager connector: one of {}": "noem de TrustPager-koppeling: een van {1}",
  // Where this computer's database is (Settings > Database, the start screen).
  "this computer's own file needs no connection test": "het eigen bestand van deze computer heeft geen verbindingstest nodig",
  "choose the shared shop database to copy this shop into": "kies de gedeelde winkeldatabase om deze winkel in te kopiëren",
  "{} cannot be used: {err}": "{1} kan niet worden gebruikt: {2}",
  "the database password cannot be kept or read: {err}": "het databasewachtwoord kan niet worden bewaard of gelezen: {1}",
  "the database is not open": "de database is niet geopend",
  // Moving the shop into a shared database (migrate-to).
  "moving the shop to a shared database": "de winkel naar een gedeelde database overzetten",
  "this shop already runs on a shared database; migrate-to copies the SQLite file of a one-computer shop": "deze winkel werkt al met een gedeelde database; migrate-to kopieert het SQLite-bestand van een winkel met één computer",
  "order {} names a customer or bike that is not in the database; nothing was changed": "werkorder {1} noemt een klant of fiets die niet in de database staat; er is niets veranderd",
  "{database} is not empty (its table {table} has {rows} rows); migrate-to copies a shop only into an empty database": "{1} is niet leeg (de tabel {2} heeft {3} rijen); migrate-to kopieert een winkel alleen naar een lege database",
  "the {side} database has a table {table} this program cannot copy; nothing was copied": "de {1}-database heeft een tabel {2} die dit programma niet kan kopiëren; er is niets gekopieerd",
  "the {side} database has no table {table}; nothing was copied": "de {1}-database heeft geen tabel {2}; er is niets gekopieerd",
  "the columns of table {table} differ between the two databases; nothing was copied": "de kolommen van tabel {1} verschillen tussen de twee databases; er is niets gekopieerd",
  "the copy of {table} does not add up ({what}: {source_value} in the SQLite file, {target_value} in the shared database); nothing was copied": "de kopie van {1} klopt niet ({2}: {3} in het SQLite-bestand, {4} in de gedeelde database); er is niets gekopieerd",
  "migrate-to copies the SQLite file into a PostgreSQL database": "migrate-to kopieert het SQLite-bestand naar een PostgreSQL-database",
  // The window's own shell.
  "{what}: {err}": "{1}: {2}",
  "No PDF viewer could be opened on this computer": "Op deze computer kon geen pdf-viewer worden geopend",
  "cannot save the preferences in {}: {err}": "de voorkeuren konden niet worden opgeslagen in {1}: {2}",
};
