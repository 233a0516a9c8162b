import { FakeBotApi } from "./fake-bot-api.ts";

/**
 * Runs the fake Telegram Bot API as a standalone server, to check `claimbot serve` end to end without Telegram:
 *
 *   npx tsx test/adapters/telegram/fake-bot-api-server.ts [--port 8081]
 *   TELEGRAM_BOT_TOKEN=123:fake TELEGRAM_API_ROOT=http://127.0.0.1:8081 HTTP_PORT=0 npx tsx src/cli/main.ts serve
 *
 * Then queue an update and read what the bot sent (see test/adapters/telegram/README.md).
 */
const portFlag = process.argv.indexOf("--port");
const port = portFlag > -1 ? Number(process.argv[portFlag + 1]) : 8081;
const api = await FakeBotApi.start({ port, maxPollMs: 25_000 });
process.stdout.write(`fake Telegram Bot API listening on ${api.url}\n`);
const stop = () => {
  void api.close().then(() => process.exit(0));
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
