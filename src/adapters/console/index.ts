export { CONSOLE_DM, CONSOLE_GROUP, runConsole, type ConsoleDeps } from "./console.ts";
