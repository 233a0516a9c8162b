export { createHttpServer, startHttpServer, type HttpServerDeps, type RunningHttpServer } from "./server.ts";
