// Loading and editing one record page (the customer page, the bike page): the page is read
// from the core, "Edit" fills a form from it, "Save" sends the form and shows the page the
// core returns, and a refusal is shown at the field the core names (or above the buttons
// when it names none). The pages differ in their fields, not in this protocol, so it lives here
// once and both pages go through it.
import { ApiError } from "./api";
import { errorText } from "./errors";

/** A field's error text by field name; `form` holds an error that names no field. */
export type FieldErrors = Record<string, string>;

export type RecordSource<P, F> = {
  /** Reads the page from the core. */
  load: () => Promise<P>;
  /** The edit form's values for the page as shown. */
  formOf: (page: P) => F;
  /** Checks the form before sending it; the errors found, or null when it may be sent. */
  check?: (form: F) => FieldErrors | null;
  /** Sends the form and returns the page as the core now has it. */
  save: (form: F) => Promise<P>;
};

export class RecordEditor<P, F> {
  page = $state<P | null>(null);
  error = $state("");
  editing = $state(false);
  saving = $state(false);
  saved = $state(false);
  form = $state<F>() as F;
  errors = $state<FieldErrors>({});

  #source: RecordSource<P, F>;

  constructor(source: RecordSource<P, F>) {
    this.#source = source;
  }

  load = async (): Promise<void> => {
    try {
      this.page = await this.#source.load();
      this.error = "";
    } catch (e) {
      this.error = errorText(e);
    }
  };

  /** Opens the edit form with the values shown. */
  edit = (): void => {
    if (!this.page) return;
    this.form = this.#source.formOf(this.page);
    this.errors = {};
    this.saved = false;
    this.editing = true;
  };

  cancel = (): void => {
    this.editing = false;
  };

  save = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    const refused = this.#source.check?.(this.form);
    if (refused) {
      this.errors = refused;
      return;
    }
    this.saving = true;
    try {
      this.page = await this.#source.save(this.form);
      this.editing = false;
      this.errors = {};
      this.saved = true;
    } catch (e) {
      const err = ApiError.from(e);
      this.errors = { [err.field ?? "form"]: errorText(err) };
    } finally {
      this.saving = false;
    }
  };
}
