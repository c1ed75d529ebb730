import { describe, expect, it } from "vitest";
import { ApiError, createApi } from "./index";

/** A fake invoke that records calls and answers with `reply`. */
function recording(reply: unknown = null) {
  const calls: Array<[string, unknown]> = [];
  const api = createApi(async (cmd, args) => {
    calls.push([cmd, args]);
    return reply;
  });
  return { api, calls };
}

describe("api", () => {
  it("sends each command with the argument names the Rust commands take", async () => {
    const { api, calls } = recording();
    const order = { description: "Brakes", lines: [{ code: "102" }] };
    await api.listOrders({ search: "anna", status: "done", limit: 50, offset: 0 });
    await api.getOrder("WO-2026-00001");
    await api.createOrder(order);
    await api.previewOrder(order);
    await api.setOrderStatus("WO-2026-00001", "in_progress");
    await api.setOrderStatus("WO-2026-00001", "waiting_for_parts", "Pads ordered");
    await api.findCustomers("jansen");
    await api.getCatalogue();
    await api.previewLines("WO-2026-00001", [{ code: "102" }]);
    expect(calls).toEqual([
      ["list_orders", { query: { search: "anna", status: "done", limit: 50, offset: 0 } }],
      ["get_order", { number: "WO-2026-00001" }],
      ["create_order", { input: order }],
      ["preview_order", { input: order }],
      ["set_order_status", { number: "WO-2026-00001", status: "in_progress", reason: null, expectedVersion: null }],
      ["set_order_status", { number: "WO-2026-00001", status: "waiting_for_parts", reason: "Pads ordered", expectedVersion: null }],
      ["find_customers", { text: "jansen" }],
      ["get_catalogue", undefined],
      ["preview_lines", { number: "WO-2026-00001", lines: [{ code: "102" }] }],
    ]);
  });

  it("sends the settings commands with the argument names the Rust commands take", async () => {
    const { api, calls } = recording();
    await api.getSettings();
    await api.saveStore({ name: "Noord" });
    await api.saveEmployee({ name: "Kees", roles: ["mechanic"] });
    await api.addVatRate({ vat: "low", rate_bp: 1100, valid_from: "2027-01-01" });
    await api.saveRepairCode({ code: "102", description: "Chain", vat: "high" });
    await api.saveArticle({ barcode: "871", description: "Bell", price_cents: 450, vat: "high" });
    await api.importArticlesCsv("barcode;description;price;vat");
    await api.setStatusLabels([{ status: "done", nl: "Gereed" }]);
    await api.setDocumentFooter("Betaling binnen 14 dagen");
    await api.getHours();
    await api.setTradingHours([{ weekday: 0, opens: "08:30", closes: "17:30" }]);
    await api.setWorkingHours("Joris Bakker", []);
    await api.addAbsence({ employee: "Joris Bakker", from: "2026-12-24", to: "2026-12-26" });
    await api.removeAbsence(3);
    await api.listBackups();
    await api.backupNow();
    await api.backupProgress();
    await api.restoreBackup("jobcard-20261124T030000Z.sqlite");
    await api.orderPdf("WO-2026-00001", "summary", "nl");
    expect(calls).toEqual([
      ["get_settings", undefined],
      ["save_store", { input: { name: "Noord" } }],
      ["save_employee", { input: { name: "Kees", roles: ["mechanic"] } }],
      ["add_vat_rate", { input: { vat: "low", rate_bp: 1100, valid_from: "2027-01-01" } }],
      ["save_repair_code", { input: { code: "102", description: "Chain", vat: "high" } }],
      ["save_article", { input: { barcode: "871", description: "Bell", price_cents: 450, vat: "high" } }],
      ["import_articles_csv", { text: "barcode;description;price;vat" }],
      ["set_status_labels", { labels: [{ status: "done", nl: "Gereed" }] }],
      ["set_document_footer", { text: "Betaling binnen 14 dagen" }],
      ["get_hours", undefined],
      ["set_trading_hours", { hours: [{ weekday: 0, opens: "08:30", closes: "17:30" }] }],
      ["set_working_hours", { employee: "Joris Bakker", hours: [] }],
      ["add_absence", { input: { employee: "Joris Bakker", from: "2026-12-24", to: "2026-12-26" } }],
      ["remove_absence", { id: 3 }],
      ["list_backups", undefined],
      ["backup_now", undefined],
      ["backup_progress", undefined],
      ["restore_backup", { file: "jobcard-20261124T030000Z.sqlite" }],
      ["order_pdf", { number: "WO-2026-00001", kind: "summary", lang: "nl" }],
    ]);
  });

  it("sends sign-in and work commands with the argument names the Rust commands take", async () => {
    const { api, calls } = recording();
    await api.signInNames();
    await api.signIn("Joris Bakker", "2222");
    await api.signOut();
    await api.currentSession();
    await api.setFirstManager("Kim", "1234");
    await api.setPin("e1", "4321");
    await api.jobBoard();
    await api.startWork("WO-2026-00001");
    await api.pauseWork("WO-2026-00001");
    await api.setLineDone("WO-2026-00001", 2, true);
    await api.finishWork("WO-2026-00001", { resolution: "New chain" });
    await api.deleteOrder("WO-2026-00001");
    await api.suggestSlots({ minutes: 90, mechanic: "Joris Bakker" });
    await api.scheduleOrder("WO-2026-00001", { mechanic: "Joris Bakker", start: "2026-11-24T10:00:00+01:00", confirm: true });
    await api.getCalendar("2026-11-24", 1);
    expect(calls).toEqual([
      ["sign_in_names", undefined],
      ["sign_in", { name: "Joris Bakker", pin: "2222" }],
      ["sign_out", undefined],
      ["current_session", undefined],
      ["set_first_manager", { name: "Kim", pin: "1234" }],
      // Tauri maps camelCase argument keys to the commands' snake_case parameters.
      ["set_pin", { employeeId: "e1", pin: "4321" }],
      ["job_board", undefined],
      ["start_work", { number: "WO-2026-00001" }],
      ["pause_work", { number: "WO-2026-00001" }],
      ["set_line_done", { number: "WO-2026-00001", lineNo: 2, done: true, expectedVersion: null }],
      ["finish_work", { number: "WO-2026-00001", closing: { resolution: "New chain" }, expectedVersion: null }],
      ["delete_order", { number: "WO-2026-00001" }],
      ["suggest_slots", { query: { minutes: 90, mechanic: "Joris Bakker" } }],
      ["schedule_order", { number: "WO-2026-00001", input: { mechanic: "Joris Bakker", start: "2026-11-24T10:00:00+01:00", confirm: true }, expectedVersion: null }],
      ["get_calendar", { from: "2026-11-24", days: 1 }],
    ]);
  });

  it("sends the sync commands with the argument names the Rust commands take", async () => {
    const { api, calls } = recording();
    const input = { name: "kassa", kind: "cyclesoftware", base_url: "https://pos.example", set: [["shop_id", "12"]] as Array<[string, string]> };
    await api.connectorKinds();
    await api.listConnectors();
    await api.saveConnector(input);
    await api.setConnectorSecret("kassa", "password", "s3cret");
    await api.testConnector("kassa");
    await api.syncNow(null);
    await api.syncNow("kassa");
    await api.syncQueue("kassa");
    await api.resolveSync("kassa", "WO-2026-00001", true);
    await api.resolveSync("kassa", "WO-2026-00002", false);
    await api.importRefusals("kassa");
    await api.retryImport("kassa", "4711");
    await api.orderSync("WO-2026-00001");
    await api.syncMarks("WO-2026-00001");
    await api.setSyncMark("WO-2026-00001", "kassa", true);
    await api.setSyncMark("WO-2026-00001", "kassa", false);
    await api.sendWorkStatus("WO-2026-00001", "crm");
    expect(calls).toEqual([
      ["connector_kinds", undefined],
      ["list_connectors", undefined],
      ["save_connector", { input }],
      ["set_connector_secret", { name: "kassa", key: "password", value: "s3cret" }],
      ["test_connector", { name: "kassa" }],
      ["sync_now", { name: null }],
      ["sync_now", { name: "kassa" }],
      ["sync_queue", { name: "kassa" }],
      ["resolve_sync", { name: "kassa", number: "WO-2026-00001", retry: true }],
      ["resolve_sync", { name: "kassa", number: "WO-2026-00002", retry: false }],
      ["import_refusals", { name: "kassa" }],
      ["retry_import", { name: "kassa", remoteId: "4711" }],
      ["order_sync", { number: "WO-2026-00001" }],
      ["sync_marks", { number: "WO-2026-00001" }],
      ["set_sync_mark", { number: "WO-2026-00001", connector: "kassa", marked: true }],
      ["set_sync_mark", { number: "WO-2026-00001", connector: "kassa", marked: false }],
      ["send_work_status", { number: "WO-2026-00001", connector: "crm" }],
    ]);
  });

  it("returns what the core answered", async () => {
    const page = { rows: [], offset: 0, has_more: false };
    const { api } = recording(page);
    expect(await api.listOrders({})).toBe(page);
  });

  it("turns the core's {code, message, field} into an ApiError", async () => {
    const api = createApi(async () => {
      throw { code: "invalid_input", message: "is required", field: "customer.name" };
    });
    const error = await api.createOrder({ description: "", lines: [] }).catch((e) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toBeInstanceOf(Error);
    expect([error.code, error.message, error.field]).toEqual(["invalid_input", "is required", "customer.name"]);
  });

  it("keeps the field undefined when the core names none", async () => {
    const api = createApi(async () => {
      throw { code: "storage", message: "disk full" };
    });
    const error = await api.getOrder("WO-1").catch((e) => e);
    expect([error.code, error.message, error.field]).toEqual(["storage", "disk full", undefined]);
  });

  it("reads an error that arrives as a JSON string", async () => {
    const api = createApi(async () => {
      throw JSON.stringify({ code: "not_found", message: "no such order", field: "number" });
    });
    const error = await api.getOrder("WO-1").catch((e) => e);
    expect([error.code, error.message, error.field]).toEqual(["not_found", "no such order", "number"]);
  });

  it("wraps a bare string rejection", async () => {
    const api = createApi(async () => {
      throw "command get_catalogue not allowed";
    });
    const error = await api.getCatalogue().catch((e) => e);
    expect([error.code, error.message, error.field]).toEqual(["internal", "command get_catalogue not allowed", undefined]);
  });

  it("wraps a thrown Error and leaves an ApiError as it is", async () => {
    const api = createApi(async () => {
      throw new TypeError("window.__TAURI_INTERNALS__ is undefined");
    });
    const error = await api.getCatalogue().catch((e) => e);
    expect([error.code, error.message]).toEqual(["internal", "window.__TAURI_INTERNALS__ is undefined"]);
    const same = new ApiError("conflict", "changed meanwhile");
    expect(ApiError.from(same)).toBe(same);
    expect(ApiError.from(undefined).code).toBe("internal");
  });
});
