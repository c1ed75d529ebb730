import { describe, expect, it } from "vitest";
import { ApiError } from "./api";
import { RecordEditor } from "./recordEditor.svelte";

type Page = { name: string; year: number | null };
type Form = { name: string; year: string };

// A record kept in memory, saved as the core would: a blank name is refused at its field.
function editorOver(record: Page) {
  const sent: Form[] = [];
  const editor = new RecordEditor<Page, Form>({
    load: async () => ({ ...record }),
    formOf: (page) => ({ name: page.name, year: page.year === null ? "" : String(page.year) }),
    check: (form) => (/^\d*$/.test(form.year) ? null : { year: "not a number" }),
    save: async (form) => {
      sent.push({ ...form });
      if (!form.name) throw new ApiError("invalid_input", "name: is required", "name");
      record = { name: form.name, year: form.year ? Number(form.year) : null };
      return { ...record };
    },
  });
  return { editor, sent };
}

const submit = () => ({ preventDefault() {} }) as SubmitEvent;

describe("a record page's edit protocol (customer and bike pages)", () => {
  it("fills the form from the page, saves it and shows what the core returned", async () => {
    const { editor } = editorOver({ name: "Sparta", year: 2019 });
    await editor.load();
    editor.edit();
    expect(editor.form).toEqual({ name: "Sparta", year: "2019" });
    editor.form.year = "2021";
    await editor.save(submit());
    expect(editor.page).toEqual({ name: "Sparta", year: 2021 });
    expect(editor.editing).toBe(false);
    expect(editor.saved).toBe(true);
  });

  it("refuses a bad field before sending and keeps the form open with what was typed", async () => {
    const { editor, sent } = editorOver({ name: "Sparta", year: null });
    await editor.load();
    editor.edit();
    editor.form.year = "20x1";
    await editor.save(submit());
    expect(sent).toEqual([]);
    expect(editor.errors).toEqual({ year: "not a number" });
    expect(editor.editing).toBe(true);
    expect(editor.form.year).toBe("20x1");
  });

  it("shows the core's refusal at the field it names, and nothing is saved", async () => {
    const { editor } = editorOver({ name: "Sparta", year: null });
    await editor.load();
    editor.edit();
    editor.form.name = "";
    await editor.save(submit());
    expect(Object.keys(editor.errors)).toEqual(["name"]);
    expect(editor.editing).toBe(true);
    expect(editor.saved).toBe(false);
    expect(editor.page).toEqual({ name: "Sparta", year: null });
  });
});
