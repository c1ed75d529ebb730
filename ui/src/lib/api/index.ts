// The one typed door to the Rust core. Every screen calls these functions; none calls
// `invoke` itself. The invoke function is injected, so tests run this module without Tauri.

import type { ArticleInput } from "./types/ArticleInput";
import type { ErrorCode } from "./types/ErrorCode";
import type { ObjectKind } from "./types/ObjectKind";
import type { OrderStatus } from "./types/OrderStatus";
import type { Role } from "./types/Role";
import type { ErrorDetail } from "./types/ErrorDetail";
import type { ConnectionTest } from "./types/ConnectionTest";
import type { DatabaseChoiceInput } from "./types/DatabaseChoiceInput";
import type { DatabaseChoiceView } from "./types/DatabaseChoiceView";
import type { DatabaseInfo } from "./types/DatabaseInfo";
import type { MigrationReport } from "./types/MigrationReport";
import type { StartupView } from "./types/StartupView";
import type { AbsenceInput } from "./types/AbsenceInput";
import type { BackupProgressView } from "./types/BackupProgressView";
import type { BackupView } from "./types/BackupView";
import type { HoursSettings } from "./types/HoursSettings";
import type { HoursSpan } from "./types/HoursSpan";
import type { CalendarView } from "./types/CalendarView";
import type { ClosingInput } from "./types/ClosingInput";
import type { ScheduleInput } from "./types/ScheduleInput";
import type { SlotQuery } from "./types/SlotQuery";
import type { SlotView } from "./types/SlotView";
import type { JobBoard } from "./types/JobBoard";
import type { SessionView } from "./types/SessionView";
import type { SignInName } from "./types/SignInName";
import type { Catalogue } from "./types/Catalogue";
import type { EmployeeInput } from "./types/EmployeeInput";
import type { EmployeeView } from "./types/EmployeeView";
import type { ImportReport } from "./types/ImportReport";
import type { RepairCodeInput } from "./types/RepairCodeInput";
import type { ShopSettings } from "./types/ShopSettings";
import type { StatusLabelInput } from "./types/StatusLabelInput";
import type { StatusLabelView } from "./types/StatusLabelView";
import type { StoreInput } from "./types/StoreInput";
import type { StoreView } from "./types/StoreView";
import type { VatRateInput } from "./types/VatRateInput";
import type { CustomerMatch } from "./types/CustomerMatch";
import type { DraftView } from "./types/DraftView";
import type { IntakeMatchQuery } from "./types/IntakeMatchQuery";
import type { IntakeMatches } from "./types/IntakeMatches";
import type { LineInput } from "./types/LineInput";
import type { NewOrder } from "./types/NewOrder";
import type { OrderPage } from "./types/OrderPage";
import type { OrderQuery } from "./types/OrderQuery";
import type { ConnectorInput } from "./types/ConnectorInput";
import type { ConnectorKindView } from "./types/ConnectorKindView";
import type { ConnectorView } from "./types/ConnectorView";
import type { SecretState } from "./types/SecretState";
import type { ImportRefusalView } from "./types/ImportRefusalView";
import type { SyncItemView } from "./types/SyncItemView";
import type { SyncMarkView } from "./types/SyncMarkView";
import type { OrderView } from "./types/OrderView";
import type { PeriodReport } from "./types/PeriodReport";
import type { PricePreview } from "./types/PricePreview";
import type { CustomerEdit } from "./types/CustomerEdit";
import type { CustomerPage } from "./types/CustomerPage";
import type { OrderHeaderInput } from "./types/OrderHeaderInput";
import type { RepairObjectEdit } from "./types/RepairObjectEdit";
import type { RepairObjectPage } from "./types/RepairObjectPage";

export type DocumentKind = "job-card" | "summary";

/** The window's preferences, kept by the shell in one file (see src-tauri/src/preferences.rs). */
export type Preferences = { language?: "nl" | "en" };

// The sync engine's types, for screens that import them from here.
export type { ConnectorInput, ConnectorKindView, ConnectorView, ImportRefusalView, SecretState, SyncItemView, SyncMarkView };
export type { ErrorCode, ObjectKind, OrderStatus, Role };

export type InvokeFn = (cmd: string, args?: Record<string, unknown>) => Promise<unknown>;

/** A refusal or failure from the core: `{code, message, field?}`. */
export class ApiError extends Error {
  /** One of the core's closed list (`ErrorCode`, generated from the Rust enum). */
  readonly code: ErrorCode;
  readonly field?: string;
  /** The separate findings of a refusal (a plan that needs confirmation), for lib/errors.ts. */
  readonly details?: ErrorDetail[];

  constructor(code: ErrorCode, message: string, field?: string, details?: ErrorDetail[]) {
    super(message);
    this.name = "ApiError";
    this.code = code;
    this.field = field;
    this.details = details;
  }

  /** Turns whatever a rejected invoke gave into an ApiError. */
  static from(reason: unknown): ApiError {
    if (reason instanceof ApiError) return reason;
    if (typeof reason === "string" && reason.trimStart().startsWith("{")) {
      // Some paths hand the serialised error over as a JSON string.
      try {
        return ApiError.from(JSON.parse(reason));
      } catch {
        // Not JSON after all: falls through to the plain-text case.
      }
    }
    if (reason && typeof reason === "object" && "code" in reason && "message" in reason) {
      const r = reason as { code: unknown; message: unknown; field?: unknown; details?: unknown };
      const details = Array.isArray(r.details) ? (r.details as ErrorDetail[]) : undefined;
      // The core sends only codes of its closed list; this is the one place the type is taken.
      return new ApiError(String(r.code) as ErrorCode, String(r.message), typeof r.field === "string" ? r.field : undefined, details);
    }
    const text = reason instanceof Error ? reason.message : String(reason);
    return new ApiError("internal", text);
  }
}

export function createApi(invoke: InvokeFn) {
  async function call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
    try {
      return (await invoke(cmd, args)) as T;
    } catch (reason) {
      throw ApiError.from(reason);
    }
  }
  return {
    listOrders: (query: OrderQuery) => call<OrderPage>("list_orders", { query }),
    getOrder: (number: string) => call<OrderView>("get_order", { number }),
    createOrder: (input: NewOrder) => call<OrderView>("create_order", { input }),
    previewOrder: (input: NewOrder) => call<PricePreview>("preview_order", { input }),
    /** `reason` is required for the waiting statuses. */
    /** `version`: the order's version the window shows; a save on an order another seat
     *  changed since is refused with code `order_changed` (who and when in its details). */
    setOrderStatus: (number: string, status: string, reason?: string, version?: number) =>
      call<OrderView>("set_order_status", { number, status, reason: reason ?? null, expectedVersion: version ?? null }),
    findCustomers: (text: string) => call<CustomerMatch[]>("find_customers", { text }),
    /** The known customer and bike a typed phone, e-mail or frame number would need a choice
     *  for (saving without `on_match` is refused with code `known_customer` / `known_object`). */
    intakeMatches: (query: IntakeMatchQuery) => call<IntakeMatches>("intake_matches", { query }),
    /** Keeps the New order form (JSON text) as the signed-in employee's draft. */
    saveDraft: (form: string) => call<DraftView>("save_draft", { form }),
    getDraft: () => call<DraftView | null>("get_draft"),
    discardDraft: () => call<null>("discard_draft"),
    getCatalogue: () => call<Catalogue>("get_catalogue"),
    getReport: (from: string, to: string) => call<PeriodReport>("get_report", { from, to }),
    /** Replaces the order's lines; the core re-prices them at the order's date. */
    setOrderLines: (number: string, lines: LineInput[], version?: number) =>
      call<OrderView>("set_order_lines", { number, lines, expectedVersion: version ?? null }),
    /** Prices edited lines at the order's own date without saving: the editor's live totals. */
    previewLines: (number: string, lines: LineInput[]) => call<PricePreview>("preview_lines", { number, lines }),
    /** Changes the saved order's header; a field left out stays as it is. */
    editOrderHeader: (number: string, input: OrderHeaderInput, version?: number) =>
      call<OrderView>("edit_order_header", { number, input, expectedVersion: version ?? null }),
    /** The customer's contact, bikes and orders (newest first). */
    customerPage: (id: string) => call<CustomerPage>("customer_page", { id }),
    /** Replaces the customer's contact (every field); shared by all their orders. */
    editCustomer: (id: string, input: CustomerEdit) => call<CustomerPage>("edit_customer", { id, input }),
    /** The bike's details, owner and orders (newest first). */
    repairObjectPage: (id: string) => call<RepairObjectPage>("repair_object_page", { id }),
    /** Replaces the bike's details (every field). */
    editRepairObject: (id: string, input: RepairObjectEdit) =>
      call<RepairObjectPage>("edit_repair_object", { id, input }),
    /** The document's PDF bytes, for the in-app preview. */
    orderPdf: (number: string, kind: DocumentKind, lang: string) =>
      call<ArrayBuffer>("order_pdf", { number, kind, lang }),
    /** Shows a save dialog and writes the PDF; resolves to the path, or null when cancelled. */
    saveOrderPdf: (number: string, kind: DocumentKind, lang: string) =>
      call<string | null>("save_order_pdf", { number, kind, lang }),
    /** Opens the PDF in the system's viewer to print it; refused with code `no_pdf_viewer` when
     *  none can be opened (the screen then shows its own preview). */
    printOrderPdf: (number: string, kind: DocumentKind, lang: string) =>
      call<string>("print_order_pdf", { number, kind, lang }),

    // Who is at the keyboard.
    signInNames: () => call<SignInName[]>("sign_in_names"),
    signIn: (name: string, pin: string) => call<SessionView>("sign_in", { name, pin }),
    signOut: () => call<null>("sign_out"),
    currentSession: () => call<SessionView | null>("current_session"),
    /** Only for a new workshop where nobody has a PIN yet. */
    setFirstManager: (name: string, pin: string) => call<SessionView>("set_first_manager", { name, pin }),
    setPin: (employeeId: string, pin: string) => call<null>("set_pin", { employeeId, pin }),

    // The mechanics' job board and work.
    jobBoard: () => call<JobBoard>("job_board"),
    /** Refused with code `needs_confirmation` on an order that waits for the customer's
     *  approval, unless `confirm` says they agreed. */
    startWork: (number: string, confirm = false) =>
      call<OrderView>("start_work", confirm ? { number, confirm } : { number }),
    pauseWork: (number: string) => call<OrderView>("pause_work", { number }),
    setLineDone: (number: string, lineNo: number, done: boolean, version?: number) =>
      call<OrderView>("set_line_done", { number, lineNo, done, expectedVersion: version ?? null }),
    finishWork: (number: string, closing: ClosingInput, version?: number) =>
      call<OrderView>("finish_work", { number, closing, expectedVersion: version ?? null }),
    deleteOrder: (number: string) => call<null>("delete_order", { number }),

    // Planning.
    suggestSlots: (query: SlotQuery) => call<SlotView[]>("suggest_slots", { query }),
    /** Refused with code `needs_confirmation` on an overlap or a full day, unless confirmed. */
    scheduleOrder: (number: string, input: ScheduleInput, version?: number) =>
      call<OrderView>("schedule_order", { number, input, expectedVersion: version ?? null }),
    getCalendar: (from: string | null, days: number) => call<CalendarView>("get_calendar", { from, days }),

    // Settings (managers).
    getSettings: () => call<ShopSettings>("get_settings"),
    saveStore: (input: StoreInput) => call<StoreView>("save_store", { input }),
    saveEmployee: (input: EmployeeInput) => call<EmployeeView>("save_employee", { input }),
    addVatRate: (input: VatRateInput) => call<null>("add_vat_rate", { input }),
    saveRepairCode: (input: RepairCodeInput) => call<null>("save_repair_code", { input }),
    saveArticle: (input: ArticleInput) => call<null>("save_article", { input }),
    /** All rows or none: with any error in the report, nothing was imported. */
    importArticlesCsv: (text: string) => call<ImportReport>("import_articles_csv", { text }),
    setStatusLabels: (labels: StatusLabelInput[]) => call<StatusLabelView[]>("set_status_labels", { labels }),
    setDocumentFooter: (text: string) => call<string>("set_document_footer", { text }),
    getHours: () => call<HoursSettings>("get_hours"),
    setTradingHours: (hours: HoursSpan[]) => call<null>("set_trading_hours", { hours }),
    setWorkingHours: (employee: string, hours: HoursSpan[]) => call<null>("set_working_hours", { employee, hours }),
    addAbsence: (input: AbsenceInput) => call<null>("add_absence", { input }),
    removeAbsence: (id: number) => call<null>("remove_absence", { id }),
    listBackups: () => call<BackupView[]>("list_backups"),
    backupNow: () => call<BackupView>("backup_now"),
    /** How far the backup being taken is (the daily one too), or null when none is. */
    backupProgress: () => call<BackupProgressView | null>("backup_progress"),
    /** Restarts the app, which restores the backup before opening the database. */
    restoreBackup: (file: string) => call<null>("restore_backup", { file }),
    /** What the window must say once at start (a restore that could not be done), or null. */
    startupNotice: () => call<string | null>("startup_notice"),
    /** Says the first screen is painted (logged once, for scripts/bench-desktop.sh). */
    uiPainted: () => call<null>("ui_painted"),

    // Sync with remote systems (connectors).
    /** The kinds of connector the core has: their secrets and default settings. */
    connectorKinds: () => call<ConnectorKindView[]>("connector_kinds"),
    listConnectors: () => call<ConnectorView[]>("list_connectors"),
    /** Adds a connector, or updates the one with this name (managers only). */
    saveConnector: (input: ConnectorInput) => call<ConnectorView>("save_connector", { input }),
    /** Stores a secret; the value is never sent back (managers only). */
    setConnectorSecret: (name: string, key: string, value: string) =>
      call<null>("set_connector_secret", { name, key, value }),
    /** A sentence saying whether the remote is reachable, with its statuses. */
    testConnector: (name: string) => call<string>("test_connector", { name }),
    /** One pass of sending and pulling, for one connector or (null) all. */
    syncNow: (name: string | null) => call<ConnectorView[]>("sync_now", { name }),
    /** Orders not synced: pending, failed, attention or conflict. */
    syncQueue: (name: string) => call<SyncItemView[]>("sync_queue", { name }),
    /** retry: send again now; false: skip the order. */
    resolveSync: (name: string, number: string, retry: boolean) =>
      call<null>("resolve_sync", { name, number, retry }),
    /** Remote records the connector refused to import (not tried again until they change). */
    importRefusals: (name: string) => call<ImportRefusalView[]>("import_refusals", { name }),
    /** Tries a refused remote record again at the connector's next pull. */
    retryImport: (name: string, remoteId: string) => call<null>("retry_import", { name, remoteId }),
    orderSync: (number: string) => call<SyncItemView[]>("order_sync", { number }),
    /** The connectors with scope `marked`, and whether this order is marked for each. */
    syncMarks: (number: string) => call<SyncMarkView[]>("sync_marks", { number }),
    /** Marks (or unmarks) the order for a `marked` connector (counter and manager). */
    setSyncMark: (number: string, connector: string, marked: boolean) =>
      call<SyncMarkView[]>("set_sync_mark", { number, connector, marked }),
    /** TrustPager e-mails the customer the work status portal link; returns its answer. */
    sendWorkStatus: (number: string, connector: string | null) =>
      call<string>("send_work_status", { number, connector }),

    // The window's own preferences (not business data).
    getPreferences: () => call<Preferences>("get_preferences"),
    setPreferences: (preferences: Preferences) => call<null>("set_preferences", { preferences }),

    // Where this computer's database is (issue 14). startupState/retryDatabase work before
    // anyone signs in: the window opens on them when the database cannot be reached.
    startupState: () => call<StartupView>("startup_state"),
    retryDatabase: () => call<StartupView>("retry_database"),
    databaseInfo: () => call<DatabaseInfo>("database_info"),
    testDatabaseConnection: (input: DatabaseChoiceInput) =>
      call<ConnectionTest>("test_database_connection", { input }),
    saveDatabaseChoice: (input: DatabaseChoiceInput) =>
      call<DatabaseChoiceView>("save_database_choice", { input }),
    /** Copies this shop's SQLite file into the empty shared database the form names. */
    migrateToShared: (input: DatabaseChoiceInput) =>
      call<MigrationReport>("migrate_to_shared", { input }),
  };
}

export type Api = ReturnType<typeof createApi>;
