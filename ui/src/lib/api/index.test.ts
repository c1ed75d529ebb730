import { describe, expect, it } from "vitest";
import { ApiError, createApi } from "./index";

describe("api", () => {
  it("passes command names and arguments through", async () => {
    const calls: Array<[string, unknown]> = [];
    const api = createApi(async (cmd, args) => {
      calls.push([cmd, args]);
      return { rows: [], offset: 0, has_more: false };
    });
    await api.listOrders({ search: "anna" });
    await api.setOrderStatus("WO-2026-00001", "done");
    expect(calls).toEqual([
      ["list_orders", { query: { search: "anna" } }],
      ["set_order_status", { number: "WO-2026-00001", status: "done" }],
    ]);
  });

  it("turns the core's {code, message, field} into an ApiError", async () => {
    const api = createApi(async () => {
      throw { code: "invalid_input", message: "is required", field: "customer.name" };
    });
    const error = await api.createOrder({ description: "", lines: [] }).catch((e) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect([error.code, error.message, error.field]).toEqual(["invalid_input", "is required", "customer.name"]);
  });

  it("wraps a bare string rejection", async () => {
    const api = createApi(async () => {
      throw "command get_catalogue not allowed";
    });
    const error = await api.getCatalogue().catch((e) => e);
    expect([error.code, error.message, error.field]).toEqual(["internal", "command get_catalogue not allowed", undefined]);
  });
});
