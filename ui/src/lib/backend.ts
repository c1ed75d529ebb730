// The api bound to Tauri's real invoke; screens import `api` from here.
import { invoke } from "@tauri-apps/api/core";
import { createApi } from "./api";

export const api = createApi((cmd, args) => invoke(cmd, args));
