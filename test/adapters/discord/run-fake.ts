/**
 * Checks claimbot's Discord bot from outside, with no Discord account: starts the loopback Discord of
 * fake-discord.ts, waits for a bot to log in, sends it `/check <claim>` as an INTERACTION_CREATE and prints what came
 * back over REST.
 *
 *   npx tsx test/adapters/discord/run-fake.ts --serve             # also spawns `claimbot serve --discord`
 *   npx tsx test/adapters/discord/run-fake.ts                     # prints DISCORD_API_ROOT; start the bot yourself:
 *   DISCORD_TOKEN=x DISCORD_API_ROOT=<printed> npx claimbot serve --discord
 *
 * Options: `--claim "<text>"` (default: the seed claim), `--port <n>` (default: a free port).
 * Exit code 0 when an answer with an embed arrived, 1 otherwise.
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { DEFAULT_BOT_USER, FakeDiscord } from "./fake-discord.ts";
import { guild, slashCommand } from "./payloads.ts";

const { values } = parseArgs({
  options: {
    serve: { type: "boolean", default: false },
    claim: { type: "string", default: "Russian state media reported that North Korea has decided to send troops to Ukraine" },
    timeout: { type: "string", default: "180" },
  },
});
const timeoutMs = Number(values.timeout) * 1000;

const fake = await FakeDiscord.start({ guilds: [guild(DEFAULT_BOT_USER)] });
process.stdout.write(`fake Discord listening\nDISCORD_API_ROOT=${fake.apiRoot}\n`);

const child = values.serve
  ? spawn(process.execPath, ["bin/claimbot.js", "serve", "--discord", "--http-port", "0"], {
      cwd: fileURLToPath(new URL("../../../", import.meta.url)),
      env: { ...process.env, DISCORD_TOKEN: "fake-token", DISCORD_API_ROOT: fake.apiRoot },
      stdio: ["ignore", "inherit", "inherit"],
    })
  : undefined;

let code = 1;
try {
  const deadline = Date.now() + timeoutMs;
  process.stdout.write("waiting for the bot to IDENTIFY on the gateway…\n");
  while (fake.identifies.length === 0 || !fake.calls.some((c) => c.path.endsWith("/gateway/bot"))) {
    if (Date.now() > deadline) throw new Error("no bot logged in");
    await new Promise((r) => setTimeout(r, 100));
  }
  await new Promise((r) => setTimeout(r, 500)); // READY and GUILD_CREATE are processed.
  const interaction = slashCommand(fake.appId, "check", [{ name: "text", type: 3, value: values.claim }]);
  process.stdout.write(`→ INTERACTION_CREATE /check text:${JSON.stringify(values.claim)}\n`);
  fake.dispatch("INTERACTION_CREATE", interaction);
  const answer = await fake.waitForCall((c) => c.method === "PATCH" && c.path.includes(interaction.token) && c.status === 200, 60_000);
  for (const call of fake.calls.filter((c) => c.path.includes(interaction.token))) {
    process.stdout.write(`← ${call.method} ${call.path} ${call.status}\n`);
  }
  process.stdout.write(`${JSON.stringify({ embeds: answer.body.embeds, allowed_mentions: answer.body.allowed_mentions }, null, 2)}\n`);
  code = answer.body.embeds?.length > 0 ? 0 : 1;
  process.stdout.write(code === 0 ? "PASS: the bot answered /check with an embed\n" : "FAIL: no embed\n");
} catch (error) {
  process.stdout.write(`FAIL: ${error instanceof Error ? error.message : String(error)}\n`);
} finally {
  child?.kill("SIGTERM");
  await fake.close();
  process.exitCode = code;
}
